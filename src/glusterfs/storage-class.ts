import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Counts, HeketiSecret } from './heketi';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, invalid, required, unsupported, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { given, instanceShape, integerShape, isPlainObject, isString, shown, stringListShape, stringMapShape, stringShape, typeOf } from '../core/rules/shapes';
import { fileSystemClaimFacts } from '../generic/claim-facts';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions } from '../generic/storage-class-props';

/*
 * GlusterFS dynamic provisioning through heketi: its Secret and the StorageClass. The cluster and
 * its volumes are in glusterfs.ts. Sources of the rules: the in-tree provisioner's
 * parseClassParameters (pkg/volume/glusterfs/glusterfs.go, last in v1.25) and Heketi's REST API
 * (heketi apps/glusterfs/app_volume.go VolumeCreate, middleware/jwt.go).
 */

const AUTO = VolumeImplementation.AUTO;

const PARAMS = FieldPath.root('parameters');

/**
 * The durability of the Gluster volumes a StorageClass provisions (`volumetype`). Heketi creates
 * replica 1 to 3, and the disperse layouts 2+1, 4+2, 8+3 and 8+4.
 */
export class GlusterVolumeType {
  /** Distributed only, without redundancy (`none`). */
  public static readonly NONE = new GlusterVolumeType('none', []);

  /** Replicated over `replicas` bricks (`replicate:<replicas>`), 1 to 3. */
  public static replicate(replicas: number): GlusterVolumeType {
    return new GlusterVolumeType('replicate', [replicas]);
  }

  /**
   * Erasure-coded over `data` + `redundancy` bricks (`disperse:<data>:<redundancy>`): 2+1, 4+2,
   * 8+3 or 8+4.
   */
  public static disperse(data: number, redundancy: number): GlusterVolumeType {
    return new GlusterVolumeType('disperse', [data, redundancy]);
  }

  /** The parameter value: `replicate:3`, `disperse:4:2` or `none`. */
  public readonly value: string;

  private constructor(/** @internal */ public readonly _kind: string, /** @internal */ public readonly _counts: Counts) {
    this.value = [_kind, ...this._counts.map((c) => String(c))].join(':');
  }
}

