import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NfsPersistentVolume } from '../../src';

/**
 * An NFS export as a PersistentVolume (the in-tree `nfs` source, which every Kubernetes version
 * mounts), ReadWriteMany, with NFS 4.1 mount options; a claim reserved for it is mounted by three
 * replicas of an uploader.
 */
export class NfsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const uploads = new NfsPersistentVolume(this, 'Uploads', {
      metadata: { name: 'nfs-uploads' },
      server: 'nfs.example.com',
      path: '/exports/uploads',
      storage: Size.gibibytes(50),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      mountOptions: ['nfsvers=4.1', 'hard'],
    });
    const app = new kplus.Deployment(this, 'Uploader', {
      metadata: { name: 'uploader' },
      replicas: 3,
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'touch /uploads/$(hostname) && sleep 3600'] }],
    });
    app.containers[0].mount('/uploads', uploads);
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [new NfsChart(app, 'nfs')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
