import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppClaim, claimNamespace, isAppClaim } from './claims';
import { AppState, PassIndex } from '../app/app-state';
import { Finding, forbidden, invalid, required } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';
import { exactQuantity, sizeInBytes } from '../rules/quantities';
import { elementShape, instanceShape, isSize, isString } from '../rules/shapes';

/**
 * What a StorageClass's provisioner does with a claim's data source, as its backend declares it
 * (a StorageClass subclass overrides `_dataSourceFacts()`). The core reads these and knows no backend.
 */
export interface DataSourceFacts {
  /** The CSI driver: the provisioner, and the driver of the VolumeSnapshotClasses that snapshot its volumes. */
  readonly driver: string;
  /** Whether the driver takes snapshots and provisions from them (the CREATE_DELETE_SNAPSHOT capability). */
  readonly snapshots: boolean;
  /** Whether the driver provisions a copy of another claim's volume (the CLONE_VOLUME capability). */
  readonly clones: boolean;
  /** Why a capability is missing, where one is, in the driver's or controller's words. */
  readonly why?: string;
  /** The parameters a VolumeSnapshotClass for this class's volumes needs (cluster, Secret references). */
  readonly snapshotParameters: Readonly<Record<string, string>>;
}

/** A StorageClass as these rules see it: its name and, for this app's own classes, what its provisioner does. */
interface FactsOwner extends IConstruct {
  readonly name: string;
  readonly resourceType: string;
  _dataSourceFacts?(): DataSourceFacts | undefined;
}

/**
 * A VolumeSnapshot: one of this app (`VolumeSnapshot`) or of the cluster, by name
 * (`VolumeSnapshot.fromVolumeSnapshotName`).
 */
export interface IVolumeSnapshot extends IConstruct, kplus.IApiResource {
  /** The snapshot's name. */
  readonly name: string;
}

/** What a snapshot of this app tells the claims restored from it. */
export interface SnapshotView {
  /** The claim whose volume the snapshot copies, when it is valid. */
  readonly claim?: kplus.IPersistentVolumeClaim;
  /** The namespace the snapshot lives in (its claim's), where known. */
  readonly namespace?: string;
  /** The driver of its VolumeSnapshotClass, where known. */
  readonly driver?: string;
}

type SnapshotOwner = IVolumeSnapshot & { _snapshotView?(): SnapshotView };

const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';

/**
 * Where a claim's volume gets its first data (`spec.dataSource`): a VolumeSnapshot, or another
 * claim whose volume is copied (a clone). The StorageClass's CSI driver provisions the new volume
 * from it; both must be in the claim's namespace.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-snapshot-and-restore-volume-from-snapshot-support
 */
export class ClaimDataSource {
  /** Restore the claim from a VolumeSnapshot (of this app, or of the cluster by name). */
  public static fromSnapshot(snapshot: IVolumeSnapshot): ClaimDataSource {
    return new ClaimDataSource(SNAPSHOT_GROUP, 'VolumeSnapshot', snapshot);
  }

  /** Clone another claim: the new volume starts as a copy of that claim's volume. */
  public static fromClaim(claim: kplus.IPersistentVolumeClaim): ClaimDataSource {
    return new ClaimDataSource(undefined, 'PersistentVolumeClaim', claim);
  }

  /** The API group of the source: `snapshot.storage.k8s.io`, or none for a claim. */
  public readonly apiGroup?: string;
  /** The kind of the source: `VolumeSnapshot` or `PersistentVolumeClaim`. */
  public readonly kind: string;
  /** @internal The source as given (a JavaScript caller can pass anything; the claim's rules report it). */
  public readonly _source: unknown;

  private constructor(apiGroup: string | undefined, kind: string, source: unknown) {
    this.apiGroup = apiGroup;
    this.kind = kind;
    this._source = source;
  }

  /** The source's name. */
  public get name(): string {
    const s = this._source as { name?: unknown } | undefined;
    return typeof s === 'object' && s !== null && isString(s.name) ? s.name : '';
  }
}

export function isClaimDataSource(v: unknown): v is ClaimDataSource {
  return v instanceof ClaimDataSource;
}

/** `spec.dataSource` as the claim writes it; undefined without one. */
export function renderDataSource(ds: unknown): { apiGroup?: string; kind: string; name: string } | undefined {
  if (!isClaimDataSource(ds)) return undefined;
  return { apiGroup: ds.apiGroup, kind: ds.kind, name: ds.name };
}

