import { ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerStorageObject } from '../core/app/app-checks';
import { AppSlot, AppState } from '../core/app/app-state';
import { addRules } from '../core/app/validation';
import { RequiredKey, SecretRef, SecretSource, isSecret, materialize, secretData, secretReferenceRules, secretShape } from '../core/objects/secrets';
import { PluginForm } from '../core/policy/plugin-policy';
import { FieldError, Finding, REDACTED, duplicate, forbidden, invalid, required } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { hostPortErrors } from '../core/rules/network';
import { given, instanceShape, isPlainObject, isString, listOf, oneOfShape, stringListShape, stringOf, stringShape, typeOf } from '../core/rules/shapes';

const DEFAULT_MONITOR_PORT = 6789;
/** ceph-csi composes provisioned volume and snapshot IDs of at most 128 bytes: 64 of fixed fields and the cluster id. */
const MAX_CLUSTER_ID_BYTES = 64;

/**
 * Who writes the ceph-csi configuration, the `config.json` that maps each cluster id to its
 * monitors (and its RADOS namespace and subvolume group). ceph-csi reads one such file per
 * deployment, from a ConfigMap in its own namespace; whoever writes the ConfigMap writes the whole file.
 */
export enum CephCsiConfig {
  /**
   * ceph-csi's own deployment holds the cluster's entry: the Helm charts' `csiConfig` value (they
   * create `ceph-csi-config` in the release namespace), Rook's operator (`rook-ceph-csi-config`, from
   * its CephCluster, CephBlockPoolRadosNamespace and CephFilesystemSubVolumeGroup resources), or
   * the ConfigMap an operator applied. The app writes no ConfigMap; `CephCluster.csiConfigEntry()`
   * gives the entry to add there.
   */
  EXTERNAL = 'External',
  /**
   * This app writes the `ceph-csi-config` ConfigMap (key `config.json`) in `csiNamespace`, with
   * every cluster of the app that a CSI form uses and that names that namespace. It replaces the
   * whole file: use it only for a ceph-csi whose deployment does not write the ConfigMap itself
   * (Helm: `externallyManagedConfigmap: true`), and from one app per ceph-csi.
   */
  APP = 'App',
}

/** Props for `CephCluster`. */
export interface CephClusterProps {
  /**
   * The Ceph monitors, each `host` or `host:port` (port 6789 when omitted); at least one.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly monitors: string[];

  /**
   * The cluster id ceph-csi knows this cluster by: the key of its entry in the ceph-csi
   * configuration, written into every CSI volume and StorageClass (`clusterID`). Required as soon as
   * anything on the cluster uses ceph-csi (from Kubernetes 1.31, or with `implementation: CSI`).
   * With Rook it is the namespace of Rook's CephCluster (e.g. `rook-ceph`), or the id Rook gives a
   * RADOS namespace or subvolume group.
   *
   * @default - none; a CSI form on this cluster is an error
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly clusterId?: string;

  /**
   * Who writes the ceph-csi configuration. The default writes nothing, and so cannot overwrite the
   * configuration of a ceph-csi that already runs: add `csiConfigEntry()` to it instead.
   *
   * @default CephCsiConfig.EXTERNAL
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly csiConfig?: CephCsiConfig;

  /**
   * The namespace ceph-csi runs in, where `CephCsiConfig.APP` writes the ConfigMap: the Helm
   * release's namespace (the charts' documentation installs into `ceph-csi-rbd` and
   * `ceph-csi-cephfs`), or `default` for ceph-csi's deploy/ manifests.
   *
   * @default - none; required with `CephCsiConfig.APP`
   * @see https://github.com/ceph/ceph-csi/blob/devel/charts/ceph-csi-rbd/README.md
   */
  readonly csiNamespace?: string;

