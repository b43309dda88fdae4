import { Testing } from 'cdk8s';
import { captureWarnings, kinds, only } from './helpers';
import { build } from '../examples/azure-file/main';

/** The Azure File example's charts (1.25, 1.26): the seed's share, its PersistentVolume, and an NFS folder. */
function synth(): Array<{ id: string; docs: any[]; warnings: string[] }> {
  const app = Testing.app();
  return build(app).map((chart) => {
    let docs: any[] = [];
    const warnings = captureWarnings(() => { docs = Testing.synth(chart); });
    return { id: chart.node.id, docs, warnings };
  });
}

describe('examples/azure-file', () => {
  test('the NFS folder is the same static CSI volume at 1.25 and 1.26: no Secret, the account\'s unique handle', () => {
    const charts = synth();
    expect(charts.map((c) => c.id)).toEqual(['azure-file-1-25', 'azure-file-1-26']);
    for (const { docs } of charts) {
      expect(kinds(docs)).toEqual(['Secret', 'Deployment', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'PersistentVolume']);
      const [, exports] = docs.filter((d) => d.kind === 'PersistentVolume');
      expect(exports.spec).toEqual({
        accessModes: ['ReadWriteMany'],
        capacity: { storage: '100Gi' },
        csi: {
          driver: 'file.csi.azure.com',
          volumeHandle: `#cdk8sstoragenfs#exports###${exports.metadata.name}`,
          volumeAttributes: {
            shareName: 'exports',
            storageAccount: 'cdk8sstoragenfs',
            protocol: 'nfs',
            folderName: 'reports',
            server: 'cdk8sstoragenfs.privatelink.file.core.windows.net',
          },
        },
        mountOptions: ['nconnect=4', 'actimeo=30'],
        persistentVolumeReclaimPolicy: 'Retain',
        volumeMode: 'Filesystem',
      });
    }
  });

  test('at 1.26 the seed\'s share has a handle of its own, with the PersistentVolume\'s name', () => {
    const [, now] = synth();
    const [files] = now.docs.filter((d) => d.kind === 'PersistentVolume');
    expect(files.spec.csi.volumeHandle).toEqual(`#cdk8sstorage#azure-share###${files.metadata.name}`);
    expect(only(now.docs, 'Secret').metadata.namespace).toEqual('storage-126');
    expect(now.warnings).toEqual([]);
  });
});
