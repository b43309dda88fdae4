import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { build as azureFile } from '../../examples/azure-file/main';
import { build as cephRbd } from '../../examples/ceph-rbd/main';
import { build as cephFs } from '../../examples/cephfs/main';
import { build as csi } from '../../examples/csi/main';
import { build as custom } from '../../examples/custom/main';
import { build as ephemeral } from '../../examples/ephemeral/main';
import { build as flocker } from '../../examples/flocker/main';
import { build as glusterfs } from '../../examples/glusterfs/main';
import { build as iscsi } from '../../examples/iscsi/main';
import { build as nfs } from '../../examples/nfs/main';
import { build as snapshots } from '../../examples/snapshots/main';
import { build as statefulset } from '../../examples/statefulset/main';
import { build as torus } from '../../examples/torus/main';
import { KubernetesVersion } from '../../src';
import { captureWarnings, expectSchemaValid, kinds, only } from '../helpers';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Every example app, by folder: the function that adds its charts. A folder missing here fails the first test. */
const EXAMPLE_APPS: Record<string, (app: App) => Chart[]> = {
  'iscsi': iscsi,
  'azure-file': azureFile,
  'ceph-rbd': cephRbd,
  'cephfs': cephFs,
  'flocker': flocker,
  'glusterfs': glusterfs,
  'torus': torus,
  'statefulset': statefulset,
  'ephemeral': ephemeral,
  'csi': csi,
  'custom': custom,
  'nfs': nfs,
  'snapshots': snapshots,
};

/** The target version an example's cdk8s.yaml sets in its context (as `cdk8s synth` would read it). */
function exampleTarget(name: string): KubernetesVersion {
  const [config] = Yaml.load(path.join(EXAMPLES, name, 'cdk8s.yaml'));
  const v = config?.context?.[KubernetesVersion.CONTEXT_KEY];
  return v === undefined ? KubernetesVersion.DEFAULT : KubernetesVersion.of(String(v));
}

/** Each chart of the example: its manifests and the version it targets. */
function synthExample(name: string): Array<{ chart: string; docs: any[]; target: KubernetesVersion }> {
  const app = Testing.app();
  exampleTarget(name).applyTo(app);
  return EXAMPLE_APPS[name](app).map((chart) => ({ chart: chart.node.id, docs: Testing.synth(chart), target: KubernetesVersion.targetOf(chart) }));
}

/** Example folders that are no cdk8s app: examples/check holds manifests for `cdk8s-storage check` (test/cli.test.ts). */
const NOT_APPS = ['check'];

