import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AzureFileCredentials, AzureFilePersistentVolume, AzureFileProtocol, AzureFileVolume, KubernetesVersion, VolumeImplementation,
} from '../../src';

/** Props for the seed's Azure File app. */
export interface AzureFileChartProps extends ChartProps {
  /** The Kubernetes version this chart targets. */
  readonly kubernetesVersion: KubernetesVersion;
}

/**
 * The seed's Azure File volume (secretName azure-file-secret, shareName azure-share, readOnly false)
 * mounted by a web Deployment, and the same share as a PersistentVolume with a claim bound to it,
 * mounted by a second Deployment; and a folder of an NFS share as a PersistentVolume. The same code targets 1.25 (the in-tree azureFile field) and 1.26
 * (file.csi.azure.com: an inline CSI volume and a static CSI PersistentVolume).
 */
export class AzureFileChart extends Chart {
  constructor(scope: Construct, id: string, props: AzureFileChartProps) {
    super(scope, id, props);
    props.kubernetesVersion.applyTo(this);

    const account = AzureFileCredentials.fromAccountKey({
      accountName: 'cdk8sstorage',
      // a placeholder access key; real apps read it from the environment or a file, never from git
      accountKey: process.env.AZURE_STORAGE_ACCOUNT_KEY ?? 'Y2RrOHMtc3RvcmFnZSBwbGFjZWhvbGRlciBhY2NvdW50IGtleSwgbm90IGEgcmVhbCBvbmU6IDAxMjM0NTY3OA==',
      secretName: 'azure-file-secret',
    });

    // 1. The seed's volume, inline in the Pod.
    const share = new AzureFileVolume(this, 'Share', {
      name: 'azure',
      shareName: 'azure-share',
      credentials: account,
      readOnly: false,
    });
    const web = new kplus.Deployment(this, 'Web', {
      replicas: 2,
      containers: [{ image: 'nginx:1.27', portNumber: 80, securityContext: { ensureNonRoot: false } }],
    });
    web.containers[0].mount('/usr/share/nginx/html', share);

    // 2. The same share as a static PersistentVolume; a claim is reserved for it when a workload mounts it.
    const files = new AzureFilePersistentVolume(this, 'Files', {
      shareName: 'azure-share',
      credentials: account,
      storage: Size.gibibytes(100),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      mountOptions: ['dir_mode=0777', 'file_mode=0777', 'uid=1000', 'gid=1000', 'mfsymlinks', 'cache=strict', 'nosharesock'],
    });
    const reports = new kplus.Deployment(this, 'Reports', {
      containers: [{
        image: 'busybox:1.36',
        command: ['sh', '-c', 'ls /data && sleep 3600'],
        securityContext: { user: 1000, group: 1000 }, // the owner of the share's files (uid/gid mount options)
      }],
    });
    reports.containers[0].mount('/data', files, { readOnly: true });

    // 3. A folder of an NFS share in a Premium account, through its private endpoint: no account key.
    //    NFS, storageAccount, server and folderName are CSI-only, so this volume is CSI at every target.
    new AzureFilePersistentVolume(this, 'Exports', {
      shareName: 'exports',
      protocol: AzureFileProtocol.NFS,
      storageAccount: 'cdk8sstoragenfs',
      server: 'cdk8sstoragenfs.privatelink.file.core.windows.net',
      folderName: 'reports',
      implementation: VolumeImplementation.CSI,
      storage: Size.gibibytes(100),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      mountOptions: ['nconnect=4', 'actimeo=30'],
    });
  }
}

/** Adds the example's charts to an app: one per side of the CSI migration (1.25, 1.26). */
export function build(app: App): Chart[] {
  return [
    new AzureFileChart(app, 'azure-file-1-25', { namespace: 'storage-125', kubernetesVersion: KubernetesVersion.V1_25 }),
    new AzureFileChart(app, 'azure-file-1-26', { namespace: 'storage-126', kubernetesVersion: KubernetesVersion.V1_26 }),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
