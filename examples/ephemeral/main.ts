import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, CephCredentials, CephRbdStorageClass, EphemeralVolume } from '../../src';

/**
 * Scratch space per Pod from a Ceph RBD class: ceph-csi serves no inline CSI volumes, so a Pod that
 * wants a provisioned volume for its lifetime only uses a generic ephemeral volume
 * (`ephemeral.volumeClaimTemplate`). Each of the three replicas gets its own 5Gi claim, created and
 * deleted with the Pod.
 */
export class EphemeralChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const ceph = new CephCluster(this, 'Ceph', {
      monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'],
      clusterId: 'prod',
    });
    const provisioner = CephCredentials.fromUserKey({
      cluster: ceph,
      user: 'kubernetes',
      // a placeholder cephx key; real apps read it from the environment or a file, never from git
      key: process.env.CEPH_ADMIN_KEY ?? 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==',
      secretName: 'csi-rbd-secret',
    });
    const scratchClass = new CephRbdStorageClass(this, 'Scratch', {
      metadata: { name: 'rbd-scratch' },
      cluster: ceph,
      pool: 'scratch',
      credentials: provisioner,
    });

    const scratch = new EphemeralVolume(this, 'Volume', {
      name: 'scratch',
      storageClass: scratchClass,
      storage: Size.gibibytes(5),
    });
    const workers = new kplus.Deployment(this, 'Workers', {
      metadata: { name: 'workers' },
      replicas: 3,
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'df -h /scratch && sleep 3600'] }],
    });
    workers.containers[0].mount('/scratch', scratch);
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [new EphemeralChart(app, 'ephemeral')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
