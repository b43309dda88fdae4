import { CephConsumer, classSecretRules, credentialRules, fileCredentialsForbidden } from './consumer';
import { CephRbdEncryptionType, CephRbdTopologyPool, ENCRYPTION_TYPES, Loose, RBD_NODE_KEYS, copied } from './rbd-options';
import { radosNamespaceRules } from './rbd-source';
import { FieldError, Finding, forbidden, invalid, required, unsupported } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import {
  booleanShape, given, isPlainObject, isString, listOf, listShape, oneOfShape, requiredStringShape, shown, stringShape, typeOf,
} from '../core/rules/shapes';

const PARAMS = FieldPath.root('parameters');

/*
 * What only an RBD StorageClass takes: encryption and topology-constrained pools, as ceph-csi reads
 * them (internal/rbd/encryption.go ParseEncryptionOpts, internal/util/topology.go GetTopologyFromRequest).
 */

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

/**
 * What the in-tree `kubernetes.io/rbd` provisioner needs of a class: no ceph-csi parameters, the
 * cluster's monitors, an admin Secret (not a file) of the class's cluster, and the layering feature only.
 */
export function inTreeProvisionerRules(p: Readonly<Record<string, unknown>>, m: CephConsumer, features: unknown): Finding[] {
  const out: Finding[] = [];
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
}