  /**
   * The RADOS namespace ceph-csi keeps this cluster id's RBD images (and their metadata) in: the
   * entry's `rbd.radosNamespace`. It must exist in every pool used; the in-tree rbd plugin cannot
   * reach it. Give it a cluster id of its own: changing it under an id in use hides its images.
   *
   * @default - none: images in the pool's default namespace
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly radosNamespace?: string;

  /**
   * The CephFS subvolume group ceph-csi creates this cluster id's subvolumes in: the entry's
   * `cephFS.subvolumeGroup`. It must exist in the filesystem.
   *
   * @default - ceph-csi's default, "csi"
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly subvolumeGroup?: string;
}

const MONITORS = FieldPath.root('monitors');
const MONITOR = 'a string "host" or "host:port"';
const MONITOR_LIST = 'a list of monitors, such as ["10.16.154.78:6789"]';
const CSI_CONFIG_VALUES = Object.values(CephCsiConfig) as string[];

/**
 * A Ceph cluster: its monitors, and for ceph-csi the cluster id its configuration knows it by. By
 * default ceph-csi's own deployment holds that configuration (`csiConfigEntry()` gives the entry);
 * with `csiConfig: CephCsiConfig.APP` the app writes the `ceph-csi-config` ConfigMap, once per
 * namespace for every cluster of the app that a CSI volume or StorageClass uses.
 *
 * @example
 *
 * const ceph = new CephCluster(chart, 'Ceph', {
 *   monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'],
 *   clusterId: 'prod',
 * });
 */
export class CephCluster extends Construct {
  /** The cluster id for ceph-csi, if given. */
  public readonly clusterId?: string;
  /** Who writes the ceph-csi configuration. */
  public readonly csiConfig: CephCsiConfig;
  /** The namespace ceph-csi runs in, if given. */
  public readonly csiNamespace?: string;
  /** The RADOS namespace of the cluster id's RBD images, if given. */
  public readonly radosNamespace?: string;
  /** The subvolume group of the cluster id's CephFS subvolumes, if given. */
  public readonly subvolumeGroup?: string;

  /** The monitors as given (a JavaScript caller can pass anything), then those added. */
  private readonly _monitors: unknown[];
  /** Whether `monitors` was given as something other than a list (reported by its shape). */
  private readonly monitorsMistyped: boolean;
  /** Whether csiNamespace was given, of any type (one of another type is reported by its shape). */
  private readonly csiNamespaceGiven: boolean;
  /** What the props' shapes get wrong (the props do not change: checked once). */
  private readonly shapes: FieldError[];
  private usedByCsi = false;
  private provisions = false;

  constructor(scope: Construct, id: string, props: CephClusterProps) {
    super(scope, id);
    const p: Partial<Record<keyof CephClusterProps, unknown>> = isPlainObject(props) ? props : {};
    this._monitors = Array.isArray(p.monitors) ? [...p.monitors] : [];
    this.monitorsMistyped = given(p.monitors) && !Array.isArray(p.monitors);
    this.clusterId = stringOf(p.clusterId);
    this.csiConfig = p.csiConfig === CephCsiConfig.APP ? CephCsiConfig.APP : CephCsiConfig.EXTERNAL;
    this.csiNamespace = stringOf(p.csiNamespace);
    this.csiNamespaceGiven = given(p.csiNamespace);
    this.radosNamespace = stringOf(p.radosNamespace);
    this.subvolumeGroup = stringOf(p.subvolumeGroup);
    this.shapes = [
      ...(this.monitorsMistyped ? stringListShape(MONITORS, p.monitors, MONITOR, MONITOR_LIST) : []),
      ...stringShape(FieldPath.root('clusterId'), p.clusterId),
      ...oneOfShape(FieldPath.root('csiConfig'), p.csiConfig, CSI_CONFIG_VALUES),
      ...stringShape(FieldPath.root('csiNamespace'), p.csiNamespace, 'a string, a DNS label'),
      ...stringShape(FieldPath.root('radosNamespace'), p.radosNamespace),
      ...stringShape(FieldPath.root('subvolumeGroup'), p.subvolumeGroup),
    ];
    registerStorageObject(this);
    addRules(this, () => this.rules());
  }

  /** The monitors (a copy): those given that are strings, then those added. */
  public get monitors(): string[] {
    return this._monitors.filter(isString);
  }

  /** Adds a monitor, `host` or `host:port`. */
  public addMonitor(monitor: string): void {
    this._monitors.push(monitor);
  }

  /**
   * This cluster's entry of the ceph-csi configuration, as JSON: one element of the Helm charts'
   * `csiConfig` value, or of the `config.json` list of a ConfigMap an operator keeps. Read it after
   * every `addMonitor` call.
   */
  public csiConfigEntry(): string {
    return JSON.stringify(configEntry(this), undefined, 2);
  }

