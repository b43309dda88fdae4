import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CustomPersistentVolume, CustomVolume, IVolumeSource, StorageClass, VolumeBindingMode, VolumeSourceBindOptions, VolumeSourceBinding,
  VolumeSourceProblem, VolumeSourceProblemType,
} from '../../src';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;

/**
 * A Fibre Channel LUN, a plugin cdk8s-storage has no construct for, as a source of your own: by
 * its target WWNs and LUN number. It checks its own inputs (kube-apiserver checks the LUN's range;
 * the WWN format is what the kubelet's fc plugin looks for under /dev/disk/by-path) and says what
 * the plugin serves, so that the volume's props are checked against it at synth.
 */
export class FibreChannelLun implements IVolumeSource {
  constructor(private readonly targetWwns: string[], private readonly lun: number) {}

  public bind(_scope: Construct, options: VolumeSourceBindOptions): VolumeSourceBinding {
    const problems: VolumeSourceProblem[] = [];
    if (!Number.isInteger(this.lun) || this.lun < 0 || this.lun > 255) {
      problems.push({ field: 'lun', type: VolumeSourceProblemType.INVALID, value: String(this.lun), detail: 'must be between 0 and 255, inclusive' });
    }
    this.targetWwns.forEach((wwn, i) => {
      if (!/^[0-9a-f]{16}$/.test(wwn)) {
        problems.push({ field: `targetWWNs[${i}]`, type: VolumeSourceProblemType.INVALID, value: wwn, detail: 'must be 16 lower-case hex digits, as the node lists it in /dev/disk/by-path' });
      }
    });
    const fc: k8s.FcVolumeSource = { targetWwNs: this.targetWwns, lun: this.lun, fsType: 'xfs' };
    return {
      volume: { name: options.name, fc },
      persistentVolumeSpec: { fc },
      accessModes: [RWO, ROX],
      accessModesReason: 'a Fibre Channel LUN is mounted read-write by one node, or read-only by many',
      mountOptions: false,
      problems,
    };
  }
}

/** A disk of one node (the `local` source): a PersistentVolume only, reachable from that node only (its props' nodeAffinity). */
export class LocalDisk implements IVolumeSource {
  constructor(private readonly path: string) {}

  public bind(): VolumeSourceBinding {
    const problems: VolumeSourceProblem[] = [];
    if (!this.path.startsWith('/') || this.path.split('/').includes('..')) {
      problems.push({ field: 'path', type: VolumeSourceProblemType.INVALID, value: this.path, detail: 'must be an absolute path without ".." elements' });
    }
    return { persistentVolumeSpec: { local: { path: this.path } }, accessModes: [RWO], problems };
  }
}

/**
 * Storage cdk8s-storage has no backend for, through its extension point: a Fibre Channel LUN as a
 * PersistentVolume (a database mounts it through the claim reserved for it) and inline in a Pod
 * (a reporting job reads it read-only), and one NVMe disk per node as local PersistentVolumes of
 * a class without a provisioner, bound when a Pod that uses them is scheduled.
 */
export class CustomChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const lun = new CustomPersistentVolume(this, 'Lun', {
      metadata: { name: 'san-lun-2' },
      source: new FibreChannelLun(['500a0982991b8dc5', '500a0982891b8dc5'], 2),
      storage: Size.gibibytes(200),
      volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
    });
    const db = new kplus.Deployment(this, 'Db', {
      metadata: { name: 'db' },
      replicas: 1,
      strategy: kplus.DeploymentStrategy.recreate(),
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'date >> /data/started && sleep 3600'] }],
    });
    db.containers[0].mount('/data', lun);

    const snapshotLun = new CustomVolume(this, 'SnapshotLun', { name: 'snapshot', source: new FibreChannelLun(['500a0982991b8dc6'], 3) });
    const report = new kplus.Job(this, 'Report', {
      metadata: { name: 'report' },
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'du -sh /snapshot'] }],
    });
    report.containers[0].mount('/snapshot', snapshotLun, { readOnly: true });

    const nvme = new StorageClass(this, 'Nvme', {
      metadata: { name: 'local-nvme' },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
    });
    for (const node of ['node-1', 'node-2']) {
      new CustomPersistentVolume(this, `Nvme-${node}`, {
        metadata: { name: `nvme-${node}` },
        source: new LocalDisk('/mnt/disks/nvme0'),
        storage: Size.gibibytes(375),
        storageClassName: nvme.name,
        reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
        nodeAffinity: [{ matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: [node] }] }],
      });
    }
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [new CustomChart(app, 'custom')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
