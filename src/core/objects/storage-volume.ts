import { Lazy, Names, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IVolumeSource, customSource } from './custom-source';
import { StoragePersistentVolume } from './persistent';
import { BoundSource, VolumeSource } from './source';
import { claimVolume, podVolume } from './volume';
import { registerStorageObject } from '../app/app-checks';
import { addRules } from '../app/validation';
import { KubernetesVersion, resolveTarget } from '../policy/version';
import { FieldError, Finding, forbidden } from '../rules/errors';
import { FieldPath } from '../rules/field-path';
import { NameRule, nameErrors } from '../rules/names';
import { isPlainObject, isString, sizeShape, stringShape } from '../rules/shapes';

/** What every Pod volume of the library takes, whatever its backend. */
export interface StorageVolumeProps {
  /**
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** The PersistentVolume a Pod volume stands on where its form serves no inline volume: it carries the Pod volume's own source. */
class CarriedPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, version: KubernetesVersion, source: VolumeSource) {
    super(scope, id, { storage: source.claim?.storage as Size, accessModes: source.claim?.accessModes, kubernetesVersion: version });
    this._carrySource(source);
  }
}

/**
 * The Pod volume every backend's volume construct is (`IscsiVolume`, `CephRbdVolume`, …): a
 * cdk8s-plus-27 `IStorage`, so `container.mount(path, volume)` and `workload.addVolume(volume.asVolume())`
 * work. It carries the backend's source: decides the form once at the target version, binds the
 * source once (which creates its Secret, if any), and writes it — inline, rendered at synth so that
 * later changes to shared objects are in it, or, where the form serves no inline volume (ceph-csi),
 * as a static PersistentVolume carrying the same source, a claim bound to it, and a Pod volume of
 * that claim: the code that uses the volume does not change with the target.
 */
export abstract class StorageVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly nameShape: FieldError[];
  private bound?: BoundSource;
  private standsOn?: CarriedPersistentVolume;
  private volume?: kplus.Volume;

  protected constructor(scope: Construct, id: string, props: StorageVolumeProps) {
    super(scope, id);
    // a JavaScript or Python caller can pass anything: a name of another type is reported, and the
    // volume gets the derived one meanwhile
    const p: Partial<Record<keyof StorageVolumeProps, unknown>> = isPlainObject(props) ? props : {};
    this.name = isString(p.name) ? p.name : Names.toDnsLabel(this);
    this.nameShape = stringShape(this.root.child('name'), p.name, 'a string, a DNS label');
    const target = resolveTarget(this, p.kubernetesVersion as KubernetesVersion | undefined);
    this.kubernetesVersion = target.version;
    registerStorageObject(this, target);
  }

  /** The PersistentVolume behind the Pod volume, where the target needs one (a CSI driver without inline volumes). */
  public get persistentVolume(): StoragePersistentVolume | undefined {
    return this.standsOn;
  }

  /** The Pod volume (created once): the inline source, or the claim of the PersistentVolume it stands on. */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      const pv = this.standsOn;
      const bound = this.bound;
      if (pv) {
        this.volume = claimVolume(this, 'Volume', pv.reserve(), pv._mountsReadOnly(), this.name);
      } else if (bound) {
        const config = Object.fromEntries((bound.fields ?? [bound.field]).map((f) => [f, Lazy.any({ produce: () => bound.render()[f] })]));
        this.volume = podVolume(this, 'Volume', this.name, config, bound.facts);
      } else {
        throw new Error(`${this.node.path}: the volume carries no source (a subclass of StorageVolume calls carry(source) in its constructor)`);
      }
    }
    return this.volume;
  }

  /**
   * Where the volume sits in a Pod's volume list: `volumes[<name>]`, with the name as cdk8s-plus-27
   * writes it (cut at 63 characters; the name rule reports a longer one).
   */
  private get root(): FieldPath {
    return FieldPath.root('volumes').key(this.name.slice(0, 63));
  }

  /**
   * Carries a source of your own (any plugin, written in any of jsii's languages); a subclass calls
   * it once, in its constructor. The source is bound once, here, and what it binds is checked at
   * synth against the generated `k8s.Volume` type, with its `problems`.
   */
  protected carry(source: IVolumeSource): void {
    this._carrySource(customSource(source));
  }

  /**
   * @internal Carries the backend's source; a subclass calls it once, in its constructor. The
   * version policy's findings land at `volumes[<name>].<field>`, and the source's own rules with
   * them; where a PersistentVolume carries the source, it checks the source there.
   */
  protected _carrySource(source: VolumeSource): void {
    if (this.bound || this.standsOn) {
      addRules(this, () => [forbidden(this.root, 'the volume carries a source already: a subclass calls carry(source) once, and the first source stays')]);
      return;
    }
    const version = this.kubernetesVersion;
    const form = source.form(version);
    const root = this.root;
    const nameRules = (): Finding[] => [...this.nameShape, ...nameErrors(root.child('name'), this.name, NameRule.DNS_LABEL)];
    if (form.kind === 'csi' && !form.inline) {
      this.standsOn = new CarriedPersistentVolume(this, 'PersistentVolume', version, source);
      addRules(this, nameRules);
      return;
    }
    const bound = this.bound = source.bind({ scope: this, root, form, version, name: this.name });
    // an inline volume has no capacity, but the prop is required where the form can change to one that has
    const storage = source.claim ? sizeShape(FieldPath.root('storage'), source.claim.storage) : [];
    addRules(this, () => [...nameRules(), ...source.policyRules(version, root.child(bound.field)), ...bound.rules(), ...storage]);
  }
}
