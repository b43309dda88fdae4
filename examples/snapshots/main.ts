import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CephCluster, CephCredentials, CephRbdStorageClass, ClaimDataSource, SnapshotDeletionPolicy, VolumeSnapshot, VolumeSnapshotClass,
} from '../../src';

/**
 * Backups by snapshot on ceph-csi RBD: a claim of PostgreSQL data, a VolumeSnapshotClass made from
 * its StorageClass (the driver, the cluster and the snapshotter Secret come from the class), a
 * snapshot of the claim, a claim restored from the snapshot, and a clone of the claim (a copy
 * for a test run). The cluster needs external-snapshotter: its CRDs and the snapshot controller.
 */
export class SnapshotsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const ceph = new CephCluster(this, 'Ceph', {
      monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'],
      clusterId: 'prod',
    });
    const kubernetes = CephCredentials.fromUserKey({
      cluster: ceph,
      user: 'kubernetes',
      // a placeholder cephx key; real apps read it from the environment or a file, never from git
      key: process.env.CEPH_ADMIN_KEY ?? 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==',
      csiSecretName: 'csi-rbd-secret',
    });
    const fast = new CephRbdStorageClass(this, 'Fast', {
      metadata: { name: 'rbd-fast' },
      cluster: ceph,
      pool: 'kube',
      credentials: kubernetes,
      allowVolumeExpansion: true,
    });
    const data = fast.createClaim(this, 'Data', { metadata: { name: 'pgdata' }, storage: Size.gibibytes(20) });

    const snapshots = new VolumeSnapshotClass(this, 'Snapshots', {
      metadata: { name: 'rbd-snapshots' },
      storageClass: fast,
      deletionPolicy: SnapshotDeletionPolicy.RETAIN,
    });
    const nightly = new VolumeSnapshot(this, 'Nightly', {
      metadata: { name: 'pgdata-nightly' },
      claim: data,
      snapshotClass: snapshots,
    });
    fast.createClaim(this, 'Restored', {
      metadata: { name: 'pgdata-restored' },
      storage: Size.gibibytes(20),
      dataSource: ClaimDataSource.fromSnapshot(nightly),
    });
    fast.createClaim(this, 'Copy', {
      metadata: { name: 'pgdata-copy' },
      storage: Size.gibibytes(30),
      dataSource: ClaimDataSource.fromClaim(data),
    });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [new SnapshotsChart(app, 'snapshots')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
