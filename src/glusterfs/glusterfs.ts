import { ApiObject, ApiObjectMetadata, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, invalid, isWarning, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { canonicalIP, endpointIPErrors } from '../core/rules/ip-address';
import { textRules } from '../core/rules/manifest-text';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { NameRule, nameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, integerShape, isPlainObject, isString, listShape, requiredStringShape, shown, stringShape, typeOf } from '../core/rules/shapes';

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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

const SUBSET = FieldPath.root('subsets').index(0);
const ENDPOINTS_PORT = SUBSET.child('ports').index(0).child('port');
const SERVICE_PORT = FieldPath.root('spec', 'ports').index(0).child('port');
const SERVICE_TARGET_PORT = FieldPath.root('spec', 'ports').index(0).child('targetPort');
const NO_ADDRESSES = 'must specify `addresses` or `notReadyAddresses`: list at least one storage node\'s IP address';

/**
 * The addresses' rules: kube-apiserver's for each (`endpointIPErrors`), and a warning for one
 * listed twice (in any spelling). kube-apiserver accepts a repeated address, and the glusterfs
 * plugin collects the addresses into a set before it mounts, so the repeat changes nothing.
 */
function addressRules(addresses: readonly unknown[]): Finding[] {
  const out: Finding[] = [];
  const first = new Map<string, number>();
  addresses.forEach((a, i) => {
    if (!isString(a)) return; // its shape rule reports it
    const at = SUBSET.child('addresses').index(i).child('ip');
    const own = endpointIPErrors(at, a);
    out.push(...own);
    const canonical = canonicalIP(a);
    if (own.length > 0 || canonical === undefined) return;
    const seen = first.get(canonical);
    if (seen === undefined) {
      first.set(canonical, i);
    } else {
      out.push(warning(at, `${quote(a)} is listed twice (also as subsets[0].addresses[${seen}].ip); ` +
        'the glusterfs plugin mounts from each address once, so the repeat only clutters the Endpoints: list every storage node once'));
    }
  });
  return out;
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

  /** The addresses as given (a JavaScript caller can pass anything: the shapes say what is wrong). */
  private readonly _addresses: readonly unknown[];

  constructor(scope: Construct, id: string, props: GlusterClusterProps) {
    super(scope, id);
    const p: Partial<Record<keyof GlusterClusterProps, unknown>> = isPlainObject(props) ? props : {};
    const metadata = metadataOf(p.metadata);
    const givenName: unknown = metadata?.name;
    this._addresses = Array.isArray(p.addresses) ? [...p.addresses] : [];
    this.port = (given(p.port) ? p.port : GLUSTERD_PORT) as number;
    // a name of another type is reported (metadata.name); volumes name the derived one meanwhile
    this.name = isString(givenName) ? givenName : Names.toDnsLabel(this);
    const target = resolveTarget(this, p.kubernetesVersion as KubernetesVersion | undefined);
    this.kubernetesVersion = target.version;
    registerStorageObject(this, target);

    const written = { ...metadata, name: given(givenName) ? givenName as string : this.name };
    this.endpoints = new k8s.KubeEndpoints(this, 'Endpoints', {
      metadata: written,
      subsets: [{ addresses: this.addresses.map((ip) => ({ ip })), ports: [{ port: this.port }] }],
    });
    // No selector: with one, the endpoints controller would own the Endpoints and overwrite them.
    this.service = new k8s.KubeService(this, 'Service', { metadata: written, spec: { ports: [{ port: this.port }] } });
    const ns: unknown = this.endpoints.metadata.namespace;
    this.namespace = isString(ns) ? ns : undefined;

    // the props do not change: their shapes and the address rules are computed once
    const portShape = (at: FieldPath) => integerShape(at, p.port, 1, 65535);
    const endpointRules: Finding[] = [
      ...metadataShapes(p.metadata),
      ...((Array.isArray(p.addresses) && p.addresses.length === 0) || !given(p.addresses) ? [required(SUBSET, NO_ADDRESSES)] : []),
      // in a list, null is an element of the wrong type, not a missing prop
      ...listShape(SUBSET.child('addresses'), p.addresses,
        (at, a) => (isString(a) ? [] : [invalid(at.child('ip'), shown(a), `must be a string, an IP address (got ${typeOf(a)})`)]), 'a list of IP addresses'),
      ...addressRules(this._addresses),
      ...portShape(ENDPOINTS_PORT),
    ];
    addRules(this.endpoints, () => [...removedRules(this.kubernetesVersion, FieldPath.root('subsets')), ...endpointRules]);
    const nameRules = isString(givenName) || !given(givenName) ? nameErrors(FieldPath.root('metadata', 'name'), this.name, NameRule.DNS_1035_LABEL).map((e) => ({
      ...e,
      detail: `${e.detail ? `${e.detail}; ` : ''}the Endpoints take the Service's name` + (given(givenName) ? '' : ', derived here from the construct path: set metadata.name'),
    })) : [];
    // the Service's targetPort defaults to its port: kube-apiserver refuses both
    const servicePort = portShape(SERVICE_PORT);
    const targetPort = servicePort.map((e) => ({ ...e, path: SERVICE_TARGET_PORT, detail: `${e.detail}; targetPort defaults to port` }));
    const serviceRules: FieldError[] = [...nameRules, ...servicePort, ...targetPort];
    if (serviceRules.length > 0) addRules(this.service, () => serviceRules);
  }

  /** The storage nodes' addresses as written: canonical forms (a copy). */
  public get addresses(): string[] {
    return this._addresses.map((a) => (isString(a) ? canonicalIP(a) ?? a : a)) as string[];
  }

  /** A Pod volume of a Gluster volume of this cluster, as a child of the cluster. */
  public volume(id: string, options: GlusterVolumeOptions): GlusterVolume {
    const o: Partial<GlusterVolumeOptions> = isPlainObject(options) ? options : {};
    return new GlusterVolume(this, id, {
      ...o, path: o.path as string, cluster: this, kubernetesVersion: o.kubernetesVersion ?? this.kubernetesVersion,
    });
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

/** A Gluster volume's source fields as given; the cluster when it is one. */
interface SourceModel {
  readonly cluster?: GlusterCluster;
  readonly path: unknown;
  readonly readOnly: unknown;
}

function sourceModel(p: Partial<Record<keyof GlusterVolumeProps, unknown>>): SourceModel {
  return {
    cluster: p.cluster instanceof GlusterCluster ? p.cluster : undefined,
    path: p.path ?? '',
    readOnly: p.readOnly ?? undefined,
  };
}

/** The shapes of the source props at `at` (`volumes[x].glusterfs`, `spec.glusterfs`). */
function sourceShapes(p: Partial<Record<keyof GlusterVolumeProps, unknown>>, at: FieldPath): FieldError[] {
  return [
    ...(!given(p.cluster) ? [required(at.child('endpoints'), 'give the GlusterCluster whose Endpoints the volume names (cluster)')] : []),
    ...instanceShape(at.child('endpoints'), p.cluster, (v) => v instanceof GlusterCluster, 'a GlusterCluster (the cluster prop)'),
    ...requiredStringShape(at.child('path'), p.path, 'a string, the Gluster volume name', 'name the Gluster volume, e.g. "kube_vol"'),
    ...booleanShape(at.child('readOnly'), p.readOnly),
  ];
}

/** The rules of the source, which read only what the shapes checked. */
function sourceRules(m: SourceModel, at: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (isString(m.path)) out.push(...textRules(at.child('path'), m.path));
  // an empty cluster name is reported on the cluster (metadata.name); here it is a volume without Endpoints
  if (m.cluster && m.cluster.name === '') out.push(required(at.child('endpoints'), 'the GlusterCluster has an empty name: give it a metadata.name'));
  return out;
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

  private readonly model: SourceModel;
  private readonly pod: PodStorage;

  constructor(scope: Construct, id: string, props: GlusterVolumeProps) {
    super(scope, id);
    const p: Partial<Record<keyof GlusterVolumeProps, unknown>> = isPlainObject(props) ? props : {};
    this.model = sourceModel(p);
    this.cluster = p.cluster as GlusterCluster;
    this.pod = new PodStorage(this, {
      plugin: Plugin.GLUSTERFS, name: p.name as string | undefined, kubernetesVersion: p.kubernetesVersion as KubernetesVersion | undefined,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    const at = this.pod.root.child('glusterfs');
    const shapes = sourceShapes(p, at); // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('glusterfs'), ...shapes, ...sourceRules(this.model, at)]);
  }

  /** The Pod volume (created once). */
  public asVolume(): kplus.Volume {
    const m = this.model;
    const cluster = m.cluster;
    return this.pod.asVolume('glusterfs', () => ({ endpoints: cluster?.name, path: m.path, readOnly: m.readOnly }), {
      reference: cluster && {
        name: cluster.name,
        namespace: cluster.namespace,
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

const PV_SOURCE = FieldPath.root('spec', 'glusterfs');

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

  private readonly model: SourceModel;
  /** The endpointsNamespace prop as given. */
  private readonly givenNamespace: unknown;
  /** What `endpointsNamespace` writes: the prop, else the cluster's namespace. */
  private readonly endpointsNamespace: unknown;
  private readonly sourceShapes: FieldError[];

  constructor(scope: Construct, id: string, props: GlusterPersistentVolumeProps) {
    super(scope, id, props);
    const p: Partial<Record<keyof GlusterPersistentVolumeProps, unknown>> = isPlainObject(props) ? props : {};
    this.model = sourceModel(p);
    this.cluster = p.cluster as GlusterCluster;
    this.givenNamespace = p.endpointsNamespace ?? undefined;
    this.endpointsNamespace = this.givenNamespace ?? this.model.cluster?.namespace;
    // the props do not change: checked once
    this.sourceShapes = [...sourceShapes(p, PV_SOURCE), ...stringShape(PV_SOURCE.child('endpointsNamespace'), p.endpointsNamespace, 'a string, a namespace name')];
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return GLUSTER_CAPABILITIES;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const at = PV_SOURCE;
    const out: Finding[] = [...pluginRules(Plugin.GLUSTERFS, this.kubernetesVersion, AUTO, at), ...this.sourceShapes, ...sourceRules(this.model, at)];
    const ns = at.child('endpointsNamespace');
    const g = this.givenNamespace;
    if (g === '') {
      out.push(invalid(ns, g, 'if the endpointnamespace is set, it must be a valid namespace name'));
    } else if (isString(g)) {
      out.push(...nameErrors(ns, g, NameRule.DNS_LABEL));
      const own = this.model.cluster?.namespace;
      if (own !== undefined && own !== g) {
        out.push(invalid(ns, g, `the Endpoints of GlusterCluster ${quote(this.model.cluster!.node.path)} are in namespace ${quote(own)}: leave endpointsNamespace unset`));
      }
    }
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    const m = this.model;
    return {
      glusterfs: {
        endpoints: m.cluster?.name as string,
        endpointsNamespace: this.endpointsNamespace as string | undefined,
        path: m.path as string,
        readOnly: m.readOnly as boolean | undefined,
      },
    };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }
}
