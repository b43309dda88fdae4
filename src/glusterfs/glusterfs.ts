import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GlusterCluster } from './cluster';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, invalid, required } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, isPlainObject, isString, requiredStringShape, stringShape } from '../core/rules/shapes';

/** glusterd's management port: what the Endpoints and the Service list (the plugin itself ignores ports). */
const AUTO = VolumeImplementation.AUTO;
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;


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
