import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VolumeSnapshotClass, IVolumeSnapshotClass } from './snapshot-class';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { claimNamespace, isAppClaim, metadataNameRules } from '../core/objects/claims';
import { IVolumeSnapshot, SnapshotView, classFacts } from '../core/objects/data-source';
import { resolveTarget } from '../core/policy/version';
import { Finding, forbidden, invalid, required } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { isClaim, metadataOf, metadataShapes } from '../core/rules/metadata';
import { NameRule } from '../core/rules/names';
import { elementShape, given, instanceShape, isPlainObject, isString, stringShape } from '../core/rules/shapes';
import * as snapshot from '../imports/snapshot.storage.k8s.io';

/** Props for `VolumeSnapshot`. */
export interface VolumeSnapshotProps {
  /**
   * Metadata; the namespace must be the claim's.
   *
   * @default - a name derived from the construct path, the claim's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** The claim whose volume is snapshotted (`spec.source.persistentVolumeClaimName`), in the snapshot's namespace. */
  readonly claim: kplus.IPersistentVolumeClaim;

  /**
   * The VolumeSnapshotClass to take the snapshot with; its driver must be the one that provisioned the claim's volume.
   *
   * @default - the cluster's default VolumeSnapshotClass of the claim's driver
   */
  readonly snapshotClass?: IVolumeSnapshotClass;
}

const SOURCE = FieldPath.root('spec', 'source', 'persistentVolumeClaimName');
const CLASS = FieldPath.root('spec', 'volumeSnapshotClassName');

/**
 * A VolumeSnapshot (`snapshot.storage.k8s.io/v1`) of a claim: a point-in-time copy of its volume,
 * taken by the CSI driver that provisioned it. Restore it into a new claim with
 * `ClaimDataSource.fromSnapshot(snapshot)` (`createClaim(…, { dataSource })`).
 *
 * Checked at synth: the claim is in the snapshot's namespace, its StorageClass's driver takes
 * snapshots (in-tree provisioners take none), and the class's driver is the claim's. The
 * cluster needs external-snapshotter (its CRDs, the snapshot controller, the driver's csi-snapshotter).
 *
 * @example
 *
 * const nightly = new VolumeSnapshot(chart, 'Nightly', { claim: data, snapshotClass: snapshots });
 * fast.createClaim(chart, 'Restored', { storage: Size.gibibytes(20), dataSource: ClaimDataSource.fromSnapshot(nightly) });
 */
export class VolumeSnapshot extends Construct implements IVolumeSnapshot {
  /** A VolumeSnapshot that exists in the cluster, by name (in the namespace of the claims restored from it). */
  public static fromVolumeSnapshotName(scope: Construct, id: string, name: string): IVolumeSnapshot {
    return new ImportedSnapshot(scope, id, name);
  }

  /** The snapshot's name. */
  public readonly name: string;
  /** The snapshot's namespace, where known. */
  public readonly namespace?: string;
  /** The claim it snapshots. */
  public readonly claim?: kplus.IPersistentVolumeClaim;
  /** The class it is taken with, if one is named. */
  public readonly snapshotClass?: IVolumeSnapshotClass;
  public readonly apiGroup = 'snapshot.storage.k8s.io';
  public readonly resourceType = 'volumesnapshots';

