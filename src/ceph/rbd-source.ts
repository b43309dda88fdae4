import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ICephCluster } from './cluster';
import { CephConsumer, CephSite, cephConsumer, cephSite, cephCsiVolumeRules, clusterShape, credentialRules, credentialsShape } from './consumer';
import { CephCredentials } from './credentials';
import { DEFAULT_FEATURES, RBD_CSI, featuresText, imageFeatureRules } from './rbd-features';
import { CephRbdNodeOptions, RbdNodeModel, mapsWithNbd, rbdNodeAttributes, rbdNodeModel, rbdNodeRules, rbdNodeShapes } from './rbd-options';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { PluginForm, VolumeImplementation, implementationOf, implementationRules } from '../core/policy/plugin-policy';
import { FieldError, Finding, forbidden, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, isPlainObject, isString, requiredStringShape, stringListShape, stringShape } from '../core/rules/shapes';

/** The fields of a Ceph RBD image, shared by the Pod volume and the PersistentVolume. */
export interface CephRbdSourceOptions extends CephRbdNodeOptions {
  /**
   * The Ceph cluster; its monitors go into the in-tree source, its cluster id into the CSI one.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly cluster: ICephCluster;

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
export interface CephRbdVolumeProps extends CephRbdSourceOptions, StorageVolumeProps {
  /**
   * The image's size. The in-tree Pod volume does not need it; from Kubernetes 1.31 the volume is a
   * ceph-csi PersistentVolume, whose capacity it is, so the same code works on both sides.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly storage: Size;
}


/** Props for `CephRbdPersistentVolume`. */
export interface CephRbdPersistentVolumeProps extends CephRbdSourceOptions, StoragePersistentVolumeProps {}

/**
 * The model: every default applied once. Values are kept as the caller gave them (a JavaScript
 * caller can pass anything); the shapes are checked before the rules read them.
 */
export interface RbdModel extends CephConsumer {
  readonly image: unknown;
  readonly pool: unknown;
  readonly fsType: unknown;
  readonly readOnly: unknown;
  readonly imageFeatures: unknown;
  readonly node: RbdNodeModel;
  readonly implementation: VolumeImplementation;
}

export function rbdModel(p: Partial<Record<keyof CephRbdSourceOptions, unknown>>): RbdModel {
  return {
    ...cephConsumer(p),
    image: p.image ?? '',
    pool: p.pool ?? undefined,
    fsType: fsTypeOf(p.fsType),
    readOnly: p.readOnly ?? undefined,
    imageFeatures: Array.isArray(p.imageFeatures) ? [...p.imageFeatures] : p.imageFeatures ?? DEFAULT_FEATURES,
    node: rbdNodeModel(p),
    implementation: implementationOf(p.implementation),
  };
}

export type Props = Partial<Record<keyof CephRbdVolumeProps | keyof CephRbdPersistentVolumeProps, unknown>>;
export const propsOf = (props: unknown): Props => (isPlainObject(props) ? props : {});

/** Where the fields land: in-tree `<root>.rbd.<field>`; CSI `spec.csi.volumeHandle`, `spec.csi.volumeAttributes[<field>]`. */
export interface Site extends CephSite {
  readonly image: FieldPath;
  readonly pool: FieldPath;
  /** In-tree: the prop's name (the in-tree source has no image features). */
  readonly imageFeatures: FieldPath;
  /** Where a ceph-csi attribute lands: `volumeAttributes[<key>]`, or the prop's name in-tree (which ignores it). */
  readonly attr: (key: string) => FieldPath;
}

export function site(root: FieldPath, form: PluginForm): Site {
  const s = cephSite(root, form, 'rbd');
  return {
    ...s,
    image: s.source.child(s.csi ? 'volumeHandle' : 'image'),
    pool: s.at('pool', 'pool'),
    imageFeatures: s.at('imageFeatures'),
    attr: (key) => s.at(key),
  };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
export function rbdShapes(p: Partial<Record<keyof CephRbdSourceOptions, unknown>>, s: Site): FieldError[] {
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
export function inTreeRules(m: RbdModel, s: Site): Finding[] {
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
export function radosNamespaceRules(at: FieldPath, cluster: ICephCluster | undefined): Finding[] {
  if (!cluster || !isString(cluster.radosNamespace) || cluster.radosNamespace === '') return [];
  return [forbidden(at, `CephCluster ${JSON.stringify(cluster.node.path)} has radosNamespace ${JSON.stringify(cluster.radosNamespace)}, which only ceph-csi reaches: ` +
    'the in-tree rbd plugin maps images of the pool\'s default namespace; use implementation CSI')];
}

export function csiRules(m: RbdModel, s: Site, secret: SecretRef | undefined, reclaim: unknown): Finding[] {
  const out: Finding[] = [...cephCsiVolumeRules(s.source, m, secret, reclaim, RBD_CSI)];
  if (isString(m.image)) out.push(...textRules(s.image, m.image));
  if (isString(m.pool)) out.push(...textRules(s.pool, m.pool));
  out.push(...fsTypeRules(s.source.child('fsType'), m.fsType), ...imageFeatureRules(s.imageFeatures, m.imageFeatures, mapsWithNbd(m.node)));
  out.push(...rbdNodeRules(s.attr, m.node));
  return out;
}

export function renderInTree(m: RbdModel, secret: SecretRef | undefined, pod: boolean): k8s.RbdPersistentVolumeSource {
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

export function renderCsi(m: RbdModel, secret: SecretRef | undefined): k8s.CsiPersistentVolumeSource {
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
