import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { markOwnClaims, NamespacedClaim } from './claims';
import { ClaimDataSource, dataSourceRules, isClaimDataSource, renderDataSource } from './data-source';
import { SpecApiObject } from './spec-object';
import { claimVolume } from './volume';
import { registerStorageObject } from '../app/app-checks';
import { claimBindingFindings } from '../app/binding';
import { addRules } from '../app/validation';
import { resolveTarget } from '../policy/version';
import { volumeModeRules } from '../rules/access';
import { FieldError, invalid } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';
import { isLabelSelector, isVolume, metadataOf, metadataShapes } from '../rules/metadata';
import { exactQuantity } from '../rules/quantities';
import { given, instanceShape, isPlainObject, isSize, requiredStringShape } from '../rules/shapes';

const SPEC = FieldPath.root('spec');

/** Props for a claim the library creates: cdk8s-plus-27's, plus a label selector. */
export interface VolumeClaimProps extends kplus.PersistentVolumeClaimProps {
  /**
   * Binds only to PersistentVolumes whose labels match. Claims with a selector are never
   * dynamically provisioned.
   *
   * @default - any volume that matches the other requirements
   */
  readonly selector?: kplus.LabelSelector;

  /**
   * Where the volume gets its first data: a VolumeSnapshot to restore
   * (`ClaimDataSource.fromSnapshot(snapshot)`) or a claim to clone (`ClaimDataSource.fromClaim(claim)`),
   * both in the claim's namespace. The claim's StorageClass's CSI driver provisions from it.
   *
   * @default - an empty volume
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#data-source-references
   */
  readonly dataSource?: ClaimDataSource;
}

/** An existing claim in the cluster: its name and namespace. */
export interface ExistingClaimOptions {
  /** The claim's name. */
  readonly name: string;
  /** The claim's namespace; a PersistentVolume reserved for the claim needs it. */
  readonly namespace: string;
}

class ExistingClaim extends Construct implements NamespacedClaim {
  public readonly apiGroup = '';
  public readonly apiVersion = 'v1';
  public readonly kind = 'PersistentVolumeClaim';
  public readonly resourceType = 'persistentvolumeclaims';
  public readonly name: string;
  public readonly resourceName: string;
  public readonly claimNamespace: string;

  constructor(scope: Construct, id: string, options: ExistingClaimOptions) {
    super(scope, id);
    // a JavaScript or Python caller can pass anything: kept as given, reported by shape at synth
    const o: Partial<Record<keyof ExistingClaimOptions, unknown>> = isPlainObject(options) ? options : {};
    this.name = o.name as string;
    this.resourceName = o.name as string;
    this.claimNamespace = o.namespace as string;
    const shapes = [
      ...(isPlainObject(options) ? [] : instanceShape(FieldPath.root('options'), options, () => false, 'an object { name, namespace }')),
      ...requiredStringShape(FieldPath.root('name'), o.name, 'a string, the claim\'s name', 'give the existing claim\'s name'),
      ...requiredStringShape(FieldPath.root('namespace'), o.namespace, 'a string, the claim\'s namespace', 'give the existing claim\'s namespace'),
    ];
    if (shapes.length > 0) addRules(this, () => shapes);
  }
}

/**
 * A PersistentVolumeClaim that writes its size exactly as given (512Mi stays 512Mi), keeps an
 * explicit `storageClassName: ""` (bind only to class-less volumes, never provisioned), may carry
 * a label selector, and is validated at synth like the API server would, including whether it can
 * ever bind the volume it names.
 *
 * It is one `ApiObject` (no wrapper construct) and implements cdk8s-plus-27's
 * `IPersistentVolumeClaim`, so `kplus.Volume.fromPersistentVolumeClaim(...)` and every kplus API
 * that takes a claim accept it.
 *
 * @example
 *
 * new VolumeClaim(chart, 'Data', {
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
 *   storage: Size.mebibytes(512),
 *   storageClassName: 'fast',
 * });
 */
export class VolumeClaim extends SpecApiObject implements kplus.IPersistentVolumeClaim, kplus.IStorage {
  /**
   * A claim that exists in the cluster, with its namespace, to reserve a PersistentVolume for it
   * (`pv.bind(claim)` writes a `claimRef` with that namespace).
   */
  public static fromExistingClaim(scope: Construct, id: string, options: ExistingClaimOptions): kplus.IPersistentVolumeClaim {
    return new ExistingClaim(scope, id, options);
  }

  /** The storage this claim requests. */
  public readonly storage?: Size;
  /** Filesystem or raw block device. */
  public readonly volumeMode: kplus.PersistentVolumeMode;
  /** The class of the claim; `""` binds only class-less volumes. */
  public readonly storageClassName?: string;
  /** The label selector, if any. */
  public readonly selector?: kplus.LabelSelector;
  /** @internal What the props' shapes get wrong (checked once: the props do not change). */
  public readonly _shapes: FieldError[];

