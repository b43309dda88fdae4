import { ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { registerStorageObject } from './core/app-checks';
import { Finding, duplicate, forbidden, invalid, required } from './core/errors';
import { FieldPath, quote } from './core/field-path';
import { textRules } from './core/manifest-text';
import { NameRule, nameErrors } from './core/names';
import { hostPortErrors } from './core/network';
import { PluginForm } from './core/plugin-policy';
import { SecretRef, SecretSource, materialize, secretReferenceRules } from './core/secrets';
import { addRules } from './core/validation';

const DEFAULT_MONITOR_PORT = 6789;

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
   *
   * @default - none; a CSI form on this cluster is an error
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly clusterId?: string;

  /**
   * The namespace ceph-csi runs in, where it reads its configuration ConfigMap.
   *
   * @default "ceph-csi"
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly csiNamespace?: string;

  /**
   * Whether the library writes the ceph-csi configuration ConfigMap (`ceph-csi-config`, key
   * `config.json`) with this cluster's monitors. Turn it off when ceph-csi's own deployment (its
   * Helm chart, Rook) manages that ConfigMap.
   *
   * @default true
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly csiConfig?: boolean;
}

/**
 * A Ceph cluster: its monitors, and for ceph-csi the cluster id and the configuration ConfigMap
 * that maps that id to the monitors. The ConfigMap is written once per namespace for every cluster
 * of the app that a CSI volume or StorageClass uses, so volumes share it.
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
  /** The namespace ceph-csi runs in. */
  public readonly csiNamespace: string;
  /** Whether the library writes the ceph-csi configuration. */
  public readonly csiConfig: boolean;

  private readonly _monitors: string[];
  private usedByCsi = false;

  constructor(scope: Construct, id: string, props: CephClusterProps) {
    super(scope, id);
    this._monitors = [...props.monitors ?? []];
    this.clusterId = props.clusterId;
    this.csiNamespace = props.csiNamespace ?? 'ceph-csi';
    this.csiConfig = props.csiConfig ?? true;
    registerStorageObject(this);
    addRules(this, () => this.rules());
  }

  /** The monitors (a copy). */
  public get monitors(): string[] {
    return [...this._monitors];
  }

  /** Adds a monitor, `host` or `host:port`. */
  public addMonitor(monitor: string): void {
    this._monitors.push(monitor);
  }

  /** @internal Called by every CSI form on this cluster: the cluster goes into the ceph-csi configuration. */
  public _useCsi(): void {
    if (this.usedByCsi) return;
    this.usedByCsi = true;
    if (this.csiConfig) csiConfigFor(this).clusters.push(this);
  }

  private rules(): Finding[] {
    const out: Finding[] = [];
    const at = FieldPath.root('monitors');
    if (this._monitors.length === 0) out.push(required(at, 'list at least one monitor as "host" or "host:port"'));
    this._monitors.forEach((m, i) => out.push(...hostPortErrors(at.index(i), m, DEFAULT_MONITOR_PORT)));
    if (this.clusterId !== undefined) {
      const idAt = FieldPath.root('clusterId');
      if (this.clusterId === '') out.push(required(idAt));
      else if (Buffer.byteLength(this.clusterId) > 36) out.push(invalid(idAt, this.clusterId, 'must be no more than 36 bytes (ceph-csi keeps it in volume handles)'));
      out.push(...textRules(idAt, this.clusterId));
    }
    out.push(...nameErrors(FieldPath.root('csiNamespace'), this.csiNamespace, NameRule.DNS_LABEL));
    if (this.usedByCsi && this.csiConfig) {
      const shared = csiConfigFor(this);
      const first = shared.clusters.find((c) => c.clusterId === this.clusterId);
      if (this.clusterId && first !== this) {
        out.push(duplicate(FieldPath.root('clusterId'), this.clusterId));
      }
    }
    return out;
  }
}

/** The ceph-csi configuration of one namespace: one ConfigMap shared by the clusters that need it. */
interface CsiConfig {
  readonly clusters: CephCluster[];
}

const CSI_CONFIG_MAP = 'ceph-csi-config';
const csiConfigs = new WeakMap<IConstruct, Map<string, CsiConfig>>();

