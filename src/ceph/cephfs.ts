import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, isCephCluster } from './cluster';
import { CephConsumer, cephCsiClassRules, cephCsiVolumeRules, cephVolumeSecret, clusterShape, credentialRules, credentialsShape, joinedOptions, optionListRules, stringParameters } from './consumer';
import { CephCredentials, CephSecretUse, isCephCredentials } from './credentials';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { DataSourceFacts } from '../core/objects/data-source';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { Plugin, PluginForm, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, forbidden, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import {
  booleanShape, given, isPlainObject, isString, oneOfShape, requiredStringShape, sizeShape, stringListShape, stringMapShape, stringShape,
} from '../core/rules/shapes';
import { StorageClass, StorageClassOptions, StorageClassProps } from '../generic/storage-class';

const CEPHFS_CSI = 'cephfs.csi.ceph.com';

/** How ceph-csi mounts a CephFS volume on the node (internal/cephfs/store/volumeoptions.go validateMounter). */
export enum CephFsMounter {
  /** The kernel client, `mount -t ceph`. */
  KERNEL = 'kernel',
  /** `ceph-fuse`. */
  FUSE = 'fuse',
}
const MOUNTERS = Object.values(CephFsMounter) as string[];

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
   * How ceph-csi mounts the volume (`mounter`). The in-tree source ignores it.
   *
   * @default - ceph-csi's choice: the kernel client where the node has it, else ceph-fuse
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly mounter?: CephFsMounter;

  /**
   * Options of the kernel client's mount (`kernelMountOptions`, see `man mount.ceph`), e.g.
   * `["readdir_max_bytes=1048576", "norbytes"]`; each one option. The in-tree source ignores them.
   *
   * @default - ceph-csi's: those of its configuration entry or its command line
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly kernelMountOptions?: string[];

  /**
   * Options of `ceph-fuse` (`fuseMountOptions`), each one option. The in-tree source ignores them.
   *
   * @default - ceph-csi's: those of its configuration entry or its command line
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly fuseMountOptions?: string[];

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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
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

/**
 * The model: every default applied once. Values are kept as the caller gave them (a JavaScript
 * caller can pass anything); the shapes are checked before the rules read them.
 */
interface CephFsModel extends CephConsumer {
  readonly path: unknown;
  readonly readOnly: unknown;
  readonly fsName: unknown;
  readonly mounter: unknown;
  readonly kernelMountOptions: unknown;
  readonly fuseMountOptions: unknown;
  readonly implementation: VolumeImplementation;
}

type Props = Partial<Record<keyof CephFsVolumeProps | keyof CephFsPersistentVolumeProps, unknown>>;
const propsOf = (props: unknown): Props => (isPlainObject(props) ? props : {});

function cephFsModel(p: Props): CephFsModel {
  return {
    cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
    credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
    credentialsGiven: given(p.credentials),
    path: p.path ?? undefined,
    readOnly: p.readOnly ?? undefined,
    fsName: p.fsName ?? undefined,
    mounter: p.mounter ?? undefined,
    kernelMountOptions: Array.isArray(p.kernelMountOptions) ? [...p.kernelMountOptions] : p.kernelMountOptions ?? undefined,
    fuseMountOptions: Array.isArray(p.fuseMountOptions) ? [...p.fuseMountOptions] : p.fuseMountOptions ?? undefined,
    implementation: implementationOf(p.implementation),
  };
}

/** Where the fields land: in-tree `<root>.cephfs.<field>`; CSI `spec.csi.volumeAttributes[<field>]`. */
interface Site {
  readonly source: FieldPath;
  readonly path: FieldPath;
  readonly fsName: FieldPath;
  readonly mounter: FieldPath;
  readonly kernelMountOptions: FieldPath;
  readonly fuseMountOptions: FieldPath;
  readonly cluster: FieldPath;
  readonly ref: FieldPath;
}

function site(root: FieldPath, form: PluginForm): Site {
  if (form.kind === 'csi') {
    const src = root.child('csi');
    const attrs = src.child('volumeAttributes');
    return {
      source: src,
      path: attrs.key('rootPath'),
      fsName: attrs.key('fsName'),
      cluster: attrs.key('clusterID'),
      ref: src.child('nodeStageSecretRef'),
      mounter: attrs.key('mounter'),
      kernelMountOptions: attrs.key('kernelMountOptions'),
      fuseMountOptions: attrs.key('fuseMountOptions'),
    };
  }
  const src = root.child('cephfs');
  // the in-tree source has no filesystem name and no mounter options: they are reported by the prop's name
  return {
    source: src,
    path: src.child('path'),
    fsName: FieldPath.root('fsName'),
    cluster: src.child('monitors'),
    ref: src.child('secretRef'),
    mounter: FieldPath.root('mounter'),
    kernelMountOptions: FieldPath.root('kernelMountOptions'),
    fuseMountOptions: FieldPath.root('fuseMountOptions'),
  };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
function cephFsShapes(p: Props, s: Site): FieldError[] {
  return [
    ...clusterShape(s.cluster, p.cluster),
    ...credentialsShape(s.ref, p.credentials),
    ...stringShape(s.path, p.path, 'a string, a path'),
    ...booleanShape(s.source.child('readOnly'), p.readOnly),
    ...stringShape(s.fsName, p.fsName),
    ...oneOfShape(s.mounter, p.mounter, MOUNTERS),
    ...stringListShape(s.kernelMountOptions, p.kernelMountOptions, 'a string, a mount option', 'a list of mount options, such as ["norbytes"]'),
    ...stringListShape(s.fuseMountOptions, p.fuseMountOptions, 'a string, a mount option', 'a list of mount options, such as ["debug"]'),
    ...implementationRules(s.source, p.implementation),
  ];
}

function inTreeRules(m: CephFsModel, s: Site): Finding[] {
  const out: Finding[] = [];
  const at = s.source;
  if (m.cluster && m.cluster.monitors.length === 0) out.push(required(at.child('monitors')));
  if (isString(m.path)) out.push(...textRules(s.path, m.path));
  if (m.credentials) {
    out.push(...credentialRules(m.credentials, m.cluster, { ref: s.ref, user: at.child('user'), file: { at: at.child('secretFile'), kind: 'secretFile' } }));
    if (m.credentials._kind.kind === 'keyring') {
      out.push(forbidden(at, 'a keyring is an rbd feature; cephfs reads a Secret (CephCredentials.fromUserKey, fromSecret) or a secret file (fromSecretFile)'));
    }
  }
  return out;
}

function renderInTree(m: CephFsModel, secret: SecretRef | undefined, pod: boolean): k8s.CephFsPersistentVolumeSource {
  const c = m.credentials;
  return {
    monitors: m.cluster?.monitors ?? [],
    path: m.path as string | undefined,
    user: c?.user,
    secretFile: c?._kind.kind === 'secretFile' ? c._path : undefined,
    secretRef: secretRefAt(secret, pod ? SecretRefSite.POD : SecretRefSite.PERSISTENT_VOLUME),
    readOnly: m.readOnly as boolean | undefined,
  };
}

const CAPABILITIES: Capabilities = {
  accessModes: [
    kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
    kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
    kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
  ],
  accessModesWhy: 'the in-tree cephfs plugin cannot enforce ReadWriteOncePod, a CSI feature',
  block: false,
  blockWhy: 'CephFS is a shared filesystem; use a Ceph RBD image for a raw block device',
  mountOptions: true,
};
// ceph-csi's cephfs driver declares SINGLE_NODE_SINGLE_WRITER (internal/cephfs/driver.go)
const CSI_CAPABILITIES: Capabilities = {
  ...CAPABILITIES,
  accessModes: [...CAPABILITIES.accessModes, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
};

/**
 * A CephFS directory as a PersistentVolume (a `StoragePersistentVolume`). Through
 * Kubernetes 1.30 the in-tree `cephfs` source (deprecated from 1.28); from 1.31 a static
 * `cephfs.csi.ceph.com` volume (`clusterID`, `rootPath`, `fsName`, `staticVolume`, the node-stage
 * Secret, Retain). ReadWriteOnce, ReadOnlyMany and ReadWriteMany (and ReadWriteOncePod with
 * ceph-csi); never Block.
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
  private readonly volumeHandle: unknown;
  private readonly site: Site;
  private readonly sourceShapes: FieldError[];

  constructor(scope: Construct, id: string, props: CephFsPersistentVolumeProps) {
    super(scope, id, props);
    const p = propsOf(props);
    this.model = cephFsModel(p);
    this.volumeHandle = p.volumeHandle ?? undefined;
    this.form = pluginForm(Plugin.CEPHFS, this.kubernetesVersion, this.model.implementation);
    this.secret = cephVolumeSecret(this.form, this.model.cluster, this.model.credentials);
    this.site = site(FieldPath.root('spec'), this.form);
    this.sourceShapes = [ // the props do not change: checked once
      ...cephFsShapes(p, this.site),
      ...(this.form.kind === 'csi' ? stringShape(this.site.source.child('volumeHandle'), p.volumeHandle) : []),
    ];
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return this.form.kind === 'csi' ? CSI_CAPABILITIES : CAPABILITIES;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const s = this.site;
    const m = this.model;
    const out = [...pluginRules(Plugin.CEPHFS, this.kubernetesVersion, m.implementation, s.source), ...this.sourceShapes];
    // a removed form still writes the in-tree source: its rules apply to what is written
    if (this.form.kind !== 'csi') return [...out, ...inTreeRules(m, s)];
    out.push(...cephCsiVolumeRules(s.source, m, this.secret, this.reclaimPolicy, CEPHFS_CSI));
    // ceph-csi takes a static volume's rootPath, and its fsName when given, only when they are not empty
    if (m.path === '') out.push(required(s.path, 'give the subvolume\'s path: ceph-csi mounts a static volume at rootPath'));
    else if (isString(m.path)) out.push(...textRules(s.path, m.path));
    if (m.fsName === '') out.push(required(s.fsName, 'give the filesystem\'s name, or leave fsName unset for the default filesystem'));
    else if (isString(m.fsName)) out.push(...textRules(s.fsName, m.fsName));
    out.push(...optionListRules(s.kernelMountOptions, m.kernelMountOptions), ...optionListRules(s.fuseMountOptions, m.fuseMountOptions));
    // the default handle is the PersistentVolume's name: kube-apiserver requires either to be non-empty
    const handle = this.volumeHandle ?? this.name;
    if (handle === '') out.push(required(s.source.child('volumeHandle')));
    else if (isString(handle)) out.push(...textRules(s.source.child('volumeHandle'), handle));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    const m = this.model;
    if (this.form.kind !== 'csi') return { cephfs: renderInTree(m, this.secret, false) };
    const attributes: Record<string, string> = { clusterID: m.cluster?.clusterId ?? '', staticVolume: 'true', rootPath: (m.path ?? '/') as string };
    if (m.fsName !== undefined) attributes.fsName = m.fsName as string;
    if (isString(m.mounter)) attributes.mounter = m.mounter;
    const kernel = joinedOptions(m.kernelMountOptions);
    const fuse = joinedOptions(m.fuseMountOptions);
    if (kernel !== undefined) attributes.kernelMountOptions = kernel;
    if (fuse !== undefined) attributes.fuseMountOptions = fuse;
    return {
      csi: {
        driver: CEPHFS_CSI,
        volumeHandle: (this.volumeHandle ?? this.name) as string,
        readOnly: m.readOnly as boolean | undefined,
        nodeStageSecretRef: secretRefAt(this.secret, SecretRefSite.PERSISTENT_VOLUME),
        volumeAttributes: attributes,
      },
    };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
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
    const p = propsOf(props);
    this.model = cephFsModel(p);
    this.pod = new PodStorage(this, {
      plugin: Plugin.CEPHFS,
      implementation: this.model.implementation,
      name: p.name as string | undefined,
      kubernetesVersion: p.kubernetesVersion as KubernetesVersion | undefined,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    if (this.pod.needsPersistentVolume) {
      // the PersistentVolume carries the source, and checks every prop of it
      this.persistentVolume = new CephFsPersistentVolume(this, 'PersistentVolume', {
        ...p,
        kubernetesVersion: this.kubernetesVersion,
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      } as CephFsPersistentVolumeProps);
      addRules(this, () => this.pod.rules('cephfs'));
      return;
    }
    this.secret = this.model.credentials?._secret(CephSecretUse.IN_TREE);
    const s = site(this.pod.root, this.pod.form);
    const shapes = [...cephFsShapes(p, s), ...sizeShape(FieldPath.root('storage'), p.storage)]; // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('cephfs'), ...shapes, ...inTreeRules(this.model, s)]);
  }

  /** The Pod volume (created once): inline `cephfs`, or the claim of the ceph-csi PersistentVolume. */
  public asVolume(): kplus.Volume {
    const secret = this.secret ? { ...this.secret, field: 'cephfs.secretRef.name' } : undefined;
    return this.pod.asVolume('cephfs', () => renderInTree(this.model, this.secret, true), { secret }, this.persistentVolume, this.model.readOnly === true);
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
   * The credentials of the user that provisions and mounts. From a user and key the library
   * writes one Secret with both `adminID`/`adminKey` and `userID`/`userKey` of that user, for the
   * provisioner, controller-expand and node-stage parameters: ceph-csi before 3.13 uses the admin
   * pair, from 3.13 the user pair. An existing Secret must hold both pairs to serve both. Required;
   * file-based credentials cannot serve a provisioner.
   *
   * @default - none: an error, since provisioning needs a Secret
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly credentials?: CephCredentials;

  /**
   * How ceph-csi mounts the class's volumes (`mounter`).
   *
   * @default - ceph-csi's choice: the kernel client where the node has it, else ceph-fuse
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly mounter?: CephFsMounter;

  /**
   * Options of the kernel client's mount (`kernelMountOptions`), each one option.
   *
   * @default - ceph-csi's: those of its configuration entry or its command line
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly kernelMountOptions?: string[];

  /**
   * Options of `ceph-fuse` (`fuseMountOptions`), each one option.
   *
   * @default - ceph-csi's: those of its configuration entry or its command line
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly fuseMountOptions?: string[];

  /**
   * More provisioner parameters, written as given, after the library's.
   *
   * @default - none
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly parameters?: { [key: string]: string };

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

const PARAMS = FieldPath.root('parameters');

/**
 * A StorageClass for dynamically provisioned CephFS subvolumes: ceph-csi's `cephfs.csi.ceph.com`
 * with `clusterID`, `fsName`, `pool`, the mounter and its options, and the provisioner,
 * controller-expand and node-stage Secret parameters, all three naming one Secret with both the
 * admin and the user pair. CephFS never had an in-tree provisioner.
 *
 * @example
 *
 * const shared = new CephFsStorageClass(chart, 'Shared', { cluster: ceph, fsName: 'cephfs', credentials });
 */
export class CephFsStorageClass extends StorageClass {
  private readonly consumer: CephConsumer;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephFsStorageClassProps) {
    // a JavaScript or Python caller can pass anything: only strings are written into parameters
    const p: Partial<Record<keyof CephFsStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
    const target = resolveTarget(scope, p.kubernetesVersion as KubernetesVersion | undefined);
    const m: CephConsumer = {
      cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
      credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
      credentialsGiven: given(p.credentials),
    };
    m.cluster?._useCsi(true);
    // one Secret with both pairs serves every ceph-csi version: before 3.13 it provisions and stages
    // provisioned volumes with adminID/adminKey, from 3.13 with userID/userKey (internal/cephfs/nodeserver.go getCredentialsForVolume)
    const secret = m.credentials?._secret(CephSecretUse.CSI_USER_AND_ADMIN);
    const kernelOptions = Array.isArray(p.kernelMountOptions) ? [...p.kernelMountOptions] : p.kernelMountOptions;
    const fuseOptions = Array.isArray(p.fuseMountOptions) ? [...p.fuseMountOptions] : p.fuseMountOptions;
    const kernel = joinedOptions(kernelOptions);
    const fuse = joinedOptions(fuseOptions);
    super(scope, id, {
      ...p,
      provisioner: CEPHFS_CSI,
      parameters: {
        clusterID: m.cluster?.clusterId ?? '',
        ...(isString(p.fsName) ? { fsName: p.fsName } : {}),
        ...(isString(p.pool) && p.pool !== '' ? { pool: p.pool } : {}),
        ...(isString(p.mounter) ? { mounter: p.mounter } : {}),
        ...(kernel !== undefined ? { kernelMountOptions: kernel } : {}),
        ...(fuse !== undefined ? { fuseMountOptions: fuse } : {}),
        ...csiSecretParameters('provisioner', secret),
        ...csiSecretParameters('controller-expand', secret),
        ...csiSecretParameters('node-stage', secret),
        ...stringParameters(p.parameters),
      },
    } as StorageClassProps);
    registerStorageObject(this, target);
    const shapes: Finding[] = [ // the props do not change: checked once
      ...clusterShape(PARAMS.key('clusterID'), p.cluster),
      ...credentialsShape(PARAMS.key('csi.storage.k8s.io/provisioner-secret-name'), p.credentials),
      ...requiredStringShape(PARAMS.key('fsName'), p.fsName, 'a string, the filesystem name'),
      ...stringShape(PARAMS.key('pool'), p.pool),
      ...oneOfShape(PARAMS.key('mounter'), p.mounter, MOUNTERS),
      ...stringListShape(PARAMS.key('kernelMountOptions'), p.kernelMountOptions, 'a string, a mount option', 'a list of mount options, such as ["norbytes"]'),
      ...stringListShape(PARAMS.key('fuseMountOptions'), p.fuseMountOptions, 'a string, a mount option', 'a list of mount options, such as ["debug"]'),
      ...stringMapShape(PARAMS, p.parameters),
    ];
    this.consumer = m;
    this.secret = secret;
    addRules(this, () => [
      ...shapes,
      ...cephCsiClassRules(m, [secret], CEPHFS_CSI),
      ...optionListRules(PARAMS.key('kernelMountOptions'), kernelOptions),
      ...optionListRules(PARAMS.key('fuseMountOptions'), fuseOptions),
    ]);
  }

  /**
   * @internal ceph-csi's CephFS driver takes snapshots and clones (internal/cephfs/driver.go:
   * CREATE_DELETE_SNAPSHOT, CLONE_VOLUME), but not of a snapshot-backed volume ("cannot snapshot a
   * snapshot-backed volume", internal/cephfs/controllerserver.go CreateSnapshot). It snapshots with
   * the admin pair (NewAdminCredentials), which the class's Secret holds.
   */
  public _dataSourceFacts(): DataSourceFacts | undefined {
    const backed = this.parameters.backingSnapshot === 'true';
    return {
      driver: CEPHFS_CSI,
      snapshots: !backed,
      clones: true,
      why: backed ? 'the class provisions snapshot-backed volumes (backingSnapshot "true"), and ceph-csi cannot snapshot a snapshot-backed volume' : undefined,
      snapshotParameters: {
        clusterID: this.consumer.cluster?.clusterId ?? '',
        ...csiSecretParameters('snapshotter', this.secret),
      },
    };
  }
}
