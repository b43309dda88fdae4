import { ApiObject, ApiObjectMetadata, Names } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GlusterVolume, GlusterVolumeOptions } from './glusterfs';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { Plugin, pluginRules, VolumeImplementation } from '../core/policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { FieldError, Finding, invalid, isWarning, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { canonicalIP, endpointIPErrors } from '../core/rules/ip-address';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { nameErrors, NameRule } from '../core/rules/names';
import { given, integerShape, isPlainObject, isString, listShape, shown, typeOf } from '../core/rules/shapes';

export const GLUSTERD_PORT = 24007;

/** Rules that only say whether GlusterFS works at the target: Forbidden from 1.26, nothing before. */
export function removedRules(target: KubernetesVersion, at: FieldPath): Finding[] {
  return pluginRules(Plugin.GLUSTERFS, target, VolumeImplementation.AUTO, at).filter((f) => !isWarning(f));
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
