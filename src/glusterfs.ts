import { ApiObject, ApiObjectMetadata, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Capabilities } from './core/access';
import { registerStorageObject } from './core/app-checks';
import { Finding, invalid, isWarning, required } from './core/errors';
import { FieldPath, quote } from './core/field-path';
import { canonicalIP, endpointAddressListErrors } from './core/ip-address';
import { textRules } from './core/manifest-text';
import { NameRule, nameErrors } from './core/names';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, VolumeImplementation, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { SecretRef, SecretSource, materialize } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion, resolveTarget } from './core/version';
import { StorageClass, StorageClassOptions } from './storage-class';

/** glusterd's management port: what the Endpoints and the Service list (the plugin itself ignores ports). */
const GLUSTERD_PORT = 24007;
const AUTO = VolumeImplementation.AUTO;
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;

/** Rules that only say whether GlusterFS works at the target: Forbidden from 1.26, nothing before. */
function removedRules(target: KubernetesVersion, at: FieldPath): Finding[] {
  return pluginRules(Plugin.GLUSTERFS, target, AUTO, at).filter((f) => !isWarning(f));
}

/** Props for `GlusterCluster`. */
export interface GlusterClusterProps {
  /**
   * The IP addresses (IPv4 or IPv6) of the Gluster storage nodes; at least one. The glusterfs plugin
   * mounts from the first that answers and passes the others as `backup-volfile-servers`. Host names
   * are not allowed: Endpoints hold IP addresses only. Written in canonical form.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
   */
  readonly addresses: string[];

  /**
   * The port the Endpoints and the Service list. The glusterfs plugin ignores it; the Service
   * needs one.
   *
   * @default 24007 (glusterd)
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
   */
  readonly port?: number;

  /**
   * Metadata of both the Endpoints and the Service: they share the name (a DNS-1035 label, since the
   * Endpoints pair with the Service by name) and the namespace, which must be the namespace of the
   * Pods that mount the cluster's volumes inline.
   *
   * @default - a name derived from the construct path, the Chart's namespace
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The Kubernetes version this cluster is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A GlusterFS cluster as the in-tree glusterfs plugin finds it: a v1 Endpoints object listing the
 * storage nodes' IP addresses, and a Service of the same name without a selector, which keeps the
 * endpoints controller from deleting those Endpoints. Volumes of the cluster name the Endpoints.
 * GlusterFS works through Kubernetes 1.25 (deprecated in 1.25); from 1.26 every GlusterFS construct
 * is a synth-time error.
 *
 * @example
 *
 * const gluster = new GlusterCluster(chart, 'Gluster', {
 *   addresses: ['10.240.106.152', '10.240.79.157'],
 *   metadata: { name: 'glusterfs-cluster' },
 * });
 * const vol = gluster.volume('KubeVol', { name: 'glusterfsvol', path: 'kube_vol', readOnly: true });
 * pod.containers[0].mount('/mnt/glusterfs', vol);
 */
export class GlusterCluster extends Construct {
  /** The name of the Endpoints and the Service. */
  public readonly name: string;
  /** The namespace of the Endpoints and the Service, if the app knows it. */
  public readonly namespace?: string;
  /** The port the Endpoints and the Service list. */
  public readonly port: number;
  /** The Kubernetes version this cluster is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The v1 Endpoints object the glusterfs plugin reads. */
  public readonly endpoints: ApiObject;
  /** The selector-less Service that keeps the Endpoints alive. */
  public readonly service: ApiObject;

  private readonly _addresses: readonly string[];

