import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { CephFsMounter, MOUNTERS } from './cephfs';
import { ICephCluster } from './cluster';
import { CephConsumer, CephSite, cephConsumer, cephSite, clusterShape, credentialRules, credentialsShape } from './consumer';
import { CephCredentials } from './credentials';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { PluginForm, VolumeImplementation, implementationOf, implementationRules } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, forbidden, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, isPlainObject, isString, oneOfShape, stringListShape, stringShape } from '../core/rules/shapes';

/** The fields of a CephFS directory, shared by the Pod volume and the PersistentVolume. */
export interface CephFsSourceOptions {
  /**
   * The Ceph cluster; its monitors go into the in-tree source, its cluster id into the CSI one.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly cluster: ICephCluster;

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
export interface CephFsVolumeProps extends CephFsSourceOptions, StorageVolumeProps {
  /**
   * The size to claim. The in-tree Pod volume does not need it; from Kubernetes 1.31 the volume is
   * a ceph-csi PersistentVolume with this capacity, so the same code works on both sides.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly storage: Size;
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
export interface CephFsModel extends CephConsumer {
  readonly path: unknown;
  readonly readOnly: unknown;
  readonly fsName: unknown;
  readonly mounter: unknown;
  readonly kernelMountOptions: unknown;
  readonly fuseMountOptions: unknown;
  readonly implementation: VolumeImplementation;
}

export type Props = Partial<Record<keyof CephFsVolumeProps | keyof CephFsPersistentVolumeProps, unknown>>;
export const propsOf = (props: unknown): Props => (isPlainObject(props) ? props : {});

export function cephFsModel(p: Props): CephFsModel {
  return {
    ...cephConsumer(p),
    path: p.path ?? undefined,
    readOnly: p.readOnly ?? undefined,
    fsName: p.fsName ?? undefined,
    mounter: p.mounter ?? undefined,
    kernelMountOptions: Array.isArray(p.kernelMountOptions) ? [...p.kernelMountOptions] : p.kernelMountOptions ?? undefined,
    fuseMountOptions: Array.isArray(p.fuseMountOptions) ? [...p.fuseMountOptions] : p.fuseMountOptions ?? undefined,
    implementation: implementationOf(p.implementation),
  };
}

/**
 * Where the fields land: in-tree `<root>.cephfs.<field>`; CSI `spec.csi.volumeAttributes[<field>]`.
 * The in-tree source has no filesystem name and no mounter options: they are reported by the prop's name.
 */
export interface Site extends CephSite {
  readonly path: FieldPath;
  readonly fsName: FieldPath;
  readonly mounter: FieldPath;
  readonly kernelMountOptions: FieldPath;
  readonly fuseMountOptions: FieldPath;
}

export function site(root: FieldPath, form: PluginForm): Site {
  const s = cephSite(root, form, 'cephfs');
  return {
    ...s,
    path: s.at('rootPath', 'path'),
    fsName: s.at('fsName'),
    mounter: s.at('mounter'),
    kernelMountOptions: s.at('kernelMountOptions'),
    fuseMountOptions: s.at('fuseMountOptions'),
  };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
export function cephFsShapes(p: Props, s: Site): FieldError[] {
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

export function inTreeRules(m: CephFsModel, s: Site): Finding[] {
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

export function renderInTree(m: CephFsModel, secret: SecretRef | undefined, pod: boolean): k8s.CephFsPersistentVolumeSource {
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

export const CAPABILITIES: Capabilities = {
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
export const CSI_CAPABILITIES: Capabilities = {
  ...CAPABILITIES,
  accessModes: [...CAPABILITIES.accessModes, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
};
