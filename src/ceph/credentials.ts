import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ICephCluster } from './cluster';
import { RequiredKey, SecretKind, SecretRef, SecretSource, isSecret, materialize, secretData } from '../core/objects/secrets';
import { FieldPath } from '../core/rules/field-path';
import { given, isPlainObject, isString, stringOf, stringShape } from '../core/rules/shapes';

/** Options for credentials from a Ceph user and its key. */
export interface CephUserKeyOptions {
  /**
   * The cluster the user belongs to.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly cluster: ICephCluster;
  /**
   * The Ceph user id, without `client.` (e.g. `admin`, `kube`).
   *
   * @see https://docs.ceph.com/en/latest/rados/operations/user-management/
   */
  readonly user: string;
  /**
   * The user's cephx key. It goes only into Secrets the library creates.
   *
   * @see https://docs.ceph.com/en/latest/rados/operations/user-management/
   */
  readonly key: string;
  /**
   * The name of the `kubernetes.io/rbd` Secret for the in-tree plugins.
   *
   * @default - derived from the construct path of the first volume or StorageClass that uses the credentials
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly secretName?: string;
  /**
   * The name of the ceph-csi Secret (`userID`, `userKey`). A CephFS StorageClass's Secret, which
   * holds `adminID`/`adminKey` too, is named `<csiSecretName>-admin`.
   *
   * @default - derived from the construct path of the first volume or StorageClass that uses the credentials
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly csiSecretName?: string;
  /**
   * The passphrase of encrypted RBD volumes whose StorageClass uses ceph-csi's default KMS (no
   * `encryptionKMSID`): written as `encryptionPassphrase` into the ceph-csi Secrets. It goes only
   * into Secrets the library creates.
   *
   * @default - none; an encrypted StorageClass must then name a KMS
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/deploy-rbd.md
   */
  readonly encryptionPassphrase?: string;
}

/** Options for credentials in an existing Secret. */
export interface CephSecretOptions {
  /**
   * The cluster the user belongs to.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly cluster: ICephCluster;
  /**
   * The Secret. For the in-tree plugins it holds the key under `key`; for ceph-csi it holds
   * `userID` and `userKey`. A CephFS StorageClass needs `adminID`/`adminKey` in it too: ceph-csi
   * before 3.13 provisions, and stages what it provisioned, with that pair only. An encrypted RBD
   * StorageClass without a KMS needs `encryptionPassphrase`.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly secret: kplus.ISecret;
  /**
   * The Ceph user id for the in-tree plugins' `user` field.
   *
   * @default - the plugins' default, admin
   * @see https://docs.ceph.com/en/latest/rados/operations/user-management/
   */
  readonly user?: string;
  /**
   * The Secret's namespace, for PersistentVolumes and StorageClasses.
   *
   * @default - the Secret's own namespace when it is a Secret of this app
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly namespace?: string;
}

/** Options for credentials in a file on every node (in-tree plugins only). */
export interface CephFileOptions {
  /**
   * The cluster the user belongs to.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/
   */
  readonly cluster: ICephCluster;
  /**
   * The Ceph user id.
   *
   * @default - the plugins' default, admin
   * @see https://docs.ceph.com/en/latest/rados/operations/user-management/
   */
  readonly user?: string;
  /**
   * The file's path on the node.
   *
   * @default - the plugin's default: /etc/ceph/keyring (rbd), /etc/ceph/<user>.secret (cephfs)
   * @see https://docs.ceph.com/en/latest/rados/operations/user-management/
   */
  readonly path?: string;
}

/**
 * How credentials are given, as the factory's caller passed them (a JavaScript or Python caller
 * can pass anything): the consumers check each value where it lands. Internal.
 */
type CredentialKind =
  | {
    readonly kind: 'userKey';
    readonly user: unknown;
    readonly key: unknown;
    readonly secretName: unknown;
    readonly csiSecretName: unknown;
    readonly encryptionPassphrase: unknown;
  }
  | { readonly kind: 'secret'; readonly source: SecretSource & { readonly kind: 'existing' }; readonly user: unknown }
  | { readonly kind: 'keyring' | 'secretFile'; readonly user: unknown; readonly path: unknown };

/** Which Secret a consumer needs. */
export enum CephSecretUse {
  /** `kubernetes.io/rbd` with `key`: the in-tree rbd and cephfs plugins and the in-tree rbd provisioner. */
  IN_TREE = 'in-tree',
  /** Opaque with `userID` and `userKey`: ceph-csi node staging of static volumes, RBD provisioning and staging. */
  CSI_USER = 'csi-user',
  /**
   * Opaque with `adminID`/`adminKey` and `userID`/`userKey` of the one user: CephFS provisioning and
   * the staging of what it provisioned, which ceph-csi does with the admin pair before 3.13 and with
   * the user pair (the admin pair as fallback) from 3.13 (internal/cephfs/nodeserver.go getCredentialsForVolume).
   */
  CSI_USER_AND_ADMIN = 'csi-user-and-admin',
}

/** A factory's options as given (a JavaScript or Python caller can pass anything). */
const optionsOf = (o: unknown): Record<string, unknown> => (isPlainObject(o) ? o : {});

/**
 * Credentials of a Ceph user, for the volumes and StorageClasses of one cluster: a value, bound by
 * the construct that uses it. They give each consumer the Secret its form needs: a
 * `kubernetes.io/rbd` Secret with `key` for the in-tree plugins, an Opaque Secret with
 * `userID`/`userKey` (or `adminID`/`adminKey`) for ceph-csi. The library creates those from a user
 * and key, in the first consumer's scope and shared by the consumers of a namespace, or refers to
 * an existing Secret. Keyring and secret files on the nodes serve the in-tree plugins only.
 */
export class CephCredentials {
  /** Secrets the library creates from a Ceph user and its key. */
  public static fromUserKey(options: CephUserKeyOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(o.cluster, {
      kind: 'userKey', user: o.user, key: o.key, secretName: o.secretName, csiSecretName: o.csiSecretName, encryptionPassphrase: o.encryptionPassphrase,
    });
  }

