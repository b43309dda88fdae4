import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { AppIndex } from './binding-index';
import { ClaimSharing } from './workloads';
import type { Made } from '../objects/secrets';

import type { FieldError, Finding } from '../rules/errors';

/**
 * A piece of per-app state that a module outside the core keeps (a backend's shared objects):
 * declared next to the code that uses it, held by the app's `AppState`. `init` makes it empty.
 */
export class AppSlot<T> {
  constructor(public readonly name: string, public readonly init: () => T) {}
}

/**
 * An index of the app's constructs that a module needs while the app is validated (the StorageClasses
 * by name, the default VolumeSnapshotClasses): declared next to the code that reads it, built by
 * `build` from the tree once per validation pass, on first use (`AppState.index`).
 */
export class PassIndex<T> {
  constructor(public readonly name: string, public readonly build: (all: readonly IConstruct[]) => T) {}
}

const states = new WeakMap<IConstruct, AppState>();

/**
 * Everything the library remembers about one app (one construct tree), in one object on its root:
 * what the core's checks found in the last validation pass, what they armed, what they printed, and
 * the slots of the backends (`slot()`). Nothing else in the library keeps state across constructs;
 * a construct's own model lives in the construct.
 */
export class AppState {
  /** The app of `scope`'s state (made on first use). */
  public static of(scope: IConstruct): AppState {
    const root = scope.node.root;
    let s = states.get(root);
    if (!s) states.set(root, s = new AppState(root));
    return s;
  }

  /** Whether the app-wide checks are registered on the root (core/app/app-checks.ts). */
  public checksRegistered = false;
  /** An unusable target version, reported once per app: each error line, with the construct that reports it. */
  public readonly targetErrors = new Map<string, IConstruct>();
  /**
   * While set, the constructs' rules add their findings here, with the construct, instead of
   * failing the pass or printing warnings (core/app/validation.ts collectFindings).
   */
  public captured?: Array<{ readonly scope: IConstruct; readonly finding: Finding }>;
  /** The warning lines printed per construct: each once (core/app/validation.ts). */
  public readonly printed = new WeakMap<IConstruct, Set<string>>();

  /** The binding check's index of the app's volumes and claims, from the last full pass (core/app/binding.ts). */
  public bindingIndex?: AppIndex;
  /** cdk8s-plus-27 claims and volumes the binding check is attached to. */
  public readonly bindingArmed = new WeakSet<IConstruct>();
  /** The first object of each kind, namespace and name, from the last full pass (core/app/duplicates.ts). */
  public duplicateFirsts = new Map<string, IConstruct>();
  /** Objects the duplicate check is attached to. */
  public readonly duplicateArmed = new WeakSet<IConstruct>();
  /** The first PersistentVolume of each CSI driver and handle, from the last full pass. */
  public handleFirsts = new Map<string, IConstruct>();
  /** PersistentVolumes the duplicate-handle check is attached to. */
  public readonly handleArmed = new WeakSet<IConstruct>();
  /** What the metadata check found per object in the last full pass (core/app/metadata-check.ts). */
  public readonly metadataFound = new WeakMap<IConstruct, FieldError[]>();
  /** cdk8s-plus-27 workloads the workload rules are attached to (core/objects/volume.ts). */
  public readonly workloadArmed = new WeakSet<IConstruct>();
  /** The workloads that mount each claim, from the last full pass (the shared-claim warnings). */
  public claimMounts = new Map<kplus.IPersistentVolumeClaim, kplus.AbstractPod[]>();
  /** Per claim's list of mounting workloads (claimMounts): the Pods and who they are, as the warnings say it (core/objects/volume.ts). */
  public readonly claimSharings = new WeakMap<kplus.AbstractPod[], ClaimSharing>();
  /** The Secrets made from each generated credential source, per namespace (core/objects/secrets.ts). */
  public readonly secretsMade = new WeakMap<object, Map<string, Made>>();

  /**
   * While App.synth() or synthYaml() of this app runs: how many validation passes it has started
   * (core/app/internals.ts brackets both; every pass after the first repeats it).
   */
  public synthPasses?: { passes: number };

  private readonly slots = new Map<AppSlot<unknown>, unknown>();
  /** The tree as the last full validation pass found it, and the indexes built from it. */
  private pass?: { readonly all: readonly IConstruct[]; readonly built: Map<PassIndex<unknown>, unknown> };

  private constructor(private readonly root: IConstruct) {}

  /** The app's value of a backend's slot (made empty on first use). */
  public slot<T>(slot: AppSlot<T>): T {
    if (!this.slots.has(slot)) this.slots.set(slot, slot.init());
    return this.slots.get(slot) as T;
  }

  /** Called by the app-wide checks when a full validation pass starts, with the tree (found once per pass). */
  public beginPass(all: readonly IConstruct[]): void {
    this.pass = { all, built: new Map() };
  }

  /**
   * The app's value of an index, built once per validation pass from the tree that pass found;
   * outside any pass (the app's checks never ran), built from the tree on every call.
   */
  public index<T>(index: PassIndex<T>): T {
    if (!this.pass) return index.build(this.root.node.findAll());
    if (!this.pass.built.has(index)) this.pass.built.set(index, index.build(this.pass.all));
    return this.pass.built.get(index) as T;
  }
}