/** The claim a data-source rule reads: the spec as written, and where it lives. */
export interface ClaimView {
  /** A construct of the claim's app, to find the app's StorageClasses by name. */
  readonly scope?: IConstruct;
  /** The claim's namespace, where known (a StatefulSet's claims live in its namespace). */
  readonly namespace?: string;
  /** `undefined`: the cluster's default class; `""`: none. */
  readonly storageClassName?: string;
  /** The class object, when the claim was made from one. */
  readonly storageClass?: unknown;
  readonly storage?: Size;
  readonly volumeMode?: kplus.PersistentVolumeMode;
}

/** The facts of the claim's class, when it is one of this app's (by object, else the first of that name). */
export function classFacts(view: ClaimView): DataSourceFacts | undefined {
  return appClass(view)?._dataSourceFacts?.();
}

function isFactsOwner(c: IConstruct): c is FactsOwner {
  return (c as FactsOwner).resourceType === 'storageclasses' && typeof (c as FactsOwner)._dataSourceFacts === 'function';
}

/** The app's StorageClasses that declare facts, the first of each name in tree order (built once per validation pass). */
const CLASSES_BY_NAME = new PassIndex('StorageClasses by name', (all) => {
  const byName = new Map<string, FactsOwner>();
  for (const c of all) {
    if (isFactsOwner(c) && !byName.has(c.name)) byName.set(c.name, c);
  }
  return byName;
});

/** This app's StorageClass of that name (the first one), for the facts its backend declares. */
function appClass(view: ClaimView): FactsOwner | undefined {
  const own = view.storageClass as FactsOwner | undefined;
  if (own && typeof own._dataSourceFacts === 'function') return own;
  const name = view.storageClassName;
  if (!isString(name) || name === '' || !view.scope) return undefined;
  return AppState.of(view.scope).index(CLASSES_BY_NAME).get(name);
}

/** The facts of a claim's class, where the claim is of this app and names one of this app's classes. */
function classFactsOf(claim: kplus.IPersistentVolumeClaim): DataSourceFacts | undefined {
  if (!isAppClaim(claim)) return undefined;
  return classFacts({ scope: claim, storageClassName: claim.storageClassName });
}

const DATA_SOURCE_SHAPE = 'ClaimDataSource.fromSnapshot(snapshot) or ClaimDataSource.fromClaim(claim)';

/**
 * The rules for `spec.dataSource` of a claim at `spec`: the source's shape, and what the CSI
 * external-provisioner refuses later (kubernetes-csi/external-provisioner pkg/controller/controller.go,
 * getPVCSource and getSnapshotSource): a source in another namespace, a claim without a provisioning
 * class, a driver without the capability, a smaller size than the source, another volume mode, another driver.
 */
export function dataSourceRules(spec: FieldPath, ds: unknown, view: ClaimView): Finding[] {
  const at = spec.child('dataSource');
  if (ds === undefined || ds === null) return [];
  if (!isClaimDataSource(ds)) return instanceShape(at, ds, isClaimDataSource, DATA_SOURCE_SHAPE);
  const snapshot = ds.kind === 'VolumeSnapshot';
  const source = ds._source;
  const ok = snapshot ? isSnapshot(source) : isClaimLike(source);
  if (!ok && typeof source === 'object' && source !== null && (source as { name?: unknown }).name === '') {
    // kube-apiserver's validateDataSource, twice: it copies dataSource into dataSourceRef before validating
    return [required(at.child('name')), required(spec.child('dataSourceRef', 'name'))];
  }
  if (!ok) {
    return elementShape(at.child('name'), source, () => false, snapshot
      ? 'a VolumeSnapshot: one of this app, or VolumeSnapshot.fromVolumeSnapshotName(scope, id, name)'
      : 'a PersistentVolumeClaim: one of this app, or VolumeClaim.fromExistingClaim(scope, id, { name, namespace })');
  }
  const out: Finding[] = [];
  const what = snapshot ? 'restored from a snapshot' : 'cloned from another claim';
  // the PV controller binds a claim of class "" to an existing volume and never asks a provisioner,
  // so the data source would be ignored
  if (view.storageClassName === '') {
    out.push(forbidden(at, `a claim ${what} is provisioned by its StorageClass's CSI driver; storageClassName "" binds an existing volume and never provisions one, so the data source would be ignored: name a StorageClass`));
  }
  const facts = classFacts(view);
  if (facts && !(snapshot ? facts.snapshots : facts.clones)) {
    out.push(forbidden(at, `${facts.driver} ${snapshot ? 'restores no snapshots' : 'clones no volumes'}${facts.why ? `: ${facts.why}` : ''} (external-provisioner refuses the claim: "CSI driver does not support ${snapshot ? 'snapshot restore' : 'clone operations'}")`));
  }
  const sourceNamespace = snapshot ? (source as SnapshotOwner)._snapshotView?.().namespace : claimNamespace(source as kplus.IPersistentVolumeClaim);
  if (view.namespace !== undefined && sourceNamespace !== undefined && sourceNamespace !== view.namespace) {
    out.push(invalid(at.child('name'), ds.name, `the ${snapshot ? 'snapshot' : 'claim'} is in namespace ${quote(sourceNamespace)} and the claim in ${quote(view.namespace)}: a dataSource names an object of the claim's own namespace (external-provisioner looks it up there)`));
  }
  const sourceClaim = snapshot ? (source as SnapshotOwner)._snapshotView?.().claim : source as kplus.IPersistentVolumeClaim;
  if (sourceClaim && isAppClaim(sourceClaim)) out.push(...sourceClaimRules(spec, view, sourceClaim, snapshot, facts));
  if (snapshot && facts) {
    const driver = (source as SnapshotOwner)._snapshotView?.().driver;
    if (driver !== undefined && driver !== facts.driver) {
      out.push(invalid(at.child('name'), ds.name, `the snapshot's VolumeSnapshotClass is of driver ${quote(driver)}, and the claim's StorageClass provisions with ${quote(facts.driver)}: external-provisioner restores only snapshots of its own driver ("is not handled by CSI driver of StorageClass")`));
    }
  }
  return out;
}

