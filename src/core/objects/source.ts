import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { StoragePersistentVolume } from './persistent';
import type { VolumeFacts } from './volume';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from '../policy/plugin-policy';
import { KubernetesVersion } from '../policy/version';
import { Capabilities } from '../rules/access';
import { Finding } from '../rules/errors';
import { FieldPath } from '../rules/field-path';

/**
 * Where a carrier holds a source, and what it knows when it binds one. A Pod volume
 * (`StorageVolume`) writes `volumes[<name>].<field>`; a PersistentVolume (`StoragePersistentVolume`)
 * writes `spec.<field>` and hands itself over, so that a source's rules can read the volume's own
 * fields (reclaim policy, volume mode, annotations) as they are at synth.
 */
export interface SourceSite {
  /** Where companions (the Secret a source creates) go: the carrier itself. */
  readonly scope: Construct;
  /** `volumes[<name>]` for a Pod volume, `spec` for a PersistentVolume. */
  readonly root: FieldPath;
  /** The form the version policy gives at the target, decided once by the carrier. */
  readonly form: PluginForm;
  readonly version: KubernetesVersion;
  /** The Pod volume's or the PersistentVolume's name. */
  readonly name: string;
  /** The PersistentVolume that carries the source; undefined in a Pod. */
  readonly persistentVolume?: StoragePersistentVolume;
}

/** A source bound to one carrier: its rules and its rendering there. */
export interface BoundSource {
  /** The field the form writes (`rbd`, `csi`): the version policy's findings land at `<root>.<field>`. */
  readonly field: string;
  /**
   * Every field `render()` writes, where that is more than `field` (a user's source that binds a
   * second source field, which synth refuses, writes both as the source gave them).
   */
  readonly fields?: readonly string[];
  /** Whether the source mounts read-only (a Pod volume of a claim then mounts it read-only too). */
  readonly readOnly: boolean;
  /** What the workload checks need of a Pod volume: the Secret or Endpoints read from the Pod's namespace. */
  readonly facts?: VolumeFacts;
  /** What the source serves in this form; a PersistentVolume checks access modes, volume mode and mount options with it. */
  capabilities(): Capabilities;
  /** The backend's rules over its model at this site, shapes included; run at each validation. Never throws. */
  rules(): Finding[];
  /**
   * The source in the generated types (`{ rbd: k8s.RbdVolumeSource }` in a Pod,
   * `{ csi: k8s.CsiPersistentVolumeSource }` in a PersistentVolume): the carrier writes it through
   * cdk8s-plus-27's converters, so that a field is spelled one way in both (`datasetUUID`). Rendered
   * at each synth, so that later changes to shared objects (a cluster's monitors) are in it.
   */
  render(): Readonly<Record<string, object | undefined>>;
}

/**
 * One backend's volume source: its facts (plugin, capabilities, rules over its model, render per
 * form) declared once, and carried by the core's Pod volume (`StorageVolume`) and PersistentVolume
 * (`StoragePersistentVolume`). The carriers decide the form once, bind the source once (which
 * builds its companions once) and write what it renders. A backend file holds only what is
 * specific to it.
 */
export interface VolumeSource {
  /**
   * Where the form serves no inline volume (ceph-csi): the size and access modes of the
   * PersistentVolume and claim a Pod volume stands on. The size is the Pod volume's `storage` prop as given.
   */
  readonly claim?: { readonly storage: unknown; readonly accessModes?: kplus.PersistentVolumeAccessMode[] };
  /** The form at the target version: the policy table's answer for the source's plugin. */
  form(version: KubernetesVersion): PluginForm;
  /** The policy's findings at `at` (removed, deprecated, no CSI driver). */
  policyRules(version: KubernetesVersion, at: FieldPath): Finding[];
  /** Binds the source to a carrier; called once per carrier. */
  bind(site: SourceSite): BoundSource;
}

type PluginPolicy = Pick<VolumeSource, 'form' | 'policyRules'>;
const policies = new Map<string, PluginPolicy>();
const IMPLEMENTATIONS: ReadonlySet<unknown> = new Set(Object.values(VolumeImplementation));

/**
 * The policy part of a source of one in-tree plugin: the form and findings the table gives it.
 * One object per plugin and implementation, shared by every source of them (a volume would
 * otherwise hold two closures of its own; bench/README.md, "The carriers").
 */
export function pluginPolicy(plugin: Plugin, implementation: VolumeImplementation): PluginPolicy {
  // a JavaScript caller's value of another kind gets policy objects of its own, not a cache entry
  const known = implementation === undefined || IMPLEMENTATIONS.has(implementation);
  const key = `${plugin} ${implementation}`;
  const cached = known ? policies.get(key) : undefined;
  if (cached) return cached;
  const policy: PluginPolicy = {
    form: (version) => pluginForm(plugin, version, implementation),
    policyRules: (version, at) => pluginRules(plugin, version, implementation, at),
  };
  if (known) policies.set(key, policy);
  return policy;
}

/**
 * The source of something that is no in-tree plugin (NFS, a CSI driver's static volume): one form
 * at every version, nothing for the policy to say, and one binding whatever carries it.
 */
export function fixedSource(form: PluginForm, bound: BoundSource): VolumeSource {
  return { form: () => form, policyRules: () => [], bind: () => bound };
}
