import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VolumeClaim } from './claim';
import { claimNamespace, describeClaim, describeClaimRef, isAppClaim, markOwnVolumes, metadataNameRules, sizeRules, storageClassNameRules } from './claims';
import { IVolumeSource, customSource } from './custom-source';
import { ReserveOptions, StoragePersistentVolumeProps } from './persistent-props';
import { BoundSource, VolumeSource } from './source';
import { persistentVolumeSourceJson } from './source-json';
import { SpecApiObject } from './spec-object';
import { claimVolume } from './volume';
import { registerStorageObject } from '../app/app-checks';
import { volumeBindingFindings } from '../app/binding';
import { addRules } from '../app/validation';
import { KubernetesVersion, resolveTarget } from '../policy/version';
import { Capabilities, accessModeRules, capabilityRules, volumeModeRules } from '../rules/access';
import { FieldError, Finding, forbidden, invalid, required } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';
import { textRules } from '../rules/manifest-text';
import { claimRefShape, isClaim, metadataOf, metadataShapes } from '../rules/metadata';
import { NameRule, makeClusterScoped } from '../rules/names';
import { exactQuantity } from '../rules/quantities';
import { given, instanceShape, isPlainObject, isSize, isString, listOf, oneOfShape, stringListShape } from '../rules/shapes';
import { TopologySelectorTerm, copyTerms, nodeAffinityRules, renderNodeAffinity } from '../rules/topology';

const SPEC = FieldPath.root('spec');
const RWO_ONLY: readonly kplus.PersistentVolumeAccessMode[] = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE];
// sorted, as kube-apiserver lists them
/** What a volume without a source serves: nothing beyond its required fields' rules. */
const NO_SOURCE: Capabilities = { accessModes: Object.values(kplus.PersistentVolumeAccessMode), accessModesWhy: '', block: true, mountOptions: true };
const RECLAIM_POLICIES = [kplus.PersistentVolumeReclaimPolicy.DELETE, 'Recycle', kplus.PersistentVolumeReclaimPolicy.RETAIN];

/**
 * The PV/PVC glue every backend's PersistentVolume shares. One `ApiObject` (no wrapper construct)
 * that implements cdk8s-plus-27's `IPersistentVolume`, with `bind()`, `reserve()` and `asVolume()`
 * as cdk8s-plus-27's PersistentVolume has them, and these differences:
 *
 * - capacity is written exactly as given (512Mi stays 512Mi);
 * - the volume is cluster-scoped: no `metadata.namespace`;
 * - `claimRef` carries the claim's namespace, as the binder requires;
 * - `reserve()` creates a claim the API server accepts (access modes, size, volume mode and
 *   `storageClassName`, `""` when the volume has no class) and returns it again on later calls;
 * - `asVolume()` mounts through the claim it is bound to, read-only when the source is;
 * - access modes, volume mode and mount options are checked against what the backend serves.
 */
export abstract class StoragePersistentVolume extends SpecApiObject implements kplus.IPersistentVolume, kplus.IStorage {
  // one function for every volume's rules, so that a large app holds no closure per volume
  private static rules(v: StoragePersistentVolume): Finding[] {
    return [...v.volumeRules(), ...v.sourceRules(), ...volumeBindingFindings(v)];
  }

  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The volume's size. */
  public readonly storage: Size;
  /** Filesystem or raw block device. */
  public readonly mode: kplus.PersistentVolumeMode;
  /** The class the volume belongs to, if any. */
  public readonly storageClassName?: string;
  /** Mount options, if any. */
  public readonly mountOptions?: string[];
  /** What happens to the volume when its claim is deleted. */
  public readonly reclaimPolicy: kplus.PersistentVolumeReclaimPolicy;

  private readonly _accessModes: readonly kplus.PersistentVolumeAccessMode[];
  private readonly nodeAffinity?: readonly TopologySelectorTerm[];
  /** What the props' shapes get wrong (the props do not change: checked once). */
  private readonly shapes: FieldError[];
  /** bind() calls that could not take effect (another claim, or no claim). */
  private readonly rebinds: FieldError[] = [];
  private readonly userNamespace?: string;
  private _claim?: kplus.IPersistentVolumeClaim;
  private reserved?: VolumeClaim;
  private volume?: kplus.Volume;
  private carried?: { readonly source: VolumeSource; readonly bound: BoundSource };