  /**
   * @internal Called by every CSI form on this cluster: the cluster goes into the ceph-csi
   * configuration the app writes, if it writes one. `provisions`: a StorageClass, whose volumes get
   * IDs composed from the cluster id.
   */
  public _useCsi(provisions = false): void {
    this.provisions = this.provisions || provisions;
    if (this.usedByCsi) return;
    this.usedByCsi = true;
    if (this.writesConfig) csiConfigFor(this).clusters.push(this);
  }

  /** Whether the app writes a ConfigMap with this cluster (a namespace that is no string is reported, and written to by no one). */
  private get writesConfig(): boolean {
    return this.csiConfig === CephCsiConfig.APP && this.csiNamespace !== undefined;
  }

  private rules(): Finding[] {
    const out: Finding[] = [...this.shapes];
    if (this._monitors.length === 0 && !this.monitorsMistyped) out.push(required(MONITORS, 'list at least one monitor as "host" or "host:port"'));
    out.push(...stringListShape(MONITORS, this._monitors, MONITOR, MONITOR_LIST));
    this._monitors.forEach((m, i) => isString(m) && out.push(...hostPortErrors(MONITORS.index(i), m, DEFAULT_MONITOR_PORT)));
    if (!this.usedByCsi) return out; // the rest matters only where ceph-csi reads it
    if (this.csiConfig === CephCsiConfig.APP && !this.csiNamespaceGiven) {
      out.push(required(FieldPath.root('csiNamespace'),
        'ceph-csi reads its configuration from a ConfigMap in its own namespace (its Helm release\'s): give csiNamespace, or leave csiConfig EXTERNAL to its deployment'));
    }
    if (this.radosNamespace !== undefined) out.push(...textRules(FieldPath.root('radosNamespace'), this.radosNamespace));
    if (this.subvolumeGroup !== undefined) out.push(...textRules(FieldPath.root('subvolumeGroup'), this.subvolumeGroup));
    // an empty cluster id is reported where it is written
    if (this.clusterId) {
      const idAt = FieldPath.root('clusterId');
      if (this.provisions && Buffer.byteLength(this.clusterId) > MAX_CLUSTER_ID_BYTES) {
        out.push(invalid(idAt, this.clusterId, `must be no more than ${MAX_CLUSTER_ID_BYTES} bytes: ceph-csi composes the IDs of the volumes it provisions (at most 128 bytes) from it`));
      }
      out.push(...textRules(idAt, this.clusterId));
      if (this.writesConfig && csiConfigFor(this).clusters.find((c) => c.clusterId === this.clusterId) !== this) {
        out.push(duplicate(idAt, this.clusterId, 'another CephCluster of this ceph-csi configuration has this id; ceph-csi would use the first one\'s monitors'));
      }
    }
    return out;
  }
}

/** Whether `v` is a CephCluster. */
export function isCephCluster(v: unknown): v is CephCluster {
  return v instanceof CephCluster;
}

/** A cluster's entry of ceph-csi's config.json (internal/util/csiconfig.go readClusterInfo; api/deploy/kubernetes ClusterInfo). */
function configEntry(c: CephCluster): object {
  return {
    clusterID: c.clusterId ?? '',
    monitors: c.monitors,
    ...(c.radosNamespace !== undefined ? { rbd: { radosNamespace: c.radosNamespace } } : {}),
    ...(c.subvolumeGroup !== undefined ? { cephFS: { subvolumeGroup: c.subvolumeGroup } } : {}),
  };
}

/** The ceph-csi configuration of one namespace: one ConfigMap shared by the clusters that need it. */
interface CsiConfig {
  readonly clusters: CephCluster[];
}

const CSI_CONFIG_MAP = 'ceph-csi-config';
/** The app's ceph-csi ConfigMaps, by namespace. */
const CSI_CONFIGS = new AppSlot('ceph-csi ConfigMaps', () => new Map<string, CsiConfig>());

function csiConfigFor(cluster: CephCluster): CsiConfig {
  const byNamespace = AppState.of(cluster).slot(CSI_CONFIGS);
  const namespace = cluster.csiNamespace!;
  let config = byNamespace.get(namespace);
  if (!config) {
    const clusters: CephCluster[] = [];
    config = { clusters };
    byNamespace.set(namespace, config);
    // the ConfigMap lives under the first cluster that needs it; its content covers all of them
    const map = new k8s.KubeConfigMap(cluster, 'CsiConfig', {
      metadata: { name: CSI_CONFIG_MAP, namespace },
      data: {
        'config.json': Lazy.any({
          produce: () => JSON.stringify(clusters
            .filter((c) => c.clusterId)
            .sort((a, b) => a.clusterId!.localeCompare(b.clusterId!))
            .map(configEntry), undefined, 2),
        }),
      },
    });
    const why = `the csiNamespace of CephCluster ${quote(cluster.node.path)}`;
    const findings = nameErrors(FieldPath.root('metadata', 'namespace'), namespace, NameRule.DNS_LABEL)
      .map((e) => ({ ...e, detail: e.detail ? `${e.detail} (${why})` : `give ${why}` }));
    if (findings.length > 0) addRules(map, () => findings);
  }
  return config;
}

// ---------------------------------------------------------------------------------------------

/** Options for credentials from a Ceph user and its key. */
export interface CephUserKeyOptions {
  /**
   * The cluster the user belongs to.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly cluster: CephCluster;
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
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly secretName?: string;
  /**
   * The name of the ceph-csi Secret (`userID`, `userKey`). A CephFS StorageClass's Secret, which
   * holds `adminID`/`adminKey` too, is named `<csiSecretName>-admin`.
   *
   * @default - derived from the construct path
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
  readonly cluster: CephCluster;
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
  readonly cluster: CephCluster;
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
 * Credentials of a Ceph user, for the volumes and StorageClasses of one cluster. They give each
 * consumer the Secret its form needs: a `kubernetes.io/rbd` Secret with `key` for the in-tree
 * plugins, an Opaque Secret with `userID`/`userKey` (or `adminID`/`adminKey`) for ceph-csi. The
 * library creates those from a user and key, once each, or refers to an existing Secret. Keyring
 * and secret files on the nodes serve the in-tree plugins only.
 */
export class CephCredentials extends Construct {
  /** Secrets the library creates from a Ceph user and its key. */
  public static fromUserKey(scope: Construct, id: string, options: CephUserKeyOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(scope, id, o.cluster, {
      kind: 'userKey', user: o.user, key: o.key, secretName: o.secretName, csiSecretName: o.csiSecretName, encryptionPassphrase: o.encryptionPassphrase,
    });
  }

