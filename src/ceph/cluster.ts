import { Construct, IConstruct } from 'constructs';
import { CephCsiConfig, configEntry, csiConfigFor } from './csi-config';
import { registerStorageObject } from '../core/app/app-checks';
import { AppSlot, AppState } from '../core/app/app-state';
import { addRules } from '../core/app/validation';
import { FieldError, Finding, duplicate, invalid, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { hostPortErrors } from '../core/rules/network';
import { given, isPlainObject, isString, oneOfShape, stringListShape, stringOf, stringShape } from '../core/rules/shapes';

const DEFAULT_MONITOR_PORT = 6789;
/** ceph-csi composes provisioned volume and snapshot IDs of at most 128 bytes: 64 of fixed fields and the cluster id. */
const MAX_CLUSTER_ID_BYTES = 64;

/** Props for `CephCluster`. */
export interface CephClusterProps {
  /**
   * The Ceph monitors, each `host` or `host:port` (port 6789 when omitted); at least one.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/static-pvc.md
   */
  readonly monitors: string[];

  /**
   * The cluster id ceph-csi knows this cluster by: the key of its entry in the ceph-csi
   * configuration, written into every CSI volume and StorageClass (`clusterID`). Required as soon as
   * anything on the cluster uses ceph-csi (from Kubernetes 1.31, or with `implementation: CSI`).
   * With Rook it is the namespace of Rook's CephCluster (e.g. `rook-ceph`), or the id Rook gives a
   * RADOS namespace or subvolume group.
   *
   * @default - none; a CSI form on this cluster is an error
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly clusterId?: string;

  /**
   * Who writes the ceph-csi configuration. The default writes nothing, and so cannot overwrite the
   * configuration of a ceph-csi that already runs: add `csiConfigEntry()` to it instead.
   *
   * @default CephCsiConfig.EXTERNAL
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly csiConfig?: CephCsiConfig;

  /**
   * The namespace ceph-csi runs in, where `CephCsiConfig.APP` writes the ConfigMap: the Helm
   * release's namespace (the charts' documentation installs into `ceph-csi-rbd` and
   * `ceph-csi-cephfs`), or `default` for ceph-csi's deploy/ manifests.
   *
   * @default - none; required with `CephCsiConfig.APP`
   * @see https://github.com/ceph/ceph-csi/blob/devel/charts/ceph-csi-rbd/README.md
   */
  readonly csiNamespace?: string;

  /**
   * The RADOS namespace ceph-csi keeps this cluster id's RBD images (and their metadata) in: the
   * entry's `rbd.radosNamespace`. It must exist in every pool used; the in-tree rbd plugin cannot
   * reach it. Give it a cluster id of its own: changing it under an id in use hides its images.
   *
   * @default - none: images in the pool's default namespace
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly radosNamespace?: string;

  /**
   * The CephFS subvolume group ceph-csi creates this cluster id's subvolumes in: the entry's
   * `cephFS.subvolumeGroup`. It must exist in the filesystem.
   *
   * @default - ceph-csi's default, "csi"
   * @see https://github.com/ceph/ceph-csi/blob/devel/deploy/csi-config-map-sample.yaml
   */
  readonly subvolumeGroup?: string;
}

/**
 * A Ceph cluster that volumes, StorageClasses and credentials name: its monitors (the in-tree
 * forms'), and the cluster id and RADOS namespace ceph-csi knows it by.
 */
export interface ICephCluster extends IConstruct {
  /** The monitors, each `host` or `host:port`. */
  readonly monitors: string[];
  /**
   * The cluster id for ceph-csi.
   *
   * @default - none; a CSI form on this cluster is an error
   */
  readonly clusterId?: string;
  /**
   * The RADOS namespace of the cluster id's RBD images.
   *
   * @default - none: images in the pool's default namespace
   */
  readonly radosNamespace?: string;
}

/** What a cluster does when a CSI form uses it, by cluster: kept in the app's state, so that consumers need only an `ICephCluster`. */
const CSI_USES = new AppSlot('ceph-csi uses', () => new Map<ICephCluster, (provisions: boolean) => void>());

/**
 * Tells `cluster` that a CSI form uses it (a CephCluster then goes into the ceph-csi configuration
 * the app writes, if it writes one); `provisions`: a StorageClass, whose volumes get IDs composed
 * from the cluster id. Another `ICephCluster` keeps its own configuration: nothing to do.
 */
export function useCsi(cluster: ICephCluster | undefined, provisions = false): void {
  if (cluster) AppState.of(cluster).slot(CSI_USES).get(cluster)?.(provisions);
}

const MONITORS = FieldPath.root('monitors');
const MONITOR = 'a string "host" or "host:port"';
const MONITOR_LIST = 'a list of monitors, such as ["10.16.154.78:6789"]';
const CSI_CONFIG_VALUES = Object.values(CephCsiConfig) as string[];

/**
 * A Ceph cluster: its monitors, and for ceph-csi the cluster id its configuration knows it by. By
 * default ceph-csi's own deployment holds that configuration (`csiConfigEntry()` gives the entry);
 * with `csiConfig: CephCsiConfig.APP` the app writes the `ceph-csi-config` ConfigMap, once per
 * namespace for every cluster of the app that a CSI volume or StorageClass uses.
 *
 * @example
 *
 * const ceph = new CephCluster(chart, 'Ceph', {
 *   monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'],
 *   clusterId: 'prod',
 * });
 */
export class CephCluster extends Construct implements ICephCluster {
  /** The cluster id for ceph-csi, if given. */
  public readonly clusterId?: string;
  /** Who writes the ceph-csi configuration. */
  public readonly csiConfig: CephCsiConfig;
  /** The namespace ceph-csi runs in, if given. */
  public readonly csiNamespace?: string;
  /** The RADOS namespace of the cluster id's RBD images, if given. */
  public readonly radosNamespace?: string;
  /** The subvolume group of the cluster id's CephFS subvolumes, if given. */
  public readonly subvolumeGroup?: string;

  /** The monitors as given (a JavaScript caller can pass anything), then those added. */
  private readonly _monitors: unknown[];
  /** Whether `monitors` was given as something other than a list (reported by its shape). */
  private readonly monitorsMistyped: boolean;
  /** Whether csiNamespace was given, of any type (one of another type is reported by its shape). */
  private readonly csiNamespaceGiven: boolean;
  /** What the props' shapes get wrong (the props do not change: checked once). */
  private readonly shapes: FieldError[];
  private usedByCsi = false;
  private provisions = false;

  constructor(scope: Construct, id: string, props: CephClusterProps) {
    super(scope, id);
    const p: Partial<Record<keyof CephClusterProps, unknown>> = isPlainObject(props) ? props : {};
    this._monitors = Array.isArray(p.monitors) ? [...p.monitors] : [];
    this.monitorsMistyped = given(p.monitors) && !Array.isArray(p.monitors);
    this.clusterId = stringOf(p.clusterId);
    this.csiConfig = p.csiConfig === CephCsiConfig.APP ? CephCsiConfig.APP : CephCsiConfig.EXTERNAL;
    this.csiNamespace = stringOf(p.csiNamespace);
    this.csiNamespaceGiven = given(p.csiNamespace);
    this.radosNamespace = stringOf(p.radosNamespace);
    this.subvolumeGroup = stringOf(p.subvolumeGroup);
    this.shapes = [
      ...(this.monitorsMistyped ? stringListShape(MONITORS, p.monitors, MONITOR, MONITOR_LIST) : []),
      ...stringShape(FieldPath.root('clusterId'), p.clusterId),
      ...oneOfShape(FieldPath.root('csiConfig'), p.csiConfig, CSI_CONFIG_VALUES),
      ...stringShape(FieldPath.root('csiNamespace'), p.csiNamespace, 'a string, a DNS label'),
      ...stringShape(FieldPath.root('radosNamespace'), p.radosNamespace),
      ...stringShape(FieldPath.root('subvolumeGroup'), p.subvolumeGroup),
    ];
    registerStorageObject(this);
    AppState.of(this).slot(CSI_USES).set(this, (provisions) => this.usedByCsiForm(provisions));
    addRules(this, () => this.rules());
  }

  /** The monitors (a copy): those given that are strings, then those added. */
  public get monitors(): string[] {
    return this._monitors.filter(isString);
  }

  /** Adds a monitor, `host` or `host:port`. */
  public addMonitor(monitor: string): void {
    this._monitors.push(monitor);
  }

  /**
   * This cluster's entry of the ceph-csi configuration, as JSON: one element of the Helm charts'
   * `csiConfig` value, or of the `config.json` list of a ConfigMap an operator keeps. Read it after
   * every `addMonitor` call.
   */
  public csiConfigEntry(): string {
    return JSON.stringify(configEntry(this), undefined, 2);
  }

  /** A CSI form uses this cluster (`useCsi`). */
  private usedByCsiForm(provisions: boolean): void {
    this.provisions = this.provisions || provisions;
    if (this.usedByCsi) return;
    this.usedByCsi = true;
    if (this.writesConfig) csiConfigFor(this).clusters.push(this);
  }

  /** Whether the app writes a ConfigMap with this cluster (a namespace that is no string is reported, and written to by no one). */
  private get writesConfig(): boolean {
    return this.csiConfig === CephCsiConfig.APP && this.csiNamespace !== undefined;
  }

  private rules(): Finding[] {
    const out: Finding[] = [...this.shapes];
    if (this._monitors.length === 0 && !this.monitorsMistyped) out.push(required(MONITORS, 'list at least one monitor as "host" or "host:port"'));
    out.push(...stringListShape(MONITORS, this._monitors, MONITOR, MONITOR_LIST));
    this._monitors.forEach((m, i) => isString(m) && out.push(...hostPortErrors(MONITORS.index(i), m, DEFAULT_MONITOR_PORT)));
    if (!this.usedByCsi) return out; // the rest matters only where ceph-csi reads it
    if (this.csiConfig === CephCsiConfig.APP && !this.csiNamespaceGiven) {
      out.push(required(FieldPath.root('csiNamespace'),
        'ceph-csi reads its configuration from a ConfigMap in its own namespace (its Helm release\'s): give csiNamespace, or leave csiConfig EXTERNAL to its deployment'));
    }
    if (this.radosNamespace !== undefined) out.push(...textRules(FieldPath.root('radosNamespace'), this.radosNamespace));
    if (this.subvolumeGroup !== undefined) out.push(...textRules(FieldPath.root('subvolumeGroup'), this.subvolumeGroup));
    // an empty cluster id is reported where it is written
    if (this.clusterId) {
      const idAt = FieldPath.root('clusterId');
      if (this.provisions && Buffer.byteLength(this.clusterId) > MAX_CLUSTER_ID_BYTES) {
        out.push(invalid(idAt, this.clusterId, `must be no more than ${MAX_CLUSTER_ID_BYTES} bytes: ceph-csi composes the IDs of the volumes it provisions (at most 128 bytes) from it`));
      }
      out.push(...textRules(idAt, this.clusterId));
      if (this.writesConfig && csiConfigFor(this).clusters.find((c) => c.clusterId === this.clusterId) !== this) {
        out.push(duplicate(idAt, this.clusterId, 'another CephCluster of this ceph-csi configuration has this id; ceph-csi would use the first one\'s monitors'));
      }
    }
    return out;
  }
}

/** Whether `v` is an `ICephCluster`: a CephCluster, or another construct with a list of monitors. */
export function isCephCluster(v: unknown): v is ICephCluster {
  if (v instanceof CephCluster) return true;
  return Construct.isConstruct(v) && Array.isArray((v as unknown as Record<string, unknown>).monitors);
}