  constructor(scope: Construct, id: string, props: GlusterClusterProps) {
    super(scope, id);
    this._addresses = [...props.addresses ?? []];
    this.port = props.port ?? GLUSTERD_PORT;
    const given = props.metadata?.name;
    this.name = given ?? Names.toDnsLabel(this);
    const target = resolveTarget(this, props.kubernetesVersion);
    this.kubernetesVersion = target.version;
    registerStorageObject(this, target);

    const metadata = { ...props.metadata, name: this.name };
    this.endpoints = new k8s.KubeEndpoints(this, 'Endpoints', {
      metadata,
      subsets: [{ addresses: this.addresses.map((ip) => ({ ip })), ports: [{ port: this.port }] }],
    });
    // No selector: with one, the endpoints controller would own the Endpoints and overwrite them.
    this.service = new k8s.KubeService(this, 'Service', { metadata, spec: { ports: [{ port: this.port }] } });
    this.namespace = this.endpoints.metadata.namespace;

    const subset = FieldPath.root('subsets').index(0);
    addRules(this.endpoints, () => {
      const out: Finding[] = [...removedRules(this.kubernetesVersion, FieldPath.root('subsets'))];
      if (this._addresses.length === 0) {
        out.push(required(subset, 'must specify `addresses` or `notReadyAddresses`: list at least one storage node\'s IP address'));
      }
      out.push(...endpointAddressListErrors((i) => subset.child('addresses').index(i).child('ip'), this._addresses));
      if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
        out.push(invalid(subset.child('ports').index(0).child('port'), this.port, 'must be between 1 and 65535, inclusive'));
      }
      return out;
    });
    addRules(this.service, () => nameErrors(FieldPath.root('metadata', 'name'), this.name, NameRule.DNS_1035_LABEL).map((e) => ({
      ...e,
      detail: `${e.detail}; the Endpoints take the Service's name` + (given === undefined ? ', derived here from the construct path: set metadata.name' : ''),
    })));
  }

  /** The storage nodes' addresses as written: canonical forms (a copy). */
  public get addresses(): string[] {
    return this._addresses.map((a) => canonicalIP(a) ?? a);
  }

  /** A Pod volume of a Gluster volume of this cluster, as a child of the cluster. */
  public volume(id: string, options: GlusterVolumeOptions): GlusterVolume {
    return new GlusterVolume(this, id, { ...options, cluster: this, kubernetesVersion: options.kubernetesVersion ?? this.kubernetesVersion });
  }
}

// ---------------------------------------------------------------------------------------------

/** The fields of a Gluster volume, shared by the Pod volume and the PersistentVolume. */
export interface GlusterSourceOptions {
  /**
   * The Gluster volume to mount (its name, e.g. `kube_vol`, optionally followed by a subdirectory).
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly path: string;

  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly readOnly?: boolean;
}

/** Options for `GlusterCluster.volume()`. */
export interface GlusterVolumeOptions extends GlusterSourceOptions {
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
   * @default - the cluster's (for `cluster.volume()`), else the app's target
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `GlusterVolume`. */
export interface GlusterVolumeProps extends GlusterVolumeOptions {
  /**
   * The cluster whose Endpoints the volume names.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly cluster: GlusterCluster;
}

function sourceRules(path: string, at: FieldPath): Finding[] {
  if (path === '') return [required(at.child('path'), 'name the Gluster volume, e.g. "kube_vol"')];
  return textRules(at.child('path'), path);
}


/**
 * A Gluster volume as an inline Pod volume (`glusterfs: { endpoints, path, readOnly }`): mount it
 * with `container.mount(path, volume)`. The plugin reads the Endpoints from the Pod's namespace, so
 * Pods that mount it must be in its cluster's namespace (a GlusterPersistentVolume can point
 * elsewhere). Deprecated in 1.25 (a warning), an error from 1.26.
 *
 * @example
 *
 * const vol = new GlusterVolume(chart, 'KubeVol', { cluster: gluster, path: 'kube_vol', readOnly: true });
 * pod.containers[0].mount('/mnt/glusterfs', vol);
 */
export class GlusterVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The cluster whose Endpoints the volume names. */
  public readonly cluster: GlusterCluster;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly path: string;
  private readonly readOnly?: boolean;
  private readonly pod: PodStorage;

  constructor(scope: Construct, id: string, props: GlusterVolumeProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.path = props.path ?? '';
    this.readOnly = props.readOnly;
    this.pod = new PodStorage(this, { plugin: Plugin.GLUSTERFS, name: props.name, kubernetesVersion: props.kubernetesVersion });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    addRules(this, () => [...this.pod.rules('glusterfs'), ...sourceRules(this.path, this.pod.root.child('glusterfs'))]);
  }

