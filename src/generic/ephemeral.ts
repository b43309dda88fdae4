import { Lazy, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClaimSpecModel, ClaimSpecOptions, claimSpecModel, claimSpecRules, renderClaimSpec } from './claim-spec';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { podVolume } from '../core/objects/volume';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { FieldError } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { NameRule, nameErrors } from '../core/rules/names';
import { isPlainObject, isString, stringShape } from '../core/rules/shapes';

/** Props for `EphemeralVolume`. */
export interface EphemeralVolumeProps extends ClaimSpecOptions {
  /**
   * The Pod volume's name, a DNS label. Each Pod's claim is named `<Pod name>-<volume name>`.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#persistentvolumeclaim-naming
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A generic ephemeral volume (`ephemeral.volumeClaimTemplate`): a Pod volume whose claim the
 * ephemeral-volume controller creates with the Pod (named `<Pod>-<volume>`, owned by the Pod) and
 * deletes with it, provisioned from a StorageClass. Scratch space of any size a provisioner serves,
 * per Pod, for drivers that serve no inline CSI volumes (ceph-csi's examples use these).
 *
 * Mount it with `container.mount(path, volume)` or add it with `workload.addVolume(volume.asVolume())`.
 * The claim spec is checked at synth like every claim: the class, the access modes its provisioner
 * serves, the size and the volume mode. Each Pod of a workload gets its own claim, so no claim is
 * shared across replicas.
 *
 * @example
 *
 * const scratch = new EphemeralVolume(chart, 'Scratch', {
 *   storageClass: fast,
 *   storage: Size.gibibytes(5),
 * });
 * deployment.containers[0].mount('/scratch', scratch);
 */
export class EphemeralVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: ClaimSpecModel;
  private readonly shapes: FieldError[];
  private volume?: kplus.Volume;

  constructor(scope: Construct, id: string, props: EphemeralVolumeProps) {
    super(scope, id);
    const p: Partial<Record<keyof EphemeralVolumeProps, unknown>> = isPlainObject(props) ? props : {};
    this.name = isString(p.name) ? p.name : Names.toDnsLabel(this);
    this.model = claimSpecModel(p);
    const target = resolveTarget(this, p.kubernetesVersion as KubernetesVersion | undefined);
    this.kubernetesVersion = target.version;
    registerStorageObject(this, target);
    const root = FieldPath.root('volumes').key(this.name.slice(0, 63));
    this.shapes = [
      ...stringShape(root.child('name'), p.name, 'a string, a DNS label'),
      ...(isString(p.name) ? nameErrors(root.child('name'), this.name, NameRule.DNS_LABEL) : []),
    ];
    const spec = root.child('ephemeral', 'volumeClaimTemplate', 'spec');
    addRules(this, () => [...this.shapes, ...claimSpecRules(this.model, this.kubernetesVersion, spec)]);
  }

  /** The Pod volume (created once): `ephemeral.volumeClaimTemplate` with the claim spec. */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      this.volume = podVolume(this, 'Volume', this.name, {
        ephemeral: Lazy.any({ produce: () => ({ volumeClaimTemplate: { spec: renderClaimSpec(this.model) } }) }),
      }, this.model.volumeMode === kplus.PersistentVolumeMode.BLOCK ? { blockAt: 'ephemeral.volumeClaimTemplate.spec.volumeMode' } : {});
    }
    return this.volume;
  }
}
