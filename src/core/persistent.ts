import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Capabilities, accessModeRules, capabilityRules } from './access';
import { FieldError, Finding, invalid, required } from './errors';
import { FieldPath } from './field-path';
import { textRules } from './manifest-text';
import { NameRule, makeClusterScoped, nameErrors } from './names';
import { exactQuantity, sizeInBytes } from './quantities';
import { addRules } from './validation';
import { KubernetesVersion, Target, resolveTarget } from './version';

const SPEC = FieldPath.root('spec');

/** The namespace a claim lives in, when the app knows it (a claim in a Chart with a namespace). */
export function claimNamespace(claim: kplus.IPersistentVolumeClaim): string | undefined {
  return claim instanceof kplus.PersistentVolumeClaim ? claim.metadata.namespace : undefined;
}

/** The name written in metadata by the user, if any (generated names are always valid). */
function userName(resource: kplus.Resource): string | undefined {
  return (ApiObject.of(resource).metadata.toJson() as { name?: string }).name;
}

/** metadata.name under the object's name rule. */
export function metadataNameRules(resource: kplus.Resource, rule: NameRule): FieldError[] {
  const name = userName(resource);
  return name === undefined ? [] : nameErrors(FieldPath.root('metadata', 'name'), name, rule);
}

/** A storage size as the API server checks it: present, above zero, a whole number of bytes. */
export function sizeRules(at: FieldPath, size: Size | undefined): FieldError[] {
  if (!size) return [required(at)];
  const bytes = sizeInBytes(size);
  if (!(bytes > 0)) return [invalid(at, exactQuantity(size), 'must be greater than zero')];
  if (!Number.isInteger(bytes)) return [invalid(at, exactQuantity(size), 'must be a whole number of bytes')];
  return [];
}

/** `storageClassName`: empty means "no class"; anything else is a DNS subdomain. */
export function storageClassNameRules(name: string | undefined): FieldError[] {
  return name ? nameErrors(SPEC.child('storageClassName'), name, NameRule.DNS_SUBDOMAIN) : [];
}

/**
 * The API server's rules for a claim spec. Applied to our claims and, by the binding check, to every
 * other claim in the app (cdk8s-plus-27's own `reserve()` writes claims the API server rejects).
 */
export function claimSpecRules(claim: kplus.PersistentVolumeClaim): FieldError[] {
  return [
    ...metadataNameRules(claim, NameRule.DNS_SUBDOMAIN),
    ...accessModeRules(SPEC, claim.accessModes),
    ...sizeRules(SPEC.child('resources').key('storage'), claim.storage),
    ...storageClassNameRules(claim.storageClassName),
  ];
}

/**
 * Options for a claim that cdk8s-storage creates: everything cdk8s-plus-27's claim takes, plus a
 * label selector. Sizes are written exactly as given (512Mi stays 512Mi).
 */
export interface VolumeClaimProps extends kplus.PersistentVolumeClaimProps {
  /**
   * Binds only to PersistentVolumes whose labels match. Claims with a selector are never
   * dynamically provisioned.
   *
   * @default - any volume that matches the other requirements
   */
  readonly selector?: kplus.LabelSelector;
}

/**
 * A cdk8s-plus-27 `PersistentVolumeClaim` that writes its size exactly as given, keeps an explicit
 * `storageClassName: ""` (bind only to class-less volumes, never provisioned), may carry a label
 * selector, and is validated at synth like the API server would, including whether it can bind.
 *
 * @example
 *
 * new VolumeClaim(chart, 'Data', {
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
 *   storage: Size.mebibytes(512),
 *   storageClassName: 'fast',
 * });
 */
export class VolumeClaim extends kplus.PersistentVolumeClaim {
  /** The label selector, if any. */
  public readonly selector?: kplus.LabelSelector;

  constructor(scope: Construct, id: string, props: VolumeClaimProps = {}) {
    super(scope, id, props);
    this.selector = props.selector;
    registerStorageObject(this);
  }

