import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  CephCluster, CephCredentials, CephFsMounter, CephFsPersistentVolume, CephFsPersistentVolumeProps, CephFsStorageClass, CephFsVolume,
  CephFsVolumeProps, KubernetesVersion, VolumeImplementation,
} from '../src';
import { expectSynthErrors, kinds, only, storageChart, synthValid, synthWithWarnings } from './helpers';

// The seed: the filesystem of three monitors, user admin with a secret file, mounted read-only at /mnt/cephfs.
const MONITORS = ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'];
const KEY = 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==';
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const { V1_24, V1_27, V1_28, V1_29, V1_30, V1_31, V1_36 } = KubernetesVersion;

const DEPRECATED = 'deprecated in v1.28, non-functional in v1.31+';
const REMOVED = 'Forbidden: in-tree cephfs was removed in 1.31 (target 1.31); use the CSI driver cephfs.csi.ceph.com (implementation AUTO or CSI)';
const FILE_FOR_CSI = 'Forbidden: keyring and secret files serve the in-tree plugins only; ceph-csi reads credentials from a Secret: use CephCredentials.fromUserKey or fromSecret';

interface Fixture {
  readonly chart: Chart;
  readonly ceph: CephCluster;
  /** User and key: a kubernetes.io/rbd Secret in-tree, an Opaque one for ceph-csi. */
  readonly credentials: CephCredentials;
  /** The seed's secret file on the nodes. */
  readonly secretFile: CephCredentials;
}

interface FixtureOptions {
  /** A Chart without a namespace (else "db"). */
  readonly noNamespace?: boolean;
  /** A cluster without a cluster id (else "prod"). */
  readonly noClusterId?: boolean;
}

function fixture(version: KubernetesVersion, opts: FixtureOptions = {}): Fixture {
  const chart = storageChart({ kubernetesVersion: version, namespace: opts.noNamespace ? undefined : 'db' });
  const ceph = new CephCluster(chart, 'Ceph', { monitors: MONITORS, clusterId: opts.noClusterId ? undefined : 'prod' });
  const credentials = CephCredentials.fromUserKey({
    cluster: ceph, user: 'admin', key: KEY, secretName: 'ceph-secret', csiSecretName: 'ceph-csi-admin',
  });
  const secretFile = CephCredentials.fromSecretFile({ cluster: ceph, user: 'admin', path: '/etc/ceph/admin.secret' });
  return { chart, ceph, credentials, secretFile };
}

/** The seed's Pod, mounting the filesystem at /mnt/cephfs. */
function seedPod(f: Fixture, props: Partial<CephFsVolumeProps> = {}): CephFsVolume {
  const shared = new CephFsVolume(f.chart, 'Shared', {
    name: 'cephfs', cluster: f.ceph, credentials: f.secretFile, storage: Size.gibibytes(50), readOnly: true, ...props,
  });
  const pod = new kplus.Pod(f.chart, 'Pod', { metadata: { name: 'cephfs' }, containers: [{ name: 'cephfs-rw', image: 'kubernetes/pause' }] });
  pod.containers[0].mount('/mnt/cephfs', shared);
  return shared;
}

function cephFsPv(f: Fixture, props: Partial<CephFsPersistentVolumeProps> = {}): CephFsPersistentVolume {
  return new CephFsPersistentVolume(f.chart, 'Shared', {
    cluster: f.ceph,
    path: '/volumes/csi/shared',
    credentials: f.credentials,
    storage: Size.gibibytes(50),
    accessModes: [RWX],
    metadata: { name: 'cephfs-shared' },
    ...props,
  });
}

function expectKeyOnlyInSecrets(docs: any[]): void {
  const leaks = docs.filter((d) => d.kind !== 'Secret' && JSON.stringify(d).includes(KEY)).map((d) => `${d.kind}/${d.metadata?.name}`);
  expect(leaks).toEqual([]);
}

const IN_TREE_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'ceph-secret', namespace: 'db' },
  immutable: false,
  stringData: { key: KEY },
  type: 'kubernetes.io/rbd',
};

const CSI_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'ceph-csi-admin', namespace: 'db' },
  immutable: false,
  stringData: { userID: 'admin', userKey: KEY },
  type: 'Opaque',
};

