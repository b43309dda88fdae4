import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, CephCredentials, CephRbdStorageClass, ClaimRetentionPolicy, ClaimTemplate, FsType } from '../../src';

/**
 * A PostgreSQL StatefulSet of three replicas, each with a claim of its own (a ClaimTemplate: the
 * StatefulSet's volumeClaimTemplates) provisioned by ceph-csi from an RBD class. A ReadWriteOnce
 * claim serves one node, so one claim per replica is what lets the replicas run on any node. The
 * claims of replicas a scale-down removes are deleted; those of a deleted StatefulSet are kept.
 */
export class StatefulSetChart extends Chart {
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
    const fast = new CephRbdStorageClass(this, 'Fast', {
      metadata: { name: 'rbd-fast' },
      cluster: ceph,
      pool: 'kube',
      credentials: provisioner,
      fsType: FsType.EXT4,
    });

    const db = new kplus.StatefulSet(this, 'Db', {
      metadata: { name: 'db' },
      replicas: 3,
      containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }],
    });
    new ClaimTemplate(db, 'Data', {
      storageClass: fast,
      storage: Size.gibibytes(20),
      mountPath: '/var/lib/postgresql/data',
    });
    ClaimTemplate.setRetentionPolicy(db, { whenScaled: ClaimRetentionPolicy.DELETE });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [new StatefulSetChart(app, 'statefulset')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
