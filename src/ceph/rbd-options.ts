import { FieldError, Finding, forbidden, invalid, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import {
  booleanShape, given, isPlainObject, isString, listOf, listShape, oneOfShape, requiredStringShape, shown, stringListShape, stringShape, typeOf,
} from '../core/rules/shapes';

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
const ENCRYPTION_TYPES = Object.values(CephRbdEncryptionType) as string[];

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

type Loose<T> = Partial<Record<keyof T, unknown>>;
const copied = (v: unknown): unknown => (Array.isArray(v) ? [...v] : v ?? undefined);

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

// ---------------------------------------------------------------------------------------------
// Class-only: encryption and topology-constrained pools

/** A class's encryption and topology props as given. */
export interface RbdClassModel {
  readonly encrypted: unknown;
  readonly encryptionType: unknown;
  readonly encryptionKMSID: unknown;
  readonly topologyConstrainedPools: unknown;
}

export interface RbdClassOptionProps {
  readonly encrypted?: boolean;
  readonly encryptionType?: CephRbdEncryptionType;
  readonly encryptionKMSID?: string;
  readonly topologyConstrainedPools?: CephRbdTopologyPool[];
}

export function rbdClassModel(p: Loose<RbdClassOptionProps>): RbdClassModel {
  return {
    encrypted: p.encrypted ?? undefined,
    encryptionType: p.encryptionType ?? undefined,
    encryptionKMSID: p.encryptionKMSID ?? undefined,
    topologyConstrainedPools: Array.isArray(p.topologyConstrainedPools)
      ? p.topologyConstrainedPools.map((t) => (isPlainObject(t) ? { ...t, domainSegments: copied(t.domainSegments) } : t))
      : p.topologyConstrainedPools ?? undefined,
  };
}

const POOLS_WHAT = 'a list of topology pools, such as [{ poolName: "pool-east", domainSegments: [{ domainLabel: "zone", value: "east" }] }]';
const POOL_WHAT = 'a topology pool, an object with poolName and domainSegments';
const SEGMENT_WHAT = 'a domain segment, an object with domainLabel and value';

/**
 * The class-only props' shapes. The topology pools are one JSON parameter: their fields are
 * reported below it, `parameters[topologyConstrainedPools][0].poolName`.
 */
export function rbdClassShapes(at: (key: string) => FieldPath, p: Loose<RbdClassOptionProps>): FieldError[] {
  return [
    ...booleanShape(at('encrypted'), p.encrypted),
    ...oneOfShape(at('encryptionType'), p.encryptionType, ENCRYPTION_TYPES),
    ...stringShape(at('encryptionKMSID'), p.encryptionKMSID),
    ...listShape(at('topologyConstrainedPools'), p.topologyConstrainedPools, (tp, t) => {
      if (!isPlainObject(t)) return objectShape(tp, t, POOL_WHAT);
      return [
        ...requiredStringShape(tp.child('poolName'), t.poolName, 'a string, a pool name', 'every topology pool needs the pool it names'),
        ...stringShape(tp.child('dataPool'), t.dataPool, 'a string, a pool name'),
        ...(!given(t.domainSegments) ? [required(tp.child('domainSegments'), 'list the domains the pool serves')] : []),
        ...listShape(tp.child('domainSegments'), t.domainSegments, (sp, s) => (isPlainObject(s)
          ? [
            ...requiredStringShape(sp.child('domainLabel'), s.domainLabel, 'a string, a domain label'),
            ...requiredStringShape(sp.child('value'), s.value, 'a string, the label\'s value'),
          ]
          : objectShape(sp, s, SEGMENT_WHAT)), 'a list of domain segments'),
      ];
    }, POOLS_WHAT),
  ];
}

/** An element that must be an object, in the shapes' words (`must be … (got a string)`). */
function objectShape(at: FieldPath, v: unknown, what: string): FieldError[] {
  return [invalid(at, shown(v), `must be ${what} (got ${typeOf(v)})`)];
}

/** The topology pools that are well shaped, as ceph-csi's JSON reads them (TopologyConstrainedPool). */
function poolsJson(v: unknown): string | undefined {
  const pools = listOf(v as unknown[]).filter(isPlainObject).map((t) => ({
    poolName: isString(t.poolName) ? t.poolName : '',
    ...(isString(t.dataPool) ? { dataPool: t.dataPool } : {}),
    domainSegments: listOf(t.domainSegments as unknown[]).filter(isPlainObject).map((s) => ({
      domainLabel: isString(s.domainLabel) ? s.domainLabel : '',
      value: isString(s.value) ? s.value : '',
    })),
  }));
  // an empty list constrains nothing: no parameter, as without the prop
  return pools.length > 0 ? JSON.stringify(pools) : undefined;
}

/** The class's encryption and topology parameters: only those given. */
export function rbdClassParameters(m: RbdClassModel): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof m.encrypted === 'boolean') out.encrypted = String(m.encrypted);
  if (isString(m.encryptionType)) out.encryptionType = m.encryptionType;
  if (isString(m.encryptionKMSID)) out.encryptionKMSID = m.encryptionKMSID;
  const pools = poolsJson(m.topologyConstrainedPools);
  if (pools !== undefined) out.topologyConstrainedPools = pools;
  return out;
}

