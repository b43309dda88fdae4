import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FsType, IscsiPersistentVolume, IscsiVolume } from '../../src';

/** The seed's SAN: one LUN on an iSCSI target. */
const LUN = {
  targetPortal: '10.0.2.34:3260',
  iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
  lun: 0,
  fsType: FsType.EXT4,
  readOnly: true,
};

/**
 * The seed's iSCSI volume mounted in a Deployment, and the same LUN as a PersistentVolume with a
 * claim bound to it, mounted by a second Deployment.
 */
export class IscsiChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    // 1. Inline: the Pod talks to the target directly.
    const san = new IscsiVolume(this, 'San', { name: 'iscsi-volume', ...LUN });
    const web = new kplus.Deployment(this, 'Web', {
      containers: [{ image: 'nginx:1.27', portNumber: 8080 }],
    });
    web.containers[0].mount('/usr/share/nginx/html', san, { readOnly: true });

    // 2. Static PersistentVolume + a claim reserved for it; workloads mount the claim.
    const lun = new IscsiPersistentVolume(this, 'Lun', {
      ...LUN,
      metadata: { name: 'san-lun0' },
      storage: Size.gibibytes(100),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
    });
    const reports = new kplus.Deployment(this, 'Reports', {
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'ls /data && sleep 3600'] }],
    });
    reports.containers[0].mount('/data', lun, { readOnly: true });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [
    new IscsiChart(app, 'iscsi'),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