  /** An existing Secret; it must hold the keys of the form the target uses. */
  public static fromSecret(scope: Construct, id: string, options: CephSecretOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(scope, id, o.cluster, {
      kind: 'secret', user: o.user, source: { kind: 'existing', secret: o.secret as kplus.ISecret, namespace: o.namespace as string | undefined },
    });
  }

  /** A keyring file on every node (in-tree rbd only). */
  public static fromKeyring(scope: Construct, id: string, options: CephFileOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(scope, id, o.cluster, { kind: 'keyring', user: o.user, path: o.path });
  }

  /** A secret file on every node (in-tree cephfs only). */
  public static fromSecretFile(scope: Construct, id: string, options: CephFileOptions): CephCredentials {
    const o = optionsOf(options);
    return new CephCredentials(scope, id, o.cluster, { kind: 'secretFile', user: o.user, path: o.path });
  }

  /** The cluster these credentials belong to (as given; the consumers check it). */
  public readonly cluster: CephCluster;

  /** @internal */
  public readonly _kind: CredentialKind;

  private constructor(scope: Construct, id: string, cluster: unknown, kind: CredentialKind) {
    super(scope, id);
    this.cluster = cluster as CephCluster;
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
   * @internal The Secret for a use: created once, or the existing one. Undefined for file-based
   * credentials and for an existing Secret that is none (rules report both).
   */
  public _secret(use: CephSecretUse): SecretRef | undefined {
    const k = this._kind;
    if (k.kind === 'secret') return isSecret(k.source.secret) ? materialize(this, 'Existing', k.source, { type: '' }) : undefined;
    if (k.kind !== 'userKey') return undefined;
    const KEY = { key: 'key', detail: 'give the user\'s cephx key' };
    if (use === CephSecretUse.IN_TREE) return this.generate('Secret', 'kubernetes.io/rbd', [['key', k.key, KEY]], k.secretName);
    const both = use === CephSecretUse.CSI_USER_AND_ADMIN;
    const name = isString(k.csiSecretName) && both ? `${k.csiSecretName}-admin` : k.csiSecretName;
    const pair = (idKey: string, keyKey: string): Array<readonly [string, unknown, RequiredKey]> => [
      [idKey, k.user, { key: idKey, detail: 'give the Ceph user' }],
      [keyKey, k.key, { key: keyKey, detail: 'give the user\'s cephx key' }],
    ];
    const entries = [...(both ? pair('adminID', 'adminKey') : []), ...pair('userID', 'userKey')];
    const optional: Array<readonly [string, unknown]> = given(k.encryptionPassphrase) ? [['encryptionPassphrase', k.encryptionPassphrase]] : [];
    return this.generate(both ? 'CsiAdminSecret' : 'CsiSecret', 'Opaque', entries, name, optional);
  }

  /** @internal Whether these credentials put an `encryptionPassphrase` into the Secrets the library creates; undefined for an existing Secret. */
  public get _encryptionPassphrase(): boolean | undefined {
    const k = this._kind;
    if (k.kind === 'secret') return undefined;
    return k.kind === 'userKey' && isString(k.encryptionPassphrase) && k.encryptionPassphrase !== '';
  }

  /**
   * Creates (once) a Secret of the given entries, and of the `optional` ones given. A value of
   * another type than string is left out and reported on the Secret, redacted; a missing one of
   * `entries` is Required.
   */
  private generate(
    id: string, type: string, entries: ReadonlyArray<readonly [string, unknown, RequiredKey]>, name: unknown,
    optional: ReadonlyArray<readonly [string, unknown]> = [],
  ): SecretRef {
    const { data, problems } = secretData([...entries.map(([key, value]) => [key, value] as const), ...optional]);
    problems.push(...stringShape(FieldPath.root('metadata', 'name'), name));
    const metadata: ApiObjectMetadata | undefined = isString(name) ? { name } : undefined;
    const requiredKeys = entries.filter(([, value]) => isString(value) || !given(value)).map(([, , r]) => r);
    return materialize(this, id, { kind: 'generated', data, metadata, problems }, { type, requiredKeys });
  }
}

/** Whether `v` is CephCredentials. */
export function isCephCredentials(v: unknown): v is CephCredentials {
  return v instanceof CephCredentials;
}

// ---------------------------------------------------------------------------------------------
// What every consumer of a cluster and credentials checks, where their values land.

const CLUSTER_WHAT = 'a CephCluster';
const CREDENTIALS_WHAT = 'CephCredentials (CephCredentials.fromUserKey, fromSecret, fromKeyring or fromSecretFile)';

/** The `cluster` prop of a volume or class, at the field its monitors (in-tree) or its cluster id (CSI) land in. */
export function clusterShape(at: FieldPath, v: unknown): FieldError[] {
  if (!given(v)) return [required(at, 'give cluster: the CephCluster of the image or filesystem')];
  return instanceShape(at, v, isCephCluster, CLUSTER_WHAT);
}

/**
 * The `credentials` prop of a volume or class, at the field its Secret reference lands in. Printed
 * redacted: a value of another type may well hold the key itself.
 */
export function credentialsShape(at: FieldPath, v: unknown): FieldError[] {
  return !given(v) || isCephCredentials(v) ? [] : [invalid(at, REDACTED, `must be ${CREDENTIALS_WHAT} (got ${typeOf(v)})`)];
}

/** Where a consumer writes what its credentials give. */
export interface CredentialSite {
  /** The Secret reference (`rbd.secretRef`, `csi.nodeStageSecretRef`). */
  readonly ref: FieldPath;
  /** The user field, for the in-tree sources (`rbd.user`). */
  readonly user?: FieldPath;
  /** The key file field of the in-tree sources (`rbd.keyring`, `cephfs.secretFile`), and which kind of credentials write it. */
  readonly file?: { readonly at: FieldPath; readonly kind: 'keyring' | 'secretFile' };
}

/**
 * The credentials' values at the consumer's fields: their cluster (the consumer's), the existing
 * Secret's reference (unless `reference` is false: a StorageClass checks it at its parameters),
 * the user and the key file.
 */
export function credentialRules(credentials: CephCredentials, cluster: CephCluster | undefined, site: CredentialSite, reference = true): Finding[] {
  const out: Finding[] = [];
  const c: unknown = credentials.cluster;
  if (!given(c)) {
    out.push(required(site.ref, `CephCredentials ${quote(credentials.node.path)} name no cluster: give cluster, the CephCluster the user belongs to`));
  } else if (!isCephCluster(c)) {
    out.push(...instanceShape(site.ref, c, isCephCluster, `the credentials' cluster, ${CLUSTER_WHAT}`));
  } else if (cluster && c !== cluster) {
    out.push(invalid(site.ref, credentials.node.path, `the credentials belong to CephCluster ${quote(c.node.path)}, the volume to ${quote(cluster.node.path)}`));
  }
  const k = credentials._kind;
  if (k.kind === 'secret' && reference) out.push(...secretReferenceRules(k.source, site.ref));
  if (site.user) {
    out.push(...stringShape(site.user, k.user));
    if (isString(k.user)) out.push(...textRules(site.user, k.user));
  }
  if (site.file && k.kind === site.file.kind) {
    out.push(...stringShape(site.file.at, k.path, 'a string, a path on the node'));
    if (isString(k.path)) out.push(...textRules(site.file.at, k.path));
  }
  return out;
}

/** File-based credentials where a Secret is needed. */
export function fileCredentialsForbidden(at: FieldPath, credentials: CephCredentials | undefined, why: string): Finding[] {
  const k = credentials?._kind.kind;
  return k === 'keyring' || k === 'secretFile' ? [forbidden(at, why)] : [];
}

// ---------------------------------------------------------------------------------------------
// What the RBD and CephFS forms share: the ceph-csi static volume's secret reference and rules.

const FILES_FOR_CSI = 'keyring and secret files serve the in-tree plugins only; ceph-csi reads credentials from a Secret: use CephCredentials.fromUserKey or fromSecret';

/**
 * The Secret a volume in `form` reads: the ceph-csi node-stage Secret (`userID`/`userKey`) for the
 * CSI form, which also puts the cluster into the ceph-csi configuration; else the in-tree
 * `kubernetes.io/rbd` Secret.
 */
export function cephVolumeSecret(
  form: PluginForm, cluster: CephCluster | undefined, credentials: CephCredentials | undefined,
): SecretRef | undefined {
  if (form.kind !== 'csi') return credentials?._secret(CephSecretUse.IN_TREE);
  cluster?._useCsi();
  return credentials?._secret(CephSecretUse.CSI_USER);
}

/** What the CSI rules of a volume or class read: the cluster and credentials (each a CephCluster / CephCredentials, or undefined) and the props as given. */
export interface CephConsumer {
  readonly cluster?: CephCluster;
  readonly credentials?: CephCredentials;
  /** Whether the credentials prop was given (of any type). */
  readonly credentialsGiven: boolean;
}

/**
 * Rules every ceph-csi static PersistentVolume shares, at `spec.csi`: a cluster id, credentials
 * from a Secret of a known namespace, of the volume's cluster, and the Retain policy.
 */
export function cephCsiVolumeRules(
  at: FieldPath, m: CephConsumer, secret: SecretRef | undefined, reclaimPolicy: unknown, driver: string,
): Finding[] {
  const out: Finding[] = [];
  if (m.cluster && !m.cluster.clusterId) {
    out.push(required(at.child('volumeAttributes').key('clusterID'),
      `give CephCluster ${quote(m.cluster.node.path)} a clusterId: ${driver} finds the monitors through it in the ceph-csi configuration`));
  }
  const ref = at.child('nodeStageSecretRef');
  if (!m.credentialsGiven) {
    out.push(required(ref, `${driver} stages the volume with a Secret holding userID and userKey: give credentials`));
  } else if (m.credentials) {
    out.push(...fileCredentialsForbidden(ref, m.credentials, FILES_FOR_CSI), ...credentialRules(m.credentials, m.cluster, { ref }));
    if (secret && !secret.namespace) {
      out.push(required(ref.child('namespace'), 'a CSI volume names its Secret with a namespace: give the credentials\' Chart a namespace, or pass namespace to CephCredentials.fromSecret'));
    }
  }
  if (reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE || reclaimPolicy === 'Recycle') {
    out.push(invalid(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'), reclaimPolicy,
      `must be "Retain" for a static ${driver} volume: the driver never deletes what it did not provision`));
  }
  return out;
}

const PARAMETERS = FieldPath.root('parameters');

/** The string entries of a StorageClass's parameters prop (the others are reported by its shape, and not written). */
export function stringParameters(v: unknown): Record<string, string> {
  if (!isPlainObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, value]) => isString(value))) as Record<string, string>;
}

