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
import { addRules } from './core/validation';
import { KubernetesVersion, resolveTarget } from './core/version';

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
