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