  /** The Pod volume (created once). */
  public asVolume(): kplus.Volume {
    return this.pod.asVolume('glusterfs', (): k8s.GlusterfsVolumeSource => ({ endpoints: this.cluster.name, path: this.path, readOnly: this.readOnly }), {
      reference: {
        name: this.cluster.name,
        namespace: this.cluster.namespace,
        field: 'glusterfs.endpoints',
        subject: 'the Endpoints are',
        reader: 'the glusterfs plugin reads them',
        fix: 'create the GlusterCluster in the Pod\'s namespace, or mount a GlusterPersistentVolume (it names endpointsNamespace)',
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------

/** Props for `GlusterPersistentVolume`. */
export interface GlusterPersistentVolumeProps extends GlusterSourceOptions, StoragePersistentVolumeProps {
  /**
   * The cluster whose Endpoints the volume names.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly cluster: GlusterCluster;

  /**
   * The namespace of the cluster's Endpoints (`endpointsNamespace`).
   *
   * @default - the cluster's namespace when its Chart has one; else unset, and the plugin reads
   * the Endpoints from the namespace of the claim
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly endpointsNamespace?: string;
}

const GLUSTER_CAPABILITIES: Capabilities = {
  accessModes: [RWO, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY, kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
  accessModesWhy: 'the glusterfs plugin serves these; ReadWriteOncePod is for CSI volumes only',
  block: false,
  blockWhy: 'the glusterfs plugin mounts a Gluster volume as a filesystem and has no raw block mode',
  mountOptions: true,
};

/**
 * A Gluster volume as a PersistentVolume (a `StoragePersistentVolume`: `bind()`,
 * `reserve()`, `asVolume()`), `spec.glusterfs` with `endpointsNamespace`, so claims in any namespace
 * can use the cluster's Endpoints. Access modes ReadWriteOnce, ReadOnlyMany and ReadWriteMany; no
 * Block; mount options allowed. Deprecated in 1.25 (a warning), an error from 1.26.
 *
 * @example
 *
 * const pv = new GlusterPersistentVolume(chart, 'Shared', {
 *   cluster: gluster, path: 'kube_vol', storage: Size.gibibytes(100),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 * });
 * const claim = pv.reserve();
 */
export class GlusterPersistentVolume extends StoragePersistentVolume {
  /** The cluster whose Endpoints the volume names. */
  public readonly cluster: GlusterCluster;

  private readonly path: string;
  private readonly sourceReadOnly?: boolean;
  private readonly givenNamespace?: string;
  private readonly endpointsNamespace?: string;

  constructor(scope: Construct, id: string, props: GlusterPersistentVolumeProps) {
    super(scope, id, props);
    this.cluster = props.cluster;
    this.path = props.path ?? '';
    this.sourceReadOnly = props.readOnly;
    this.givenNamespace = props.endpointsNamespace;
    this.endpointsNamespace = props.endpointsNamespace ?? props.cluster.namespace;
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return GLUSTER_CAPABILITIES;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const at = FieldPath.root('spec', 'glusterfs');
    const out = [...pluginRules(Plugin.GLUSTERFS, this.kubernetesVersion, AUTO, at), ...sourceRules(this.path, at)];
    const ns = at.child('endpointsNamespace');
    const given = this.givenNamespace;
    if (given === '') {
      out.push(invalid(ns, given, 'if the endpointnamespace is set, it must be a valid namespace name'));
    } else if (given !== undefined) {
      out.push(...nameErrors(ns, given, NameRule.DNS_LABEL));
      const own = this.cluster.namespace;
      if (own !== undefined && own !== given) {
        out.push(invalid(ns, given, `the Endpoints of GlusterCluster ${quote(this.cluster.node.path)} are in namespace ${quote(own)}: leave endpointsNamespace unset`));
      }
    }
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    return {
      glusterfs: { endpoints: this.cluster.name, endpointsNamespace: this.endpointsNamespace, path: this.path, readOnly: this.sourceReadOnly },
    };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.sourceReadOnly ?? false;
  }
}

// ---------------------------------------------------------------------------------------------

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