  private readonly _accessModes?: kplus.PersistentVolumeAccessMode[];
  private _volume?: kplus.IPersistentVolume;
  /** @internal bind() calls that could not take effect (another volume, or no volume), for the rules. */
  public readonly _rebinds: FieldError[] = [];
  private podVolume?: kplus.Volume;
  /** The data source, as given (checked by its rules). */
  private readonly _dataSource: unknown;
  /** @internal The StorageClass object the claim was made from (`createClaim`), for what its backend declares. */
  public _storageClass?: unknown;

  constructor(scope: Construct, id: string, props: VolumeClaimProps = {}) {
    // a JavaScript or Python caller can pass anything: values are kept as given, and checked by shape first
    const p: Partial<VolumeClaimProps> = isPlainObject(props) ? props : {};
    super(scope, id, 'PersistentVolumeClaim', metadataOf(p.metadata));
    this.storage = p.storage ?? undefined;
    this.volumeMode = p.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
    this.storageClassName = p.storageClassName ?? undefined;
    this._accessModes = Array.isArray(p.accessModes) ? [...p.accessModes] : p.accessModes ?? undefined;
    this.selector = isLabelSelector(p.selector) ? p.selector : undefined;
    this._dataSource = p.dataSource ?? undefined;
    this._shapes = [
      ...metadataShapes(p.metadata),
      ...volumeModeRules(SPEC, p.volumeMode),
      ...instanceShape(SPEC.child('selector'), p.selector, isLabelSelector, 'a LabelSelector, such as kplus.LabelSelector.of({ labels: { tier: "db" } })'),
    ];
    if (given(p.volume)) this.bind(p.volume!);
    registerStorageObject(this, resolveTarget(this));
    addRules(this, claimBindingFindings);
    if (this._dataSource !== undefined) {
      addRules(this, () => dataSourceRules(SPEC, this._dataSource, {
        scope: this,
        namespace: this.metadata.namespace,
        storageClassName: this.storageClassName,
        storageClass: this._storageClass,
        storage: this.storage,
        volumeMode: this.volumeMode,
      }));
    }
  }

  /** Where the volume gets its first data, if anywhere. */
  public get dataSource(): ClaimDataSource | undefined {
    return isClaimDataSource(this._dataSource) ? this._dataSource : undefined;
  }


  /** The resource type, for RBAC rules: `persistentvolumeclaims`. */
  public get resourceType(): string {
    return 'persistentvolumeclaims';
  }

  /**
   * A Pod volume that mounts this claim (created once), so that `container.mount(path, claim)`
   * works; named `pvc-<claim name>`. Mount it read-only with `container.mount(path, claim, { readOnly: true })`.
   */
  public asVolume(): kplus.Volume {
    if (!this.podVolume) this.podVolume = claimVolume(this, 'Volume', this, false);
    return this.podVolume;
  }

  /** Access modes the claim asks for (a copy). */
  public get accessModes(): kplus.PersistentVolumeAccessMode[] | undefined {
    // not a list only when a JavaScript caller passed something else: kept for the rules to report
    return Array.isArray(this._accessModes) ? [...this._accessModes] : this._accessModes;
  }

  /** The PersistentVolume this claim names (`volumeName`), if any. */
  public get volume(): kplus.IPersistentVolume | undefined {
    return this._volume;
  }

  /**
   * Names `vol` in this claim (`volumeName`). A claim names one volume: binding it to another one
   * is an error at synth (the first binding stays). To reserve the volume for this claim too, bind
   * it from the volume's side as well.
   */
  public bind(vol: kplus.IPersistentVolume): void {
    if (!isVolume(vol)) {
      this._rebinds.push(...instanceShape(SPEC.child('volumeName'), vol, isVolume, 'a PersistentVolume'));
    } else if (this._volume && this._volume.name !== vol.name) {
      this._rebinds.push(invalid(SPEC.child('volumeName'), vol.name,
        `the claim already names PersistentVolume ${quote(this._volume.name)}, and a claim names one volume: remove one of the bind() calls`));
    } else {
      this._volume = vol;
    }
  }

  /** @internal */
  protected _renderSpec(): object {
    const selector = this.selector && !this.selector.isEmpty() ? this.selector._toKube() : undefined;
    return {
      accessModes: Array.isArray(this._accessModes) ? [...this._accessModes] as string[] : this._accessModes,
      resources: given(this.storage) ? { requests: { storage: isSize(this.storage) ? exactQuantity(this.storage) : this.storage } } : undefined,
      selector,
      storageClassName: this.storageClassName,
      volumeMode: this.volumeMode,
      volumeName: this._volume?.name,
      dataSource: renderDataSource(this._dataSource),
    };
  }
}

markOwnClaims(VolumeClaim);
