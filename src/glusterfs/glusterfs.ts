import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GlusterCluster } from './cluster';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { StorageVolume, StorageVolumeProps } from '../core/objects/storage-volume';
import { Plugin, VolumeImplementation } from '../core/policy/plugin-policy';
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

/** Options for `GlusterCluster.volume()`: the source's fields and what every Pod volume takes (its version defaults to the cluster's). */
export interface GlusterVolumeOptions extends GlusterSourceOptions, StorageVolumeProps {}

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

/** The Gluster source, and the cluster prop as given. */
interface GlusterSource extends VolumeSource {
  readonly cluster: unknown;
}

/**
 * The in-tree `glusterfs` source, carried by a Pod volume (the Endpoints read from the Pod's
 * namespace) or a PersistentVolume (`endpointsNamespace`: the prop, else the cluster's namespace).
 */
function glusterSource(props: unknown): GlusterSource {
  const p: Partial<Record<keyof GlusterPersistentVolumeProps, unknown>> = isPlainObject(props) ? props : {};
  const m = sourceModel(p);
  /** The endpointsNamespace prop as given. */
  const givenNamespace = p.endpointsNamespace ?? undefined;
  return {
    ...pluginPolicy(Plugin.GLUSTERFS, AUTO),
    cluster: p.cluster,
    bind: (site: SourceSite): BoundSource => {
      const at = site.root.child('glusterfs');
      const cluster = m.cluster;
      const readOnly = m.readOnly === true;
      if (!site.persistentVolume) {
        const shapes = sourceShapes(p, at); // the props do not change: checked once
        return {
          field: 'glusterfs',
          readOnly,
          facts: cluster && {
            reference: {
              name: cluster.name,
              namespace: cluster.namespace,
              field: 'glusterfs.endpoints',
              subject: 'the Endpoints are',
              reader: 'the glusterfs plugin reads them',
              fix: 'create the GlusterCluster in the Pod\'s namespace, or mount a GlusterPersistentVolume (it names endpointsNamespace)',
            },
          },
          capabilities: () => GLUSTER_CAPABILITIES,
          rules: () => [...shapes, ...sourceRules(m, at)],
          render: () => ({ glusterfs: { endpoints: cluster?.name as string, path: m.path as string, readOnly: m.readOnly as boolean | undefined } }),
        };
      }
      const shapes = [...sourceShapes(p, at), ...stringShape(at.child('endpointsNamespace'), p.endpointsNamespace, 'a string, a namespace name')];
      /** What `endpointsNamespace` writes: the prop, else the cluster's namespace. */
      const endpointsNamespace = givenNamespace ?? cluster?.namespace;
      return {
        field: 'glusterfs',
        readOnly,
        capabilities: () => GLUSTER_CAPABILITIES,
        rules: () => [...shapes, ...sourceRules(m, at), ...endpointsNamespaceRules(m, givenNamespace, at.child('endpointsNamespace'))],
        render: () => ({
          glusterfs: {
            endpoints: cluster?.name as string,
            endpointsNamespace: endpointsNamespace as string | undefined,
            path: m.path as string,
            readOnly: m.readOnly as boolean | undefined,
          },
        }),
      };
    },
  };
}

/** A PersistentVolume's endpointsNamespace, as kube-apiserver and the cluster's own namespace take it. */
function endpointsNamespaceRules(m: SourceModel, g: unknown, ns: FieldPath): Finding[] {
  if (g === '') return [invalid(ns, g, 'if the endpointnamespace is set, it must be a valid namespace name')];
  if (!isString(g)) return [];
  const out: Finding[] = [...nameErrors(ns, g, NameRule.DNS_LABEL)];
  const own = m.cluster?.namespace;
  if (own !== undefined && own !== g) {
    out.push(invalid(ns, g, `the Endpoints of GlusterCluster ${quote(m.cluster!.node.path)} are in namespace ${quote(own)}: leave endpointsNamespace unset`));
  }
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
export class GlusterVolume extends StorageVolume {
  /** The cluster whose Endpoints the volume names. */
  public readonly cluster: GlusterCluster;

  constructor(scope: Construct, id: string, props: GlusterVolumeProps) {
    super(scope, id, props);
    const source = glusterSource(props);
    this.cluster = source.cluster as GlusterCluster;
    this._carrySource(source);
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
  constructor(scope: Construct, id: string, props: GlusterPersistentVolumeProps) {
    super(scope, id, props);
    this._carrySource(glusterSource(props));
  }
}