  /** @internal */
  public _toKube(): k8s.PersistentVolumeClaimSpec {
    const selector = this.selector && !this.selector.isEmpty() ? this.selector._toKube() : undefined;
    return {
      accessModes: this.accessModes?.map((a) => a.toString()),
      resources: this.storage ? { requests: { storage: k8s.Quantity.fromString(exactQuantity(this.storage)) } } : undefined,
      selector,
      storageClassName: this.storageClassName,
      volumeMode: this.volumeMode,
      volumeName: this.volume?.name,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The binding check is app-wide. Every construct of this library registers the app once; at synth,
// a validation on the root (cdk8s validates the root first) arms a validation on each claim and
// volume, so every finding is reported under the path of the object it is about.

type Armer = (root: IConstruct) => void;
let armer: Armer | undefined;
const armedRoots = new WeakSet<IConstruct>();

/** Installed by binding.ts: what to attach to every claim and volume of the app at synth. */
export function setBindingArmer(a: Armer): void {
  armer = a;
}

/** Makes sure the app-wide checks run for the app `scope` belongs to. */
export function registerStorageObject(scope: IConstruct): void {
  const root = scope.node.root;
  if (armedRoots.has(root)) return;
  armedRoots.add(root);
  root.node.addValidation({
    validate: () => {
      armer?.(root);
      return [];
    },
  });
}

/** The findings for one construct of the binding check (see binding.ts). */
export type ObjectCheck = () => Finding[];

// ---------------------------------------------------------------------------------------------

/** Props every cdk8s-storage PersistentVolume takes, on top of cdk8s-plus-27's. */
export interface StoragePersistentVolumeProps extends kplus.PersistentVolumeProps {
  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * The PV/PVC glue every backend's PersistentVolume shares. A cdk8s-plus-27 `PersistentVolume`, so
 * `bind()`, `reserve()` and `asVolume()` keep working, with these differences:
 *
 * - capacity is written exactly as given (512Mi stays 512Mi);
 * - `claimRef` carries the claim's namespace, as the binder requires;
 * - `reserve()` creates a claim the API server accepts (access modes, size, volume mode and
 *   `storageClassName`, `""` when the volume has no class) and returns it again on later calls;
 * - `asVolume()` mounts through the claim it is bound to, read-only when the source is;
 * - access modes, volume mode and mount options are checked against what the backend serves.
 */
export abstract class StoragePersistentVolume extends kplus.PersistentVolume {
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly target: Target;
  private reserved?: kplus.PersistentVolumeClaim;
  private volume?: kplus.Volume;

  protected constructor(scope: Construct, id: string, props: StoragePersistentVolumeProps) {
    super(scope, id, props);
    makeClusterScoped(this.metadata);
    this.target = resolveTarget(this, props.kubernetesVersion);
    this.kubernetesVersion = this.target.version;
    registerStorageObject(this);
    addRules(this, () => [
      ...(this.target.error ? [this.target.error] : []),
      ...this.volumeRules(),
      ...this._sourceRules(),
    ]);
  }

  /**
   * Reserves this volume with a new claim that binds only to it (created once; later calls return
   * it). The claim asks for this volume's access modes, capacity, volume mode and class.
   */
  public reserve(): kplus.PersistentVolumeClaim {
    if (!this.reserved) {
      this.reserved = new VolumeClaim(this, 'Claim', {
        accessModes: this.accessModes,
        storage: this.storage,
        volumeMode: this.mode,
        storageClassName: this.storageClassName ?? '',
        volume: this,
      });
      this.bind(this.reserved);
    }
    return this.reserved;
  }

  /**
   * A Pod volume that mounts this PersistentVolume through its claim: the claim it is bound to if
   * that claim is in the app, else a new one from `reserve()`. Read-only when the source is.
   */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      const bound = this.claim instanceof kplus.PersistentVolumeClaim ? this.claim : this.reserve();
      this.volume = kplus.Volume.fromPersistentVolumeClaim(this, 'Volume', bound, { readOnly: this._readOnly() });
    }
    return this.volume;
  }

  /** @internal */
  public _toKube(): k8s.PersistentVolumeSpec {
    const claim = this.claim;
    return {
      accessModes: this.accessModes?.map((a) => a.toString()),
      capacity: this.storage ? { storage: k8s.Quantity.fromString(exactQuantity(this.storage)) } : undefined,
      claimRef: claim ? { name: claim.name, namespace: claimNamespace(claim) } : undefined,
      mountOptions: this.mountOptions?.slice(),
      persistentVolumeReclaimPolicy: this.reclaimPolicy,
      storageClassName: this.storageClassName,
      volumeMode: this.mode,
      ...this._renderSource(),
    };
  }

  /** @internal What the backend serves in the form it renders at the target version. */
  protected abstract _capabilities(): Capabilities;

  /** @internal The backend's rules for its source, at `spec.<source>`. */
  protected abstract _sourceRules(): Finding[];

  /** @internal The source fields of the spec (`{ iscsi: … }` or `{ csi: … }`). Pure; never throws. */
  protected abstract _renderSource(): k8s.PersistentVolumeSpec;

  /** @internal Whether the source is mounted read-only. */
  protected abstract _readOnly(): boolean;

  private volumeRules(): FieldError[] {
    const caps = this._capabilities();
    const errs: FieldError[] = [
      ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN),
      ...sizeRules(SPEC.child('capacity'), this.storage),
      ...accessModeRules(SPEC, this.accessModes, caps),
      ...capabilityRules(SPEC, caps, this.mode, this.mountOptions),
      ...storageClassNameRules(this.storageClassName),
      ...(this.mountOptions ?? []).flatMap((o, i) => textRules(SPEC.child('mountOptions').index(i), o)),
    ];
    const claim = this.claim;
    if (claim && claimNamespace(claim) === undefined) {
      errs.push(required(SPEC.child('claimRef', 'namespace'),
        `the claim ${JSON.stringify(claim.name)} has no namespace, and a PersistentVolume reserved for a claim binds only to the claim of that name in that namespace: give the claim's Chart a namespace`));
    }
    return errs;
  }
}
