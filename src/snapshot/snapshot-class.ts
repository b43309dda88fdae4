import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerStorageObject } from '../core/app/app-checks';
import { AppState, PassIndex } from '../core/app/app-state';
import { addRules } from '../core/app/validation';
import { metadataNameRules } from '../core/objects/claims';
import { DataSourceFacts } from '../core/objects/data-source';
import { clusterScopedNamespace } from '../core/objects/persistent';
import { resolveTarget } from '../core/policy/version';
import { Finding, forbidden, invalid, required, unsupported, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { stringMapRules } from '../core/rules/manifest-text';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { NameRule, makeClusterScoped } from '../core/rules/names';
import { booleanShape, given, instanceShape, isPlainObject, isString, oneOfShape, requiredStringShape, stringMapShape, stringShape } from '../core/rules/shapes';
import { driverNameRules } from '../generic/csi';
import { StorageClass } from '../generic/storage-class';
import * as snapshot from '../imports/snapshot.storage.k8s.io';

/** What happens to the storage system's snapshot when its VolumeSnapshot (and content) is deleted. */
export enum SnapshotDeletionPolicy {
  /** The driver deletes the snapshot in the storage system. */
  DELETE = 'Delete',
  /** The snapshot stays in the storage system (and its VolumeSnapshotContent in the cluster). */
  RETAIN = 'Retain',
}

/** A VolumeSnapshotClass: one of this app (`VolumeSnapshotClass`) or of the cluster, by name. */
export interface IVolumeSnapshotClass extends IConstruct {
  /** The class's name. */
  readonly name: string;
}

/** Props for `VolumeSnapshotClass`. */
export interface VolumeSnapshotClassProps {
  /**
   * Metadata; the class is cluster-scoped (no namespace).
   *
   * @default - a name derived from the construct path
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The StorageClass whose volumes this class snapshots: the driver is its provisioner, and the
   * parameters its backend needs (ceph-csi: `clusterID` and the snapshotter Secret) are written for you.
   * Its driver must take snapshots.
   *
   * @default - none: give `driver`
   */
  readonly storageClass?: StorageClass;

  /**
   * The CSI driver that takes the snapshots, for a class not made from a StorageClass of this app.
   *
   * @default - the StorageClass's provisioner
   */
  readonly driver?: string;

  /**
   * What happens to the snapshot in the storage system when the VolumeSnapshot is deleted.
   *
   * @default SnapshotDeletionPolicy.DELETE
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;

  /**
   * More driver parameters (Azure File: `useDataPlaneAPI`, `metadata`; ceph-csi: `snapshotNamePrefix`).
   *
   * @default - only those the StorageClass's backend needs
   */
  readonly parameters?: { [key: string]: string };

  /**
   * Marks the class as its driver's default: VolumeSnapshots that name no class get it
   * (annotation `snapshot.storage.kubernetes.io/is-default-class`).
   *
   * @default false
   */
  readonly isDefault?: boolean;
}

const DEFAULT_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';
const PARAMS = FieldPath.root('parameters');
const CSI_PREFIX = 'csi.storage.k8s.io/';
// the prefixed keys external-snapshotter strips before it calls the driver (pkg/utils/util.go RemovePrefixedParameters)
const SNAPSHOTTER_KEYS = ['snapshotter-secret-name', 'snapshotter-secret-namespace', 'snapshotter-list-secret-name', 'snapshotter-list-secret-namespace']
  .map((k) => `${CSI_PREFIX}${k}`);
const AZURE_FILE_CSI = 'file.csi.azure.com';
// azurefile-csi-driver pkg/azurefile/controllerserver.go CreateSnapshot: every other key is "invalid parameter … in storage class"
const AZURE_SNAPSHOT_KEYS = ['usedataplaneapi', 'metadata'];

/**
 * A VolumeSnapshotClass (`snapshot.storage.k8s.io/v1`): the CSI driver and parameters that
 * VolumeSnapshots of its class are taken with. Made from a StorageClass of this app, it takes its
 * driver and what the backend needs from it; the driver must take snapshots (in-tree provisioners
 * take none).
 *
 * The VolumeSnapshot CRDs and the snapshot controller are not part of Kubernetes: the cluster needs
 * external-snapshotter installed.
 *
 * @example
 *
 * const snapshots = new VolumeSnapshotClass(chart, 'Snapshots', { storageClass: fast });
 * const nightly = new VolumeSnapshot(chart, 'Nightly', { claim: data, snapshotClass: snapshots });
 */
export class VolumeSnapshotClass extends Construct implements IVolumeSnapshotClass {
  /** A VolumeSnapshotClass that exists in the cluster, by name. */
  public static fromVolumeSnapshotClassName(scope: Construct, id: string, name: string): IVolumeSnapshotClass {
    return new ImportedSnapshotClass(scope, id, name);
  }

  /** The class's name. */
  public readonly name: string;
  /** The CSI driver. */
  public readonly driver: string;
  /** What happens to the snapshot when its VolumeSnapshot is deleted. */
  public readonly deletionPolicy: SnapshotDeletionPolicy;
  /** Whether the class is its driver's default. */
  public readonly isDefault: boolean;

  private readonly _parameters: Record<string, string>;
  private readonly storageClass?: StorageClass;

  constructor(scope: Construct, id: string, props: VolumeSnapshotClassProps) {
    super(scope, id);
    // a JavaScript or Python caller can pass anything: values are kept as given and checked by shape
    const p: Partial<Record<keyof VolumeSnapshotClassProps, unknown>> = isPlainObject(props) ? props : {};
    const storageClass = p.storageClass instanceof StorageClass ? p.storageClass : undefined;
    this.storageClass = storageClass;
    const facts = storageClass?._dataSourceFacts();
    this.driver = (p.driver ?? facts?.driver ?? storageClass?.provisioner) as string;
    this.deletionPolicy = (p.deletionPolicy ?? SnapshotDeletionPolicy.DELETE) as SnapshotDeletionPolicy;
    this.isDefault = p.isDefault === true;
    const own: Record<string, string> = {};
    if (isPlainObject(p.parameters)) for (const [k, v] of Object.entries(p.parameters)) if (isString(v)) own[k] = v;
    this._parameters = own;
    const metadata = metadataOf(p.metadata);
    const obj = new snapshot.VolumeSnapshotClass(this, 'Resource', {
      metadata,
      driver: this.driver,
      deletionPolicy: this.deletionPolicy as unknown as snapshot.VolumeSnapshotClassDeletionPolicy,
      // read at synth: a backend's Secret or cluster may be given its namespace later
      parameters: Lazy.any({
        produce: () => {
          const all = this.parameters;
          return Object.keys(all).length > 0 ? all : undefined;
        },
      }),
    });
    makeClusterScoped(obj.metadata);
    if (this.isDefault) obj.metadata.addAnnotation(DEFAULT_ANNOTATION, 'true');
    this.name = obj.name;
    registerStorageObject(this, resolveTarget(this));
    const shapes: Finding[] = [ // the props do not change: checked once
      ...metadataShapes(p.metadata),
      ...instanceShape(FieldPath.root('driver'), p.storageClass, (v) => v instanceof StorageClass, 'a StorageClass of this app'),
      ...(given(p.driver) || storageClass
        ? requiredStringShape(FieldPath.root('driver'), p.driver ?? this.driver, 'a string, a CSI driver name such as "rbd.csi.ceph.com"')
        : [required(FieldPath.root('driver'), 'give the CSI driver, or the StorageClass whose volumes the class snapshots')]),
      ...oneOfShape(FieldPath.root('deletionPolicy'), p.deletionPolicy, Object.values(SnapshotDeletionPolicy)),
      ...stringMapShape(PARAMS, p.parameters),
      ...booleanShape(FieldPath.root('metadata', 'annotations').key(DEFAULT_ANNOTATION), p.isDefault),
    ];
    addRules(this, () => [
      ...shapes,
      ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN),
      ...(metadata?.namespace !== undefined ? [clusterScopedNamespace()] : []),
      ...this.rules(storageClass, facts),
    ]);
  }

  /** The driver's parameters (a copy): what the StorageClass's backend needs, then the props'. */
  public get parameters(): Record<string, string> {
    return { ...this.storageClass?._dataSourceFacts()?.snapshotParameters, ...this._parameters };
  }

  private rules(storageClass: StorageClass | undefined, facts: DataSourceFacts | undefined): Finding[] {
    const out: Finding[] = [];
    const driverAt = FieldPath.root('driver');
    if (isString(this.driver) && this.driver !== '') out.push(...driverNameRules(driverAt, this.driver));
    if (storageClass && facts && !facts.snapshots) {
      out.push(forbidden(driverAt, `the StorageClass ${quote(storageClass.name)} provisions with ${facts.driver}, which takes no snapshots${facts.why ? `: ${facts.why}` : ''}`));
    }
    if (storageClass && facts && isString(this.driver) && this.driver !== facts.driver) {
      out.push(invalid(driverAt, this.driver, `the StorageClass ${quote(storageClass.name)} provisions with ${quote(facts.driver)}: only that driver's csi-snapshotter snapshots its volumes`));
    }
    const params = this.parameters;
    out.push(...stringMapRules(PARAMS, params));
    for (const key of Object.keys(params)) {
      if (key.startsWith(CSI_PREFIX) && !SNAPSHOTTER_KEYS.includes(key)) {
        out.push(unsupported(PARAMS.key(key), key, SNAPSHOTTER_KEYS, `external-snapshotter refuses other keys with the reserved prefix ${CSI_PREFIX} ("found unknown parameter key")`));
      }
    }
    for (const use of ['snapshotter-secret', 'snapshotter-list-secret']) {
      const name = `${CSI_PREFIX}${use}-name`;
      const ns = `${CSI_PREFIX}${use}-namespace`;
      if ((name in params) !== (ns in params)) {
        out.push(required(PARAMS.key(name in params ? ns : name), 'external-snapshotter needs both the Secret\'s name and namespace ("Both must be specified")'));
      }
    }
    if (this.driver === AZURE_FILE_CSI) out.push(...azureSnapshotRules(params));
    if (this.isDefault) out.push(...this.defaultRules());
    return out;
  }

  /** Two defaults of one driver: a VolumeSnapshot without a class then fails (snapshot_controller.go SetDefaultSnapshotClass). */
  private defaultRules(): Finding[] {
    const defaults = AppState.of(this).index(DEFAULT_SNAPSHOT_CLASSES).get(this.driver) ?? [];
    if (defaults.length < 2 || defaults[0] === this) return [];
    return [warning(FieldPath.root('metadata', 'annotations').key(DEFAULT_ANNOTATION),
      `another VolumeSnapshotClass of this app is the default of ${quote(this.driver)} too: the snapshot controller then refuses every VolumeSnapshot of that driver that names no class ("default snapshot classes were found"); mark one class only`)];
  }
}

