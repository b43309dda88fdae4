import { ApiObject, Lazy, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { deploymentRollout, heldMetadata, podVolumeEntry } from '../../src/core/app/internals';

/*
 * One contract test per place the library reads cdk8s-plus-27's internals (src/core/app/internals.ts):
 * when an upgrade of cdk8s-plus changes one, the test names it.
 */
describe('what cdk8s-plus-27 keeps internal, as the library reads it', () => {
  const IMAGE = [{ image: 'busybox:1.36' }];

  test('a Deployment\'s strategy: the default RollingUpdate surges 25%, Recreate, and the given maxSurge', () => {
    const chart = Testing.chart();
    const rollout = (strategy?: kplus.DeploymentStrategy) => deploymentRollout(new kplus.Deployment(chart, `D${Math.random()}`, { strategy, containers: IMAGE }));
    expect(rollout()).toEqual({ type: 'RollingUpdate', maxSurge: '25%' });
    expect(rollout(kplus.DeploymentStrategy.recreate())).toEqual({ type: 'Recreate', maxSurge: undefined });
    expect(rollout(kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(0) }))).toEqual({ type: 'RollingUpdate', maxSurge: 0 });
  });

  test('what deploymentRollout reads is what the Deployment writes', () => {
    const chart = Testing.chart();
    const d = new kplus.Deployment(chart, 'D', { strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(50) }), containers: IMAGE });
    const strategy = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.strategy;
    expect(deploymentRollout(d)).toEqual({ type: strategy.type, maxSurge: strategy.rollingUpdate.maxSurge });
  });
});

describe('a Pod volume\'s entry', () => {
  test('what podVolumeEntry reads is what a workload that mounts the volume writes', () => {
    const chart = Testing.chart();
    const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'C', 'data');
    const v = kplus.Volume.fromPersistentVolumeClaim(chart, 'V', claim, { name: 'data', readOnly: true });
    const pod = new kplus.Pod(chart, 'P', { containers: IMAGE_OUTSIDE });
    pod.addVolume(v);
    const written = Testing.synth(chart).find((o) => o.kind === 'Pod').spec.volumes[0];
    expect(podVolumeEntry(v)).toEqual(written);
    expect(written).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } });
  });
});

const IMAGE_OUTSIDE = [{ image: 'busybox:1.36' }];

describe('labels and annotations as cdk8s metadata holds them', () => {
  test('plain strings are read as toJson() writes them, added later too', () => {
    const chart = Testing.chart();
    const o = new ApiObject(chart, 'O', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { app: 'db' } } });
    o.metadata.addAnnotation('note', 'x');
    o.metadata.addLabel('tier', 'data');
    const json = o.metadata.toJson();
    expect(heldMetadata(o.metadata)).toEqual({ labels: json.labels, annotations: json.annotations });
    expect(heldMetadata(new ApiObject(chart, 'Bare', { apiVersion: 'v1', kind: 'ConfigMap' }).metadata)).toEqual({ labels: {}, annotations: {} });
  });

  test('a Lazy or a value of another type: undefined, so that the caller resolves toJson()', () => {
    const chart = Testing.chart();
    const lazy = new ApiObject(chart, 'L', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { app: Lazy.any({ produce: () => 'db' }) as unknown as string } } });
    expect(heldMetadata(lazy.metadata)).toBeUndefined();
    expect(lazy.metadata.toJson().labels).toEqual({ app: 'db' });
    const numeric = new ApiObject(chart, 'N', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { annotations: { n: 1 as unknown as string } } });
    expect(heldMetadata(numeric.metadata)).toBeUndefined();
  });
});
