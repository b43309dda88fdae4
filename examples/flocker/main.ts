import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FlockerPersistentVolume, FlockerVolume } from '../../src';

/**
 * The seed's Flocker Pod, with its YAML fixed (the volume mount belongs to the container): the
 * dataset some-flocker-dataset mounted at /flocker. Then a dataset by ID as a PersistentVolume with
 * a claim bound to it, mounted by a Deployment. Flocker works through Kubernetes 1.24 only: at a
 * 1.25+ target, synthesis fails and says why.
 */
export class FlockerChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    // 1. Inline: the seed's Pod.
    const dataset = new FlockerVolume(this, 'Dataset', { name: 'flocker-volume', datasetName: 'some-flocker-dataset' });
    const pod = new kplus.Pod(this, 'Pod', {
      metadata: { name: 'some-pod' },
      // kubernetes/pause runs as root
      containers: [{ name: 'some-container', image: 'kubernetes/pause', securityContext: { ensureNonRoot: false } }],
    });
    pod.containers[0].mount('/flocker', dataset);

    // 2. Static PersistentVolume + a claim reserved for it; workloads mount the claim.
    const pv = new FlockerPersistentVolume(this, 'Reports', {
      datasetUUID: '1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f',
      metadata: { name: 'flocker-reports' },
      storage: Size.gibibytes(10),
    });
    const reports = new kplus.Deployment(this, 'Reporter', {
      replicas: 1,
      // the dataset is attached to one node at a time (ReadWriteOnce): stop the old Pod first
      strategy: kplus.DeploymentStrategy.recreate(),
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'ls /data && sleep 3600'] }],
    });
    reports.containers[0].mount('/data', pv);
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [
    new FlockerChart(app, 'flocker'),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