/** azurefile-csi-driver pkg/azurefile/controllerserver.go CreateSnapshot: the keys it takes, and useDataPlaneAPI's values. */
function azureSnapshotRules(params: Record<string, string>): Finding[] {
  const out: Finding[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith(CSI_PREFIX)) continue;
    const lower = key.toLowerCase();
    if (!AZURE_SNAPSHOT_KEYS.includes(lower)) {
      out.push(unsupported(PARAMS.key(key), key, ['useDataPlaneAPI', 'metadata'], `${AZURE_FILE_CSI} refuses other snapshot parameters ("invalid parameter … in storage class")`));
    } else if (lower === 'usedataplaneapi' && !['true', 'false', 'oauth'].includes(value.toLowerCase())) {
      out.push(unsupported(PARAMS.key(key), value, ['true', 'false', 'oauth'], `${AZURE_FILE_CSI} refuses other values`));
    }
  }
  return out;
}

/** The app's VolumeSnapshotClasses marked default, by driver, in tree order (built once per validation pass). */
const DEFAULT_SNAPSHOT_CLASSES = new PassIndex('default VolumeSnapshotClasses by driver', (all) => {
  const byDriver = new Map<string, VolumeSnapshotClass[]>();
  for (const c of all) {
    if (!(c instanceof VolumeSnapshotClass) || !c.isDefault) continue;
    const list = byDriver.get(c.driver);
    if (list) list.push(c);
    else byDriver.set(c.driver, [c]);
  }
  return byDriver;
});

class ImportedSnapshotClass extends Construct implements IVolumeSnapshotClass {
  constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
    // an empty name is reported where a VolumeSnapshot names it (spec.volumeSnapshotClassName)
    const shapes = stringShape(FieldPath.root('name'), name, 'a string, the VolumeSnapshotClass\'s name');
    if (shapes.length > 0) addRules(this, () => shapes);
  }
}