const SEED_VOLUME = {
  name: 'cephfs',
  cephfs: { monitors: MONITORS, user: 'admin', secretFile: '/etc/ceph/admin.secret', readOnly: true },
};

describe('CephFsVolume mounted in a Pod', () => {
  test.each([[V1_24], [V1_27]])('at %s: the seed\'s inline cephfs volume with its secret file, no warning', (version) => {
    const f = fixture(version);
    seedPod(f);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Pod']);
    const pod = only(docs, 'Pod');
    expect(pod.metadata.name).toEqual('cephfs');
    expect(pod.spec.volumes).toEqual([SEED_VOLUME]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/mnt/cephfs', name: 'cephfs' }]);
  });

  test.each([[V1_28], [V1_29], [V1_30]])('at %s: the same inline volume, with the deprecation warning', (version) => {
    const f = fixture(version);
    seedPod(f);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Shared] volumes[cephfs].cephfs: ${DEPRECATED} (target ${version})`]);
    expect(kinds(docs)).toEqual(['Pod']);
    expect(only(docs, 'Pod').spec.volumes).toEqual([SEED_VOLUME]);
  });

  test('in-tree with user and key: a path, a secretRef and the kubernetes.io/rbd Secret', () => {
    const f = fixture(V1_30);
    seedPod(f, { credentials: f.credentials, path: '/data', readOnly: undefined });
    const { docs } = synthWithWarnings(f.chart);
    expect(kinds(docs)).toEqual(['Secret', 'Pod']);
    expect(only(docs, 'Secret')).toEqual(IN_TREE_SECRET);
    expect(only(docs, 'Pod').spec.volumes).toEqual([{
      name: 'cephfs',
      cephfs: { monitors: MONITORS, path: '/data', user: 'admin', secretRef: { name: 'ceph-secret' } },
    }]);
    expectKeyOnlyInSecrets(docs);
  });

  test.each([[V1_31], [V1_36]])('at %s: Opaque Secret (ceph-csi\'s deployment holds its config), static cephfs.csi.ceph.com volume, ReadWriteMany claim', (version) => {
    const f = fixture(version);
    const shared = seedPod(f, { credentials: f.credentials, fsName: 'cephfs' });

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod']);
    expect(only(docs, 'Secret')).toEqual(CSI_SECRET);
    const pv = only(docs, 'PersistentVolume');
    const claim = only(docs, 'PersistentVolumeClaim');
    expect(pv.metadata).toEqual({ name: shared.persistentVolume!.name });
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '50Gi' },
      claimRef: { name: claim.metadata.name, namespace: 'db' },
      csi: {
        driver: 'cephfs.csi.ceph.com',
        volumeHandle: pv.metadata.name,
        readOnly: true,
        nodeStageSecretRef: { name: 'ceph-csi-admin', namespace: 'db' },
        volumeAttributes: { clusterID: 'prod', staticVolume: 'true', rootPath: '/', fsName: 'cephfs' },
      },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(claim.metadata.namespace).toEqual('db');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '50Gi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: pv.metadata.name,
    });
    expect(only(docs, 'Pod').spec.volumes).toEqual([{ name: 'cephfs', persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } }]);
    expectKeyOnlyInSecrets(docs);
  });

  test('at 1.31 the seed\'s secret file cannot serve ceph-csi', () => {
    const f = fixture(V1_31);
    seedPod(f);
    expectSynthErrors(f.chart, [`[test/Shared/PersistentVolume] spec.csi.nodeStageSecretRef: ${FILE_FOR_CSI}`]);
  });

  test('implementation CSI at 1.24 gives the ceph-csi form, without a warning', () => {
    const f = fixture(V1_24);
    seedPod(f, { credentials: f.credentials, implementation: VolumeImplementation.CSI });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod']);
    expect(only(docs, 'PersistentVolume').spec.csi.driver).toEqual('cephfs.csi.ceph.com');
  });

  test('implementation IN_TREE at 1.31 is Forbidden, naming the removal and the CSI driver', () => {
    const f = fixture(V1_31);
    seedPod(f, { implementation: VolumeImplementation.IN_TREE });
    expectSynthErrors(f.chart, [`[test/Shared] volumes[cephfs].cephfs: ${REMOVED}`]);
  });

  test('a monitor added after mounting reaches the inline volume', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: ['10.16.154.78:6789'] });
    const shared = new CephFsVolume(chart, 'Shared', { name: 'cephfs', cluster: ceph, storage: Size.gibibytes(1) });
    const pod = new kplus.Pod(chart, 'Pod', { containers: [{ image: 'kubernetes/pause' }] });
    pod.containers[0].mount('/mnt/cephfs', shared);
    ceph.addMonitor('10.16.154.82:6789');
    expect(only(synthValid(chart), 'Pod').spec.volumes[0].cephfs.monitors).toEqual(['10.16.154.78:6789', '10.16.154.82:6789']);
  });
});

describe('CephFsPersistentVolume', () => {
  test.each([
    [V1_27, []],
    [V1_30, [`Warning: [test/Shared] spec.cephfs: ${DEPRECATED} (target 1.30)`]],
  ])('at %s: spec.cephfs with the Secret\'s namespace', (version, expectedWarnings) => {
    const f = fixture(version);
    cephFsPv(f, { readOnly: true });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual(expectedWarnings);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume']);
    expect(only(docs, 'Secret')).toEqual(IN_TREE_SECRET);
    const pv = only(docs, 'PersistentVolume');
    expect(pv.apiVersion).toEqual('v1');
    expect(pv.metadata).toEqual({ name: 'cephfs-shared' });
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '50Gi' },
      cephfs: {
        monitors: MONITORS,
        path: '/volumes/csi/shared',
        user: 'admin',
        secretRef: { name: 'ceph-secret', namespace: 'db' },
        readOnly: true,
      },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test('in-tree with a secret file', () => {
    const f = fixture(V1_27);
    cephFsPv(f, { credentials: f.secretFile, path: undefined });
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['PersistentVolume']);
    expect(only(docs, 'PersistentVolume').spec.cephfs).toEqual({ monitors: MONITORS, user: 'admin', secretFile: '/etc/ceph/admin.secret' });
  });

  test.each([[V1_31], [V1_24]])('at %s (CSI): a static cephfs.csi.ceph.com volume', (version) => {
    const f = fixture(version);
    cephFsPv(f, { fsName: 'cephfs', volumeHandle: 'shared-0001', implementation: version === V1_24 ? VolumeImplementation.CSI : undefined });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume']);
    expect(only(docs, 'Secret')).toEqual(CSI_SECRET);
    expect(only(docs, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '50Gi' },
      csi: {
        driver: 'cephfs.csi.ceph.com',
        volumeHandle: 'shared-0001',
        nodeStageSecretRef: { name: 'ceph-csi-admin', namespace: 'db' },
        volumeAttributes: { clusterID: 'prod', staticVolume: 'true', rootPath: '/volumes/csi/shared', fsName: 'cephfs' },
      },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expectKeyOnlyInSecrets(docs);
  });

  test('implementation IN_TREE at 1.31 is Forbidden', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { implementation: VolumeImplementation.IN_TREE });
    expectSynthErrors(f.chart, [`[test/Shared] spec.cephfs: ${REMOVED}`]);
  });

  test.each([[V1_30], [V1_31]])('at %s reserve() gives a ReadWriteMany claim that binds: no errors, only the deprecation warning', (version) => {
    const f = fixture(version);
    const claim = cephFsPv(f).reserve();
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual(version === V1_30 ? [`Warning: [test/Shared] spec.cephfs: ${DEPRECATED} (target 1.30)`] : []);
    expect(only(docs, 'PersistentVolume').spec.claimRef).toEqual({ name: claim.name, namespace: 'db' });
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '50Gi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: 'cephfs-shared',
    });
  });
});

describe('CephFS access modes', () => {
  test.each([[V1_27], [V1_31]])('at %s ReadWriteOnce, ReadOnlyMany and ReadWriteMany are served', (version) => {
    const f = fixture(version);
    cephFsPv(f, { accessModes: [RWO, ROX, RWX] });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany']);
  });

  test.each([[V1_27], [V1_31]])('at %s Block is refused with the reason', (version) => {
    const f = fixture(version);
    cephFsPv(f, { volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; CephFS is a shared filesystem; use a Ceph RBD image for a raw block device',
    ]);
  });
});

describe('CephFS rules', () => {
  test('a cluster without monitors: on the cluster, and Required on the in-tree source', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: [] });
    new CephFsPersistentVolume(chart, 'Shared', { cluster: ceph, storage: Size.gibibytes(1) });
    new CephFsVolume(chart, 'Inline', { name: 'inline', cluster: ceph, storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/Ceph] monitors: Required value: list at least one monitor as "host" or "host:port"',
      '[test/Shared] spec.cephfs.monitors: Required value',
      '[test/Inline] volumes[inline].cephfs.monitors: Required value',
    ]);
  });

  test('a keyring is an rbd feature', () => {
    const f = fixture(V1_27);
    cephFsPv(f, { credentials: CephCredentials.fromKeyring({ cluster: f.ceph }) });
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.cephfs: Forbidden: a keyring is an rbd feature; cephfs reads a Secret (CephCredentials.fromUserKey, fromSecret) or a secret file (fromSecretFile)',
    ]);
  });

  test('ceph-csi without a cluster id', () => {
    const f = fixture(V1_31, { noClusterId: true });
    cephFsPv(f);
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.csi.volumeAttributes[clusterID]: Required value: give CephCluster "test/Ceph" a clusterId: cephfs.csi.ceph.com finds the monitors through it in the ceph-csi configuration',
    ]);
  });

  test('ceph-csi without credentials', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { credentials: undefined });
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.csi.nodeStageSecretRef: Required value: cephfs.csi.ceph.com stages the volume with a Secret holding userID and userKey: give credentials',
    ]);
  });

  test('ceph-csi with a secret file', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { credentials: f.secretFile });
    expectSynthErrors(f.chart, [`[test/Shared] spec.csi.nodeStageSecretRef: ${FILE_FOR_CSI}`]);
  });

  test('credentials of another cluster: in-tree and ceph-csi', () => {
    const f = fixture(V1_27);
    const other = new CephCluster(f.chart, 'Other', { monitors: ['10.0.0.1'], clusterId: 'other' });
    const creds = CephCredentials.fromUserKey({ cluster: other, user: 'admin', key: KEY });
    cephFsPv(f, { credentials: creds });
    new CephFsPersistentVolume(f.chart, 'Csi', {
      cluster: f.ceph, storage: Size.gibibytes(1), credentials: creds, implementation: VolumeImplementation.CSI,
    });
    const why = 'the credentials belong to CephCluster "test/Other", the volume to "test/Ceph"';
    expectSynthErrors(f.chart, [
      `[test/Shared] spec.cephfs.secretRef: Invalid value: "test/Other": ${why}`,
      `[test/Csi] spec.csi.nodeStageSecretRef: Invalid value: "test/Other": ${why}`,
    ]);
  });

  test('the Delete reclaim policy on a static ceph-csi volume', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE });
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.persistentVolumeReclaimPolicy: Invalid value: "Delete": must be "Retain" for a static cephfs.csi.ceph.com volume: the driver never deletes what it did not provision',
    ]);
  });

  test('an empty volume handle', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { volumeHandle: '' });
    expectSynthErrors(f.chart, ['[test/Shared] spec.csi.volumeHandle: Required value']);
  });

  test('a ceph-csi Secret without a namespace (a volume in a Chart without one)', () => {
    const f = fixture(V1_31, { noNamespace: true });
    cephFsPv(f);
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.csi.nodeStageSecretRef.namespace: Required value: a CSI volume names its Secret with a namespace: give the volume\'s Chart a namespace, or pass namespace to CephCredentials.fromSecret',
    ]);
  });
});

describe('CephFsStorageClass', () => {
  const PARAMETERS = {
    'clusterID': 'prod',
    'fsName': 'cephfs',
    'pool': 'cephfs-data',
    'csi.storage.k8s.io/provisioner-secret-name': 'ceph-csi-admin-admin',
    'csi.storage.k8s.io/provisioner-secret-namespace': 'db',
    'csi.storage.k8s.io/controller-expand-secret-name': 'ceph-csi-admin-admin',
    'csi.storage.k8s.io/controller-expand-secret-namespace': 'db',
    'csi.storage.k8s.io/node-stage-secret-name': 'ceph-csi-admin-admin',
    'csi.storage.k8s.io/node-stage-secret-namespace': 'db',
  };

  test.each([[V1_24], [V1_30], [V1_31], [V1_36]])('at %s: one Secret of both pairs for provisioning, expansion and staging (ceph-csi through 3.12 stages a provisioned volume with adminID/adminKey: internal/cephfs/nodeserver.go getCredentialsForVolume)', (version) => {
    const f = fixture(version);
    new CephFsStorageClass(f.chart, 'Shared', {
      cluster: f.ceph, fsName: 'cephfs', pool: 'cephfs-data', credentials: f.credentials, metadata: { name: 'cephfs' },
    });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'StorageClass']);
    expect(only(docs, 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ceph-csi-admin-admin', namespace: 'db' },
      immutable: false,
      stringData: { adminID: 'admin', adminKey: KEY, userID: 'admin', userKey: KEY },
      type: 'Opaque',
    });
    expect(only(docs, 'StorageClass')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'cephfs' },
      provisioner: 'cephfs.csi.ceph.com',
      parameters: PARAMETERS,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expectKeyOnlyInSecrets(docs);
  });

  test('without a pool no pool parameter is written', () => {
    const f = fixture(V1_31);
    new CephFsStorageClass(f.chart, 'Shared', { cluster: f.ceph, fsName: 'cephfs', credentials: f.credentials });
    const { pool: _pool, ...rest } = PARAMETERS;
    expect(only(synthValid(f.chart), 'StorageClass').parameters).toEqual(rest);
  });

  test('missing credentials and an empty fsName', () => {
    const f = fixture(V1_31);
    // credentials are required: only a JavaScript or Python caller can leave them out
    new CephFsStorageClass(f.chart, 'Shared', loose({ cluster: f.ceph, fsName: '' }));
    expectSynthErrors(f.chart, [
      '[test/Shared] parameters[csi.storage.k8s.io/provisioner-secret-name]: Required value: cephfs.csi.ceph.com provisions with a Secret of the cluster\'s user: give credentials',
      '[test/Shared] parameters[fsName]: Required value',
    ]);
  });

  test('a secret file cannot serve a provisioner', () => {
    const f = fixture(V1_31);
    new CephFsStorageClass(f.chart, 'Shared', { cluster: f.ceph, fsName: 'cephfs', credentials: f.secretFile });
    expectSynthErrors(f.chart, [`[test/Shared] parameters[csi.storage.k8s.io/provisioner-secret-name]: ${FILE_FOR_CSI}`]);
  });

  test('createClaim asks for ReadWriteMany, binds no volume and is schema-valid', () => {
    const f = fixture(V1_31);
    const sc = new CephFsStorageClass(f.chart, 'Shared', { cluster: f.ceph, fsName: 'cephfs', credentials: f.credentials, metadata: { name: 'cephfs' } });
    sc.createClaim(f.chart, 'Data', { storage: Size.gibibytes(5), accessModes: [RWX] });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '5Gi' } },
      storageClassName: 'cephfs',
      volumeMode: 'Filesystem',
    });
    expect(docs.filter((d) => d.kind === 'PersistentVolume')).toEqual([]);
  });
});

/** Props as a JavaScript or Python caller can pass them: TypeScript's types do not hold at run time. */
const loose = (v: object): any => v;

describe('CephFS props of another type (JavaScript, Python): reported where they land', () => {
  test('in-tree Pod volume: path, readOnly, fsName, storage', () => {
    const f = fixture(V1_27);
    seedPod(f, loose({ path: ['/'], readOnly: 1, fsName: 2, storage: '50Gi' }));
    expectSynthErrors(f.chart, [
      '[test/Shared] volumes[cephfs].cephfs.path: Invalid value: ["/"]: must be a string, a path (got a list)',
      '[test/Shared] volumes[cephfs].cephfs.readOnly: Invalid value: 1: must be true or false (got a number)',
      '[test/Shared] fsName: Invalid value: 2: must be a string (got a number)',
      '[test/Shared] storage: Invalid value: "50Gi": must be a Size, such as Size.gibibytes(10) (got a string)',
    ]);
  });

  test('ceph-csi PersistentVolume: rootPath, fsName, readOnly and volumeHandle at the CSI fields', () => {
    const f = fixture(V1_31);
    cephFsPv(f, loose({ path: 1, fsName: true, readOnly: 'no', volumeHandle: 9 }));
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.csi.volumeAttributes[rootPath]: Invalid value: 1: must be a string, a path (got a number)',
      '[test/Shared] spec.csi.volumeAttributes[fsName]: Invalid value: true: must be a string (got a boolean)',
      '[test/Shared] spec.csi.readOnly: Invalid value: "no": must be true or false (got a string)',
      '[test/Shared] spec.csi.volumeHandle: Invalid value: 9: must be a string (got a number)',
    ]);
  });

  test('no cluster, and credentials that are no CephCredentials (printed redacted)', () => {
    const f = fixture(V1_27);
    cephFsPv(f, loose({ cluster: undefined, credentials: KEY }));
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.cephfs.monitors: Required value: give cluster: the CephCluster of the image or filesystem',
      '[test/Shared] spec.cephfs.secretRef: Invalid value: <redacted>: must be CephCredentials (CephCredentials.fromUserKey, fromSecret, fromKeyring or fromSecretFile) (got a string)',
    ]);
  });

  test('a removed form is still checked like the in-tree source it writes', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { implementation: VolumeImplementation.IN_TREE, credentials: CephCredentials.fromKeyring({ cluster: f.ceph }) });
    expectSynthErrors(f.chart, [
      `[test/Shared] spec.cephfs: ${REMOVED}`,
      '[test/Shared] spec.cephfs: Forbidden: a keyring is an rbd feature; cephfs reads a Secret (CephCredentials.fromUserKey, fromSecret) or a secret file (fromSecretFile)',
    ]);
  });
});

describe('CephFS static volumes as ceph-csi reads them', () => {
  test('an empty path (rootPath) and an empty fsName', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { path: '', fsName: '' });
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.csi.volumeAttributes[rootPath]: Required value: give the subvolume\'s path: ceph-csi mounts a static volume at rootPath',
      '[test/Shared] spec.csi.volumeAttributes[fsName]: Required value: give the filesystem\'s name, or leave fsName unset for the default filesystem',
    ]);
  });

  test('in-tree, an empty path is the plugin\'s default "/"', () => {
    const f = fixture(V1_27);
    cephFsPv(f, { path: '' });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.cephfs.path).toEqual('');
  });

  test('ceph-csi serves ReadWriteOncePod (SINGLE_NODE_SINGLE_WRITER); in-tree does not', () => {
    const csi = fixture(V1_31);
    cephFsPv(csi, { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] }).reserve();
    expect(only(synthValid(csi.chart), 'PersistentVolume').spec.accessModes).toEqual(['ReadWriteOncePod']);
    const inTree = fixture(V1_27);
    cephFsPv(inTree, { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] });
    expectSynthErrors(inTree.chart, [
      '[test/Shared] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"; the in-tree cephfs plugin cannot enforce ReadWriteOncePod, a CSI feature',
    ]);
  });
});

describe('CephFsStorageClass props of another type (JavaScript, Python)', () => {
  test('fsName, pool and parameters: reported at their parameters, and not written', () => {
    const f = fixture(V1_31);
    new CephFsStorageClass(f.chart, 'Shared', loose({ cluster: f.ceph, credentials: f.credentials, fsName: 1, pool: ['data'], parameters: 'mounter=fuse' }));
    expectSynthErrors(f.chart, [
      '[test/Shared] parameters[fsName]: Invalid value: 1: must be a string, the filesystem name (got a number)',
      '[test/Shared] parameters[pool]: Invalid value: ["data"]: must be a string (got a list)',
      '[test/Shared] parameters: Invalid value: "mounter=fuse": must be a map of strings to strings (got a string)',
    ]);
  });

  test('no fsName at all (None from Python)', () => {
    const f = fixture(V1_31);
    new CephFsStorageClass(f.chart, 'Shared', loose({ cluster: f.ceph, credentials: f.credentials, fsName: null }));
    expectSynthErrors(f.chart, ['[test/Shared] parameters[fsName]: Required value']);
  });
});

test('the default volume handle is the PersistentVolume\'s name: an empty name leaves it empty', () => {
  const f = fixture(V1_31);
  cephFsPv(f, { metadata: { name: '' } });
  expectSynthErrors(f.chart, ['[test/Shared] metadata.name: Required value', '[test/Shared] spec.csi.volumeHandle: Required value']);
});

describe('CephFS mounter and mount options (internal/cephfs/store/volumeoptions.go NewVolumeOptionsFromStaticVolume, validateMounter)', () => {
  test('a static volume\'s mounter and kernel and fuse options: attributes, each list joined with ","', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { mounter: CephFsMounter.KERNEL, kernelMountOptions: ['readdir_max_bytes=1048576', 'norbytes'], fuseMountOptions: ['debug'] });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes).toEqual({
      clusterID: 'prod',
      staticVolume: 'true',
      rootPath: '/volumes/csi/shared',
      mounter: 'kernel',
      kernelMountOptions: 'readdir_max_bytes=1048576,norbytes',
      fuseMountOptions: 'debug',
    });
  });

  test('empty option lists write no attribute: ceph-csi refuses an empty one (extractOptionalOption)', () => {
    const f = fixture(V1_31);
    cephFsPv(f, { kernelMountOptions: [], fuseMountOptions: [] });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes).toEqual({
      clusterID: 'prod', staticVolume: 'true', rootPath: '/volumes/csi/shared',
    });
  });

  test('an option that is not one option, and a mounter ceph-csi does not know', () => {
    const f = fixture(V1_31);
    cephFsPv(f, loose({ mounter: 'nfs', kernelMountOptions: ['a,b'], fuseMountOptions: [''] }));
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.csi.volumeAttributes[mounter]: Unsupported value: "nfs": supported values: "kernel", "fuse"',
      '[test/Shared] spec.csi.volumeAttributes[kernelMountOptions]: Invalid value: "a,b": element 0 must be one option, not empty and without ",": ceph-csi joins the list with "," and splits it there',
      '[test/Shared] spec.csi.volumeAttributes[fuseMountOptions]: Invalid value: "": element 0 must be one option, not empty and without ",": ceph-csi joins the list with "," and splits it there',
    ]);
  });

  test('the in-tree source has none of them: they are not written, and their shapes are reported by the prop\'s name', () => {
    const f = fixture(V1_27);
    cephFsPv(f, loose({ mounter: CephFsMounter.FUSE, kernelMountOptions: 'norbytes' }));
    expectSynthErrors(f.chart, [
      '[test/Shared] kernelMountOptions: Invalid value: "norbytes": must be a list of mount options, such as ["norbytes"] (got a string)',
    ]);
  });

  test('a StorageClass\'s mounter and options: parameters', () => {
    const f = fixture(V1_31);
    new CephFsStorageClass(f.chart, 'Shared', {
      cluster: f.ceph, fsName: 'cephfs', credentials: f.credentials, mounter: CephFsMounter.FUSE, fuseMountOptions: ['debug'], kernelMountOptions: [],
    });
    const parameters = only(synthValid(f.chart), 'StorageClass').parameters;
    expect([parameters.mounter, parameters.fuseMountOptions, parameters.kernelMountOptions]).toEqual(['fuse', 'debug', undefined]);
  });

  test('a StorageClass\'s options of another type, and one that is not one option', () => {
    const f = fixture(V1_31);
    new CephFsStorageClass(f.chart, 'Shared', loose({
      cluster: f.ceph, fsName: 'cephfs', credentials: f.credentials, mounter: true, kernelMountOptions: ['ms_mode=secure,x'], fuseMountOptions: [3],
    }));
    expectSynthErrors(f.chart, [
      '[test/Shared] parameters[mounter]: Invalid value: true: must be one of "kernel", "fuse" (got a boolean)',
      '[test/Shared] parameters[kernelMountOptions]: Invalid value: "ms_mode=secure,x": element 0 must be one option, not empty and without ",": ceph-csi joins the list with "," and splits it there',
      '[test/Shared] parameters[fuseMountOptions][0]: Invalid value: 3: must be a string, a mount option (got a number)',
    ]);
  });

  test('a subvolume group of the cluster reaches csiConfigEntry(), not the StorageClass (ceph-csi reads it from its configuration)', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: MONITORS, clusterId: 'tenant-a', subvolumeGroup: 'tenant-a' });
    const credentials = CephCredentials.fromUserKey({ cluster: ceph, user: 'admin', key: KEY });
    new CephFsStorageClass(chart, 'Shared', { cluster: ceph, fsName: 'cephfs', credentials });
    expect(only(synthValid(chart), 'StorageClass').parameters.clusterID).toEqual('tenant-a');
    expect(JSON.parse(ceph.csiConfigEntry())).toEqual({ clusterID: 'tenant-a', monitors: MONITORS, cephFS: { subvolumeGroup: 'tenant-a' } });
  });
});
