import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CephCluster, CephCredentials, CephSecretUse, cephCsiClassRules, cephCsiVolumeRules, cephVolumeSecret, clusterMismatch,
} from './ceph-cluster';
import { Capabilities } from './core/access';
import { registerStorageObject } from './core/app-checks';
import { csiSecretParameters } from './core/csi-parameters';
import { Finding, forbidden, required } from './core/errors';
import { FieldPath } from './core/field-path';
import { textRules } from './core/manifest-text';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { SecretRef, SecretRefSite, secretRefAt } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion, resolveTarget } from './core/version';
import { StorageClass, StorageClassOptions } from './storage-class';

const CEPHFS_CSI = 'cephfs.csi.ceph.com';

/** The fields of a CephFS directory, shared by the Pod volume and the PersistentVolume. */
export interface CephFsSourceOptions {
  /**
   * The Ceph cluster; its monitors go into the in-tree source, its cluster id into the CSI one.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly cluster: CephCluster;

  /**
   * The directory to mount; with ceph-csi the `rootPath` (a subvolume's path, e.g.
   * `/volumes/csi/data/<uuid>`).
   *
   * @default "/"
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly path?: string;

  /**
   * The credentials: a Secret (`key` in-tree; `userID`/`userKey` for ceph-csi, which requires
   * them), or a secret file on the nodes (in-tree only).
   *
   * @default - none; in-tree, the plugin's /etc/ceph/admin.secret of user admin
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly credentials?: CephCredentials;

  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly readOnly?: boolean;

  /**
   * The CephFS filesystem name (ceph-csi's `fsName`).
   *
   * @default - the cluster's default filesystem
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly fsName?: string;

  /**
   * In-tree `cephfs` source, or the `cephfs.csi.ceph.com` driver. AUTO follows the target
   * version: in-tree through 1.30, ceph-csi from 1.31.
   *
   * @default VolumeImplementation.AUTO
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi-migration
   */
  readonly implementation?: VolumeImplementation;
}

/** Props for `CephFsVolume`. */
export interface CephFsVolumeProps extends CephFsSourceOptions {
  /**
   * The size to claim. The in-tree Pod volume does not need it; from Kubernetes 1.31 the volume is
   * a ceph-csi PersistentVolume with this capacity, so the same code works on both sides.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly storage: Size;

  /**
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `CephFsPersistentVolume`. */
export interface CephFsPersistentVolumeProps extends CephFsSourceOptions, StoragePersistentVolumeProps {
  /**
   * The ceph-csi volume handle, unique in the cluster.
   *
   * @default - the PersistentVolume's name
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly volumeHandle?: string;
}

interface CephFsModel {
  readonly cluster: CephCluster;
  readonly path?: string;
  readonly credentials?: CephCredentials;
  readonly readOnly?: boolean;
  readonly fsName?: string;
  readonly implementation: VolumeImplementation;
}

function cephFsModel(p: CephFsSourceOptions): CephFsModel {
  return {
    cluster: p.cluster,
    path: p.path,
    credentials: p.credentials,
    readOnly: p.readOnly,
    fsName: p.fsName,
    implementation: p.implementation ?? VolumeImplementation.AUTO,
  };
}

function inTreeRules(m: CephFsModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  if (m.cluster.monitors.length === 0) out.push(required(at.child('monitors')));
  out.push(...textRules(at.child('path'), m.path));
  if (m.credentials) {
    const ref = at.child('secretRef');
    out.push(...m.credentials._referenceRules(ref), ...clusterMismatch(ref, m.credentials, m.cluster));
    if (m.credentials._kind.kind === 'keyring') {
      out.push(forbidden(at, 'a keyring is an rbd feature; cephfs reads a Secret (CephCredentials.fromUserKey, fromSecret) or a secret file (fromSecretFile)'));
    }
  }
  return out;
}

function renderInTree(m: CephFsModel, secret: SecretRef | undefined, pod: boolean): k8s.CephFsPersistentVolumeSource {
  const k = m.credentials?._kind;
  return {
    monitors: m.cluster.monitors,
    path: m.path,
    user: m.credentials?.user,
    secretFile: k?.kind === 'secretFile' ? k.path : undefined,
    secretRef: secretRefAt(secret, pod ? SecretRefSite.POD : SecretRefSite.PERSISTENT_VOLUME),
    readOnly: m.readOnly,
  };
}

const NO_BLOCK = 'CephFS is a shared filesystem; use a Ceph RBD image for a raw block device';

/**
 * A CephFS directory as a PersistentVolume (a `StoragePersistentVolume`). Through
 * Kubernetes 1.30 the in-tree `cephfs` source (deprecated from 1.28); from 1.31 a static
 * `cephfs.csi.ceph.com` volume (`clusterID`, `rootPath`, `fsName`, `staticVolume`, the node-stage
 * Secret, Retain). ReadWriteOnce, ReadOnlyMany and ReadWriteMany; never Block.
 *
 * @example
 *
 * const shared = new CephFsPersistentVolume(chart, 'Shared', {
 *   cluster: ceph, path: '/volumes/csi/shared', credentials, storage: Size.gibibytes(50),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 * });
 */
export class CephFsPersistentVolume extends StoragePersistentVolume {
  private readonly model: CephFsModel;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;
  private readonly volumeHandle?: string;

