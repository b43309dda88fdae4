import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CephCluster, CephCredentials, CephSecretUse, cephCsiClassRules, cephCsiVolumeRules, cephVolumeSecret, clusterMismatch,
  fileCredentialsForbidden,
} from './ceph-cluster';
import { Capabilities } from './core/access';
import { registerStorageObject } from './core/app-checks';
import { csiSecretParameters } from './core/csi-parameters';
import { Finding, forbidden, required, unsupported } from './core/errors';
import { FieldPath } from './core/field-path';
import { FsType, fsTypeRules } from './core/fs-type';
import { textRules } from './core/manifest-text';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { SecretRef, SecretRefSite, secretRefAt } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion, resolveTarget } from './core/version';
import { StorageClass, StorageClassOptions } from './storage-class';

const RBD_CSI = 'rbd.csi.ceph.com';
/** The image features ceph-csi knows, and the feature each one needs (ceph-csi internal/rbd/rbd_util.go). */
const IMAGE_FEATURES: Record<string, string | undefined> = {
  'layering': undefined,
  'exclusive-lock': undefined,
  'object-map': 'exclusive-lock',
  'fast-diff': 'object-map',
  'deep-flatten': undefined,
  'journaling': 'exclusive-lock',
};

/** imageFeatures as ceph-csi checks them: known features, each with the one it needs. */
function imageFeatureRules(at: FieldPath, features: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const f of features) {
    if (!(f in IMAGE_FEATURES)) out.push(unsupported(at, f, Object.keys(IMAGE_FEATURES)));
    const needs = IMAGE_FEATURES[f];
    if (needs && !features.includes(needs)) out.push(forbidden(at, `${f} needs ${needs}`));
  }
  return out;
}

/** The fields of a Ceph RBD image, shared by the Pod volume and the PersistentVolume. */
export interface CephRbdSourceOptions {
  /**
   * The Ceph cluster; its monitors go into the in-tree source, its cluster id into the CSI one.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly cluster: CephCluster;

  /**
   * The RBD image's name. With ceph-csi it is also the volume handle.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly image: string;

  /**
   * The RADOS pool of the image.
   *
   * @default - "rbd"
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly pool?: string;

  /**
   * The credentials: a Secret (`kubernetes.io/rbd` with `key` in-tree; `userID`/`userKey` for
   * ceph-csi, which requires them), or a keyring file on the nodes (in-tree only).
   *
   * @default - none; in-tree, the plugin's keyring /etc/ceph/keyring of user admin
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly credentials?: CephCredentials;

  /**
   * The filesystem on the image.
   *
   * @default - none written; ext4
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly fsType?: FsType;

  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly readOnly?: boolean;

  /**
   * The image features ceph-csi maps the image with: `layering`, `exclusive-lock`, `object-map`
   * (needs exclusive-lock), `fast-diff` (needs object-map), `deep-flatten`, `journaling` (needs
   * exclusive-lock).
   *
   * @default ["layering"]
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly imageFeatures?: string[];

  /**
   * In-tree `rbd` source, or the `rbd.csi.ceph.com` driver. AUTO follows the target version:
   * in-tree through 1.30, ceph-csi from 1.31.
   *
   * @default VolumeImplementation.AUTO
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi-migration
   */
  readonly implementation?: VolumeImplementation;
}

