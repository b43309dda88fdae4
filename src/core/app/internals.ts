import { ApiObjectMetadataDefinition, App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppState } from './app-state';

/*
 * Every place the library relies on what cdk8s-plus-27 and cdk8s keep internal (or on how they
 * call their own public methods), so that an upgrade that changes one breaks one file, and
 * test/core/internals.test.ts (a contract test per coupling) says which.
 */

/** How a Deployment replaces its Pods, as it will write `spec.strategy`. */
export interface Rollout {
  /** `RollingUpdate` or `Recreate`. */
  readonly type?: string;
  /** `rollingUpdate.maxSurge`: a count or a percentage ("25%"), for RollingUpdate. */
  readonly maxSurge?: string | number;
}

/** A Deployment's update strategy, read through its internal renderer (`DeploymentStrategy._toKube`). */
export function deploymentRollout(d: kplus.Deployment): Rollout {
  type Rendered = { type?: string; rollingUpdate?: { maxSurge?: { value?: string | number } } };
  const strategy = (d as unknown as { strategy?: { _toKube?: () => Rendered } }).strategy;
  const k = typeof strategy?._toKube === 'function' ? strategy._toKube() : {};
  return { type: k.type, maxSurge: k.rollingUpdate?.maxSurge?.value };
}

/** An object's labels and annotations as its metadata holds them, before cdk8s resolves them. */
export interface HeldMetadata {
  readonly labels: Record<string, unknown>;
  readonly annotations: Record<string, unknown>;
}

/**
 * The labels and annotations an `ApiObjectMetadataDefinition` holds (its `labels` and
 * `annotations` fields, which `addLabel`/`addAnnotation` write and `toJson()` resolves), when every
 * value is a string (cdk8s has no string tokens; a `Lazy` is an object): then they are what `toJson()` writes, read without resolving the whole
 * metadata. Undefined when a value is a token or another type, or the fields are not there: the
 * caller reads `toJson()`.
 */
export function heldMetadata(metadata: ApiObjectMetadataDefinition): HeldMetadata | undefined {
  const m = metadata as unknown as { labels?: unknown; annotations?: unknown };
  const labels = plainStrings(m.labels);
  const annotations = labels && plainStrings(m.annotations);
  return labels && annotations ? { labels, annotations } : undefined;
}

function plainStrings(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x !== 'string') return undefined; // a Lazy, a number: toJson() resolves or drops it
  }
  return v as Record<string, unknown>;
}

/*
 * cdk8s's App.synth() and App.synthYaml() validate the whole app, then validate it again before
 * they render each chart (App._synthChart: one more full pass per chart). No code of the app runs
 * between those passes, and the first found nothing (else synth stopped there), so the later ones
 * cannot find anything new. The library brackets both public methods (once, on cdk8s's App
 * prototype, so subclasses and every language binding go through it): inside one call, every
 * validation pass after the first is a repeat; outside one (Testing.synth, chart.toJson(),
 * node.validate()), there are none. test/core/internals.test.ts is the contract test: that App.synth
 * validates the app once more per chart, and that a pass after synth returns runs in full. The count
 * of passes lives in the app's AppState (synthPasses), set for the length of the call.
 */
const BRACKETED = Symbol.for('cdk8s-storage.synthBracket');

function bracket(name: 'synth' | 'synthYaml'): void {
  const proto = App.prototype as unknown as Record<string, ((...args: unknown[]) => unknown) & { [BRACKETED]?: true }>;
  const original = proto[name];
  if (typeof original !== 'function' || original[BRACKETED]) return;
  const wrapped = function (this: App, ...args: unknown[]): unknown {
    const state = AppState.of(this);
    const outer = state.synthPasses;
    state.synthPasses = { passes: 0 };
    try {
      return original.apply(this, args);
    } finally {
      state.synthPasses = outer;
    }
  } as ((...args: unknown[]) => unknown) & { [BRACKETED]?: true };
  wrapped[BRACKETED] = true;
  proto[name] = wrapped;
}

/** Brackets App.synth() and App.synthYaml() (idempotent; every copy of the library shares the marker). */
export function bracketAppSynth(): void {
  bracket('synth');
  bracket('synthYaml');
}

/**
 * Called when a validation pass starts on the root `root` (cdk8s validates the root first): whether
 * the pass repeats an earlier pass of the same App.synth() call.
 */
export function startPass(root: IConstruct): boolean {
  const s = AppState.of(root).synthPasses;
  if (!s) return false;
  s.passes += 1;
  return s.passes > 1;
}

/** Whether a validation pass of `root` under way repeats an earlier one of the same App.synth() call (false outside one). */
export function inRepeatPass(root: IConstruct): boolean {
  return (AppState.of(root).synthPasses?.passes ?? 0) > 1;
}

/**
 * A Pod volume's entry in `spec.volumes`, as a workload that mounts it writes it (`Volume._toKube`),
 * for a workload the library did not write (`cdk8s-storage migrate` replaces an entry with it).
 */
export function podVolumeEntry(v: kplus.Volume): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v._toKube()));
}
