import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerStorageObject } from './core/app-checks';
import { Finding, invalid, required } from './core/errors';
import { FieldPath } from './core/field-path';
import { textRules } from './core/manifest-text';
import { NameRule, nameErrors } from './core/names';
import { Plugin, VolumeImplementation, pluginRules } from './core/plugin-policy';
import { SecretRef, SecretSource, materialize } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion, resolveTarget } from './core/version';
import { StorageClass, StorageClassOptions } from './storage-class';

/*
 * GlusterFS dynamic provisioning through heketi: its Secret and the StorageClass. The cluster and
 * its volumes are in glusterfs.ts.
 */

const AUTO = VolumeImplementation.AUTO;

const HEKETI_SECRET_TYPE = 'kubernetes.io/glusterfs';

/** Options for a Heketi Secret the library creates. */
export interface HeketiPasswordOptions {
  /**
   * The Heketi user's password (its key). It goes only into the Secret's data.
   *
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly password: string;

  /**
   * Metadata of the created Secret.
   *
   * @default - a name derived from the construct path, the Chart's namespace
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Options for a reference to an existing Heketi Secret. */
export interface HeketiSecretOptions {
  /**
   * The Secret: type `kubernetes.io/glusterfs`, the password under `key`.
   *
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly secret: kplus.ISecret;

  /**
   * The Secret's namespace (`secretNamespace`).
   *
   * @default - the Secret's own namespace when it is a Secret of this app
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly namespace?: string;
}

/**
 * The Secret the heketi-backed GlusterFS provisioner reads the Heketi user's password from: one
 * the library creates (type `kubernetes.io/glusterfs`, the password under `key`), or an existing
 * one. Several StorageClasses can share it.
 */
export class HeketiSecret extends Construct {
  /** A `kubernetes.io/glusterfs` Secret with the password under `key`, created by the library. */
  public static fromPassword(scope: Construct, id: string, options: HeketiPasswordOptions): HeketiSecret {
    return new HeketiSecret(scope, id, { kind: 'generated', data: { key: options.password }, metadata: options.metadata });
  }

  /** An existing Secret: a cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`. */
  public static fromSecret(scope: Construct, id: string, options: HeketiSecretOptions): HeketiSecret {
    return new HeketiSecret(scope, id, { kind: 'existing', secret: options.secret, namespace: options.namespace });
  }

  /** The Secret's name. */
  public readonly secretName: string;
  /** The Secret's namespace, if the app knows it. */
  public readonly secretNamespace?: string;

  /** @internal */
  public readonly _existing: boolean;

  private constructor(scope: Construct, id: string, source: SecretSource) {
    super(scope, id);
    const ref: SecretRef = materialize(this, 'Secret', source, {
      type: HEKETI_SECRET_TYPE,
      requiredKeys: [{ key: 'key', detail: 'give the Heketi user\'s password' }],
    });
    this.secretName = ref.name;
    this.secretNamespace = ref.namespace;
    this._existing = source.kind === 'existing';
  }
}

/**
 * The durability of the Gluster volumes a StorageClass provisions (`volumetype`).
 */
export class GlusterVolumeType {
  /** Distributed only, without redundancy (`none`). */
  public static readonly NONE = new GlusterVolumeType('none', []);

  /** Replicated over `replicas` bricks (`replicate:<replicas>`). */
  public static replicate(replicas: number): GlusterVolumeType {
    return new GlusterVolumeType('replicate', [replicas]);
  }

  /** Erasure-coded over `data` + `redundancy` bricks (`disperse:<data>:<redundancy>`). */
  public static disperse(data: number, redundancy: number): GlusterVolumeType {
    return new GlusterVolumeType('disperse', [data, redundancy]);
  }

  /** The parameter value: `replicate:3`, `disperse:4:2` or `none`. */
  public readonly value: string;

