import { HeketiCredentials, HeketiSecretRef } from './heketi';
import { GlusterStorageClassProps, GlusterVolumeType } from './storage-class';
import { FieldError, Finding, invalid, required, unsupported, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { given, instanceShape, integerShape, isPlainObject, isString, shown, stringListShape, stringMapShape, stringShape, typeOf } from '../core/rules/shapes';

/*
 * The rules of GlusterStorageClass's props and parameters: the in-tree provisioner's
 * parseClassParameters (pkg/volume/glusterfs/glusterfs.go, last in v1.25) and Heketi's REST API
 * (heketi apps/glusterfs/app_volume.go VolumeCreate, middleware/jwt.go).
 */

const PARAMS = FieldPath.root('parameters');

const GID_MIN = 2000;
const GID_MAX = 2147483647;
const EP_PREFIX_MAX = 26;
/** Heketi's replica counts (VolumeCreate refuses more than 3; 0 is its default, 2). */
const MAX_REPLICA = 3;
/** The disperse layouts Heketi's VolumeCreate accepts, data:redundancy. */
const DISPERSE_LAYOUTS = ['2:1', '4:2', '8:3', '8:4'];

/**
 * The class's model: the heketi props as given (lists and maps copied, so later changes to the
 * caller's objects do not leak in), and the library objects when they are ones.
 */
export interface ClassModel {
  readonly resturl: unknown;
  readonly restuser: unknown;
  readonly credentials?: HeketiCredentials;
  readonly clusterIds: unknown;
  readonly gidMin: unknown;
  readonly gidMax: unknown;
  readonly volumeType?: GlusterVolumeType;
  readonly volumeOptions: unknown;
  readonly volumeNamePrefix: unknown;
  readonly snapFactor: unknown;
  readonly customEpNamePrefix: unknown;
}

export type GlusterProps = Partial<Record<keyof GlusterStorageClassProps, unknown>>;

export function classModel(p: GlusterProps): ClassModel {
  return {
    resturl: p.resturl ?? '',
    restuser: p.restuser ?? undefined,
    credentials: p.credentials instanceof HeketiCredentials ? p.credentials : undefined,
    clusterIds: Array.isArray(p.clusterIds) ? [...p.clusterIds] : p.clusterIds ?? undefined,
    gidMin: p.gidMin ?? undefined,
    gidMax: p.gidMax ?? undefined,
    volumeType: p.volumeType instanceof GlusterVolumeType ? p.volumeType : undefined,
    volumeOptions: isPlainObject(p.volumeOptions) ? { ...p.volumeOptions } : p.volumeOptions ?? undefined,
    volumeNamePrefix: p.volumeNamePrefix ?? undefined,
    snapFactor: p.snapFactor ?? undefined,
    customEpNamePrefix: p.customEpNamePrefix ?? undefined,
  };
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isWhole = (v: unknown): v is number => Number.isSafeInteger(v);

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
export function classShapes(p: GlusterProps): FieldError[] {
  return [
    ...stringShape(PARAMS.key('resturl'), p.resturl, 'a string, the Heketi REST URL'),
    ...stringShape(PARAMS.key('restuser'), p.restuser),
    ...instanceShape(PARAMS.key('secretName'), p.credentials, (v) => v instanceof HeketiCredentials,
      'a HeketiCredentials (HeketiCredentials.fromPassword or HeketiCredentials.fromSecret)'),
    ...stringListShape(PARAMS.key('clusterid'), p.clusterIds),
    ...integerShape(PARAMS.key('gidMin'), p.gidMin, GID_MIN, GID_MAX),
    ...integerShape(PARAMS.key('gidMax'), p.gidMax, GID_MIN, GID_MAX),
    ...instanceShape(PARAMS.key('volumetype'), p.volumeType, (v) => v instanceof GlusterVolumeType,
      'a GlusterVolumeType (GlusterVolumeType.NONE, .replicate(n) or .disperse(data, redundancy))'),
    ...stringMapShape(PARAMS.key('volumeoptions'), p.volumeOptions),
    ...stringShape(PARAMS.key('volumenameprefix'), p.volumeNamePrefix),
    ...(!given(p.snapFactor) || isNumber(p.snapFactor) ? []
      : [invalid(PARAMS.key('snapfactor'), shown(p.snapFactor), `must be a number between 1 and 100 (got ${typeOf(p.snapFactor)})`)]),
    ...stringShape(PARAMS.key('customepnameprefix'), p.customEpNamePrefix),
  ];
}

/** The parameters, as the provisioner reads them (the Secret's after restuser); only values of the right shape are written. */
export function glusterClassParameters(m: ClassModel, secret: HeketiSecretRef | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  const put = (key: string, value: unknown, ok: boolean) => {
    if (ok) params[key] = String(value);
  };
  put('resturl', m.resturl, isString(m.resturl));
  put('restuser', m.restuser, isString(m.restuser));
  Object.assign(params, secretParameters(secret));
  const ids = m.clusterIds;
  if (Array.isArray(ids) && ids.length > 0 && ids.every(isString)) params.clusterid = ids.join(',');
  put('gidMin', m.gidMin, isWhole(m.gidMin));
  put('gidMax', m.gidMax, isWhole(m.gidMax));
  put('volumetype', m.volumeType?.value, m.volumeType !== undefined);
  const opts = m.volumeOptions;
  if (isPlainObject(opts) && Object.keys(opts).length > 0 && Object.values(opts).every(isString)) {
    params.volumeoptions = Object.entries(opts).map(([k, v]) => `${k} ${v}`).join(',');
  }
  put('volumenameprefix', m.volumeNamePrefix, isString(m.volumeNamePrefix));
  put('snapfactor', m.snapFactor, isNumber(m.snapFactor));
  put('customepnameprefix', m.customEpNamePrefix, isString(m.customEpNamePrefix));
  return params;
}

/**
 * An http or https URL with a host, as Go's net/url and net/http take it (Heketi's client sends
 * every request to resturl + path): scheme, optional user info, a host name or bracketed IPv6
 * address, an optional numeric port, then anything without spaces.
 */
const HEKETI_URL = /^https?:\/\/(?:[^/?#@\s]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^/?#:@[\]\s]+)(?::\d*)?(?:[/?#]\S*)?$/i;

function heketiUrlErrors(at: FieldPath, url: unknown): FieldError[] {
  if (url === '') return [required(at, 'the Heketi REST URL, e.g. "http://heketi.storage.svc:8080"')];
  if (!isString(url)) return []; // its shape rule reports it
  return HEKETI_URL.test(url) ? textRules(at, url) : [invalid(at, url, 'must be an http or https URL, e.g. "http://heketi.storage.svc:8080"')];
}

/** The Secret's parameters, `secretName` and `secretNamespace`, when the credentials name a Secret. */
function secretParameters(s: HeketiSecretRef | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!s || !s.named) return params;
  if (isString(s.name) && s.name !== '') params.secretName = s.name;
  if (isString(s.namespace)) params.secretNamespace = s.namespace;
  return params;
}

/** The credentials' rules: the provisioner needs both secretName and secretNamespace, and Heketi the user "admin". */
function secretRules(m: ClassModel, s: HeketiSecretRef | undefined): FieldError[] {
  if (!s) return [];
  const out: FieldError[] = [...s.problems];
  if (!s.named) return out;
  if (!given(m.restuser) || m.restuser === '') {
    out.push(required(PARAMS.key('restuser'), 'Heketi checks the password in secretName for this user: give restuser (e.g. "admin")'));
  } else if (isString(m.restuser) && m.restuser !== 'admin') {
    out.push(unsupported(PARAMS.key('restuser'), m.restuser, ['admin'],
      'with a password, Heketi knows the users "admin" and "user" only, and "user" may not read the cluster\'s nodes, which the provisioner does for every volume'));
  }
  if (s.existing) out.push(...nameErrors(PARAMS.key('secretName'), s.name, NameRule.DNS_SUBDOMAIN));
  const ns = s.namespace;
  if (ns === undefined) {
    out.push(required(PARAMS.key('secretNamespace'),
      'the provisioner reads the Secret from this namespace: give the Secret\'s Chart a namespace, or pass namespace to HeketiCredentials.fromSecret'));
  } else {
    out.push(...nameErrors(PARAMS.key('secretNamespace'), ns, NameRule.DNS_LABEL));
  }
  return out;
}

function volumeTypeRules(t: GlusterVolumeType | undefined): Finding[] {
  if (!t) return [];
  const at = PARAMS.key('volumetype');
  const counts = t._counts;
  if (!counts.every((n) => isWhole(n) && n >= 0)) {
    return [invalid(at, t.value, 'brick counts must be whole numbers (the provisioner parses them with strconv.Atoi and refuses negative ones)')];
  }
  if (t._kind === 'replicate') {
    const n = counts[0] as number;
    if (n > MAX_REPLICA) return [invalid(at, t.value, `must be replicate:1 to replicate:${MAX_REPLICA}: Heketi refuses more replicas ("Invalid replica value")`)];
    if (n === 0) return [warning(at, '"replicate:0" makes Heketi use its default, 2 replicas: write GlusterVolumeType.replicate(2)')];
  }
  if (t._kind === 'disperse' && !DISPERSE_LAYOUTS.includes(counts.join(':'))) {
    return [unsupported(at, t.value, DISPERSE_LAYOUTS.map((l) => `disperse:${l}`), 'the disperse layouts Heketi creates ("Invalid dispersion combination")')];
  }
  return [];
}

export function glusterClassRules(m: ClassModel, secret: HeketiSecretRef | undefined): Finding[] {
  const out: Finding[] = [...heketiUrlErrors(PARAMS.key('resturl'), m.resturl), ...secretRules(m, secret)];
  if (isString(m.restuser)) out.push(...textRules(PARAMS.key('restuser'), m.restuser));
  if (Array.isArray(m.clusterIds)) {
    for (const id of m.clusterIds) {
      if (isString(id) && !/^[0-9a-f]{32}$/.test(id)) {
        out.push(invalid(PARAMS.key('clusterid'), id, 'must be a Heketi cluster id: 32 lower-case hexadecimal digits (heketi-cli cluster list)'));
      }
    }
  }
  // the order, once both are in range (a value out of range has its own error)
  const inRange = (v: unknown) => isWhole(v) && v >= GID_MIN && v <= GID_MAX;
  const gidMin = m.gidMin === undefined ? GID_MIN : m.gidMin;
  const gidMax = m.gidMax === undefined ? GID_MAX : m.gidMax;
  if (inRange(gidMin) && inRange(gidMax) && (gidMin as number) > (gidMax as number)) {
    out.push(invalid(PARAMS.key('gidMax'), gidMax as number, `must be at least gidMin (${gidMin})`));
  }
  out.push(...volumeTypeRules(m.volumeType));
  if (isPlainObject(m.volumeOptions)) {
    for (const [k, v] of Object.entries(m.volumeOptions)) {
      if (isString(v) && (!/^[^\s,]+$/.test(k) || !/^[^,]*[^\s,][^,]*$/.test(v))) {
        out.push(invalid(PARAMS.key('volumeoptions'), `${k} ${v}`, 'each option is "<name> <value>": a name without spaces or commas, a value without commas'));
      }
    }
  }
  const prefix = m.volumeNamePrefix;
  if (prefix === '') {
    out.push(warning(PARAMS.key('volumenameprefix'), 'an empty volumenameprefix is ignored: the provisioner leaves Heketi\'s vol_<id> names; leave volumeNamePrefix unset'));
  } else if (isString(prefix) && prefix.includes('_')) {
    out.push(invalid(PARAMS.key('volumenameprefix'), prefix, 'must not contain \'_\' (the provisioner joins prefix, namespace and claim name with \'_\')'));
  } else if (isString(prefix) && !/^[A-Za-z0-9-]+$/.test(prefix)) {
    out.push(invalid(PARAMS.key('volumenameprefix'), prefix, 'must consist of letters, digits and \'-\': Heketi refuses other characters in a volume name'));
  }
  const f = m.snapFactor;
  if (isNumber(f) && !(f >= 1 && f <= 100)) out.push(invalid(PARAMS.key('snapfactor'), shown(f), 'must be between 1 and 100, inclusive'));
  const ep = m.customEpNamePrefix;
  if (isString(ep)) {
    if (ep.length > EP_PREFIX_MAX) {
      out.push(invalid(PARAMS.key('customepnameprefix'), ep, `must be no more than ${EP_PREFIX_MAX} characters: the Endpoints and Service are named <prefix>-<claim UID>, at most 63`));
    }
    if (!/^[a-z][-a-z0-9]*$/.test(ep)) {
      out.push(invalid(PARAMS.key('customepnameprefix'), ep, 'must start with a lower-case letter and hold only lower-case letters, digits and \'-\': <prefix>-<claim UID> is a Service name (a DNS-1035 label)'));
    }
  }
  return out;
}

