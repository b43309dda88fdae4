import { FieldError, invalid } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, isString, listOf, oneOfShape, stringListShape } from '../core/rules/shapes';

/*
 * What ceph-csi's RBD node plugin reads from a volume's attributes (static PersistentVolume) or a
 * StorageClass's parameters (provisioned volumes), and the class-only encryption and topology
 * parameters. Read in ceph-csi at 52fcb7b (after v3.12.2): internal/rbd/nodeserver.go
 * populateRbdVol, internal/rbd/rbd_attach.go parseMapOptions, internal/rbd/rbd_util.go
 * genVolFromVolumeOptions and validateImageFeatures, internal/rbd/encryption.go ParseEncryptionOpts,
 * internal/util/topology.go GetTopologyFromRequest.
 */

/** How ceph-csi maps an RBD image on the node (`mounter`; internal/rbd/rbd_util.go rbdDefaultMounter, rbdNbdMounter). */
export enum CephRbdMounter {
  /** The kernel's rbd module (krbd): ceph-csi's default, written `rbd`. */
  KRBD = 'rbd',
  /** `rbd-nbd`, in user space: maps every image feature, `journaling` included. */
  RBD_NBD = 'rbd-nbd',
}
const MOUNTERS = Object.values(CephRbdMounter) as string[];

/** How ceph-csi encrypts a volume (`encryptionType`; internal/util/crypto.go ParseEncryptionType). */
export enum CephRbdEncryptionType {
  /** dm-crypt (LUKS) on the mapped device: ceph-csi's default. */
  BLOCK = 'block',
  /** fscrypt on the mounted filesystem. */
  FILE = 'file',
}
export const ENCRYPTION_TYPES = Object.values(CephRbdEncryptionType) as string[];

/** One topology label a constrained pool serves. */
export interface CephRbdDomainSegment {
  /**
   * The domain label, as named in the node plugin's `--domainlabels` (e.g. `zone`, `region`),
   * without the label's prefix.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/design/proposals/topology.md
   */
  readonly domainLabel: string;
  /**
   * The label's value on the nodes the pool serves (e.g. `zone1`).
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/design/proposals/topology.md
   */
  readonly value: string;
}

/** A pool that serves the nodes of some topology (an entry of `topologyConstrainedPools`). */
export interface CephRbdTopologyPool {
  /**
   * The RADOS pool of images for nodes of these domains.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly poolName: string;
  /**
   * An erasure-coded data pool for those images.
   *
   * @default - none: data in poolName
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly dataPool?: string;
  /**
   * The domains the pool serves; a node matches when it has every one.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly domainSegments: CephRbdDomainSegment[];
}

/** The node-side options of an RBD volume: how ceph-csi maps the image. The in-tree rbd plugin ignores them. */
export interface CephRbdNodeOptions {
  /**
   * How ceph-csi maps the image (`mounter`). Image feature `journaling` needs `RBD_NBD`.
   *
   * @default CephRbdMounter.KRBD
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/rbd-nbd.md
   */
  readonly mounter?: CephRbdMounter;

  /**
   * Options of the map command for the volume's mounter, each one option (e.g.
   * `["lock_on_read", "queue_depth=1024"]`): written as `mapOptions: "krbd:lock_on_read,queue_depth=1024"`
   * (`nbd:` for rbd-nbd).
   *
   * @default - none
   * @see https://docs.ceph.com/en/latest/man/8/rbd/#kernel-rbd-krbd-options
   */
  readonly mapOptions?: string[];

  /**
   * Options of the unmap command for the volume's mounter (e.g. `["force"]`), written like mapOptions.
   *
   * @default - none
   * @see https://docs.ceph.com/en/latest/man/8/rbd/#kernel-rbd-krbd-options
   */
  readonly unmapOptions?: string[];

  /**
   * Whether ceph-csi falls back to rbd-nbd when the node's krbd cannot map the image's features
   * (`tryOtherMounters`).
   *
   * @default false
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly tryOtherMounters?: boolean;
}

/** The node options as given (a JavaScript or Python caller can pass anything). */
export interface RbdNodeModel {
  readonly mounter: unknown;
  readonly mapOptions: unknown;
  readonly unmapOptions: unknown;
  readonly tryOtherMounters: unknown;
}

export type Loose<T> = Partial<Record<keyof T, unknown>>;
export const copied = (v: unknown): unknown => (Array.isArray(v) ? [...v] : v ?? undefined);

export function rbdNodeModel(p: Loose<CephRbdNodeOptions>): RbdNodeModel {
  return {
    mounter: p.mounter ?? undefined,
    mapOptions: copied(p.mapOptions),
    unmapOptions: copied(p.unmapOptions),
    tryOtherMounters: p.tryOtherMounters ?? undefined,
  };
}

/** Whether the volume is mapped with rbd-nbd: by the mounter prop, or a `mounter` the user wrote into a class's parameters. */
export function mapsWithNbd(m: RbdNodeModel, userMounter?: string): boolean {
  return m.mounter === CephRbdMounter.RBD_NBD || (m.mounter === undefined && userMounter === CephRbdMounter.RBD_NBD);
}

/** The node options' shapes, at the fields they land in (`at(key)`). */
export function rbdNodeShapes(at: (key: string) => FieldPath, p: Loose<CephRbdNodeOptions>): FieldError[] {
  return [
    ...oneOfShape(at('mounter'), p.mounter, MOUNTERS),
    ...stringListShape(at('mapOptions'), p.mapOptions, 'a string, a map option', 'a list of map options, such as ["lock_on_read"]'),
    ...stringListShape(at('unmapOptions'), p.unmapOptions, 'a string, an unmap option', 'a list of unmap options, such as ["force"]'),
    ...booleanShape(at('tryOtherMounters'), p.tryOtherMounters),
  ];
}

/**
 * Each map or unmap option: one option, not empty and without "," or ";", at which ceph-csi splits
 * the attribute (internal/rbd/rbd_attach.go parseMapOptions: ";" between mounters, "," between options).
 */
export function rbdNodeRules(at: (key: string) => FieldPath, m: RbdNodeModel): FieldError[] {
  const out: FieldError[] = [];
  for (const key of ['mapOptions', 'unmapOptions'] as const) {
    listOf(m[key] as unknown[]).forEach((o, i) => {
      if (!isString(o)) return;
      if (o.trim() === '' || /[,;]/.test(o)) {
        out.push(invalid(at(key), o, `element ${i} must be one option, not empty and without "," or ";": ceph-csi splits the attribute there`));
      } else {
        out.push(...textRules(at(key), o));
      }
    });
  }
  return out;
}

/** The attributes (or parameters) the node options write: only those given. */
export function rbdNodeAttributes(m: RbdNodeModel): Record<string, string> {
  const out: Record<string, string> = {};
  if (isString(m.mounter)) out.mounter = m.mounter;
  const prefix = m.mounter === CephRbdMounter.RBD_NBD ? 'nbd' : 'krbd';
  for (const key of ['mapOptions', 'unmapOptions'] as const) {
    const list = listOf(m[key] as unknown[]).filter(isString);
    if (list.length > 0) out[key] = `${prefix}:${list.join(',')}`;
  }
  if (typeof m.tryOtherMounters === 'boolean') out.tryOtherMounters = String(m.tryOtherMounters);
  return out;
}

/** The keys the node options write, for the in-tree provisioner's rule. */
export const RBD_NODE_KEYS: ReadonlyArray<keyof CephRbdNodeOptions> = ['mounter', 'mapOptions', 'unmapOptions', 'tryOtherMounters'];
