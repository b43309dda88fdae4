import { ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/*
 * Every place the library reads what cdk8s-plus-27 keeps internal, so that an upgrade that
 * changes one breaks one file, and test/core/internals.test.ts (a contract test per coupling)
 * says which.
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

/**
 * A Pod volume's entry in `spec.volumes`, as a workload that mounts it writes it (`Volume._toKube`),
 * for a workload the library did not write (`cdk8s-storage migrate` replaces an entry with it).
 */
export function podVolumeEntry(v: kplus.Volume): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v._toKube()));
}