  /** An existing Secret; it must hold the keys of the form the target uses. */
  public static fromSecret(options: CephSecretOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(o.cluster, {
      kind: 'secret', user: o.user, source: { kind: 'existing', secret: o.secret as kplus.ISecret, namespace: o.namespace as string | undefined },
    });
  }

  /** A keyring file on every node (in-tree rbd only). */
  public static fromKeyring(options: CephFileOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(o.cluster, { kind: 'keyring', user: o.user, path: o.path });
  }

  /** A secret file on every node (in-tree cephfs only). */
  public static fromSecretFile(options: CephFileOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(o.cluster, { kind: 'secretFile', user: o.user, path: o.path });
  }

  /** The cluster these credentials belong to (as given; the consumers check it). */
  public readonly cluster: ICephCluster;

  /** @internal */
  public readonly _kind: CredentialKind;

  /** One Secret source per use, made once: every consumer of a use and namespace shares its Secret. */
  private readonly sources = new Map<CephSecretUse, { readonly id: string; readonly source: SecretSource; readonly kind: SecretKind }>();

  private constructor(cluster: unknown, kind: CredentialKind) {
    this.cluster = cluster as ICephCluster;
    this._kind = kind;
  }

  /** The Ceph user id, if given. */
  public get user(): string | undefined {
    return stringOf(this._kind.user);
  }

  /** @internal The key file's path on the nodes (keyring or secret file), if given. */
  public get _path(): string | undefined {
    return this._kind.kind === 'keyring' || this._kind.kind === 'secretFile' ? stringOf(this._kind.path) : undefined;
  }

  /**
   * @internal The Secret for a use, bound into the consumer's `scope`: created there (once per
   * namespace: a later consumer shares it), or the existing one. Undefined for file-based
   * credentials and for an existing Secret that is none (rules report both).
   */
  public _secret(scope: Construct, use: CephSecretUse): SecretRef | undefined {
    const k = this._kind;
    if (k.kind === 'secret') return isSecret(k.source.secret) ? materialize(scope, 'Existing', k.source, { type: '' }) : undefined;
    if (k.kind !== 'userKey') return undefined;
    let made = this.sources.get(use);
    if (!made) this.sources.set(use, made = generated(k, use));
    const ref = materialize(scope, made.id, made.source, made.kind);
    // a Secret created here comes before the objects that name it in the manifest, as it did when it
    // had a construct of its own (a shared one, created by an earlier consumer, already does)
    const secret = scope.node.tryFindChild(made.id);
    if (secret instanceof ApiObject) scope.node.addDependency(secret);
    return ref;
  }

  /** @internal Whether these credentials put an `encryptionPassphrase` into the Secrets the library creates; undefined for an existing Secret. */
  public get _encryptionPassphrase(): boolean | undefined {
    const k = this._kind;
    if (k.kind === 'secret') return undefined;
    return k.kind === 'userKey' && isString(k.encryptionPassphrase) && k.encryptionPassphrase !== '';
  }
}

type UserKey = CredentialKind & { readonly kind: 'userKey' };

/** The Secret a use of a user and key needs: its construct id, data and type. */
function generated(k: UserKey, use: CephSecretUse): { id: string; source: SecretSource; kind: SecretKind } {
  const KEY = { key: 'key', detail: 'give the user\'s cephx key' };
  if (use === CephSecretUse.IN_TREE) return secretOf('Secret', 'kubernetes.io/rbd', [['key', k.key, KEY]], k.secretName);
  const both = use === CephSecretUse.CSI_USER_AND_ADMIN;
  const name = isString(k.csiSecretName) && both ? `${k.csiSecretName}-admin` : k.csiSecretName;
  const pair = (idKey: string, keyKey: string): Array<readonly [string, unknown, RequiredKey]> => [
    [idKey, k.user, { key: idKey, detail: 'give the Ceph user' }],
    [keyKey, k.key, { key: keyKey, detail: 'give the user\'s cephx key' }],
  ];
  const entries = [...(both ? pair('adminID', 'adminKey') : []), ...pair('userID', 'userKey')];
  const optional: Array<readonly [string, unknown]> = given(k.encryptionPassphrase) ? [['encryptionPassphrase', k.encryptionPassphrase]] : [];
  return secretOf(both ? 'CsiAdminSecret' : 'CsiSecret', 'Opaque', entries, name, optional);
}

/**
 * A Secret of the given entries, and of the `optional` ones given. A value of another type than
 * string is left out and reported on the Secret, redacted; a missing one of `entries` is Required.
 */
function secretOf(
  id: string, type: string, entries: ReadonlyArray<readonly [string, unknown, RequiredKey]>, name: unknown,
  optional: ReadonlyArray<readonly [string, unknown]> = [],
): { id: string; source: SecretSource; kind: SecretKind } {
  const { data, problems } = secretData([...entries.map(([key, value]) => [key, value] as const), ...optional]);
  problems.push(...stringShape(FieldPath.root('metadata', 'name'), name));
  const metadata: ApiObjectMetadata | undefined = isString(name) ? { name } : undefined;
  const requiredKeys = entries.filter(([, value]) => isString(value) || !given(value)).map(([, , r]) => r);
  return { id, source: { kind: 'generated', data, metadata, problems }, kind: { type, requiredKeys } };
}

/** Whether `v` is CephCredentials. */
export function isCephCredentials(v: unknown): v is CephCredentials {
  return v instanceof CephCredentials;
}