/** Size, volume mode and driver against the source claim (the snapshot's claim for a restore). */
function sourceClaimRules(spec: FieldPath, view: ClaimView, source: AppClaim, snapshot: boolean, facts: DataSourceFacts | undefined): Finding[] {
  const out: Finding[] = [];
  const storage = spec.child('resources', 'requests').key('storage');
  if (isSize(view.storage) && isSize(source.storage) && sizeInBytes(view.storage) < sizeInBytes(source.storage)) {
    out.push(invalid(storage, sizeText(view.storage), snapshot
      ? `must be at least the size of the snapshot's claim ${quote(source.name)} (${sizeText(source.storage)}): a snapshot restores the whole volume, and external-provisioner refuses a smaller request ("requested volume size … is less than the size … for the source snapshot")`
      : `must be at least the size of the claim it clones, ${quote(source.name)} (${sizeText(source.storage)}): external-provisioner refuses a smaller clone ("new PVC request must be greater than or equal in size to the specified PVC data source")`));
  }
  const mode = view.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
  const sourceMode = source.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
  if (mode !== sourceMode) {
    out.push(invalid(spec.child('volumeMode'), mode, snapshot
      ? `the snapshot's claim ${quote(source.name)} is ${sourceMode}: external-provisioner refuses a restore into another volume mode unless the snapshot's content carries the snapshot.storage.kubernetes.io/allow-volume-mode-change annotation`
      : `the claim it clones, ${quote(source.name)}, is ${sourceMode}: "the source PVC and destination PVCs must have the same volume mode for cloning" (external-provisioner)`));
  }
  if (!snapshot) {
    const sourceFacts = classFactsOf(source);
    if (source.storageClassName === '') {
      out.push(invalid(spec.child('dataSource', 'name'), source.name, 'the claim it clones has storageClassName "": external-provisioner clones only claims of a StorageClass ("the source PVC … storageclass cannot be empty")'));
    } else if (facts && sourceFacts && sourceFacts.driver !== facts.driver) {
      out.push(invalid(spec.child('dataSource', 'name'), source.name, `the claim it clones is provisioned by ${quote(sourceFacts.driver)}, this claim's StorageClass by ${quote(facts.driver)}: a driver clones only its own volumes (external-provisioner: "claim in dataSource not bound or invalid")`));
    }
  }
  return out;
}

function sizeText(s: Size): string {
  return exactQuantity(s);
}

function isSnapshot(v: unknown): v is IVolumeSnapshot {
  return typeof v === 'object' && v !== null && isString((v as IVolumeSnapshot).name) && (v as IVolumeSnapshot).name !== ''
    && (v as IVolumeSnapshot).resourceType === 'volumesnapshots';
}

function isClaimLike(v: unknown): v is kplus.IPersistentVolumeClaim {
  return typeof v === 'object' && v !== null && isString((v as kplus.IPersistentVolumeClaim).name)
    && (v as kplus.IPersistentVolumeClaim).resourceType === 'persistentvolumeclaims';
}