/**
 * A StorageClass's Secret parameters for an existing Secret, at the parameters they land in: the
 * factory's arguments, a name no Secret can have, a namespace no namespace can have.
 */
export function classSecretRules(credentials: CephCredentials, nameKey: string, namespaceKey: string): FieldError[] {
  const k = credentials._kind;
  if (k.kind !== 'secret') return [];
  const s = k.source;
  const errs: FieldError[] = [
    ...(s.problems ?? []), ...secretShape(PARAMETERS.key(nameKey), s.secret), ...stringShape(PARAMETERS.key(namespaceKey), s.namespace),
  ];
  if (isSecret(s.secret)) {
    if (!s.secret.name) errs.push(required(PARAMETERS.key(nameKey)));
    else errs.push(...nameErrors(PARAMETERS.key(nameKey), s.secret.name, NameRule.DNS_SUBDOMAIN));
  }
  if (isString(s.namespace)) errs.push(...nameErrors(PARAMETERS.key(namespaceKey), s.namespace, NameRule.DNS_LABEL));
  return errs;
}

/**
 * Rules every ceph-csi StorageClass shares: a cluster id, and credentials from a Secret of a known
 * namespace and of the class's cluster, at the provisioner Secret's parameters.
 */
export function cephCsiClassRules(m: CephConsumer, secrets: readonly (SecretRef | undefined)[], driver: string): Finding[] {
  const out: Finding[] = [];
  if (m.cluster && !m.cluster.clusterId) {
    out.push(required(PARAMETERS.key('clusterID'), `give CephCluster ${quote(m.cluster.node.path)} a clusterId: ${driver} finds the monitors through it in the ceph-csi configuration`));
  }
  const nameKey = 'csi.storage.k8s.io/provisioner-secret-name';
  const namespaceKey = 'csi.storage.k8s.io/provisioner-secret-namespace';
  const ref = PARAMETERS.key(nameKey);
  if (!m.credentialsGiven) {
    out.push(required(ref, `${driver} provisions with a Secret of the cluster's user: give credentials`));
    return out;
  }
  if (!m.credentials) return out; // a value of another type: its shape rule reports it
  out.push(...fileCredentialsForbidden(ref, m.credentials, FILES_FOR_CSI));
  out.push(...credentialRules(m.credentials, m.cluster, { ref }, false));
  out.push(...classSecretRules(m.credentials, nameKey, namespaceKey));
  if (secrets.some((s) => s && !s.namespace)) {
    out.push(required(PARAMETERS.key(namespaceKey),
      'a StorageClass names its Secrets with a namespace: give the credentials\' Chart a namespace, or pass namespace to CephCredentials.fromSecret'));
  }
  return out;
}

/**
 * A list of options ceph-csi takes as one comma-separated attribute or parameter
 * (`kernelMountOptions`, `fuseMountOptions`): written joined, and only when not empty, since ceph-csi
 * refuses an empty one (internal/cephfs/store/volumeoptions.go extractOptionalOption). Elements of
 * another type are reported by the shape rule and left out.
 */
export function joinedOptions(v: unknown): string | undefined {
  const list = listOf(v as unknown[]).filter(isString);
  return list.length > 0 ? list.join(',') : undefined;
}

/** The elements of such a list: each one option, not empty and without the "," ceph-csi splits at. */
export function optionListRules(at: FieldPath, v: unknown): FieldError[] {
  const out: FieldError[] = [];
  listOf(v as unknown[]).forEach((o, i) => {
    if (!isString(o)) return;
    if (o === '' || o.includes(',')) out.push(invalid(at, o, `element ${i} must be one option, not empty and without ",": ceph-csi joins the list with "," and splits it there`));
    else out.push(...textRules(at, o));
  });
  return out;
}