  constructor(scope: Construct, id: string, props: CephFsPersistentVolumeProps) {
    super(scope, id, props);
    this.model = cephFsModel(props);
    this.volumeHandle = props.volumeHandle;
    this.form = pluginForm(Plugin.CEPHFS, this.kubernetesVersion, this.model.implementation);
    this.secret = cephVolumeSecret(this.form, this.model.cluster, this.model.credentials);
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return {
      accessModes: [
        kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
        kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
        kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
      ],
      accessModesWhy: this.form.kind === 'csi'
        ? 'ceph-csi\'s ReadWriteOncePod support is alpha'
        : 'the in-tree cephfs plugin cannot enforce ReadWriteOncePod, a CSI feature',
      block: false,
      blockWhy: NO_BLOCK,
      mountOptions: true,
    };
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const spec = FieldPath.root('spec');
    const at = spec.child(this.form.kind === 'csi' ? 'csi' : 'cephfs');
    const out = pluginRules(Plugin.CEPHFS, this.kubernetesVersion, this.model.implementation, at);
    if (this.form.kind === 'in-tree') out.push(...inTreeRules(this.model, at));
    if (this.form.kind === 'csi') {
      out.push(...cephCsiVolumeRules(at, this.model.cluster, this.model.credentials, this.secret, this.reclaimPolicy, CEPHFS_CSI));
      out.push(...textRules(at.child('volumeAttributes').key('rootPath'), this.model.path), ...textRules(at.child('volumeAttributes').key('fsName'), this.model.fsName));
      out.push(...textRules(at.child('volumeHandle'), this.volumeHandle));
      if (this.volumeHandle === '') out.push(required(at.child('volumeHandle')));
    }
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    const m = this.model;
    if (this.form.kind !== 'csi') return { cephfs: renderInTree(m, this.secret, false) };
    const attributes: Record<string, string> = { clusterID: m.cluster.clusterId ?? '', staticVolume: 'true', rootPath: m.path ?? '/' };
    if (m.fsName !== undefined) attributes.fsName = m.fsName;
    return {
      csi: {
        driver: CEPHFS_CSI,
        volumeHandle: this.volumeHandle ?? this.name,
        readOnly: m.readOnly,
        nodeStageSecretRef: secretRefAt(this.secret, SecretRefSite.PERSISTENT_VOLUME),
        volumeAttributes: attributes,
      },
    };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly ?? false;
  }
}

/**
 * A CephFS directory for a workload: `container.mount(path, volume)` works at every target
 * version. Through 1.30 it is the seed's inline `cephfs` Pod volume; from 1.31 a static
 * `cephfs.csi.ceph.com` PersistentVolume (ReadWriteMany), a claim bound to it, and a Pod volume
 * from that claim.
 *
 * @example
 *
 * const shared = new CephFsVolume(chart, 'Shared', {
 *   cluster: ceph, credentials, storage: Size.gibibytes(50), readOnly: true,
 * });
 */
export class CephFsVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The PersistentVolume behind the Pod volume, where the target needs one (ceph-csi). */
  public readonly persistentVolume?: CephFsPersistentVolume;

