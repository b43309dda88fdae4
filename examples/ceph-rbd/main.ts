import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, CephCredentials, CephRbdVolume, FsType, KubernetesVersion } from '../../src';

/** Props for the seed's RBD app. */
export interface CephRbdChartProps extends ChartProps {
  /** The Kubernetes version this chart targets. */
  readonly kubernetesVersion: KubernetesVersion;
}

/**
 * The seed's Ceph RBD volume, mounted by a PostgreSQL Deployment. The same code targets 1.30
 * (inline rbd volume + kubernetes.io/rbd Secret) and 1.31 (ceph-csi PersistentVolume + claim, both
 * ReadOnlyMany since the volume is read-only, so several Pods can share it).
 */
export class CephRbdChart extends Chart {
  constructor(scope: Construct, id: string, props: CephRbdChartProps) {
    super(scope, id, props);
    props.kubernetesVersion.applyTo(this);

    const ceph = new CephCluster(this, 'Ceph', {
      monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'],
      clusterId: 'prod',
      // csiConfig defaults to CephCsiConfig.EXTERNAL: ceph-csi's Helm release (or Rook) owns
      // ceph-csi-config; add ceph.csiConfigEntry() to the chart's csiConfig value
    });
    const admin = CephCredentials.fromUserKey({
      cluster: ceph,
      user: 'admin',
      // a placeholder cephx key; real apps read it from the environment or a file, never from git
      key: process.env.CEPH_ADMIN_KEY ?? 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==',
      secretName: 'ceph-secret',
    });
    const data = new CephRbdVolume(this, 'Data', {
      name: 'rbdpod',
      cluster: ceph,
      pool: 'kube',
      image: 'foo',
      storage: Size.gibibytes(10),
      credentials: admin,
      fsType: FsType.EXT4,
      readOnly: true,
    });
    const db = new kplus.Deployment(this, 'Db', {
      replicas: 1,
      containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }],
    });
    db.containers[0].mount('/var/lib/postgresql/data', data, { readOnly: true });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [
    new CephRbdChart(app, 'rbd-1-30', { namespace: 'storage-130', kubernetesVersion: KubernetesVersion.V1_30 }),
    new CephRbdChart(app, 'rbd-1-31', { namespace: 'storage-131', kubernetesVersion: KubernetesVersion.V1_31 }),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
