import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

type VolumeConstructor = new (scope: Construct, id: string, name: string, config: Record<string, unknown>) => kplus.Volume;

/**
 * A cdk8s-plus-27 `Volume` for a source kplus has no factory for (iscsi, rbd, …). `Volume`'s
 * constructor is private in the type system only; this is the one place that calls it, so that
 * `container.mount(path, storage)` renders `volumes: [{ name, <source> }]` like any kplus volume.
 * The source may hold `Lazy` values: they resolve at synth.
 */
export function podVolume(scope: Construct, id: string, name: string, source: Record<string, unknown>): kplus.Volume {
  return new (kplus.Volume as unknown as VolumeConstructor)(scope, id, name, source);
}