/** What a class's encryption and topology need, from the driver. */
export interface RbdClassContext {
  readonly at: (key: string) => FieldPath;
  /** The class's volumeBindingMode, as given or defaulted. */
  readonly bindingMode: unknown;
  /** Whether the library's Secrets carry an encryptionPassphrase; undefined when unknown (an existing Secret). */
  readonly passphrase: boolean | undefined;
}

export function rbdClassRules(m: RbdClassModel, c: RbdClassContext): Finding[] {
  const out: Finding[] = [];
  const encrypted = m.encrypted === true;
  // ceph-csi reads encryptionType and encryptionKMSID only with encrypted "true" (internal/rbd/encryption.go ParseEncryptionOpts)
  if (!encrypted) {
    for (const key of ['encryptionType', 'encryptionKMSID'] as const) {
      if (given(m[key])) out.push(forbidden(c.at(key), 'ceph-csi reads it only with encrypted: true; give encrypted: true, or leave it unset'));
    }
  } else if (!isString(m.encryptionKMSID) || m.encryptionKMSID === '') {
    // no KMS id: ceph-csi's default KMS reads the passphrase from the request's Secrets (internal/kms/secretskms.go, "missing encryptionPassphrase")
    if (c.passphrase === false) {
      out.push(required(c.at('encryptionKMSID'),
        'ceph-csi\'s default KMS reads encryptionPassphrase from the provisioner and node-stage Secret: give encryptionPassphrase to CephCredentials.fromUserKey, or name a KMS with encryptionKMSID'));
    }
  }
  if (isString(m.encryptionKMSID) && m.encryptionKMSID !== '') out.push(...textRules(c.at('encryptionKMSID'), m.encryptionKMSID));
  const pools = listOf(m.topologyConstrainedPools as unknown[]);
  if (Array.isArray(m.topologyConstrainedPools)) {
    if (pools.length > 0 && c.bindingMode === 'Immediate') {
      // without a Pod's node, the external-provisioner asks for no (or every node's) topology and ceph-csi picks no constrained pool
      out.push(invalid(FieldPath.root('volumeBindingMode'), 'Immediate',
        'must be "WaitForFirstConsumer" with topologyConstrainedPools: ceph-csi picks the pool of the node the Pod is scheduled to (internal/util/topology.go GetTopologyFromRequest)'));
    }
    pools.forEach((t, i) => {
      if (!isPlainObject(t)) return;
      const tp = c.at('topologyConstrainedPools').index(i);
      for (const key of ['poolName', 'dataPool'] as const) if (isString(t[key])) out.push(...textRules(tp.child(key), t[key] as string));
      listOf(t.domainSegments as unknown[]).forEach((s, j) => {
        if (!isPlainObject(s)) return;
        for (const key of ['domainLabel', 'value'] as const) if (isString(s[key])) out.push(...textRules(tp.child('domainSegments').index(j).child(key), s[key] as string));
      });
    });
  }
  return out;
}

/** The keys of the class-only props, for the in-tree provisioner's rule. */
export const RBD_CLASS_KEYS: ReadonlyArray<keyof RbdClassOptionProps> = ['encrypted', 'encryptionType', 'encryptionKMSID', 'topologyConstrainedPools'];