  private constructor(kind: string, /** @internal */ public readonly _counts: readonly number[]) {
    this.value = [kind, ...this._counts].join(':');
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
   * The Heketi user (`restuser`); needed with `secret`.
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
   * The Heketi clusters volumes may be created in (`clusterid`).
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
   * It must not contain `_`.
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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

const GID_MIN = 2000;
const GID_MAX = 2147483647;
const EP_PREFIX_MAX = 26;

function glusterClassParameters(p: GlusterStorageClassProps): Record<string, string> {
  const params: Record<string, string> = { resturl: p.resturl };
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined) params[key] = String(value);
  };
  put('restuser', p.restuser);
  put('secretName', p.secret?.secretName);
  put('secretNamespace', p.secret?.secretNamespace);
  if (p.clusterIds && p.clusterIds.length > 0) params.clusterid = p.clusterIds.join(',');
  put('gidMin', p.gidMin);
  put('gidMax', p.gidMax);
  put('volumetype', p.volumeType?.value);
  if (p.volumeOptions && Object.keys(p.volumeOptions).length > 0) {
    params.volumeoptions = Object.entries(p.volumeOptions).map(([k, v]) => `${k} ${v}`).join(',');
  }
  put('volumenameprefix', p.volumeNamePrefix);
  put('snapfactor', p.snapFactor);
  put('customepnameprefix', p.customEpNamePrefix);
  return params;
}

function heketiUrlErrors(at: FieldPath, url: string): Finding[] {
  if (url === '') return [required(at, 'the Heketi REST URL, e.g. "http://heketi.storage.svc:8080"')];
  let ok = false;
  try {
    const u = new URL(url);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    ok = false;
  }
  return ok ? textRules(at, url) : [invalid(at, url, 'must be an http or https URL, e.g. "http://heketi.storage.svc:8080"')];
}

function glusterClassRules(p: GlusterStorageClassProps): Finding[] {
  const at = FieldPath.root('parameters');
  const out: Finding[] = [...heketiUrlErrors(at.key('resturl'), p.resturl ?? '')];
  out.push(...textRules(at.key('restuser'), p.restuser));
  if (p.secret) {
    if (!p.restuser) {
      out.push(required(at.key('restuser'), 'Heketi checks the password in secretName for this user: give restuser (e.g. "admin")'));
    }
    if (p.secret._existing) out.push(...nameErrors(at.key('secretName'), p.secret.secretName, NameRule.DNS_SUBDOMAIN));
    const ns = p.secret.secretNamespace;
    if (ns === undefined) {
      out.push(required(at.key('secretNamespace'),
        'the provisioner reads the Secret from this namespace: give the Secret\'s Chart a namespace, or pass namespace to HeketiSecret.fromSecret'));
    } else {
      out.push(...nameErrors(at.key('secretNamespace'), ns, NameRule.DNS_LABEL));
    }
  }
  (p.clusterIds ?? []).forEach((id) => {
    if (!/^[^\s,]+$/.test(id)) out.push(invalid(at.key('clusterid'), id, 'must be a Heketi cluster id, without commas or spaces'));
  });
  const gid = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v < GID_MIN || v > GID_MAX)) {
      out.push(invalid(at.key(name), v, `must be a whole number between ${GID_MIN} and ${GID_MAX}, inclusive`));
    }
  };
  gid('gidMin', p.gidMin);
  gid('gidMax', p.gidMax);
  if ((p.gidMin ?? GID_MIN) > (p.gidMax ?? GID_MAX)) {
    out.push(invalid(at.key('gidMax'), p.gidMax ?? GID_MAX, `must be at least gidMin (${p.gidMin})`));
  }
  if (p.volumeType && !p.volumeType._counts.every((n) => Number.isInteger(n) && n >= 1)) {
    out.push(invalid(at.key('volumetype'), p.volumeType.value, 'brick counts must be whole numbers of at least 1'));
  }
  for (const [k, v] of Object.entries(p.volumeOptions ?? {})) {
    if (!/^[^\s,]+$/.test(k) || !/^[^,]*[^\s,][^,]*$/.test(v)) {
      out.push(invalid(at.key('volumeoptions'), `${k} ${v}`, 'each option is "<name> <value>": a name without spaces or commas, a value without commas'));
    }
  }
  const prefix = p.volumeNamePrefix;
  if (prefix === '') out.push(invalid(at.key('volumenameprefix'), prefix, 'must not be empty; leave volumeNamePrefix unset for Heketi\'s vol_<id> names'));
  else if (prefix?.includes('_')) out.push(invalid(at.key('volumenameprefix'), prefix, 'must not contain \'_\' (the provisioner joins prefix, namespace and claim name with \'_\')'));
  out.push(...textRules(at.key('volumenameprefix'), prefix));
  if (p.snapFactor !== undefined && !(p.snapFactor >= 1 && p.snapFactor <= 100)) {
    out.push(invalid(at.key('snapfactor'), p.snapFactor, 'must be between 1 and 100, inclusive'));
  }
  const ep = p.customEpNamePrefix;
  if (ep !== undefined) {
    if (ep.length > EP_PREFIX_MAX) {
      out.push(invalid(at.key('customepnameprefix'), ep, `must be no more than ${EP_PREFIX_MAX} characters: the Endpoints and Service are named <prefix>-<claim UID>, at most 63`));
    }
    if (!/^[a-z][-a-z0-9]*$/.test(ep)) {
      out.push(invalid(at.key('customepnameprefix'), ep, 'must start with a lower-case letter and hold only lower-case letters, digits and \'-\': <prefix>-<claim UID> is a Service name (a DNS-1035 label)'));
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
    const target = resolveTarget(scope, props.kubernetesVersion);
    // the model: the props with their lists copied, so later changes to the caller's arrays do not leak in
    const m: GlusterStorageClassProps = {
      ...props,
      clusterIds: props.clusterIds ? [...props.clusterIds] : undefined,
      volumeOptions: props.volumeOptions ? { ...props.volumeOptions } : undefined,
    };
    super(scope, id, { ...props, provisioner: 'kubernetes.io/glusterfs', parameters: glusterClassParameters(m) });
    registerStorageObject(this, target);
    addRules(this, () => [
      ...pluginRules(Plugin.GLUSTERFS, target.version, AUTO, FieldPath.root('provisioner')),
      ...glusterClassRules(m),
    ]);
  }
}