function csiConfigFor(cluster: CephCluster): CsiConfig {
  const root = cluster.node.root;
  let byNamespace = csiConfigs.get(root);
  if (!byNamespace) csiConfigs.set(root, byNamespace = new Map());
  let config = byNamespace.get(cluster.csiNamespace);
  if (!config) {
    const clusters: CephCluster[] = [];
    config = { clusters };
    byNamespace.set(cluster.csiNamespace, config);
    // the ConfigMap lives under the first cluster that needs it; its content covers all of them
    new k8s.KubeConfigMap(cluster, 'CsiConfig', {
      metadata: { name: CSI_CONFIG_MAP, namespace: cluster.csiNamespace },
      data: {
        'config.json': Lazy.any({
          produce: () => JSON.stringify(clusters
            .filter((c) => c.clusterId)
            .map((c) => ({ clusterID: c.clusterId, monitors: c.monitors }))
            .sort((a, b) => a.clusterID!.localeCompare(b.clusterID!)), undefined, 2),
        }),
      },
    });
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
   * The name of the ceph-csi Secret (`userID`, `userKey`).
   *
   * @default - derived from the construct path
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly csiSecretName?: string;
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
   * `userID` and `userKey` (and `adminID`/`adminKey` for CephFS provisioning).
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

/** How credentials are given. Internal. */
type CredentialKind =
  | { readonly kind: 'userKey'; readonly user: string; readonly key: string; readonly secretName?: string; readonly csiSecretName?: string }
  | { readonly kind: 'secret'; readonly source: SecretSource; readonly user?: string }
  | { readonly kind: 'keyring'; readonly user?: string; readonly path?: string }
  | { readonly kind: 'secretFile'; readonly user?: string; readonly path?: string };

/** Which Secret a consumer needs. */
export enum CephSecretUse {
  /** `kubernetes.io/rbd` with `key`: the in-tree rbd and cephfs plugins and the in-tree rbd provisioner. */
  IN_TREE = 'in-tree',
  /** Opaque with `userID` and `userKey`: ceph-csi node staging, RBD provisioning. */
  CSI_USER = 'csi-user',
  /** Opaque with `adminID` and `adminKey`: ceph-csi CephFS provisioning. */
  CSI_ADMIN = 'csi-admin',
}

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
    return new CephCredentials(scope, id, options.cluster, {
      kind: 'userKey', user: options.user, key: options.key, secretName: options.secretName, csiSecretName: options.csiSecretName,
    });
  }

  /** An existing Secret; it must hold the keys of the form the target uses. */
  public static fromSecret(scope: Construct, id: string, options: CephSecretOptions): CephCredentials {
    return new CephCredentials(scope, id, options.cluster, {
      kind: 'secret', user: options.user, source: { kind: 'existing', secret: options.secret, namespace: options.namespace },
    });
  }

  /** A keyring file on every node (in-tree rbd only). */
  public static fromKeyring(scope: Construct, id: string, options: CephFileOptions): CephCredentials {
    return new CephCredentials(scope, id, options.cluster, { kind: 'keyring', user: options.user, path: options.path });
  }

  /** A secret file on every node (in-tree cephfs only). */
  public static fromSecretFile(scope: Construct, id: string, options: CephFileOptions): CephCredentials {
    return new CephCredentials(scope, id, options.cluster, { kind: 'secretFile', user: options.user, path: options.path });
  }

  /** The cluster these credentials belong to. */
  public readonly cluster: CephCluster;

  /** @internal */
  public readonly _kind: CredentialKind;

  private constructor(scope: Construct, id: string, cluster: CephCluster, kind: CredentialKind) {
    super(scope, id);
    this.cluster = cluster;
    this._kind = kind;
    addRules(this, () => (kind.kind === 'secretFile' || kind.kind === 'keyring') && kind.path !== undefined
      ? textRules(FieldPath.root('path'), kind.path) : []);
  }

  /** The Ceph user id, if given. */
  public get user(): string | undefined {
    return this._kind.user;
  }

  /**
   * @internal The Secret for a use: created once, or the existing one. Undefined for file-based
   * credentials (a rule reports that they cannot serve the use).
   */
  public _secret(use: CephSecretUse): SecretRef | undefined {
    const k = this._kind;
    if (k.kind === 'secret') return materialize(this, 'Existing', k.source, { type: '' });
    if (k.kind !== 'userKey') return undefined;
    if (use === CephSecretUse.IN_TREE) {
      return materialize(this, 'Secret', generated({ key: k.key }, k.secretName), {
        type: 'kubernetes.io/rbd', requiredKeys: [{ key: 'key', detail: 'give the user\'s cephx key' }],
      });
    }
    if (use === CephSecretUse.CSI_USER) {
      return materialize(this, 'CsiSecret', generated({ userID: k.user, userKey: k.key }, k.csiSecretName), {
        type: 'Opaque', requiredKeys: [{ key: 'userID', detail: 'give the Ceph user' }, { key: 'userKey', detail: 'give the user\'s cephx key' }],
      });
    }
    return materialize(this, 'CsiAdminSecret', generated({ adminID: k.user, adminKey: k.key }, k.csiSecretName ? `${k.csiSecretName}-admin` : undefined), {
      type: 'Opaque', requiredKeys: [{ key: 'adminID', detail: 'give the Ceph user' }, { key: 'adminKey', detail: 'give the user\'s cephx key' }],
    });
  }

  /** @internal Rules for a reference to an existing Secret, at `at`. */
  public _referenceRules(at: FieldPath): Finding[] {
    return this._kind.kind === 'secret' ? secretReferenceRules(this._kind.source, at) : [];
  }
}

