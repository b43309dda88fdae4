// A strict TypeScript app that every cdk8s-plus variant must compile (tsc --strict, no skipLibCheck)
// and synthesize to the main package's YAML: every backend's volume mounted into a Deployment, a
// StatefulSet and a Pod of cdk8s-plus, and every backend's PersistentVolume mounted directly and
// through a claim. scripts/variants.js rewrites 'cdk8s-plus-27' and 'cdk8s-storage' to the
// variant's packages; it is not part of the library's test suite (not in test/tsconfig.json).
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AzureFileCredentials, AzureFilePersistentVolume, AzureFileVolume, CephCluster, CephCredentials, CephFsPersistentVolume,
  CephFsVolume, CephRbdPersistentVolume, CephRbdVolume, FlockerPersistentVolume, FlockerVolume, FsType, GlusterCluster,
  IscsiPersistentVolume, IscsiVolume, KubernetesVersion, StoragePersistentVolume, TorusVolume, VolumeClaim,
} from 'cdk8s-storage';

type Workload = 'Deployment' | 'StatefulSet' | 'Pod';
const WORKLOADS: Workload[] = ['Deployment', 'StatefulSet', 'Pod'];

/** A workload of the given kind with one container, as cdk8s-plus writes it. */
function workload(scope: Construct, id: string, kind: Workload): kplus.AbstractPod {
  const containers: kplus.ContainerProps[] = [{ name: 'app', image: 'busybox:1.36', portNumber: 8080 }];
  switch (kind) {
    case 'Deployment': return new kplus.Deployment(scope, id, { replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers });
    case 'StatefulSet': return new kplus.StatefulSet(scope, id, { replicas: 1, containers });
    case 'Pod': return new kplus.Pod(scope, id, { containers });
  }
}

/** Mounts every storage at /mnt/<i> of the workload's container. */
function mountAll(w: kplus.AbstractPod, storages: kplus.IStorage[]): void {
  storages.forEach((s, i) => w.containers[0].mount(`/mnt/${i}`, s, { readOnly: true }));
}

/** Every backend at a target where it is in-tree or CSI (1.25: glusterfs still works). */
class Backends extends Chart {
  constructor(scope: Construct, id: string, version: KubernetesVersion) {
    super(scope, id, { namespace: id });
    version.applyTo(this);
    const ceph = new CephCluster(this, 'Ceph', { monitors: ['10.16.154.78:6789', '10.16.154.82:6789'], clusterId: 'prod' });
    const admin = CephCredentials.fromUserKey({
      cluster: ceph, user: 'admin', key: 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==', secretName: 'ceph-secret',
    });
    const account = AzureFileCredentials.fromAccountKey({
      accountName: 'cdk8sstorage',
      accountKey: 'Y2RrOHMtc3RvcmFnZSBwbGFjZWhvbGRlciBhY2NvdW50IGtleSwgbm90IGEgcmVhbCBvbmU6IDAxMjM0NTY3OA==',
      secretName: 'azure-file-secret',
    });
    const gluster = version.minor <= 25 ? new GlusterCluster(this, 'Gluster', { addresses: ['10.240.106.152', '10.240.79.157'] }) : undefined;

    // inline volumes: one of each backend per workload kind
    WORKLOADS.forEach((kind, n) => {
      const at = (b: string) => `${b}${kind}`;
      const storages: kplus.IStorage[] = [
        new IscsiVolume(this, at('Iscsi'), { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.disk1', lun: n, fsType: FsType.EXT4, readOnly: true }),
        new CephRbdVolume(this, at('Rbd'), { cluster: ceph, pool: 'kube', image: `img-${n}`, storage: Size.gibibytes(10), credentials: admin, fsType: FsType.EXT4, readOnly: true }),
        new CephFsVolume(this, at('CephFs'), { cluster: ceph, path: `/share-${n}`, credentials: admin, readOnly: true, storage: Size.gibibytes(5) }),
        new AzureFileVolume(this, at('Azure'), { shareName: `share-${n}`, credentials: account, readOnly: true }),
        new TorusVolume(this, at('Torus'), { volume: `pg${n}`, etcd: '10.3.0.100:2379', readOnly: true }),
      ];
      if (gluster) storages.push(gluster.volume(at('Gluster'), { path: `vol_${n}`, readOnly: true }));
      if (version.minor <= 24) storages.push(new FlockerVolume(this, at('Flocker'), { datasetName: `dataset-${n}` }));
      mountAll(workload(this, kind, kind), storages);
    });

    // PersistentVolumes: mounted directly (each reserves its own claim) and through a claim the app makes
    const pvs = (p: string): StoragePersistentVolume[] => [
      new IscsiPersistentVolume(this, `${p}IscsiPv`, { targetPortal: '10.0.2.35:3260', iqn: `iqn.2001-04.com.example:storage.${p.toLowerCase()}`, storage: Size.gibibytes(20), fsType: FsType.XFS }),
      new CephRbdPersistentVolume(this, `${p}RbdPv`, { cluster: ceph, pool: 'kube', image: `pv-${p}`, storage: Size.gibibytes(8), credentials: admin }),
      new CephFsPersistentVolume(this, `${p}CephFsPv`, { cluster: ceph, path: `/pv-${p}`, credentials: admin, storage: Size.gibibytes(4) }),
      new AzureFilePersistentVolume(this, `${p}AzurePv`, { shareName: `pv-${p.toLowerCase()}`, credentials: account, storage: Size.gibibytes(100) }),
      ...version.minor <= 24 ? [new FlockerPersistentVolume(this, `${p}FlockerPv`, { datasetName: `pv-${p}`, storage: Size.gibibytes(3) })] : [],
    ];
    const direct = workload(this, 'PvDeployment', 'Deployment');
    pvs('Direct').forEach((pv, i) => direct.containers[0].mount(`/pv/${i}`, pv));

    const claimed = workload(this, 'ClaimStatefulSet', 'StatefulSet');
    const pod = workload(this, 'ClaimPod', 'Pod');
    pvs('Claimed').forEach((pv, i) => {
      const claim = new VolumeClaim(this, `Claim${i}`, { storage: pv.storage, volume: pv, accessModes: pv.accessModes, storageClassName: pv.storageClassName ?? '' });
      claimed.containers[0].mount(`/claims/${i}`, claim);
      // cdk8s-plus's own claim (left to the default class), mounted through cdk8s-plus's own Volume
      const kclaim = new kplus.PersistentVolumeClaim(this, `KplusClaim${i}`, { storage: pv.storage, accessModes: pv.accessModes, storageClassName: pv.storageClassName ?? '' });
      pod.addVolume(kplus.Volume.fromPersistentVolumeClaim(this, `KplusClaimVolume${i}`, kclaim, { name: `kclaim-${i}` }));
    });
  }
}

const app = new App();
new Backends(app, 'target-124', KubernetesVersion.V1_24);
new Backends(app, 'target-125', KubernetesVersion.V1_25);
new Backends(app, 'target-131', KubernetesVersion.V1_31);
process.stdout.write(app.synthYaml());