  protected constructor(scope: Construct, id: string, props: StoragePersistentVolumeProps) {
    // a JavaScript or Python caller can pass anything: values are kept as given, and checked by shape first
    const p: Partial<StoragePersistentVolumeProps> = isPlainObject(props) ? props : {};
    const metadata = metadataOf(p.metadata);
    super(scope, id, 'PersistentVolume', metadata);
    this.storage = p.storage as Size;
    this.mode = p.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
    this.storageClassName = p.storageClassName ?? undefined;
    this.mountOptions = Array.isArray(p.mountOptions) ? [...p.mountOptions] : p.mountOptions ?? undefined;
    // "" is unset to kube-apiserver too: it defaults the policy to Retain
    this.reclaimPolicy = (p.reclaimPolicy as string) === '' ? kplus.PersistentVolumeReclaimPolicy.RETAIN : p.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.RETAIN;
    this._accessModes = Array.isArray(p.accessModes) ? [...p.accessModes] : p.accessModes ?? RWO_ONLY;
    // a copy: the terms the rules check are the terms written
    this.nodeAffinity = copyTerms(p.nodeAffinity);
    this.shapes = [
      ...metadataShapes(p.metadata),
      ...stringListShape(SPEC.child('mountOptions'), p.mountOptions),
      ...((p.reclaimPolicy as string) === '' ? [] : oneOfShape(SPEC.child('persistentVolumeReclaimPolicy'), p.reclaimPolicy, RECLAIM_POLICIES)),
      ...volumeModeRules(SPEC, p.volumeMode),
    ];
    if (given(p.claim)) this.bind(p.claim!);
    this.userNamespace = metadata?.namespace;
    makeClusterScoped(this.metadata);
    const target = resolveTarget(this, p.kubernetesVersion);
    this.kubernetesVersion = target.version;
    registerStorageObject(this, target);
    addRules(this, StoragePersistentVolume.rules);
  }

  /** The resource type, for RBAC rules: `persistentvolumes`. */
  public get resourceType(): string {
    return 'persistentvolumes';
  }

  /** The access modes the volume offers (a copy). */
  public get accessModes(): kplus.PersistentVolumeAccessMode[] {
    return [...listOf(this._accessModes)];
  }

  /** The claim this volume is reserved for (`claimRef`), if any. */
  public get claim(): kplus.IPersistentVolumeClaim | undefined {
    return this._claim;
  }

  /**
   * Reserves this volume for `claim` (`claimRef`, with the claim's namespace). A volume is
   * reserved for one claim: binding it to another one is an error at synth (the first binding
   * stays). For the claim to name this volume too, bind it from the claim's side as well.
   */
  public bind(claim: kplus.IPersistentVolumeClaim): void {
    if (!isClaim(claim)) {
      this.rebinds.push(...claimRefShape(claim));
    } else if (this._claim && (this._claim.name !== claim.name || claimNamespace(this._claim) !== claimNamespace(claim))) {
      this.rebinds.push(invalid(SPEC.child('claimRef'), describeClaimRef(claim),
        `the volume is already reserved for ${describeClaim(this._claim)}, and a volume is reserved for one claim: remove one of the bind() calls`));
    } else {
      this._claim = claim;
    }
  }

  /**
   * Reserves this volume with a new claim that binds only to it (created once; later calls return
   * it). The claim asks for this volume's access modes, capacity, volume mode and class; `options`
   * name it (one call does what a `VolumeClaim` and two `bind()` calls do, which counts for
   * Python and Java callers: each call is a round trip to the library).
   */
  public reserve(options: ReserveOptions = {}): VolumeClaim {
    const o: Partial<ReserveOptions> = isPlainObject(options) ? options : {};
    if (!this.reserved) {
      this.reserved = new VolumeClaim(this, 'Claim', {
        metadata: o.metadata,
        accessModes: this.accessModes,
        storage: this.storage,
        volumeMode: this.mode,
        storageClassName: this.storageClassName ?? '',
        volume: this,
      });
      this.bind(this.reserved);
      const shape = instanceShape(FieldPath.root('options'), options, isPlainObject, 'an object such as { metadata: { name: "data" } }');
      if (shape.length > 0) addRules(this.reserved, () => shape);
    } else if (given(o.metadata)) {
      const claim = this.reserved;
      addRules(claim, () => [forbidden(FieldPath.root('metadata'),
        `the volume was reserved for this claim before, and reserve() takes the claim's metadata on its first call only (the claim is ${quote(claim.name)})`)]);
    }
    return this.reserved;
  }