/** Props for `CephRbdVolume`. */
export interface CephRbdVolumeProps extends CephRbdSourceOptions {
  /**
   * The image's size. The in-tree Pod volume does not need it; from Kubernetes 1.31 the volume is a
   * ceph-csi PersistentVolume, whose capacity it is, so the same code works on both sides.
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
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `CephRbdPersistentVolume`. */
export interface CephRbdPersistentVolumeProps extends CephRbdSourceOptions, StoragePersistentVolumeProps {}

interface RbdModel {
  readonly cluster: CephCluster;
  readonly image: string;
  readonly pool?: string;
  readonly credentials?: CephCredentials;
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly imageFeatures: readonly string[];
  readonly implementation: VolumeImplementation;
}

function rbdModel(p: CephRbdSourceOptions): RbdModel {
  return {
    cluster: p.cluster,
    image: p.image ?? '',
    pool: p.pool,
    credentials: p.credentials,
    fsType: p.fsType?.name,
    readOnly: p.readOnly,
    imageFeatures: [...p.imageFeatures ?? ['layering']],
    implementation: p.implementation ?? VolumeImplementation.AUTO,
  };
}

/** In-tree rules at `at` (`spec.rbd`, `volumes[name].rbd`): kube-apiserver's and the plugin's. */
function inTreeRules(m: RbdModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  if (m.cluster.monitors.length === 0) out.push(required(at.child('monitors')));
  if (!m.image) out.push(required(at.child('image')));
  out.push(...textRules(at.child('image'), m.image), ...textRules(at.child('pool'), m.pool), ...fsTypeRules(at.child('fsType'), m.fsType));
  const ref = at.child('secretRef');
  if (m.credentials) {
    out.push(...m.credentials._referenceRules(ref), ...clusterMismatch(ref, m.credentials, m.cluster));
    if (m.credentials._kind.kind === 'secretFile') {
      out.push(forbidden(at, 'a secret file is a cephfs feature; rbd reads a Secret (CephCredentials.fromUserKey, fromSecret) or a keyring (fromKeyring)'));
    }
  }
  return out;
}

function csiRules(m: RbdModel, at: FieldPath, secret: SecretRef | undefined, reclaim: kplus.PersistentVolumeReclaimPolicy): Finding[] {
  const out: Finding[] = [...cephCsiVolumeRules(at, m.cluster, m.credentials, secret, reclaim, RBD_CSI)];
  if (!m.image) out.push(required(at.child('volumeHandle'), 'give the image: ceph-csi uses the image name as the volume handle'));
  out.push(...textRules(at.child('volumeHandle'), m.image), ...textRules(at.child('volumeAttributes').key('pool'), m.pool), ...fsTypeRules(at.child('fsType'), m.fsType));
  out.push(...imageFeatureRules(at.child('volumeAttributes').key('imageFeatures'), m.imageFeatures));
  return out;
}

function renderInTree(m: RbdModel, secret: SecretRef | undefined, pod: boolean): k8s.RbdPersistentVolumeSource {
  const k = m.credentials?._kind;
  return {
    monitors: m.cluster.monitors,
    image: m.image,
    pool: m.pool,
    user: m.credentials?.user,
    keyring: k?.kind === 'keyring' ? k.path : undefined,
    secretRef: secretRefAt(secret, pod ? SecretRefSite.POD : SecretRefSite.PERSISTENT_VOLUME),
    fsType: m.fsType,
    readOnly: m.readOnly,
  };
}

function renderCsi(m: RbdModel, secret: SecretRef | undefined): k8s.CsiPersistentVolumeSource {
  return {
    driver: RBD_CSI,
    volumeHandle: m.image,
    fsType: m.fsType,
    readOnly: m.readOnly,
    nodeStageSecretRef: secretRefAt(secret, SecretRefSite.PERSISTENT_VOLUME),
    volumeAttributes: {
      clusterID: m.cluster.clusterId ?? '',
      pool: m.pool ?? 'rbd',
      staticVolume: 'true',
      imageFeatures: m.imageFeatures.join(','),
    },
  };
}

/**
 * A Ceph RBD image as a PersistentVolume (a `StoragePersistentVolume`: `bind()`,
 * `reserve()`, `asVolume()`). Through Kubernetes 1.30 the in-tree `rbd` source (deprecated from
 * 1.28, with a warning); from 1.31 a static `rbd.csi.ceph.com` volume (`volumeHandle` = the image,
 * `clusterID`, `pool`, `staticVolume`, `imageFeatures`, the node-stage Secret, Retain). Access modes:
 * ReadWriteOnce and ReadOnlyMany in-tree; ReadWriteOnce, and ReadWriteMany for Block, with ceph-csi.
 *
 * @example
 *
 * const pv = new CephRbdPersistentVolume(chart, 'Data', {
 *   cluster: ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10), credentials,
 * });
 */
export class CephRbdPersistentVolume extends StoragePersistentVolume {
  private readonly model: RbdModel;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephRbdPersistentVolumeProps) {
    super(scope, id, props);
    this.model = rbdModel(props);
    this.form = pluginForm(Plugin.RBD, this.kubernetesVersion, this.model.implementation);
    this.secret = cephVolumeSecret(this.form, this.model.cluster, this.model.credentials);
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
    if (this.form.kind === 'csi') {
      const block = this.mode === kplus.PersistentVolumeMode.BLOCK;
      return {
        accessModes: block ? [RWO, kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] : [RWO],
        accessModesWhy: 'ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block), and ReadOnlyMany only from snapshots',
        block: true,
        mountOptions: true,
      };
    }
    return {
      accessModes: [RWO, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      accessModesWhy: 'an RBD image is mapped read-write by one node at a time; use ReadOnlyMany to share it read-only',
      block: true,
      mountOptions: true,
    };
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const spec = FieldPath.root('spec');
    const at = spec.child(this.form.kind === 'csi' ? 'csi' : 'rbd');
    const out = pluginRules(Plugin.RBD, this.kubernetesVersion, this.model.implementation, at);
    if (this.form.kind === 'csi') out.push(...csiRules(this.model, at, this.secret, this.reclaimPolicy));
    else if (this.form.kind === 'in-tree') out.push(...inTreeRules(this.model, at));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    return this.form.kind === 'csi' ? { csi: renderCsi(this.model, this.secret) } : { rbd: renderInTree(this.model, this.secret, false) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly ?? false;
  }
}

/**
 * A Ceph RBD image for a workload: `container.mount(path, volume)` works at every target version.
 * Through 1.30 it is the seed's inline `rbd` Pod volume (and the `kubernetes.io/rbd` Secret when
 * the library creates it); ceph-csi serves no inline volumes, so from 1.31 it is a static
 * `rbd.csi.ceph.com` PersistentVolume, a claim bound to it, and a Pod volume from that claim —
 * without a change to the code that uses it.
 *
 * @example
 *
 * const data = new CephRbdVolume(chart, 'Data', {
 *   cluster: ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10),
 *   credentials, fsType: FsType.EXT4, readOnly: true,
 * });
 * deployment.containers[0].mount('/var/lib/postgresql', data);
 */
export class CephRbdVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The PersistentVolume behind the Pod volume, where the target needs one (ceph-csi). */
  public readonly persistentVolume?: CephRbdPersistentVolume;

  private readonly model: RbdModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephRbdVolumeProps) {
    super(scope, id);
    this.model = rbdModel(props);
    this.pod = new PodStorage(this, {
      plugin: Plugin.RBD, implementation: this.model.implementation, name: props.name, kubernetesVersion: props.kubernetesVersion,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    if (this.pod.needsPersistentVolume) {
      this.persistentVolume = new CephRbdPersistentVolume(this, 'PersistentVolume', { ...props, kubernetesVersion: this.kubernetesVersion });
    } else if (this.pod.form.kind === 'in-tree') {
      this.secret = this.model.credentials?._secret(CephSecretUse.IN_TREE);
    }
    addRules(this, () => [
      ...this.pod.rules('rbd'),
      ...(this.pod.form.kind === 'in-tree' ? inTreeRules(this.model, this.pod.root.child('rbd')) : []),
    ]);
  }

  /** The Pod volume (created once): inline `rbd`, or the claim of the ceph-csi PersistentVolume. */
  public asVolume(): kplus.Volume {
    const secret = this.secret ? { ...this.secret, field: 'rbd.secretRef.name' } : undefined;
    return this.pod.asVolume('rbd', () => renderInTree(this.model, this.secret, true), { secret }, this.persistentVolume, this.model.readOnly);
  }
}

/** Props for `CephRbdStorageClass`. */
export interface CephRbdStorageClassProps extends StorageClassOptions {
  /**
   * The Ceph cluster images are created in.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly cluster: CephCluster;

  /**
   * The RADOS pool new images go into.
   *
   * @default "rbd"
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly pool?: string;

  /**
   * The credentials the provisioner and the nodes use: a user allowed to create images in the pool.
   * Required; file-based credentials cannot serve a provisioner.
   *
   * @default - none: an error, since provisioning needs a Secret
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly credentials?: CephCredentials;

  /**
   * Features of new images (in-tree: `layering` only).
   *
   * @default ["layering"]
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly imageFeatures?: string[];

  /**
   * The filesystem new volumes are formatted with.
   *
   * @default - the provisioner's default, ext4
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly fsType?: FsType;

  /**
   * More provisioner parameters, written as given (e.g. `mounter`, `mapOptions`, `encrypted`).
   *
   * @default - none
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly parameters?: { [key: string]: string };

  /**
   * ceph-csi's `rbd.csi.ceph.com` provisioner, or the in-tree `kubernetes.io/rbd` (through 1.30).
   * CSI is the default at every version: volumes it provisions keep working past 1.30, and a
   * StorageClass's provisioner cannot change later.
   *
   * @default VolumeImplementation.CSI
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi-migration
   */
  readonly implementation?: VolumeImplementation;

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A StorageClass for dynamically provisioned Ceph RBD images: ceph-csi's `rbd.csi.ceph.com` with
 * `clusterID`, `pool`, `imageFeatures`, `csi.storage.k8s.io/fstype` and the provisioner, node-stage and
 * controller-expand Secret parameters; or the in-tree `kubernetes.io/rbd` provisioner (`monitors`,
 * `adminId`, `adminSecretName`, … ) where it still works.
 *
 * @example
 *
 * const fast = new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, pool: 'kube', credentials });
 * const claim = fast.createClaim(chart, 'Data', { storage: Size.gibibytes(20) });
 */
export class CephRbdStorageClass extends StorageClass {
  private readonly inTreeCluster?: CephCluster;

