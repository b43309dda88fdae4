import * as kplus from 'cdk8s-plus-27';
import type { StorageClass } from './storage-class';
import { StorageClassClaimOptions } from './storage-class-props';
import { DataSourceFacts } from '../core/objects/data-source';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding } from '../core/rules/errors';

/** What a StorageClass tells the provisioner source it carries. */
export interface ClassSite {
  /** The class: where companions (the Secrets the provisioner reads) go, and its own fields at rule time. */
  readonly storageClass: StorageClass;
  /** The class's target version (its own `kubernetesVersion` prop, else the app's). */
  readonly version: KubernetesVersion;
}

/** A provisioner source bound to its class. */
export interface BoundClassSource {
  /** The provisioner the form writes (`rbd.csi.ceph.com`, `kubernetes.io/rbd`). */
  readonly provisioner: string;
  /**
   * The parameters as written, with the user's own `parameters` where the backend puts them;
   * rendered at each synth, so that later changes to shared objects (a cluster's monitors) are in them.
   */
  parameters(user: Readonly<Record<string, string>>): Record<string, string>;
  /** The backend's rules over its model, the version policy's findings included; run at each validation. */
  rules(): Finding[];
  /** What the provisioner does with a claim's data source (snapshots, clones), and what its VolumeSnapshotClass needs. */
  dataSourceFacts?(): DataSourceFacts | undefined;
  /** What the provisioner serves a claim of the class (access modes, volume modes). */
  claimFacts?(volumeMode: kplus.PersistentVolumeMode, fromContent: boolean): Capabilities | undefined;
  /** The provisioner's own rules on a claim of the class, from `createClaim`'s options. */
  claimRules?(options: Partial<Record<keyof StorageClassClaimOptions, unknown>>): Finding[];
}

/**
 * One backend's provisioner: its facts (provisioner per form, parameters, rules, snapshot and
 * claim facts) declared once, carried by the core `StorageClass`, which decides nothing about the
 * backend and writes what the source renders. A backend's class is its props and one `_carrySource`.
 */
export interface ClassSource {
  /** The class's `kubernetesVersion` prop, as given. */
  readonly kubernetesVersion?: unknown;
  /** Binds the source to its class; called once. */
  bind(site: ClassSite): BoundClassSource;
}
