import { Lazy, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VolumeFacts, claimVolume, podVolume } from './volume';
import { registerStorageObject } from '../app/app-checks';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from '../policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../policy/version';
import { FieldError, Finding } from '../rules/errors';
import { FieldPath } from '../rules/field-path';
import { NameRule, nameErrors } from '../rules/names';
import { isString, stringShape } from '../rules/shapes';

/** What a backend's Pod-volume construct tells PodStorage. */
export interface PodStorageOptions {
  readonly plugin: Plugin;
  readonly implementation?: VolumeImplementation;
  /** The user's Pod volume name, if any. */
  readonly name?: string;
  /** The construct's own `kubernetesVersion` prop, if any. */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * The part every backend's Pod-volume construct (`IscsiVolume`, `CephRbdVolume`, …) shares, made
 * once: the volume's name (derived from the construct path unless given) and its rule, the target
 * version and the form the policy gives at it, the policy's findings at the right path, and the
 * `kplus.Volume` itself — an inline source rendered at synth, or, where the CSI driver serves no
 * inline volumes, a Pod volume from the claim of a PersistentVolume the backend creates.
 */
export class PodStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The target version. */
  public readonly version: KubernetesVersion;
  /** The form at the target version. */
  public readonly form: PluginForm;

  private readonly implementation: VolumeImplementation;
  private volume?: kplus.Volume;

  private readonly nameShape: FieldError[];

  constructor(private readonly owner: Construct, private readonly options: PodStorageOptions) {
    // a name of another type (from JavaScript) is reported; the volume gets the derived one meanwhile
    this.name = isString(options.name) ? options.name : Names.toDnsLabel(owner);
    this.nameShape = stringShape(FieldPath.root('volumes').key(this.name).child('name'), options.name, 'a string, a DNS label');
    const target = resolveTarget(owner, options.kubernetesVersion);
    this.version = target.version;
    this.implementation = options.implementation ?? VolumeImplementation.AUTO;
    this.form = pluginForm(options.plugin, target.version, this.implementation);
    registerStorageObject(owner, target);
  }

  /** Whether the form needs a PersistentVolume and claim behind the Pod volume (CSI without inline volumes). */
  public get needsPersistentVolume(): boolean {
    return this.form.kind === 'csi' && !this.form.inline;
  }

  /**
   * Where the volume sits in a Pod's volume list: `volumes[<name>]`, with the name as cdk8s-plus-27
   * writes it (cut at 63 characters; the name rule reports a longer one).
   */
  public get root(): FieldPath {
    return FieldPath.root('volumes').key(this.name.slice(0, 63));
  }

  /**
   * The name rule, and the policy's findings at `root.<source>` where `source` is the field the
   * inline form writes (`rbd`, `csi`); none when a PersistentVolume carries the source.
   */
  public rules(source: string): Finding[] {
    const out: Finding[] = [...this.nameShape, ...nameErrors(this.root.child('name'), this.name, NameRule.DNS_LABEL)];
    if (!this.needsPersistentVolume) out.push(...pluginRules(this.options.plugin, this.version, this.implementation, this.root.child(source)));
    return out;
  }

  /**
   * The Pod volume (created once). Inline: `{ [field]: render() }`, rendered at synth so that later
   * changes to shared objects (a cluster's monitors) are in it. Otherwise: the claim of
   * `persistentVolume`, read-only as asked.
   */
  public asVolume(
    field: string, render: () => object, facts: VolumeFacts = {}, persistentVolume?: { reserve(): kplus.IPersistentVolumeClaim }, readOnly = false,
  ): kplus.Volume {
    if (!this.volume) {
      this.volume = persistentVolume
        ? claimVolume(this.owner, 'Volume', persistentVolume.reserve(), readOnly, this.name)
        : podVolume(this.owner, 'Volume', this.name, { [field]: Lazy.any({ produce: render }) }, facts);
    }
    return this.volume;
  }
}
