import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, isCephCluster } from './cluster';
import { CephConsumer, cephCsiClassRules, cephCsiVolumeRules, cephVolumeSecret, classSecretRules, clusterShape, credentialRules, credentialsShape, fileCredentialsForbidden, stringParameters } from './consumer';
import { CephCredentials, CephSecretUse, isCephCredentials } from './credentials';
import {
  CephRbdEncryptionType, CephRbdNodeOptions, CephRbdTopologyPool, RBD_CLASS_KEYS, RBD_NODE_KEYS, RbdNodeModel, mapsWithNbd,
  rbdClassModel, rbdClassParameters, rbdClassRules, rbdClassShapes, rbdNodeAttributes, rbdNodeModel, rbdNodeRules, rbdNodeShapes,
} from './rbd-options';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { DataSourceFacts, isClaimDataSource } from '../core/objects/data-source';
import { StoragePersistentVolume, StoragePersistentVolumeProps, VolumeClaim } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { Plugin, PluginForm, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, forbidden, required, unsupported, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { textRules } from '../core/rules/manifest-text';
import {
  booleanShape, given, isPlainObject, isString, listOf, requiredStringShape, sizeShape, stringListShape, stringMapShape, stringShape,
} from '../core/rules/shapes';
import { StorageClass, StorageClassClaimOptions, StorageClassOptions, StorageClassProps } from '../generic/storage-class';

const RBD_CSI = 'rbd.csi.ceph.com';
const DEFAULT_FEATURES: readonly string[] = ['layering'];

/** The image features ceph-csi knows, and the feature each one needs (ceph-csi internal/rbd/rbd_util.go supportedFeatures). */
const IMAGE_FEATURES: Record<string, string | undefined> = {
  'layering': undefined,
  'exclusive-lock': undefined,
  'object-map': 'exclusive-lock',
  'fast-diff': 'object-map',
  'deep-flatten': undefined,
  'journaling': 'exclusive-lock',
};

/**
 * imageFeatures as ceph-csi checks them (validateImageFeatures): known features, each with the one
 * it needs, and journaling only with the rbd-nbd mounter. Elements of another type are reported by
 * the shape rule.
 */
function imageFeatureRules(at: FieldPath, features: unknown, nbd: boolean): Finding[] {
  const list = listOf(features as unknown[]).filter(isString);
  const out: Finding[] = [];
  for (const f of list) {
    if (!Object.prototype.hasOwnProperty.call(IMAGE_FEATURES, f)) out.push(unsupported(at, f, Object.keys(IMAGE_FEATURES)));
    const needs = IMAGE_FEATURES[f];
    if (needs && !list.includes(needs)) out.push(forbidden(at, `${f} needs ${needs}`));
    if (f === 'journaling' && !nbd) out.push(forbidden(at, 'journaling needs the rbd-nbd mounter: give mounter CephRbdMounter.RBD_NBD (ceph-csi maps with krbd by default)'));
  }
  return out;
}

/**
 * The image features as the CSI attribute and parameter write them: a list joined, anything else
 * as given; an empty list not at all. ceph-csi refuses an empty imageFeatures parameter
 * (internal/rbd/controllerserver.go parseVolCreateRequest, "empty imageFeatures parameter") and
 * reads a missing one as no features; the in-tree provisioner splits "" into one empty feature.
 */
function featuresText(features: unknown): unknown {
  if (!Array.isArray(features)) return features;
  return features.length === 0 ? undefined : features.join(',');
}

/** The fields of a Ceph RBD image, shared by the Pod volume and the PersistentVolume. */
export interface CephRbdSourceOptions extends CephRbdNodeOptions {
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
   * exclusive-lock and `mounter: CephRbdMounter.RBD_NBD`). An empty list writes no attribute. The
   * in-tree source ignores them.
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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `CephRbdPersistentVolume`. */
export interface CephRbdPersistentVolumeProps extends CephRbdSourceOptions, StoragePersistentVolumeProps {}

/**
 * The model: every default applied once. Values are kept as the caller gave them (a JavaScript
 * caller can pass anything); the shapes are checked before the rules read them.
 */
interface RbdModel extends CephConsumer {
  readonly image: unknown;
  readonly pool: unknown;
  readonly fsType: unknown;
  readonly readOnly: unknown;
  readonly imageFeatures: unknown;
  readonly node: RbdNodeModel;
  readonly implementation: VolumeImplementation;
}

function rbdModel(p: Partial<Record<keyof CephRbdSourceOptions, unknown>>): RbdModel {
  return {
    cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
    credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
    credentialsGiven: given(p.credentials),
    image: p.image ?? '',
    pool: p.pool ?? undefined,
    fsType: fsTypeOf(p.fsType),
    readOnly: p.readOnly ?? undefined,
    imageFeatures: Array.isArray(p.imageFeatures) ? [...p.imageFeatures] : p.imageFeatures ?? DEFAULT_FEATURES,
    node: rbdNodeModel(p),
    implementation: implementationOf(p.implementation),
  };
}

type Props = Partial<Record<keyof CephRbdVolumeProps | keyof CephRbdPersistentVolumeProps, unknown>>;
const propsOf = (props: unknown): Props => (isPlainObject(props) ? props : {});

/** Where the fields land: in-tree `<root>.rbd.<field>`; CSI `spec.csi.volumeHandle`, `spec.csi.volumeAttributes[<field>]`. */
interface Site {
  readonly source: FieldPath;
  readonly image: FieldPath;
  readonly pool: FieldPath;
  readonly imageFeatures: FieldPath;
  readonly cluster: FieldPath;
  readonly ref: FieldPath;
  /** Where a ceph-csi attribute lands: `volumeAttributes[<key>]`, or the prop's name in-tree (which ignores it). */
  readonly attr: (key: string) => FieldPath;
  readonly csi: boolean;
}

function site(root: FieldPath, form: PluginForm): Site {
  if (form.kind === 'csi') {
    const src = root.child('csi');
    const attrs = src.child('volumeAttributes');
    return {
      source: src,
      image: src.child('volumeHandle'),
      pool: attrs.key('pool'),
      imageFeatures: attrs.key('imageFeatures'),
      cluster: attrs.key('clusterID'),
      ref: src.child('nodeStageSecretRef'),
      attr: (key) => attrs.key(key),
      csi: true,
    };
  }
  const src = root.child('rbd');
  // the in-tree source has no image features: they are reported by the prop's name
  return {
    source: src,
    image: src.child('image'),
    pool: src.child('pool'),
    imageFeatures: FieldPath.root('imageFeatures'),
    cluster: src.child('monitors'),
    ref: src.child('secretRef'),
    attr: (key) => FieldPath.root(key),
    csi: false,
  };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
function rbdShapes(p: Partial<Record<keyof CephRbdSourceOptions, unknown>>, s: Site): FieldError[] {
  return [
    ...rbdNodeShapes(s.attr, p),
    ...clusterShape(s.cluster, p.cluster),
    ...credentialsShape(s.ref, p.credentials),
    ...requiredStringShape(s.image, p.image, 'a string, the image name', s.csi ? 'give the image: ceph-csi uses the image name as the volume handle' : undefined),
    ...stringShape(s.pool, p.pool),
    ...booleanShape(s.source.child('readOnly'), p.readOnly),
    ...stringListShape(s.imageFeatures, p.imageFeatures, 'a string, an image feature', 'a list of image features, such as ["layering"]'),
    ...implementationRules(s.source, p.implementation),
  ];
}

/** In-tree rules at `s.source` (`spec.rbd`, `volumes[name].rbd`): kube-apiserver's and the plugin's. */
function inTreeRules(m: RbdModel, s: Site): Finding[] {
  const out: Finding[] = [];
  const at = s.source;
  if (m.cluster && m.cluster.monitors.length === 0) out.push(required(at.child('monitors')));
  if (isString(m.image)) out.push(...textRules(s.image, m.image));
  if (isString(m.pool)) out.push(...textRules(s.pool, m.pool));
  out.push(...fsTypeRules(at.child('fsType'), m.fsType), ...radosNamespaceRules(at, m.cluster));
  if (m.credentials) {
    out.push(...credentialRules(m.credentials, m.cluster, { ref: s.ref, user: at.child('user'), file: { at: at.child('keyring'), kind: 'keyring' } }));
    if (m.credentials._kind.kind === 'secretFile') {
      out.push(forbidden(at, 'a secret file is a cephfs feature; rbd reads a Secret (CephCredentials.fromUserKey, fromSecret) or a keyring (fromKeyring)'));
    }
  }
  return out;
}

/** The in-tree plugin and provisioner have no RADOS namespace field: they would use the image of that name in the pool's default namespace. */
function radosNamespaceRules(at: FieldPath, cluster: CephCluster | undefined): Finding[] {
  if (!cluster || !isString(cluster.radosNamespace) || cluster.radosNamespace === '') return [];
  return [forbidden(at, `CephCluster ${JSON.stringify(cluster.node.path)} has radosNamespace ${JSON.stringify(cluster.radosNamespace)}, which only ceph-csi reaches: ` +
    'the in-tree rbd plugin maps images of the pool\'s default namespace; use implementation CSI')];
}

function csiRules(m: RbdModel, s: Site, secret: SecretRef | undefined, reclaim: unknown): Finding[] {
  const out: Finding[] = [...cephCsiVolumeRules(s.source, m, secret, reclaim, RBD_CSI)];
  if (isString(m.image)) out.push(...textRules(s.image, m.image));
  if (isString(m.pool)) out.push(...textRules(s.pool, m.pool));
  out.push(...fsTypeRules(s.source.child('fsType'), m.fsType), ...imageFeatureRules(s.imageFeatures, m.imageFeatures, mapsWithNbd(m.node)));
  out.push(...rbdNodeRules(s.attr, m.node));
  return out;
}

function renderInTree(m: RbdModel, secret: SecretRef | undefined, pod: boolean): k8s.RbdPersistentVolumeSource {
  const c = m.credentials;
  return {
    monitors: m.cluster?.monitors ?? [],
    image: m.image as string,
    pool: m.pool as string | undefined,
    user: c?.user,
    keyring: c?._kind.kind === 'keyring' ? c._path : undefined,
    secretRef: secretRefAt(secret, pod ? SecretRefSite.POD : SecretRefSite.PERSISTENT_VOLUME),
    fsType: m.fsType as string | undefined,
    readOnly: m.readOnly as boolean | undefined,
  };
}

function renderCsi(m: RbdModel, secret: SecretRef | undefined): k8s.CsiPersistentVolumeSource {
  const features = featuresText(m.imageFeatures);
  return {
    driver: RBD_CSI,
    volumeHandle: m.image as string,
    fsType: m.fsType as string | undefined,
    readOnly: m.readOnly as boolean | undefined,
    nodeStageSecretRef: secretRefAt(secret, SecretRefSite.PERSISTENT_VOLUME),
    volumeAttributes: {
      clusterID: m.cluster?.clusterId ?? '',
      pool: (m.pool ?? 'rbd') as string,
      staticVolume: 'true',
      ...(features !== undefined ? { imageFeatures: features as string } : {}),
      ...rbdNodeAttributes(m.node),
    },
  };
}

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const CSI_MODES_WHY = 'ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block)';
/*
 * A static volume may be ReadOnlyMany: ceph-csi's node server maps the image read-only on every
 * node and mounts it "ro" (internal/rbd/nodeserver.go stageTransaction, mountVolumeToStagePath).
 * Only provisioning refuses ReadOnlyMany without a content source (internal/util/validate.go
 * CheckReadOnlyManyIsSupported): see CephRbdStorageClass.createClaim.
 */
const CSI_FILESYSTEM: Capabilities = { accessModes: [RWO, RWOP, ROX], accessModesWhy: CSI_MODES_WHY, block: true, mountOptions: true };
const CSI_BLOCK: Capabilities = { ...CSI_FILESYSTEM, accessModes: [RWO, RWOP, ROX, RWX] };
const IN_TREE: Capabilities = {
  accessModes: [RWO, ROX],
  accessModesWhy: 'an RBD image is mapped read-write by one node at a time; use ReadOnlyMany to share it read-only',
  block: true,
  mountOptions: true,
};

/**
 * A Ceph RBD image as a PersistentVolume (a `StoragePersistentVolume`: `bind()`,
 * `reserve()`, `asVolume()`). Through Kubernetes 1.30 the in-tree `rbd` source (deprecated from
 * 1.28, with a warning); from 1.31 a static `rbd.csi.ceph.com` volume (`volumeHandle` = the image,
 * `clusterID`, `pool`, `staticVolume`, `imageFeatures`, the node options, the node-stage Secret,
 * Retain). Access modes: ReadWriteOnce and ReadOnlyMany in-tree; ReadWriteOnce, ReadWriteOncePod,
 * ReadOnlyMany (ceph-csi maps the image read-only) and ReadWriteMany for Block, with ceph-csi.
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
  private readonly site: Site;
  private readonly sourceShapes: FieldError[];

  constructor(scope: Construct, id: string, props: CephRbdPersistentVolumeProps) {
    super(scope, id, props);
    const p = propsOf(props);
    this.model = rbdModel(p);
    this.form = pluginForm(Plugin.RBD, this.kubernetesVersion, this.model.implementation);
    this.secret = cephVolumeSecret(this.form, this.model.cluster, this.model.credentials);
    this.site = site(FieldPath.root('spec'), this.form);
    this.sourceShapes = rbdShapes(p, this.site); // the props do not change: checked once
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    if (this.form.kind !== 'csi') return IN_TREE;
    return this.mode === kplus.PersistentVolumeMode.BLOCK ? CSI_BLOCK : CSI_FILESYSTEM;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const out = [...pluginRules(Plugin.RBD, this.kubernetesVersion, this.model.implementation, this.site.source), ...this.sourceShapes];
    // a removed form still writes the in-tree source: its rules apply to what is written
    out.push(...(this.form.kind === 'csi' ? csiRules(this.model, this.site, this.secret, this.reclaimPolicy) : inTreeRules(this.model, this.site)));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    return this.form.kind === 'csi' ? { csi: renderCsi(this.model, this.secret) } : { rbd: renderInTree(this.model, this.secret, false) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }
}

/**
 * A Ceph RBD image for a workload: `container.mount(path, volume)` works at every target version.
 * Through 1.30 it is the seed's inline `rbd` Pod volume (and the `kubernetes.io/rbd` Secret when
 * the library creates it); ceph-csi serves no inline volumes, so from 1.31 it is a static
 * `rbd.csi.ceph.com` PersistentVolume, a claim bound to it, and a Pod volume from that claim —
 * without a change to the code that uses it. A read-only volume's PersistentVolume and claim are
 * ReadOnlyMany (Pods on several nodes share the image), a writable one's ReadWriteOnce.
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
    const p = propsOf(props);
    this.model = rbdModel(p);
    this.pod = new PodStorage(this, {
      plugin: Plugin.RBD,
      implementation: this.model.implementation,
      name: p.name as string | undefined,
      kubernetesVersion: p.kubernetesVersion as KubernetesVersion | undefined,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    if (this.pod.needsPersistentVolume) {
      // the PersistentVolume carries the source, and checks every prop of it; a read-only image is
      // ReadOnlyMany, so that Pods on several nodes share it as the inline volume did
      this.persistentVolume = new CephRbdPersistentVolume(this, 'PersistentVolume', {
        ...p,
        kubernetesVersion: this.kubernetesVersion,
        accessModes: this.model.readOnly === true ? [ROX] : undefined,
      } as CephRbdPersistentVolumeProps);
      addRules(this, () => this.pod.rules('rbd'));
      return;
    }
    this.secret = this.model.credentials?._secret(CephSecretUse.IN_TREE);
    const s = site(this.pod.root, this.pod.form);
    const shapes = [...rbdShapes(p, s), ...sizeShape(FieldPath.root('storage'), p.storage)]; // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('rbd'), ...shapes, ...inTreeRules(this.model, s)]);
  }

  /** The Pod volume (created once): inline `rbd`, or the claim of the ceph-csi PersistentVolume. */
  public asVolume(): kplus.Volume {
    const secret = this.secret ? { ...this.secret, field: 'rbd.secretRef.name' } : undefined;
    return this.pod.asVolume('rbd', () => renderInTree(this.model, this.secret, true), { secret }, this.persistentVolume, this.model.readOnly === true);
  }
}

/** Props for `CephRbdStorageClass`. */
export interface CephRbdStorageClassProps extends StorageClassOptions, CephRbdNodeOptions {
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
   * Features of new images (in-tree: `layering` only; ceph-csi: `journaling` only with
   * `mounter: CephRbdMounter.RBD_NBD`). An empty list writes no parameter: images without features.
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
   * Whether ceph-csi encrypts new volumes (`encrypted`). Without `encryptionKMSID` the passphrase
   * comes from the Secret: give `encryptionPassphrase` to `CephCredentials.fromUserKey` (an existing
   * Secret must hold it). ceph-csi only.
   *
   * @default false
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/deploy-rbd.md#encryption-for-rbd-volumes
   */
  readonly encrypted?: boolean;

  /**
   * How ceph-csi encrypts (`encryptionType`); only with `encrypted: true`.
   *
   * @default CephRbdEncryptionType.BLOCK
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly encryptionType?: CephRbdEncryptionType;

  /**
   * The id of a KMS in ceph-csi's KMS configuration (`encryptionKMSID`); only with `encrypted: true`.
   *
   * @default - ceph-csi's default KMS: the Secret's `encryptionPassphrase`
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/kms/vault/kms-config.yaml
   */
  readonly encryptionKMSID?: string;

  /**
   * Pools by topology (`topologyConstrainedPools`): ceph-csi creates each image in the pool whose
   * domains match the node the Pod is scheduled to. Needs `volumeBindingMode:
   * VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER`, and the node plugin's `--domainlabels`. An empty
   * list writes no parameter.
   *
   * @default - none: every image in `pool`
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/design/proposals/topology.md
   */
  readonly topologyConstrainedPools?: CephRbdTopologyPool[];

  /**
   * More provisioner parameters, written as given, after the library's (e.g. `dataPool`,
   * `mkfsOptions`, `cephLogStrategy`).
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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

const PARAMS = FieldPath.root('parameters');
const paramAt = (key: string) => PARAMS.key(key);
const IN_TREE_PROVISIONER_WARNING = 'the in-tree kubernetes.io/rbd provisioner runs the rbd command inside kube-controller-manager, which the stock ' +
  'kube-controller-manager images do not have: claims stay Pending unless the control plane\'s image carries ceph-common; ceph-csi (implementation CSI) has no such need';

/**
 * A StorageClass for dynamically provisioned Ceph RBD images: ceph-csi's `rbd.csi.ceph.com` with
 * `clusterID`, `pool`, `imageFeatures`, `csi.storage.k8s.io/fstype`, the node options (`mounter`,
 * `mapOptions`, …), encryption, topology-constrained pools and the provisioner, node-stage and
 * controller-expand Secret parameters; or the in-tree `kubernetes.io/rbd` provisioner
 * (`monitors`, `adminId`, `adminSecretName`, … ) where it still works, with a warning.
 *
 * @example
 *
 * const fast = new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, pool: 'kube', credentials });
 * const claim = fast.createClaim(chart, 'Data', { storage: Size.gibibytes(20) });
 */
export class CephRbdStorageClass extends StorageClass {
  private readonly inTreeCluster?: CephCluster;
  private readonly csi: boolean;
  private readonly csiConsumer?: CephConsumer;
  private readonly csiSecret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephRbdStorageClassProps) {
    // a JavaScript or Python caller can pass anything: only strings are written into parameters
    const p: Partial<Record<keyof CephRbdStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
    const target = resolveTarget(scope, p.kubernetesVersion as KubernetesVersion | undefined);
    const impl = given(p.implementation) ? implementationOf(p.implementation) : VolumeImplementation.CSI;
    const form = pluginForm(Plugin.RBD, target.version, impl);
    const csi = form.kind === 'csi';
    const m: CephConsumer = {
      cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
      credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
      credentialsGiven: given(p.credentials),
    };
    const node = rbdNodeModel(p);
    const options = rbdClassModel(p);
    const features = Array.isArray(p.imageFeatures) ? [...p.imageFeatures] : p.imageFeatures ?? DEFAULT_FEATURES;
    const featuresParam = featuresText(features);
    const pool = p.pool ?? 'rbd';
    const fsType = fsTypeOf(p.fsType);
    const fsTypeKey = csi ? 'csi.storage.k8s.io/fstype' : 'fsType';
    const user = stringParameters(p.parameters);
    const poolParam: Record<string, string> = isString(pool) ? { pool } : {};
    const featuresParams: Record<string, string> = isString(featuresParam) ? { imageFeatures: featuresParam } : {};
    const fsTypeParam: Record<string, string> = isString(fsType) && fsType !== '' ? { [fsTypeKey]: fsType } : {};
    let parameters: Record<string, string>;
    let secrets: Array<SecretRef | undefined>;
    if (csi) {
      m.cluster?._useCsi(true);
      const secret = m.credentials?._secret(CephSecretUse.CSI_USER);
      secrets = [secret];
      parameters = {
        clusterID: m.cluster?.clusterId ?? '',
        ...poolParam,
        ...featuresParams,
        ...fsTypeParam,
        ...rbdNodeAttributes(node),
        ...rbdClassParameters(options),
        ...csiSecretParameters('provisioner', secret),
        ...csiSecretParameters('controller-expand', secret),
        ...csiSecretParameters('node-stage', secret),
      };
    } else {
      const secret = m.credentials?._secret(CephSecretUse.IN_TREE);
      const creds = m.credentials;
      secrets = [secret];
      parameters = {
        ...poolParam,
        imageFormat: '2',
        ...featuresParams,
        ...(creds?.user ? { adminId: creds.user, userId: creds.user } : {}),
        ...(secret ? { adminSecretName: secret.name, userSecretName: secret.name } : {}),
        ...(secret?.namespace ? { adminSecretNamespace: secret.namespace, userSecretNamespace: secret.namespace } : {}),
        ...fsTypeParam,
      };
    }
    super(scope, id, { ...p, provisioner: csi ? RBD_CSI : 'kubernetes.io/rbd', parameters: { ...parameters, ...user } } as StorageClassProps);
    this.csi = csi;
    this.inTreeCluster = csi ? undefined : m.cluster;
    this.csiConsumer = csi ? m : undefined;
    this.csiSecret = csi ? secrets[0] : undefined;
    registerStorageObject(this, target);
    const shapes: Finding[] = [ // the props do not change: checked once
      ...clusterShape(PARAMS.key(csi ? 'clusterID' : 'monitors'), p.cluster),
      ...credentialsShape(PARAMS.key(csi ? 'csi.storage.k8s.io/provisioner-secret-name' : 'adminSecretName'), p.credentials),
      ...stringShape(PARAMS.key('pool'), p.pool),
      ...stringListShape(PARAMS.key('imageFeatures'), p.imageFeatures, 'a string, an image feature', 'a list of image features, such as ["layering"]'),
      ...fsTypeRules(PARAMS.key(fsTypeKey), fsType),
      ...rbdNodeShapes(paramAt, p),
      ...rbdClassShapes(paramAt, p),
      ...stringMapShape(PARAMS, p.parameters),
      ...implementationRules(FieldPath.root('provisioner'), p.implementation),
    ];
    const nbd = mapsWithNbd(node, user.mounter);
    const bindingMode = this.volumeBindingMode;
    addRules(this, () => {
      const out: Finding[] = [...pluginRules(Plugin.RBD, target.version, impl, FieldPath.root('provisioner')), ...shapes];
      if (csi) {
        out.push(...cephCsiClassRules(m, secrets, RBD_CSI), ...imageFeatureRules(PARAMS.key('imageFeatures'), features, nbd));
        out.push(...rbdNodeRules(paramAt, node));
        out.push(...rbdClassRules(options, { at: paramAt, bindingMode, passphrase: m.credentials?._encryptionPassphrase }));
        return out;
      }
      if (form.kind === 'in-tree') out.push(warning(FieldPath.root('provisioner'), IN_TREE_PROVISIONER_WARNING));
      // the in-tree provisioner refuses parameters it does not know (pkg/volume/rbd/rbd.go Provision, "invalid option")
      for (const key of [...RBD_NODE_KEYS, ...RBD_CLASS_KEYS]) {
        if (given(p[key])) out.push(forbidden(PARAMS.key(key), `${key} is a ceph-csi parameter, which the in-tree kubernetes.io/rbd provisioner refuses: use implementation CSI`));
      }
      const at = PARAMS.key('adminSecretName');
      if (m.cluster && m.cluster.monitors.length === 0) out.push(required(PARAMS.key('monitors')));
      out.push(...radosNamespaceRules(FieldPath.root('provisioner'), m.cluster));
      if (!m.credentialsGiven) out.push(required(at, 'the in-tree provisioner creates images with an admin Secret of type kubernetes.io/rbd: give credentials'));
      if (m.credentials) {
        out.push(...fileCredentialsForbidden(at, m.credentials, 'the in-tree provisioner reads a Secret, not a file: use CephCredentials.fromUserKey or fromSecret'));
        out.push(...credentialRules(m.credentials, m.cluster, { ref: at, user: PARAMS.key('adminId') }, false));
        out.push(...classSecretRules(m.credentials, 'adminSecretName', 'adminSecretNamespace'));
      }
      // the in-tree provisioner knows layering only (an empty list writes no parameter)
      listOf(features as unknown[]).filter(isString).forEach((f) => f !== 'layering' && out.push(unsupported(PARAMS.key('imageFeatures'), f, ['layering'])));
      return out;
    });
  }

  /**
   * A claim of this class. With ceph-csi it may not be ReadOnlyMany, which ceph-csi provisions only
   * as a clone (internal/util/validate.go CheckReadOnlyManyIsSupported: "readOnly accessMode is
   * supported only with content source": a claim restored from a snapshot or cloned may be), nor ReadWriteMany unless its volumeMode is Block
   * (internal/rbd/controllerserver.go parseVolCreateRequest).
   */
  public createClaim(scope: Construct, id: string, options: StorageClassClaimOptions): VolumeClaim {
    const claim = super.createClaim(scope, id, options);
    if (!this.csi) return claim;
    const o: Partial<Record<keyof StorageClassClaimOptions, unknown>> = isPlainObject(options) ? options : {};
    const modes = listOf(o.accessModes as unknown[]);
    const block = o.volumeMode === kplus.PersistentVolumeMode.BLOCK;
    const fromContent = isClaimDataSource(o.dataSource);
    addRules(claim, () => modes.flatMap((mode, i) => {
      const at = FieldPath.root('spec', 'accessModes').index(i);
      if (mode === ROX && !fromContent) return [unsupported(at, mode, [RWO, RWOP, RWX], 'rbd.csi.ceph.com provisions ReadOnlyMany only as a clone of a snapshot or volume; use a static CephRbdPersistentVolume')];
      if (mode === RWX && !block) return [unsupported(at, mode, [RWO, RWOP], 'rbd.csi.ceph.com provisions ReadWriteMany only for volumeMode Block')];
      return [];
    }));
    return claim;
  }

  /**
   * @internal ceph-csi's RBD driver takes snapshots and clones (internal/rbd/driver/driver.go:
   * CREATE_DELETE_SNAPSHOT, CLONE_VOLUME); its VolumeSnapshotClass names the cluster and the
   * snapshotter Secret, the user pair it snapshots with (internal/rbd/controllerserver.go
   * CreateSnapshot, NewUserCredentials; examples/rbd/snapshotclass.yaml).
   */
  public _dataSourceFacts(): DataSourceFacts | undefined {
    if (!this.csi) return super._dataSourceFacts();
    return {
      driver: RBD_CSI,
      snapshots: true,
      clones: true,
      snapshotParameters: {
        clusterID: this.csiConsumer?.cluster?.clusterId ?? '',
        ...csiSecretParameters('snapshotter', this.csiSecret),
      },
    };
  }

  /** @internal The in-tree provisioner's monitors, read at synth (monitors may be added later). */
  protected _computedParameters(): Record<string, string> {
    return this.inTreeCluster ? { monitors: this.inTreeCluster.monitors.join(',') } : {};
  }
}