  constructor(scope: Construct, id: string, props: VolumeSnapshotProps) {
    super(scope, id);
    // a JavaScript or Python caller can pass anything: values are kept as given and checked by shape
    const p: Partial<Record<keyof VolumeSnapshotProps, unknown>> = isPlainObject(props) ? props : {};
    const claim = isClaim(p.claim) ? p.claim : undefined;
    const cls = isSnapshotClass(p.snapshotClass) ? p.snapshotClass : undefined;
    this.claim = claim;
    this.snapshotClass = cls;
    const metadata = metadataOf(p.metadata);
    const claimNs = claim ? claimNamespace(claim) : undefined;
    const obj = new snapshot.VolumeSnapshot(this, 'Resource', {
      metadata: { ...metadata, namespace: metadata?.namespace ?? claimNs },
      spec: {
        source: { persistentVolumeClaimName: claim?.name },
        volumeSnapshotClassName: cls?.name,
      },
    });
    this.name = obj.name;
    this.namespace = obj.metadata.namespace;
    registerStorageObject(this, resolveTarget(this));
    const shapes: Finding[] = [ // the props do not change: checked once
      ...metadataShapes(p.metadata),
      ...(given(p.claim)
        ? elementShape(SOURCE, p.claim, isClaim, 'a PersistentVolumeClaim: one of this app, or VolumeClaim.fromExistingClaim(scope, id, { name, namespace })')
        : [required(SOURCE, 'give the claim to snapshot')]),
      ...instanceShape(CLASS, p.snapshotClass, isSnapshotClass, 'a VolumeSnapshotClass: one of this app, or VolumeSnapshotClass.fromVolumeSnapshotClassName(scope, id, name)'),
    ];
    addRules(this, () => [...shapes, ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN), ...this.rules(claimNs)]);
  }

  /** @internal What a claim restored from this snapshot reads: the source claim, the namespace, the class's driver. */
  public _snapshotView(): SnapshotView {
    const cls = this.snapshotClass;
    return {
      claim: this.claim,
      namespace: this.namespace,
      driver: cls instanceof VolumeSnapshotClass && isString(cls.driver) ? cls.driver : undefined,
    };
  }

  /** The name, for RBAC rules. */
  public get resourceName(): string | undefined {
    return this.name;
  }

  private rules(claimNs: string | undefined): Finding[] {
    const out: Finding[] = [];
    // the CRD's CEL rule, in its words
    if (this.snapshotClass?.name === '') out.push(invalid(CLASS, '', 'volumeSnapshotClassName must not be the empty string when set'));
    const claim = this.claim;
    if (!claim) return out;
    if (claimNs !== undefined && this.namespace !== claimNs) {
      out.push(invalid(FieldPath.root('metadata', 'namespace'), this.namespace ?? '',
        `the claim ${quote(claim.name)} is in namespace ${quote(claimNs)}: a VolumeSnapshot snapshots a claim of its own namespace`));
    }
    const facts = isAppClaim(claim) ? classFacts({ scope: this, storageClassName: claim.storageClassName }) : undefined;
    if (isAppClaim(claim) && claim.storageClassName === '') {
      // no driver the app knows: a static volume's driver may or may not snapshot it (ceph-csi does
      // not: docs/static-pvc.md), so only the class's driver is checked, where it is known
    } else if (facts && !facts.snapshots) {
      out.push(forbidden(SOURCE, `the claim's StorageClass provisions with ${facts.driver}, which takes no snapshots${facts.why ? `: ${facts.why}` : ''}`));
    }
    const cls = this.snapshotClass;
    if (facts && facts.snapshots && cls instanceof VolumeSnapshotClass && isString(cls.driver) && cls.driver !== facts.driver) {
      out.push(invalid(CLASS, cls.name, `the class's driver is ${quote(cls.driver)} and the claim's volume is provisioned by ${quote(facts.driver)}: only the volume's own driver snapshots it (its csi-snapshotter never handles the snapshot, which stays not ready)`));
    }
    return out;
  }
}

function isSnapshotClass(v: unknown): v is IVolumeSnapshotClass {
  return v instanceof VolumeSnapshotClass || (typeof v === 'object' && v !== null && isString((v as IVolumeSnapshotClass).name) && v instanceof Construct);
}

class ImportedSnapshot extends Construct implements IVolumeSnapshot {
  public readonly apiGroup = 'snapshot.storage.k8s.io';
  public readonly resourceType = 'volumesnapshots';

  constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
    // an empty name is reported where the claim restored from it names it (spec.dataSource.name)
    const shapes = stringShape(FieldPath.root('name'), name, 'a string, the VolumeSnapshot\'s name');
    if (shapes.length > 0) addRules(this, () => shapes);
  }

  public get resourceName(): string | undefined {
    return this.name;
  }
}