  private readonly model: CephFsModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephFsVolumeProps) {
    super(scope, id);
    this.model = cephFsModel(props);
    this.pod = new PodStorage(this, {
      plugin: Plugin.CEPHFS, implementation: this.model.implementation, name: props.name, kubernetesVersion: props.kubernetesVersion,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    if (this.pod.needsPersistentVolume) {
      this.persistentVolume = new CephFsPersistentVolume(this, 'PersistentVolume', {
        ...props,
        kubernetesVersion: this.kubernetesVersion,
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      });
    } else if (this.pod.form.kind === 'in-tree') {
      this.secret = this.model.credentials?._secret(CephSecretUse.IN_TREE);
    }
    addRules(this, () => [
      ...this.pod.rules('cephfs'),
      ...(this.pod.form.kind === 'in-tree' ? inTreeRules(this.model, this.pod.root.child('cephfs')) : []),
    ]);
  }

  /** The Pod volume (created once): inline `cephfs`, or the claim of the ceph-csi PersistentVolume. */
  public asVolume(): kplus.Volume {
    const secret = this.secret ? { ...this.secret, field: 'cephfs.secretRef.name' } : undefined;
    return this.pod.asVolume('cephfs', () => renderInTree(this.model, this.secret, true), { secret }, this.persistentVolume, this.model.readOnly);
  }
}

/** Props for `CephFsStorageClass`. */
export interface CephFsStorageClassProps extends StorageClassOptions {
  /**
   * The Ceph cluster subvolumes are created in.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly cluster: CephCluster;

  /**
   * The CephFS filesystem new subvolumes go into.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly fsName: string;

  /**
   * The data pool of new subvolumes.
   *
   * @default - the filesystem's default data pool
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly pool?: string;

  /**
   * The credentials: the provisioner uses them as `adminID`/`adminKey`, the nodes as
   * `userID`/`userKey`. Required; file-based credentials cannot serve a provisioner.
   *
   * @default - none: an error, since provisioning needs a Secret
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly credentials?: CephCredentials;

  /**
   * More provisioner parameters, written as given (e.g. `mounter`, `kernelMountOptions`).
   *
   * @default - none
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly parameters?: { [key: string]: string };

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A StorageClass for dynamically provisioned CephFS subvolumes: ceph-csi's `cephfs.csi.ceph.com`
 * with `clusterID`, `fsName`, `pool` and the provisioner and controller-expand (admin) and
 * node-stage (user) Secret parameters. CephFS never had an in-tree provisioner.
 *
 * @example
 *
 * const shared = new CephFsStorageClass(chart, 'Shared', { cluster: ceph, fsName: 'cephfs', credentials });
 */
export class CephFsStorageClass extends StorageClass {
  constructor(scope: Construct, id: string, props: CephFsStorageClassProps) {
    const target = resolveTarget(scope, props.kubernetesVersion);
    props.cluster._useCsi();
    const admin = props.credentials?._secret(CephSecretUse.CSI_ADMIN);
    const user = props.credentials?._secret(CephSecretUse.CSI_USER);
    super(scope, id, {
      ...props,
      provisioner: CEPHFS_CSI,
      parameters: {
        clusterID: props.cluster.clusterId ?? '',
        fsName: props.fsName,
        ...(props.pool ? { pool: props.pool } : {}),
        ...csiSecretParameters('provisioner', admin),
        ...csiSecretParameters('controller-expand', admin),
        ...csiSecretParameters('node-stage', user),
        ...props.parameters,
      },
    });
    registerStorageObject(this, target);
    addRules(this, () => [
      ...cephCsiClassRules(props.cluster, props.credentials, [admin, user], CEPHFS_CSI),
      ...(props.fsName ? [] : [required(FieldPath.root('parameters').key('fsName'))]),
    ]);
  }
}
