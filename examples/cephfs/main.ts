import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, CephCredentials, CephFsVolume, KubernetesVersion } from '../../src';

/** Props for the seed's CephFS app. */
export interface CephFsChartProps extends ChartProps {
  /** The Kubernetes version this chart targets. */
  readonly kubernetesVersion: KubernetesVersion;
}

/**
 * The seed's CephFS Pod: the filesystem mounted read-only at /mnt/cephfs. At 1.30 the inline
 * cephfs volume reads the node's secret file; from 1.31 ceph-csi needs a Secret, so the 1.31 chart
 * gives the user and key instead.
 */
export class CephFsChart extends Chart {
  constructor(scope: Construct, id: string, props: CephFsChartProps) {
    super(scope, id, props);
    props.kubernetesVersion.applyTo(this);

    const ceph = new CephCluster(this, 'Ceph', {
      monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'],
      clusterId: 'prod',
    });
    const credentials = props.kubernetesVersion.minor <= 30
      ? CephCredentials.fromSecretFile({ cluster: ceph, user: 'admin', path: '/etc/ceph/admin.secret' })
      : CephCredentials.fromUserKey({
        cluster: ceph,
        user: 'admin',
        key: process.env.CEPH_ADMIN_KEY ?? 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==',
      });
    const shared = new CephFsVolume(this, 'Shared', {
      name: 'cephfs',
      cluster: ceph,
      credentials,
      storage: Size.gibibytes(50),
      readOnly: true,
    });
    const pod = new kplus.Pod(this, 'Pod', {
      metadata: { name: 'cephfs' },
      containers: [{ name: 'cephfs-rw', image: 'kubernetes/pause' }],
    });
    pod.containers[0].mount('/mnt/cephfs', shared, { readOnly: true });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [
    new CephFsChart(app, 'cephfs-1-30', { namespace: 'storage-130', kubernetesVersion: KubernetesVersion.V1_30 }),
    new CephFsChart(app, 'cephfs-1-31', { namespace: 'storage-131', kubernetesVersion: KubernetesVersion.V1_31 }),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