test('every example folder is a cdk8s app listed here', () => {
  const folders = fs.readdirSync(EXAMPLES).filter((f) => fs.statSync(path.join(EXAMPLES, f)).isDirectory() && !NOT_APPS.includes(f)).sort();
  expect(folders).toEqual(Object.keys(EXAMPLE_APPS).sort());
  expect(fs.readdirSync(path.join(EXAMPLES, 'check', 'manifests')).sort()).toEqual(['apps.yaml', 'seed.yaml']);
  for (const f of folders) {
    expect(fs.existsSync(path.join(EXAMPLES, f, 'cdk8s.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(EXAMPLES, f, 'main.ts'))).toBe(true);
  }
});

test.each(Object.keys(EXAMPLE_APPS))('example %s synthesizes schema-valid manifests at each chart\'s target version', (name) => {
  let charts: ReturnType<typeof synthExample> = [];
  captureWarnings(() => { charts = synthExample(name); });
  for (const { docs, target } of charts) {
    expect(docs.length).toBeGreaterThan(0);
    expectSchemaValid(docs, target);
  }
});

test('iscsi: the seed\'s volume in a Deployment, and the same LUN as a PersistentVolume with a bound claim', () => {
  const [{ docs, target }] = synthExample('iscsi');
  expect(target).toBe(KubernetesVersion.V1_31);
  expect(kinds(docs)).toEqual(['Deployment', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
  const seed = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0, fsType: 'ext4', readOnly: true };
  const [web, reports] = docs.filter((d) => d.kind === 'Deployment');
  expect(web.spec.template.spec.volumes).toEqual([{ name: 'iscsi-volume', iscsi: seed }]);
  const pv = only(docs, 'PersistentVolume');
  const claim = only(docs, 'PersistentVolumeClaim');
  expect(pv.metadata).toEqual({ name: 'san-lun0' });
  expect(pv.spec).toEqual({
    accessModes: ['ReadOnlyMany'],
    capacity: { storage: '100Gi' },
    claimRef: { name: claim.metadata.name, namespace: 'storage' },
    iscsi: seed,
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
  });
  expect(claim.metadata.namespace).toEqual('storage');
  expect(claim.spec).toEqual({
    accessModes: ['ReadOnlyMany'],
    resources: { requests: { storage: '100Gi' } },
    storageClassName: '',
    volumeMode: 'Filesystem',
    volumeName: 'san-lun0',
  });
  expect(reports.spec.template.spec.volumes).toEqual([
    { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } },
  ]);
});

const MONITORS = ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'];

test('ceph-rbd: the seed\'s rbd volume and kubernetes.io/rbd Secret at 1.30, ceph-csi objects at 1.31', () => {
  let charts: ReturnType<typeof synthExample> = [];
  const warnings = captureWarnings(() => { charts = synthExample('ceph-rbd'); });
  expect(warnings).toEqual(['Warning: [rbd-1-30/Data] volumes[rbdpod].rbd: deprecated in v1.28, non-functional in v1.31+ (target 1.30)']);
  const [old, now] = charts;
  expect(old.target).toBe(KubernetesVersion.V1_30);
  expect(kinds(old.docs)).toEqual(['Secret', 'Deployment']);
  expect(only(old.docs, 'Secret')).toEqual({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ceph-secret', namespace: 'storage-130' },
    immutable: false,
    type: 'kubernetes.io/rbd',
    stringData: { key: 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==' },
  });
  expect(only(old.docs, 'Deployment').spec.template.spec.volumes).toEqual([{
    name: 'rbdpod',
    rbd: { monitors: MONITORS, pool: 'kube', image: 'foo', user: 'admin', secretRef: { name: 'ceph-secret' }, fsType: 'ext4', readOnly: true },
  }]);

  expect(now.target).toBe(KubernetesVersion.V1_31);
  // CephCsiConfig.EXTERNAL (the default): ceph-csi's Helm release or Rook owns ceph-csi-config
  expect(kinds(now.docs).sort()).toEqual(['Deployment', 'PersistentVolume', 'PersistentVolumeClaim', 'Secret']);
  const pv = only(now.docs, 'PersistentVolume');
  const claim = only(now.docs, 'PersistentVolumeClaim');
  const secret = only(now.docs, 'Secret');
  expect(secret.type).toEqual('Opaque');
  expect(secret.stringData).toEqual({ userID: 'admin', userKey: 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==' });
  expect(pv.spec.csi).toEqual({
    driver: 'rbd.csi.ceph.com',
    volumeHandle: 'foo',
    fsType: 'ext4',
    readOnly: true,
    nodeStageSecretRef: { name: secret.metadata.name, namespace: 'storage-131' },
    volumeAttributes: { clusterID: 'prod', pool: 'kube', staticVolume: 'true', imageFeatures: 'layering' },
  });
  // a ReadOnlyMany claim: cdk8s-plus-27's RollingUpdate can start the new Pod on any node first
  expect(only(now.docs, 'Deployment').spec.strategy.type).toEqual('RollingUpdate');
  expect(pv.spec.persistentVolumeReclaimPolicy).toEqual('Retain');
  // a read-only image is ReadOnlyMany from 1.31: ceph-csi maps a static image read-only on every node
  expect(pv.spec.accessModes).toEqual(['ReadOnlyMany']);
  expect(claim.spec).toEqual({
    accessModes: ['ReadOnlyMany'], resources: { requests: { storage: '10Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: pv.metadata.name,
  });
  expect(only(now.docs, 'Deployment').spec.template.spec.volumes).toEqual([
    { name: 'rbdpod', persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } },
  ]);
});

test('cephfs: the seed\'s cephfs Pod with its secret file at 1.30, ceph-csi objects at 1.31', () => {
  let charts: ReturnType<typeof synthExample> = [];
  captureWarnings(() => { charts = synthExample('cephfs'); });
  const [old, now] = charts;
  expect(only(old.docs, 'Pod').spec.volumes).toEqual([{
    name: 'cephfs', cephfs: { monitors: MONITORS, user: 'admin', secretFile: '/etc/ceph/admin.secret', readOnly: true },
  }]);
  expect(kinds(old.docs)).toEqual(['Pod']);
  const pv = only(now.docs, 'PersistentVolume');
  expect(pv.spec.csi.driver).toEqual('cephfs.csi.ceph.com');
  expect(pv.spec.csi.volumeAttributes).toEqual({ clusterID: 'prod', staticVolume: 'true', rootPath: '/' });
  expect(pv.spec.accessModes).toEqual(['ReadWriteMany']);
  expect(only(now.docs, 'Pod').spec.volumes[0].persistentVolumeClaim.readOnly).toBe(true);
});

test('flocker: the seed\'s Pod at 1.24 (volume mount under the container), and a dataset by ID as a PersistentVolume with a bound claim', () => {
  let charts: ReturnType<typeof synthExample> = [];
  const warnings = captureWarnings(() => { charts = synthExample('flocker'); });
  const [{ docs, target }] = charts;
  expect(target).toBe(KubernetesVersion.V1_24);
  expect(warnings).toEqual([
    'Warning: [flocker/Dataset] volumes[flocker-volume].flocker: deprecated in v1.22, non-functional in v1.25+ (target 1.24)',
    'Warning: [flocker/Reports] spec.flocker: deprecated in v1.22, non-functional in v1.25+ (target 1.24)',
  ]);
  expect(kinds(docs)).toEqual(['Pod', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
  const pod = only(docs, 'Pod');
  expect(pod.metadata.name).toEqual('some-pod');
  expect(pod.spec.volumes).toEqual([{ name: 'flocker-volume', flocker: { datasetName: 'some-flocker-dataset' } }]);
  expect(pod.spec.containers.map((c: any) => [c.name, c.image, c.volumeMounts])).toEqual([
    ['some-container', 'kubernetes/pause', [{ mountPath: '/flocker', name: 'flocker-volume' }]],
  ]);
  const pv = only(docs, 'PersistentVolume');
  const claim = only(docs, 'PersistentVolumeClaim');
  expect(pv.spec).toEqual({
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '10Gi' },
    claimRef: { name: claim.metadata.name, namespace: 'storage' },
    flocker: { datasetUUID: '1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f' },
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
  });
  expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
    { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: false } },
  ]);
});

test('flocker: the same example at 1.25 is a synth-time error that says why', () => {
  const app = Testing.app();
  KubernetesVersion.V1_25.applyTo(app);
  const [chart] = flocker(app);
  const reason = 'in-tree flocker was removed in 1.25 (target 1.25); no CSI migration exists: move the datasets to a backend with a CSI driver';
  expect(() => Testing.synth(chart)).toThrow([
    'Validation failed with the following errors:',
    `  [flocker/Dataset] volumes[flocker-volume].flocker: Forbidden: ${reason}`,
    `  [flocker/Reports] spec.flocker: Forbidden: ${reason}`,
  ].join('\n'));
});

test('torus: a Torus volume in a Postgres Deployment at 1.30, with the FlexVolume deprecation warning', () => {
  let charts: ReturnType<typeof synthExample> = [];
  const warnings = captureWarnings(() => { charts = synthExample('torus'); });
  const [{ docs, target }] = charts;
  expect(target).toBe(KubernetesVersion.V1_30);
  expect(warnings).toEqual([
    'Warning: [torus/Data] volumes[data].flexVolume: deprecated in v1.23, move to a CSI driver for the same storage (target 1.30)',
    'Warning: [torus/Data] volumes[data].flexVolume.driver: torusblk speaks an older FlexVolume call convention (attach <json>, mount <dir> <dev> <json>; ' +
      'cmd/torusblk/flex.go) and refuses the calls every supported kubelet makes (attach <json> <node>, mountdevice; pkg/volume/flexvolume/attacher.go): ' +
      'attaching fails with "unexpected number of arguments" unless the driver on the nodes was patched; move the data to a backend with a CSI driver',
  ]);
  expect(kinds(docs)).toEqual(['Deployment']);
  const dep = only(docs, 'Deployment');
  expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
  expect(dep.spec.template.spec.volumes).toEqual([{
    name: 'data',
    flexVolume: { driver: 'coreos.com/torus', fsType: 'ext4', options: { volume: 'pg1', etcd: '10.3.0.100:2379' } },
  }]);
  expect(dep.spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/lib/postgresql/data', name: 'data' }]);
});

test('glusterfs: the seed\'s Endpoints, selector-less Service and read-only glusterfs Pod volume at 1.25, with the deprecation warning', () => {
  let charts: ReturnType<typeof synthExample> = [];
  const warnings = captureWarnings(() => { charts = synthExample('glusterfs'); });
  expect(warnings).toEqual(['Warning: [glusterfs/Gluster/KubeVol] volumes[glusterfsvol].glusterfs: deprecated in v1.25, non-functional in v1.26+ (target 1.25)']);
  const [{ docs, target }] = charts;
  expect(target).toBe(KubernetesVersion.V1_25);
  expect(kinds(docs)).toEqual(['Endpoints', 'Service', 'Pod']);
  const metadata = { name: 'glusterfs-cluster', namespace: 'storage' };
  expect(only(docs, 'Endpoints')).toEqual({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata,
    subsets: [{ addresses: [{ ip: '10.240.106.152' }, { ip: '10.240.79.157' }], ports: [{ port: 24007 }] }],
  });
  expect(only(docs, 'Service')).toEqual({ apiVersion: 'v1', kind: 'Service', metadata, spec: { ports: [{ port: 24007 }] } });
  expect(only(docs, 'Pod').spec.volumes).toEqual([{ name: 'glusterfsvol', glusterfs: { endpoints: 'glusterfs-cluster', path: 'kube_vol', readOnly: true } }]);
});

/** The Azure File example's charts (1.25, 1.26): the seed's share, its PersistentVolume, and an NFS folder. */
function synthAzureFile(): Array<{ id: string; docs: any[]; warnings: string[] }> {
  const app = Testing.app();
  return azureFile(app).map((chart) => {
    let docs: any[] = [];
    const warnings = captureWarnings(() => { docs = Testing.synth(chart); });
    return { id: chart.node.id, docs, warnings };
  });
}

describe('examples/azure-file', () => {
  test('the NFS folder is the same static CSI volume at 1.25 and 1.26: no Secret, the account\'s unique handle', () => {
    const charts = synthAzureFile();
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
    const [, now] = synthAzureFile();
    const [files] = now.docs.filter((d) => d.kind === 'PersistentVolume');
    expect(files.spec.csi.volumeHandle).toEqual(`#cdk8sstorage#azure-share###${files.metadata.name}`);
    expect(only(now.docs, 'Secret').metadata.namespace).toEqual('storage-126');
    expect(now.warnings).toEqual([]);
  });
});

test('statefulset: three PostgreSQL replicas, each with its own claim from a ceph-csi RBD class, deleted on scale-down', () => {
  let charts: ReturnType<typeof synthExample> = [];
  const warnings = captureWarnings(() => { charts = synthExample('statefulset'); });
  expect(warnings).toEqual([]);
  const [{ docs, target }] = charts;
  expect(target).toBe(KubernetesVersion.V1_32);
  expect(kinds(docs)).toEqual(['Secret', 'StorageClass', 'Service', 'StatefulSet']);
  expect(only(docs, 'StorageClass').provisioner).toEqual('rbd.csi.ceph.com');
  const spec = only(docs, 'StatefulSet').spec;
  expect(spec.replicas).toEqual(3);
  expect(spec.volumeClaimTemplates).toEqual([{
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'rbd-fast', volumeMode: 'Filesystem' },
  }]);
  expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  expect(spec.template.spec.volumes).toBeUndefined();
  expect(spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/lib/postgresql/data', name: 'data' }]);
});

test('snapshots: a claim on ceph-csi RBD, its VolumeSnapshotClass and snapshot, a claim restored from it and a clone', () => {
  let charts: ReturnType<typeof synthExample> = [];
  const warnings = captureWarnings(() => { charts = synthExample('snapshots'); });
  expect(warnings).toEqual([]);
  const [{ docs, target }] = charts;
  expect(target).toBe(KubernetesVersion.V1_33);
  expect(kinds(docs)).toEqual(['Secret', 'StorageClass', 'PersistentVolumeClaim', 'VolumeSnapshotClass', 'VolumeSnapshot', 'PersistentVolumeClaim', 'PersistentVolumeClaim']);
  expect(only(docs, 'VolumeSnapshotClass')).toEqual({
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: { name: 'rbd-snapshots' },
    driver: 'rbd.csi.ceph.com',
    deletionPolicy: 'Retain',
    parameters: {
      'clusterID': 'prod',
      'csi.storage.k8s.io/snapshotter-secret-name': 'csi-rbd-secret',
      'csi.storage.k8s.io/snapshotter-secret-namespace': 'storage',
    },
  });
  expect(only(docs, 'VolumeSnapshot')).toEqual({
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshot',
    metadata: { name: 'pgdata-nightly', namespace: 'storage' },
    spec: { source: { persistentVolumeClaimName: 'pgdata' }, volumeSnapshotClassName: 'rbd-snapshots' },
  });
  expect(only(docs, 'PersistentVolumeClaim', 'pgdata-restored').spec.dataSource).toEqual({ apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'pgdata-nightly' });
  expect(only(docs, 'PersistentVolumeClaim', 'pgdata-copy').spec).toEqual({
    accessModes: ['ReadWriteOnce'],
    dataSource: { kind: 'PersistentVolumeClaim', name: 'pgdata' },
    resources: { requests: { storage: '30Gi' } },
    storageClassName: 'rbd-fast',
    volumeMode: 'Filesystem',
  });
});

test('ephemeral: scratch space per Pod from a ceph-csi RBD class (a generic ephemeral volume)', () => {
  const [{ docs, target }] = synthExample('ephemeral');
  expect(target).toBe(KubernetesVersion.V1_31);
  expect(kinds(docs)).toEqual(['Secret', 'StorageClass', 'Deployment']);
  const spec = only(docs, 'Deployment').spec.template.spec;
  expect(spec.volumes).toEqual([{
    name: 'scratch',
    ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'rbd-scratch', volumeMode: 'Filesystem' } } },
  }]);
  expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/scratch', name: 'scratch' }]);
});

test('csi: a csi-driver-nfs share as a static CSI PersistentVolume, mounted read-only by two replicas', () => {
  const [{ docs }] = synthExample('csi');
  expect(kinds(docs)).toEqual(['PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
  const pv = only(docs, 'PersistentVolume');
  const claim = only(docs, 'PersistentVolumeClaim');
  expect(pv.spec).toEqual({
    accessModes: ['ReadWriteMany'],
    capacity: { storage: '10Gi' },
    claimRef: { name: claim.metadata.name, namespace: 'storage' },
    csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'nfs.example.com#/exports#site', volumeAttributes: { server: 'nfs.example.com', share: '/exports', subDir: 'site' } },
    mountOptions: ['nfsvers=4.1'],
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
  });
  expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
    { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: false } },
  ]);
});

test('custom: sources of the user\'s own (a Fibre Channel LUN, local disks) carried as PersistentVolumes and a Pod volume', () => {
  const [{ docs, target }] = synthExample('custom');
  expect(target).toBe(KubernetesVersion.V1_31);
  expect(kinds(docs)).toEqual(['PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'Job', 'StorageClass', 'PersistentVolume', 'PersistentVolume']);
  const [lun, ...nvme] = docs.filter((d) => d.kind === 'PersistentVolume');
  const claim = only(docs, 'PersistentVolumeClaim');
  expect(lun).toEqual({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'san-lun-2' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '200Gi' },
      claimRef: { name: claim.metadata.name, namespace: 'storage' },
      fc: { fsType: 'xfs', lun: 2, targetWWNs: ['500a0982991b8dc5', '500a0982891b8dc5'] },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    },
  });
  expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
    { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: false } },
  ]);
  const job = only(docs, 'Job').spec.template.spec;
  expect(job.volumes).toEqual([{ name: 'snapshot', fc: { fsType: 'xfs', lun: 3, targetWWNs: ['500a0982991b8dc6'] } }]);
  expect(job.containers[0].volumeMounts).toEqual([{ mountPath: '/snapshot', name: 'snapshot', readOnly: true }]);
  expect(only(docs, 'StorageClass')).toEqual({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local-nvme' },
    provisioner: 'kubernetes.io/no-provisioner',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  expect(nvme.map((pv) => [pv.metadata.name, pv.spec])).toEqual(['node-1', 'node-2'].map((node) => [`nvme-${node}`, {
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '375Gi' },
    local: { path: '/mnt/disks/nvme0' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
    persistentVolumeReclaimPolicy: 'Retain',
    storageClassName: 'local-nvme',
    volumeMode: 'Filesystem',
  }]));
});

test('nfs: an NFS export as a ReadWriteMany PersistentVolume, mounted by three replicas', () => {
  const [{ docs }] = synthExample('nfs');
  expect(kinds(docs)).toEqual(['PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
  const pv = only(docs, 'PersistentVolume');
  const claim = only(docs, 'PersistentVolumeClaim');
  expect(pv.spec).toEqual({
    accessModes: ['ReadWriteMany'],
    capacity: { storage: '50Gi' },
    claimRef: { name: claim.metadata.name, namespace: 'storage' },
    mountOptions: ['nfsvers=4.1', 'hard'],
    nfs: { server: 'nfs.example.com', path: '/exports/uploads' },
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
  });
  expect(claim.spec).toEqual({
    accessModes: ['ReadWriteMany'], resources: { requests: { storage: '50Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: 'nfs-uploads',
  });
});