  constructor(scope: Construct, id: string, props: CephRbdStorageClassProps) {
    const target = resolveTarget(scope, props.kubernetesVersion);
    const impl = props.implementation ?? VolumeImplementation.CSI;
    const form = pluginForm(Plugin.RBD, target.version, impl);
    const features = [...props.imageFeatures ?? ['layering']];
    const creds = props.credentials;
    let provisioner: string;
    let parameters: Record<string, string>;
    let secrets: Array<SecretRef | undefined>;
    if (form.kind === 'csi') {
      props.cluster._useCsi();
      const secret = creds?._secret(CephSecretUse.CSI_USER);
      secrets = [secret];
      provisioner = RBD_CSI;
      parameters = {
        clusterID: props.cluster.clusterId ?? '',
        pool: props.pool ?? 'rbd',
        imageFeatures: features.join(','),
        ...(props.fsType ? { 'csi.storage.k8s.io/fstype': props.fsType.name } : {}),
        ...csiSecretParameters('provisioner', secret),
        ...csiSecretParameters('controller-expand', secret),
        ...csiSecretParameters('node-stage', secret),
      };
    } else {
      const secret = creds?._secret(CephSecretUse.IN_TREE);
      secrets = [secret];
      provisioner = 'kubernetes.io/rbd';
      parameters = {
        pool: props.pool ?? 'rbd',
        imageFormat: '2',
        imageFeatures: features.join(','),
        ...(creds?.user ? { adminId: creds.user, userId: creds.user } : {}),
        ...(secret ? { adminSecretName: secret.name, userSecretName: secret.name } : {}),
        ...(secret?.namespace ? { adminSecretNamespace: secret.namespace, userSecretNamespace: secret.namespace } : {}),
        ...(props.fsType ? { fsType: props.fsType.name } : {}),
      };
    }
    super(scope, id, { ...props, provisioner, parameters: { ...parameters, ...props.parameters } });
    this.inTreeCluster = form.kind === 'csi' ? undefined : props.cluster;
    registerStorageObject(this, target);
    addRules(this, () => {
      const at = FieldPath.root('parameters');
      const out: Finding[] = [...pluginRules(Plugin.RBD, target.version, impl, FieldPath.root('provisioner'))];
      if (form.kind === 'csi') {
        out.push(...cephCsiClassRules(props.cluster, creds, secrets, RBD_CSI), ...imageFeatureRules(at.key('imageFeatures'), features));
      } else if (form.kind === 'in-tree') {
        if (props.cluster.monitors.length === 0) out.push(required(at.key('monitors')));
        if (!creds) out.push(required(at.key('adminSecretName'), 'the in-tree provisioner creates images with an admin Secret of type kubernetes.io/rbd: give credentials'));
        out.push(...fileCredentialsForbidden(at.key('adminSecretName'), creds, 'the in-tree provisioner reads a Secret, not a file: use CephCredentials.fromUserKey or fromSecret'));
        if (creds) out.push(...creds._referenceRules(at.key('adminSecretName')), ...clusterMismatch(at.key('adminSecretName'), creds, props.cluster));
        features.forEach((f) => {
          if (f !== 'layering') out.push(unsupported(at.key('imageFeatures'), f, ['layering']));
        });
      }
      return out;
    });
  }

  /** @internal The in-tree provisioner's monitors, read at synth (monitors may be added later). */
  protected _computedParameters(): Record<string, string> {
    return this.inTreeCluster ? { monitors: this.inTreeCluster.monitors.join(',') } : {};
  }
}
