import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CsiPersistentVolume } from '../../src';

/**
 * A share of csi-driver-nfs (`nfs.csi.k8s.io`) as a static CSI PersistentVolume: any CSI driver,
 * by its name, the volume's handle and the attributes the driver reads, here the NFS server and
 * share. Two replicas of a web server mount it read-only through the claim reserved for it.
 */
export class CsiChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const share = new CsiPersistentVolume(this, 'Share', {
      metadata: { name: 'nfs-share' },
      driver: 'nfs.csi.k8s.io',
      // csi-driver-nfs: "<server>#<share>#<subdir>", unique in the cluster
      volumeHandle: 'nfs.example.com#/exports#site',
      volumeAttributes: { server: 'nfs.example.com', share: '/exports', subDir: 'site' },
      storage: Size.gibibytes(10),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      mountOptions: ['nfsvers=4.1'],
    });
    const web = new kplus.Deployment(this, 'Web', {
      metadata: { name: 'web' },
      replicas: 2,
      containers: [{ image: 'nginx:1.27', portNumber: 8080 }],
    });
    web.containers[0].mount('/usr/share/nginx/html', share, { readOnly: true });
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [new CsiChart(app, 'csi')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