  /**
   * A Pod volume that mounts this PersistentVolume through its claim: the claim it is bound to if
   * that claim is in the app, else a new one from `reserve()`. Read-only when the source is.
   */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      const bound = this._claim && isAppClaim(this._claim) ? this._claim : this.reserve();
      this.volume = claimVolume(this, 'Volume', bound, this._mountsReadOnly());
    }
    return this.volume;
  }

  /**
   * Carries a source of your own (any plugin, written in any of jsii's languages); a subclass calls
   * it once, in its constructor. The source is bound once, here, and what it binds is checked at
   * synth against the generated `k8s.PersistentVolumeSpec` type, with its `problems` and the
   * capabilities it declares.
   */
  protected carry(source: IVolumeSource): void {
    this._carrySource(customSource(source));
  }

  /**
   * @internal Carries the backend's source; a subclass calls it once, in its constructor: the
   * form at the volume's target is decided here, and the source bound (its Secret created) once.
   */
  protected _carrySource(source: VolumeSource): void {
    if (this.carried) {
      addRules(this, () => [forbidden(SPEC, 'the volume carries a source already: a subclass calls carry(source) once, and the first source stays')]);
      return;
    }
    const form = source.form(this.kubernetesVersion);
    const bound = source.bind({ scope: this, root: SPEC, form, version: this.kubernetesVersion, name: this.name, persistentVolume: this });
    this.carried = { source, bound };
  }

  /** @internal Whether the source mounts read-only: a Pod volume of the volume's claim then does too. */
  public _mountsReadOnly(): boolean {
    return this.carried?.bound.readOnly ?? false;
  }

  /** @internal The source as the carried backend renders it now (`{ csi: … }`), for the app-wide checks (duplicate CSI handles). */
  public _renderedSource(): Readonly<Record<string, object | undefined>> {
    return this.carried?.bound.render() ?? {};
  }

  /** The source's rules, with the version policy's findings at `spec.<field>`. */
  private sourceRules(): Finding[] {
    const c = this.carried;
    if (!c) return [required(SPEC, 'must specify a volume type (a subclass of StoragePersistentVolume calls carry(source) in its constructor)')];
    return [...c.source.policyRules(this.kubernetesVersion, SPEC.child(c.bound.field)), ...c.bound.rules()];
  }

  /** @internal */
  protected _renderSpec(): object {
    const claim = this._claim;
    return {
      accessModes: Array.isArray(this._accessModes) ? [...this._accessModes] as string[] : this._accessModes,
      capacity: given(this.storage) ? { storage: isSize(this.storage) ? exactQuantity(this.storage) : this.storage } : undefined,
      claimRef: claim ? { name: claim.name, namespace: claimNamespace(claim) } : undefined,
      mountOptions: this.mountOptions,
      nodeAffinity: renderNodeAffinity(this.nodeAffinity),
      persistentVolumeReclaimPolicy: this.reclaimPolicy,
      storageClassName: this.storageClassName,
      volumeMode: this.mode,
      ...(this.carried ? persistentVolumeSourceJson(this.carried.bound.render()) : {}),
    };
  }

  private volumeRules(): Finding[] {
    const caps = this.carried?.bound.capabilities() ?? NO_SOURCE;
    const errs: Finding[] = [
      ...this.shapes,
      ...this.rebinds,
      ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN),
      ...sizeRules(SPEC.child('capacity'), SPEC.child('capacity').key('storage'), this.storage),
      ...accessModeRules(SPEC, this._accessModes, caps, this.kubernetesVersion),
      ...capabilityRules(SPEC, caps, this.mode, this.mountOptions),
      ...storageClassNameRules(this.storageClassName),
      ...nodeAffinityRules(this.nodeAffinity),
      ...listOf(this.mountOptions).flatMap((o, i) => (isString(o) ? textRules(SPEC.child('mountOptions').index(i), o) : [])),
    ];
    // kube-apiserver's rule for the local source, which only a source of the user's writes (CustomPersistentVolume)
    if (this.carried?.bound.field === 'local' && listOf(this.nodeAffinity).length === 0) {
      errs.push(required(SPEC.child('nodeAffinity'), 'Local volume requires node affinity'));
    }
    if (this.userNamespace !== undefined) errs.push(clusterScopedNamespace());
    const claim = this.claim;
    if (claim && claimNamespace(claim) === undefined) {
      errs.push(required(SPEC.child('claimRef', 'namespace'),
        `${describeClaim(claim)} has no namespace, and a PersistentVolume reserved for a claim binds only to the claim of that name in that namespace: ` +
        'give the claim\'s Chart a namespace, or bind VolumeClaim.fromExistingClaim(scope, id, { name, namespace })'));
    }
    return errs;
  }
}

/** kube-apiserver's error for a namespace on a cluster-scoped object. */
export function clusterScopedNamespace(): FieldError {
  return forbidden(FieldPath.root('metadata', 'namespace'), 'not allowed on this type');
}

markOwnVolumes(StoragePersistentVolume);