function generated(data: Record<string, string>, name?: string): SecretSource {
  const metadata: ApiObjectMetadata | undefined = name === undefined ? undefined : { name };
  return { kind: 'generated', data, metadata };
}

/** Credentials of another cluster than the volume's: an error at the secret reference. */
export function clusterMismatch(at: FieldPath, credentials: CephCredentials | undefined, cluster: CephCluster): Finding[] {
  if (!credentials || credentials.cluster === cluster) return [];
  return [invalid(at, credentials.node.path,
    `the credentials belong to CephCluster ${quote(credentials.cluster.node.path)}, the volume to ${quote(cluster.node.path)}`)];
}

/** File-based credentials where a Secret is needed. */
export function fileCredentialsForbidden(at: FieldPath, credentials: CephCredentials | undefined, why: string): Finding[] {
  const k = credentials?._kind.kind;
  return k === 'keyring' || k === 'secretFile' ? [forbidden(at, why)] : [];
}

// ---------------------------------------------------------------------------------------------
// What the RBD and CephFS forms share: the ceph-csi static volume's secret reference and rules.

/**
 * The Secret a volume in `form` reads: the ceph-csi node-stage Secret (`userID`/`userKey`) for the
 * CSI form, which also puts the cluster into the ceph-csi configuration; else the in-tree
 * `kubernetes.io/rbd` Secret.
 */
export function cephVolumeSecret(form: PluginForm, cluster: CephCluster, credentials: CephCredentials | undefined): SecretRef | undefined {
  if (form.kind !== 'csi') return credentials?._secret(CephSecretUse.IN_TREE);
  cluster._useCsi();
  return credentials?._secret(CephSecretUse.CSI_USER);
}

/**
 * Rules every ceph-csi static PersistentVolume shares, at `spec.csi`: a cluster id, credentials
 * from a Secret of a known namespace, of the volume's cluster, and the Retain policy.
 */
export function cephCsiVolumeRules(
  at: FieldPath, cluster: CephCluster, credentials: CephCredentials | undefined, secret: SecretRef | undefined,
  reclaimPolicy: kplus.PersistentVolumeReclaimPolicy, driver: string,
): Finding[] {
  const out: Finding[] = [];
  if (!cluster.clusterId) {
    out.push(required(at.child('volumeAttributes').key('clusterID'),
      `give CephCluster ${quote(cluster.node.path)} a clusterId: ${driver} finds the monitors through it in the ceph-csi configuration`));
  }
  const ref = at.child('nodeStageSecretRef');
  if (!credentials) {
    out.push(required(ref, `${driver} stages the volume with a Secret holding userID and userKey: give credentials`));
  } else {
    out.push(...fileCredentialsForbidden(ref, credentials,
      'keyring and secret files serve the in-tree plugins only; ceph-csi reads credentials from a Secret: use CephCredentials.fromUserKey or fromSecret'));
    out.push(...credentials._referenceRules(ref), ...clusterMismatch(ref, credentials, cluster));
    if (secret && !secret.namespace) {
      out.push(required(ref.child('namespace'), 'a CSI volume names its Secret with a namespace: give the credentials\' Chart a namespace, or pass namespace to CephCredentials.fromSecret'));
    }
  }
  if (reclaimPolicy !== kplus.PersistentVolumeReclaimPolicy.RETAIN) {
    out.push(invalid(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'), reclaimPolicy,
      `must be "Retain" for a static ${driver} volume: the driver never deletes what it did not provision`));
  }
  return out;
}

/**
 * Rules every ceph-csi StorageClass shares: a cluster id, and credentials from a Secret of a known
 * namespace and of the class's cluster. `at` is `parameters`.
 */
export function cephCsiClassRules(
  cluster: CephCluster, credentials: CephCredentials | undefined, secrets: readonly (SecretRef | undefined)[], driver: string,
): Finding[] {
  const at = FieldPath.root('parameters');
  const out: Finding[] = [];
  if (!cluster.clusterId) {
    out.push(required(at.key('clusterID'), `give CephCluster ${quote(cluster.node.path)} a clusterId: ${driver} finds the monitors through it in the ceph-csi configuration`));
  }
  const ref = at.key('csi.storage.k8s.io/provisioner-secret-name');
  if (!credentials) {
    out.push(required(ref, `${driver} provisions with a Secret of the cluster's user: give credentials`));
    return out;
  }
  out.push(...fileCredentialsForbidden(ref, credentials,
    'keyring and secret files serve the in-tree plugins only; ceph-csi reads credentials from a Secret: use CephCredentials.fromUserKey or fromSecret'));
  out.push(...credentials._referenceRules(ref), ...clusterMismatch(ref, credentials, cluster));
  if (secrets.some((s) => s && !s.namespace)) {
    out.push(required(at.key('csi.storage.k8s.io/provisioner-secret-namespace'),
      'a StorageClass names its Secrets with a namespace: give the credentials\' Chart a namespace, or pass namespace to CephCredentials.fromSecret'));
  }
  return out;
}