/** Props for `GlusterStorageClass`. */
export interface GlusterStorageClassProps extends StorageClassOptions {
  /**
   * The Heketi REST URL the provisioner creates volumes through (`resturl`), e.g.
   * `http://heketi.storage.svc:8080`.
   *
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly resturl: string;

  /**
   * The Heketi user (`restuser`); with `secret`, `admin` (Heketi's only user that may create
   * volumes and read the cluster's nodes).
   *
   * @default - none: Heketi without authentication
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly restuser?: string;

  /**
   * The Secret with the Heketi user's password (`secretName`, `secretNamespace`).
   *
   * @default - none: an empty password
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly secret?: HeketiSecret;

  /**
   * The Heketi clusters volumes may be created in (`clusterid`): Heketi ids, 32 hexadecimal digits.
   *
   * @default - any cluster Heketi manages
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly clusterIds?: string[];

  /**
   * The lowest GID the provisioner gives a volume (`gidMin`), 2000 to 2147483647.
   *
   * @default 2000
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly gidMin?: number;

  /**
   * The highest GID the provisioner gives a volume (`gidMax`), 2000 to 2147483647, at least `gidMin`.
   *
   * @default 2147483647
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly gidMax?: number;

  /**
   * The durability of new volumes (`volumetype`).
   *
   * @default - the provisioner's default, replicate:3
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly volumeType?: GlusterVolumeType;

  /**
   * Gluster volume options set on new volumes (`volumeoptions`), e.g. `{ 'client.ssl': 'on' }`.
   *
   * @default - none
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly volumeOptions?: { [option: string]: string };

  /**
   * A prefix for the names of new Gluster volumes (`volumenameprefix`): `<prefix>_<namespace>_<claim>_<uuid>`.
   * Letters, digits and `-` only (no `_`).
   *
   * @default - Heketi's `vol_<id>`
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly volumeNamePrefix?: string;

  /**
   * The thin-pool snapshot factor (`snapfactor`), 1 to 100: a volume's thin pool is this many times its size.
   *
   * @default 1
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly snapFactor?: number;

  /**
   * The prefix of the Endpoints and Service the provisioner creates for each claim
   * (`customepnameprefix`): `<prefix>-<claim UID>`; at most 26 characters.
   *
   * @default "glusterfs-dynamic"
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly customEpNamePrefix?: string;

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

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
interface ClassModel {
  readonly resturl: unknown;
  readonly restuser: unknown;
  readonly secret?: HeketiSecret;
  readonly clusterIds: unknown;
  readonly gidMin: unknown;
  readonly gidMax: unknown;
  readonly volumeType?: GlusterVolumeType;
  readonly volumeOptions: unknown;
  readonly volumeNamePrefix: unknown;
  readonly snapFactor: unknown;
  readonly customEpNamePrefix: unknown;
}

type GlusterProps = Partial<Record<keyof GlusterStorageClassProps, unknown>>;

function classModel(p: GlusterProps): ClassModel {
  return {
    resturl: p.resturl ?? '',
    restuser: p.restuser ?? undefined,
    secret: p.secret instanceof HeketiSecret ? p.secret : undefined,
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
function classShapes(p: GlusterProps): FieldError[] {
  return [
    ...stringShape(PARAMS.key('resturl'), p.resturl, 'a string, the Heketi REST URL'),
    ...stringShape(PARAMS.key('restuser'), p.restuser),
    ...instanceShape(PARAMS.key('secretName'), p.secret, (v) => v instanceof HeketiSecret, 'a HeketiSecret (HeketiSecret.fromPassword or HeketiSecret.fromSecret)'),
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

/** The parameters, as the provisioner reads them; only values of the right shape are written. */
function glusterClassParameters(m: ClassModel): Record<string, string> {
  const params: Record<string, string> = {};
  const put = (key: string, value: unknown, ok: boolean) => {
    if (ok) params[key] = String(value);
  };
  put('resturl', m.resturl, isString(m.resturl));
  put('restuser', m.restuser, isString(m.restuser));
  const s = m.secret;
  if (s && s._named) {
    put('secretName', s.secretName, isString(s.secretName) && s.secretName !== '');
    put('secretNamespace', s.secretNamespace, isString(s.secretNamespace));
  }
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

/** The secret's rules: the provisioner needs both secretName and secretNamespace, and Heketi the user "admin". */
function secretRules(m: ClassModel): FieldError[] {
  const s = m.secret;
  if (!s || !s._named) return [];
  const out: FieldError[] = [];
  if (!given(m.restuser) || m.restuser === '') {
    out.push(required(PARAMS.key('restuser'), 'Heketi checks the password in secretName for this user: give restuser (e.g. "admin")'));
  } else if (isString(m.restuser) && m.restuser !== 'admin') {
    out.push(unsupported(PARAMS.key('restuser'), m.restuser, ['admin'],
      'with a password, Heketi knows the users "admin" and "user" only, and "user" may not read the cluster\'s nodes, which the provisioner does for every volume'));
  }
  if (s._existing) out.push(...nameErrors(PARAMS.key('secretName'), s.secretName, NameRule.DNS_SUBDOMAIN));
  const ns = s.secretNamespace;
  if (ns === undefined) {
    out.push(required(PARAMS.key('secretNamespace'),
      'the provisioner reads the Secret from this namespace: give the Secret\'s Chart a namespace, or pass namespace to HeketiSecret.fromSecret'));
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

function glusterClassRules(m: ClassModel): Finding[] {
  const out: Finding[] = [...heketiUrlErrors(PARAMS.key('resturl'), m.resturl), ...secretRules(m)];
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

/**
 * A StorageClass for the heketi-backed in-tree provisioner `kubernetes.io/glusterfs`: `resturl`,
 * `restuser`, the `kubernetes.io/glusterfs` Secret with the Heketi password (`secretName` and
 * `secretNamespace`, always both), `clusterid`, `gidMin`/`gidMax`, `volumetype`, `volumeoptions`,
 * `volumenameprefix`, `snapfactor` and `customepnameprefix`. The provisioner creates an Endpoints and
 * Service per claim itself. Works through 1.25 (deprecated in 1.25: a warning); from 1.26 an error.
 *
 * @example
 *
 * const heketi = HeketiSecret.fromPassword(chart, 'Heketi', { password: process.env.HEKETI_KEY! });
 * const gold = new GlusterStorageClass(chart, 'Gold', {
 *   resturl: 'http://heketi.storage.svc:8080', restuser: 'admin', secret: heketi,
 *   volumeType: GlusterVolumeType.replicate(3),
 * });
 * const claim = gold.createClaim(chart, 'Data', { storage: Size.gibibytes(20) });
 */
export class GlusterStorageClass extends StorageClass {
  constructor(scope: Construct, id: string, props: GlusterStorageClassProps) {
    // a JavaScript or Python caller can pass anything: values are kept as given, and checked by shape once
    const p: GlusterProps = isPlainObject(props) ? props : {};
    const target = resolveTarget(scope, p.kubernetesVersion as KubernetesVersion | undefined);
    const m = classModel(p);
    super(scope, id, { ...(p as StorageClassOptions), provisioner: 'kubernetes.io/glusterfs', parameters: glusterClassParameters(m) });
    registerStorageObject(this, target);
    const shapes = classShapes(p);
    addRules(this, () => [
      ...pluginRules(Plugin.GLUSTERFS, target.version, AUTO, FieldPath.root('provisioner')),
      ...shapes,
      ...glusterClassRules(m),
    ]);
  }

  /** @internal The glusterfs plugin serves ReadWriteOnce, ReadOnlyMany and ReadWriteMany, and no raw block devices. */
  public _claimFacts(): Capabilities {
    const m = kplus.PersistentVolumeAccessMode;
    return fileSystemClaimFacts([m.READ_WRITE_ONCE, m.READ_ONLY_MANY, m.READ_WRITE_MANY], 'the glusterfs plugin serves these; ReadWriteOncePod is for CSI volumes only',
      'the glusterfs plugin mounts a Gluster volume as a filesystem and has no raw block mode');
  }
}
