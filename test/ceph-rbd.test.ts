import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  CephCluster, CephCredentials, CephRbdEncryptionType, CephRbdMounter, CephRbdPersistentVolume, CephRbdPersistentVolumeProps, CephRbdStorageClass,
  CephRbdVolume, CephRbdVolumeProps, FsType, KubernetesVersion, VolumeBindingMode, VolumeImplementation,
} from '../src';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthValid, synthWithWarnings } from './helpers';

// The seed: three monitors, pool kube, image foo, user admin with Secret ceph-secret, ext4, read-only.
const MONITORS = ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'];
const KEY = 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==';
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const { V1_24, V1_27, V1_28, V1_29, V1_30, V1_31, V1_36 } = KubernetesVersion;

const DEPRECATED = 'deprecated in v1.28, non-functional in v1.31+';
const REMOVED = 'Forbidden: in-tree rbd was removed in 1.31 (target 1.31); use the CSI driver rbd.csi.ceph.com (implementation AUTO or CSI)';
const NO_CLUSTER_ID = 'Required value: give CephCluster "test/Ceph" a clusterId: rbd.csi.ceph.com finds the monitors through it in the ceph-csi configuration';
const FILE_FOR_CSI = 'Forbidden: keyring and secret files serve the in-tree plugins only; ceph-csi reads credentials from a Secret: use CephCredentials.fromUserKey or fromSecret';
const JOURNALING = 'Forbidden: journaling needs the rbd-nbd mounter: give mounter CephRbdMounter.RBD_NBD (ceph-csi maps with krbd by default)';
const CSI_MODES = 'supported values: "ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany"; ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block)';
const IN_TREE_PROVISIONER = 'the in-tree kubernetes.io/rbd provisioner runs the rbd command inside kube-controller-manager, which the stock ' +
  'kube-controller-manager images do not have: claims stay Pending unless the control plane\'s image carries ceph-common; ceph-csi (implementation CSI) has no such need';
const IN_TREE_MODES = 'supported values: "ReadWriteOnce", "ReadOnlyMany"; an RBD image is mapped read-write by one node at a time; use ReadOnlyMany to share it read-only';

interface Fixture {
  readonly chart: Chart;
  readonly ceph: CephCluster;
  readonly credentials: CephCredentials;
}

interface FixtureOptions {
  /** A Chart without a namespace (else "db"). */
  readonly noNamespace?: boolean;
  /** A cluster without a cluster id (else "prod"). */
  readonly noClusterId?: boolean;
}

/** A chart at `version` with the seed's cluster and its admin's key. */
function fixture(version: KubernetesVersion, opts: FixtureOptions = {}): Fixture {
  const chart = storageChart({ kubernetesVersion: version, namespace: opts.noNamespace ? undefined : 'db' });
  const ceph = new CephCluster(chart, 'Ceph', { monitors: MONITORS, clusterId: opts.noClusterId ? undefined : 'prod' });
  const credentials = CephCredentials.fromUserKey({
    cluster: ceph, user: 'admin', key: KEY, secretName: 'ceph-secret', csiSecretName: 'ceph-csi-admin',
  });
  return { chart, ceph, credentials };
}

/** The seed's volume, mounted by a Deployment. */
function seedDeployment(f: Fixture, props: Partial<CephRbdVolumeProps> = {}): CephRbdVolume {
  const data = new CephRbdVolume(f.chart, 'Data', {
    name: 'rbdpod',
    cluster: f.ceph,
    pool: 'kube',
    image: 'foo',
    storage: Size.gibibytes(10),
    credentials: f.credentials,
    fsType: FsType.EXT4,
    readOnly: true,
    ...props,
  });
  // one replica: a writable image (readOnly false) is a ReadWriteOnce claim at 1.31+, which Pods on two nodes cannot share
  const db = new kplus.Deployment(f.chart, 'Db', { replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'postgres:16', securityContext: { ensureNonRoot: false } }] });
  db.containers[0].mount('/var/lib/postgresql/data', data);
  return data;
}

function rbdPv(f: Fixture, props: Partial<CephRbdPersistentVolumeProps> = {}): CephRbdPersistentVolume {
  return new CephRbdPersistentVolume(f.chart, 'Data', {
    cluster: f.ceph,
    pool: 'kube',
    image: 'foo',
    storage: Size.gibibytes(10),
    credentials: f.credentials,
    metadata: { name: 'rbd-foo' },
    ...props,
  });
}

/** Synthesizes with the schema check and returns the documents and the warnings printed meanwhile. */
function podSpec(docs: any[]): any {
  return only(docs, 'Deployment').spec.template.spec;
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

/** The documents other than Secrets must never carry the key. */
function expectKeyOnlyInSecrets(docs: any[]): void {
  const leaks = docs.filter((d) => d.kind !== 'Secret' && JSON.stringify(d).includes(KEY)).map((d) => `${d.kind}/${d.metadata?.name}`);
  expect(leaks).toEqual([]);
}

describe('CephRbdVolume mounted in a Deployment', () => {
  test.each([[V1_24], [V1_27]])('at %s: the seed\'s inline rbd volume and its kubernetes.io/rbd Secret, no warning', (version) => {
    const f = fixture(version);
    seedDeployment(f);

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'Deployment']);
    expect(only(docs, 'Secret')).toEqual(IN_TREE_SECRET);
    expect(podSpec(docs).volumes).toEqual([{
      name: 'rbdpod',
      rbd: { monitors: MONITORS, pool: 'kube', image: 'foo', user: 'admin', secretRef: { name: 'ceph-secret' }, fsType: 'ext4', readOnly: true },
    }]);
    expect(podSpec(docs).containers[0].volumeMounts).toEqual([{ mountPath: '/var/lib/postgresql/data', name: 'rbdpod' }]);
    expectKeyOnlyInSecrets(docs);
  });

  test.each([[V1_28], [V1_29], [V1_30]])('at %s: the same inline volume, with the deprecation warning', (version) => {
    const f = fixture(version);
    seedDeployment(f);

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Data] volumes[rbdpod].rbd: ${DEPRECATED} (target ${version})`]);
    expect(kinds(docs)).toEqual(['Secret', 'Deployment']);
    expect(only(docs, 'Secret')).toEqual(IN_TREE_SECRET);
    expect(podSpec(docs).volumes).toEqual([{
      name: 'rbdpod',
      rbd: { monitors: MONITORS, pool: 'kube', image: 'foo', user: 'admin', secretRef: { name: 'ceph-secret' }, fsType: 'ext4', readOnly: true },
    }]);
  });

  test.each([[V1_31], [V1_36]])('at %s: Opaque Secret (ceph-csi\'s deployment holds its config), a ReadOnlyMany static PersistentVolume and claim (ceph-csi maps it read-only: internal/rbd/nodeserver.go stageTransaction), claim volume', (version) => {
    const f = fixture(version);
    const data = seedDeployment(f);

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
    expect(only(docs, 'Secret')).toEqual(CSI_SECRET);

    const pv = only(docs, 'PersistentVolume');
    const claim = only(docs, 'PersistentVolumeClaim');
    expect(pv.metadata).toEqual({ name: data.persistentVolume!.name });
    expect(pv.spec).toEqual({
      accessModes: ['ReadOnlyMany'],
      capacity: { storage: '10Gi' },
      claimRef: { name: claim.metadata.name, namespace: 'db' },
      csi: {
        driver: 'rbd.csi.ceph.com',
        volumeHandle: 'foo',
        fsType: 'ext4',
        readOnly: true,
        nodeStageSecretRef: { name: 'ceph-csi-admin', namespace: 'db' },
        volumeAttributes: { clusterID: 'prod', pool: 'kube', staticVolume: 'true', imageFeatures: 'layering' },
      },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(claim.metadata.namespace).toEqual('db');
    expect(claim.spec).toEqual({
      accessModes: ['ReadOnlyMany'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: pv.metadata.name,
    });
    expect(podSpec(docs).volumes).toEqual([{ name: 'rbdpod', persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } }]);
    expect(podSpec(docs).containers[0].volumeMounts).toEqual([{ mountPath: '/var/lib/postgresql/data', name: 'rbdpod' }]);
    expectKeyOnlyInSecrets(docs);
  });

  test('at 1.31 the seed\'s read-only image is shared by Pods on several nodes, as the inline volume was: no Multi-Attach warning', () => {
    const f = fixture(V1_31);
    const data = new CephRbdVolume(f.chart, 'Data', {
      name: 'rbdpod', cluster: f.ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10), credentials: f.credentials, fsType: FsType.EXT4, readOnly: true,
    });
    const db = new kplus.Deployment(f.chart, 'Db', {
      replicas: 3, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'postgres:16', securityContext: { ensureNonRoot: false } }],
    });
    db.containers[0].mount('/var/lib/postgresql/data', data);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(only(docs, 'PersistentVolume').spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(only(docs, 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadOnlyMany']);
  });

  test('at 1.31 a writable volume mounts its claim writable and writes no readOnly into the source', () => {
    const f = fixture(V1_31);
    seedDeployment(f, { readOnly: undefined, fsType: undefined, pool: undefined });
    const docs = synthValid(f.chart);
    const csi = only(docs, 'PersistentVolume').spec.csi;
    expect(csi).toEqual({
      driver: 'rbd.csi.ceph.com',
      volumeHandle: 'foo',
      nodeStageSecretRef: { name: 'ceph-csi-admin', namespace: 'db' },
      volumeAttributes: { clusterID: 'prod', pool: 'rbd', staticVolume: 'true', imageFeatures: 'layering' },
    });
    expect(podSpec(docs).volumes[0].persistentVolumeClaim).toEqual({ claimName: only(docs, 'PersistentVolumeClaim').metadata.name, readOnly: false });
  });

  test('implementation CSI at 1.24 gives the ceph-csi form, without a warning', () => {
    const f = fixture(V1_24);
    seedDeployment(f, { implementation: VolumeImplementation.CSI });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
    expect(only(docs, 'PersistentVolume').spec.csi.driver).toEqual('rbd.csi.ceph.com');
  });

  test('implementation IN_TREE at 1.31 is Forbidden, naming the removal and the CSI driver', () => {
    const f = fixture(V1_31);
    seedDeployment(f, { implementation: VolumeImplementation.IN_TREE });
    expectSynthErrors(f.chart, [`[test/Data] volumes[rbdpod].rbd: ${REMOVED}`]);
  });

  test('a keyring on the nodes: user and keyring, no Secret', () => {
    const f = fixture(V1_27);
    const keyring = CephCredentials.fromKeyring({ cluster: f.ceph, user: 'kube', path: '/etc/ceph/ceph.client.kube.keyring' });
    seedDeployment(f, { credentials: keyring, readOnly: false });
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['Deployment']);
    expect(podSpec(docs).volumes).toEqual([{
      name: 'rbdpod',
      rbd: { monitors: MONITORS, pool: 'kube', image: 'foo', user: 'kube', keyring: '/etc/ceph/ceph.client.kube.keyring', fsType: 'ext4', readOnly: false },
    }]);
  });

  test('the in-tree Secret must be in the Pod\'s namespace', () => {
    const f = fixture(V1_27);
    const other = new Chart(f.chart.node.scope!, 'ceph', { namespace: 'ceph' });
    // a Secret the library creates is in the volume's namespace: an existing one can be elsewhere
    const secret = new kplus.Secret(other, 'Admin', { metadata: { name: 'ceph-secret' } });
    const creds = CephCredentials.fromSecret({ cluster: f.ceph, user: 'admin', secret });
    seedDeployment(f, { credentials: creds });
    expectSynthErrors(f.chart, [
      '[test/Db] spec.template.spec.volumes[rbdpod].rbd.secretRef.name: Invalid value: "ceph-secret": the Secret is in namespace "ceph", and the kubelet reads it from the Pod\'s namespace "db"',
    ]);
  });

  test('in-tree rules at the Pod volume: monitors and image are required', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: [] });
    new CephRbdVolume(chart, 'Data', { name: 'rbdpod', cluster: ceph, image: '', storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/Ceph] monitors: Required value: list at least one monitor as "host" or "host:port"',
      '[test/Data] volumes[rbdpod].rbd.monitors: Required value',
      '[test/Data] volumes[rbdpod].rbd.image: Required value',
    ]);
  });

  test('a monitor added after mounting reaches the inline volume', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: ['10.16.154.78:6789'] });
    const data = new CephRbdVolume(chart, 'Data', { name: 'rbdpod', cluster: ceph, image: 'foo', storage: Size.gibibytes(1) });
    const db = new kplus.Deployment(chart, 'Db', { containers: [{ image: 'postgres:16', securityContext: { ensureNonRoot: false } }] });
    db.containers[0].mount('/data', data);
    ceph.addMonitor('10.16.154.82:6789');
    expect(podSpec(synthValid(chart)).volumes[0].rbd.monitors).toEqual(['10.16.154.78:6789', '10.16.154.82:6789']);
  });
});

describe('CephRbdPersistentVolume', () => {
  test.each([
    [V1_27, []],
    [V1_30, [`Warning: [test/Data] spec.rbd: ${DEPRECATED} (target 1.30)`]],
  ])('at %s: spec.rbd with the Secret\'s namespace', (version, expectedWarnings) => {
    const f = fixture(version);
    rbdPv(f, { fsType: FsType.EXT4, readOnly: true, accessModes: [RWO, ROX] });

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual(expectedWarnings);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume']);
    expect(only(docs, 'Secret')).toEqual(IN_TREE_SECRET);
    const pv = only(docs, 'PersistentVolume');
    expect(pv.apiVersion).toEqual('v1');
    expect(pv.metadata).toEqual({ name: 'rbd-foo' });
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      capacity: { storage: '10Gi' },
      rbd: {
        monitors: MONITORS,
        pool: 'kube',
        image: 'foo',
        user: 'admin',
        secretRef: { name: 'ceph-secret', namespace: 'db' },
        fsType: 'ext4',
        readOnly: true,
      },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test.each([[V1_31], [V1_24]])('at %s (CSI): a static rbd.csi.ceph.com volume', (version) => {
    const f = fixture(version);
    rbdPv(f, { implementation: version === V1_24 ? VolumeImplementation.CSI : undefined });

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume']);
    expect(only(docs, 'Secret')).toEqual(CSI_SECRET);
    expect(only(docs, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '10Gi' },
      csi: {
        driver: 'rbd.csi.ceph.com',
        volumeHandle: 'foo',
        nodeStageSecretRef: { name: 'ceph-csi-admin', namespace: 'db' },
        volumeAttributes: { clusterID: 'prod', pool: 'kube', staticVolume: 'true', imageFeatures: 'layering' },
      },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test('implementation IN_TREE at 1.31 is Forbidden', () => {
    const f = fixture(V1_31);
    rbdPv(f, { implementation: VolumeImplementation.IN_TREE });
    expectSynthErrors(f.chart, [`[test/Data] spec.rbd: ${REMOVED}`]);
  });

  test.each([[V1_30], [V1_31]])('at %s reserve() gives a claim that binds: no errors, only the deprecation warning', (version) => {
    const f = fixture(version);
    const pv = rbdPv(f);
    const claim = pv.reserve();
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual(version === V1_30 ? [`Warning: [test/Data] spec.rbd: ${DEPRECATED} (target 1.30)`] : []);
    expect(only(docs, 'PersistentVolume').spec.claimRef).toEqual({ name: claim.name, namespace: 'db' });
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: 'rbd-foo',
    });
  });

  test('the key is in no document but the Secrets', () => {
    const f = fixture(V1_31);
    rbdPv(f).reserve();
    expectKeyOnlyInSecrets(synthValid(f.chart));
  });
});

describe('RBD access modes', () => {
  test('in-tree: ReadWriteOnce and ReadOnlyMany; ReadWriteMany refused with the reason', () => {
    const f = fixture(V1_27);
    rbdPv(f, { accessModes: [RWX] });
    expectSynthErrors(f.chart, [`[test/Data] spec.accessModes[0]: Unsupported value: "ReadWriteMany": ${IN_TREE_MODES}`]);
  });

  test('ceph-csi: ReadWriteMany refused for a Filesystem volume', () => {
    const f = fixture(V1_31);
    rbdPv(f, { accessModes: [RWX] });
    expectSynthErrors(f.chart, [`[test/Data] spec.accessModes[0]: Unsupported value: "ReadWriteMany": ${CSI_MODES}`]);
  });

  test('ceph-csi: ReadWriteMany allowed with volumeMode Block', () => {
    const f = fixture(V1_31);
    const pv = rbdPv(f, { accessModes: [RWX], volumeMode: kplus.PersistentVolumeMode.BLOCK });
    pv.reserve();
    const docs = synthValid(f.chart);
    const spec = only(docs, 'PersistentVolume').spec;
    expect([spec.accessModes, spec.volumeMode]).toEqual([['ReadWriteMany'], 'Block']);
    const claim = only(docs, 'PersistentVolumeClaim').spec;
    expect([claim.accessModes, claim.volumeMode]).toEqual([['ReadWriteMany'], 'Block']);
  });

  test('in-tree: Block is served', () => {
    const f = fixture(V1_27);
    rbdPv(f, { volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.volumeMode).toEqual('Block');
  });
});

describe('RBD rules', () => {
  test('a cluster without monitors: on the cluster, and Required on the in-tree source', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: [] });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/Ceph] monitors: Required value: list at least one monitor as "host" or "host:port"',
      '[test/Data] spec.rbd.monitors: Required value',
    ]);
  });

  test('an empty image: in-tree', () => {
    const f = fixture(V1_27);
    rbdPv(f, { image: '' });
    expectSynthErrors(f.chart, ['[test/Data] spec.rbd.image: Required value']);
  });

  test('an empty image: ceph-csi volume handle', () => {
    const f = fixture(V1_31);
    rbdPv(f, { image: '' });
    expectSynthErrors(f.chart, ['[test/Data] spec.csi.volumeHandle: Required value: give the image: ceph-csi uses the image name as the volume handle']);
  });

  test('ceph-csi without a cluster id', () => {
    const f = fixture(V1_31, { noClusterId: true });
    rbdPv(f);
    expectSynthErrors(f.chart, [`[test/Data] spec.csi.volumeAttributes[clusterID]: ${NO_CLUSTER_ID}`]);
  });

  test('ceph-csi without credentials', () => {
    const f = fixture(V1_31);
    rbdPv(f, { credentials: undefined });
    expectSynthErrors(f.chart, [
      '[test/Data] spec.csi.nodeStageSecretRef: Required value: rbd.csi.ceph.com stages the volume with a Secret holding userID and userKey: give credentials',
    ]);
  });

  test('ceph-csi with a keyring', () => {
    const f = fixture(V1_31);
    rbdPv(f, { credentials: CephCredentials.fromKeyring({ cluster: f.ceph }) });
    expectSynthErrors(f.chart, [`[test/Data] spec.csi.nodeStageSecretRef: ${FILE_FOR_CSI}`]);
  });

  test('credentials of another cluster: in-tree and ceph-csi', () => {
    const f = fixture(V1_27);
    const other = new CephCluster(f.chart, 'Other', { monitors: ['10.0.0.1'], clusterId: 'other' });
    const creds = CephCredentials.fromUserKey({ cluster: other, user: 'admin', key: KEY });
    rbdPv(f, { credentials: creds });
    new CephRbdPersistentVolume(f.chart, 'Csi', {
      cluster: f.ceph, image: 'bar', storage: Size.gibibytes(1), credentials: creds, implementation: VolumeImplementation.CSI,
    });
    const why = 'the credentials belong to CephCluster "test/Other", the volume to "test/Ceph"';
    expectSynthErrors(f.chart, [
      `[test/Data] spec.rbd.secretRef: Invalid value: "test/Other": ${why}`,
      `[test/Csi] spec.csi.nodeStageSecretRef: Invalid value: "test/Other": ${why}`,
    ]);
  });

  test('a secret file is a cephfs feature', () => {
    const f = fixture(V1_27);
    rbdPv(f, { credentials: CephCredentials.fromSecretFile({ cluster: f.ceph, path: '/etc/ceph/admin.secret' }) });
    expectSynthErrors(f.chart, [
      '[test/Data] spec.rbd: Forbidden: a secret file is a cephfs feature; rbd reads a Secret (CephCredentials.fromUserKey, fromSecret) or a keyring (fromKeyring)',
    ]);
  });

  test('the Delete reclaim policy on a static ceph-csi volume', () => {
    const f = fixture(V1_31);
    rbdPv(f, { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE });
    expectSynthErrors(f.chart, [
      '[test/Data] spec.persistentVolumeReclaimPolicy: Invalid value: "Delete": must be "Retain" for a static rbd.csi.ceph.com volume: the driver never deletes what it did not provision',
    ]);
  });

  test('unknown image features, and journaling without exclusive-lock and without rbd-nbd', () => {
    const f = fixture(V1_31);
    rbdPv(f, { imageFeatures: ['layering', 'striping', 'journaling'] });
    expectSynthErrors(f.chart, [
      '[test/Data] spec.csi.volumeAttributes[imageFeatures]: Unsupported value: "striping": supported values: "layering", "exclusive-lock", "object-map", "fast-diff", "deep-flatten", "journaling"',
      '[test/Data] spec.csi.volumeAttributes[imageFeatures]: Forbidden: journaling needs exclusive-lock',
      `[test/Data] spec.csi.volumeAttributes[imageFeatures]: ${JOURNALING}`,
    ]);
  });

  test('journaling on a static volume needs the rbd-nbd mounter (internal/rbd/rbd_util.go validateImageFeatures, "requires rbd-nbd for mounter")', () => {
    const f = fixture(V1_31);
    rbdPv(f, { imageFeatures: ['layering', 'exclusive-lock', 'journaling'] });
    expectSynthErrors(f.chart, [`[test/Data] spec.csi.volumeAttributes[imageFeatures]: ${JOURNALING}`]);
    const krbd = fixture(V1_31);
    rbdPv(krbd, { imageFeatures: ['layering', 'exclusive-lock', 'journaling'], mounter: CephRbdMounter.KRBD });
    expectSynthErrors(krbd.chart, [`[test/Data] spec.csi.volumeAttributes[imageFeatures]: ${JOURNALING}`]);
  });

  test('a static volume with the rbd-nbd mounter, map and unmap options and the fallback: the attributes ceph-csi reads at staging', () => {
    const f = fixture(V1_31);
    rbdPv(f, {
      imageFeatures: ['layering', 'exclusive-lock', 'journaling'],
      mounter: CephRbdMounter.RBD_NBD,
      mapOptions: ['try-netlink', 'reattach-timeout=300'],
      unmapOptions: ['force'],
      tryOtherMounters: false,
    });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes).toEqual({
      clusterID: 'prod',
      pool: 'kube',
      staticVolume: 'true',
      imageFeatures: 'layering,exclusive-lock,journaling',
      mounter: 'rbd-nbd',
      mapOptions: 'nbd:try-netlink,reattach-timeout=300',
      unmapOptions: 'nbd:force',
      tryOtherMounters: 'false',
    });
  });

  test('krbd map options are written for krbd, the default mounter (internal/rbd/rbd_attach.go parseMapOptions)', () => {
    const f = fixture(V1_31);
    rbdPv(f, { mapOptions: ['read_from_replica=localize', 'crush_location=zone:zone1'], tryOtherMounters: true });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes).toEqual({
      clusterID: 'prod',
      pool: 'kube',
      staticVolume: 'true',
      imageFeatures: 'layering',
      mapOptions: 'krbd:read_from_replica=localize,crush_location=zone:zone1',
      tryOtherMounters: 'true',
    });
  });

  test('a map option must be one option: ceph-csi splits the attribute at "," and ";"', () => {
    const f = fixture(V1_31);
    rbdPv(f, { mapOptions: ['lock_on_read,queue_depth=1024', ''], unmapOptions: ['force;x'] });
    expectSynthErrors(f.chart, [
      '[test/Data] spec.csi.volumeAttributes[mapOptions]: Invalid value: "lock_on_read,queue_depth=1024": element 0 must be one option, not empty and without "," or ";": ceph-csi splits the attribute there',
      '[test/Data] spec.csi.volumeAttributes[mapOptions]: Invalid value: "": element 1 must be one option, not empty and without "," or ";": ceph-csi splits the attribute there',
      '[test/Data] spec.csi.volumeAttributes[unmapOptions]: Invalid value: "force;x": element 0 must be one option, not empty and without "," or ";": ceph-csi splits the attribute there',
    ]);
  });

  test('an empty imageFeatures list writes no attribute: ceph-csi reads a missing one as no features', () => {
    const f = fixture(V1_31);
    rbdPv(f, { imageFeatures: [] });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes).toEqual({ clusterID: 'prod', pool: 'kube', staticVolume: 'true' });
  });

  test('the in-tree rbd plugin cannot reach a RADOS namespace', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: MONITORS, radosNamespace: 'tenant-a' });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/Data] spec.rbd: Forbidden: CephCluster "test/Ceph" has radosNamespace "tenant-a", which only ceph-csi reaches: the in-tree rbd plugin maps images of the pool\'s default namespace; use implementation CSI',
    ]);
  });

  test('a StorageClass with the rbd-nbd mounter provisions journaling images, written as given', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Journaled', {
      cluster: f.ceph, credentials: f.credentials, imageFeatures: ['layering', 'exclusive-lock', 'journaling'], parameters: { mounter: 'rbd-nbd' },
    });
    new CephRbdStorageClass(f.chart, 'Nbd', {
      cluster: f.ceph, credentials: f.credentials, imageFeatures: ['layering', 'exclusive-lock', 'journaling'], mounter: CephRbdMounter.RBD_NBD,
    });
    new CephRbdStorageClass(f.chart, 'Krbd', { cluster: f.ceph, credentials: f.credentials, imageFeatures: ['exclusive-lock', 'journaling'] });
    expectSynthErrors(f.chart, [`[test/Krbd] parameters[imageFeatures]: ${JOURNALING}`]);
  });

  test('a ceph-csi Secret without a namespace (a volume in a Chart without one)', () => {
    const f = fixture(V1_31, { noNamespace: true });
    rbdPv(f);
    expectSynthErrors(f.chart, [
      '[test/Data] spec.csi.nodeStageSecretRef.namespace: Required value: a CSI volume names its Secret with a namespace: give the volume\'s Chart a namespace, or pass namespace to CephCredentials.fromSecret',
    ]);
  });

  test('an existing Secret with a namespace serves ceph-csi', () => {
    const f = fixture(V1_31, { noNamespace: true });
    const secret = kplus.Secret.fromSecretName(f.chart, 'Existing', 'ceph-user');
    rbdPv(f, { credentials: CephCredentials.fromSecret({ cluster: f.ceph, secret, namespace: 'ceph-csi' }) });
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['PersistentVolume']);
    expect(only(docs, 'PersistentVolume').spec.csi.nodeStageSecretRef).toEqual({ name: 'ceph-user', namespace: 'ceph-csi' });
  });
});

describe('CephRbdStorageClass', () => {
  const CSI_PARAMETERS = {
    'clusterID': 'prod',
    'pool': 'kube',
    'imageFeatures': 'layering',
    'csi.storage.k8s.io/fstype': 'xfs',
    'csi.storage.k8s.io/provisioner-secret-name': 'ceph-csi-admin',
    'csi.storage.k8s.io/provisioner-secret-namespace': 'db',
    'csi.storage.k8s.io/controller-expand-secret-name': 'ceph-csi-admin',
    'csi.storage.k8s.io/controller-expand-secret-namespace': 'db',
    'csi.storage.k8s.io/node-stage-secret-name': 'ceph-csi-admin',
    'csi.storage.k8s.io/node-stage-secret-namespace': 'db',
  };

  test.each([[V1_24], [V1_30], [V1_31], [V1_36]])('at %s the default is ceph-csi, with its Secret parameters', (version) => {
    const f = fixture(version);
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, pool: 'kube', credentials: f.credentials, fsType: FsType.XFS, metadata: { name: 'rbd-fast' } });

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'StorageClass']);
    expect(only(docs, 'Secret')).toEqual(CSI_SECRET);
    expect(only(docs, 'StorageClass')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'rbd-fast' },
      provisioner: 'rbd.csi.ceph.com',
      parameters: CSI_PARAMETERS,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expectKeyOnlyInSecrets(docs);
  });

  test('node options, encryption and topology-constrained pools: the parameters ceph-csi reads, in the library\'s order', () => {
    const f = fixture(V1_31);
    const credentials = CephCredentials.fromUserKey({
      cluster: f.ceph, user: 'kube', key: KEY, csiSecretName: 'ceph-csi-kube', encryptionPassphrase: 'correct horse battery staple',
    });
    new CephRbdStorageClass(f.chart, 'Zonal', {
      cluster: f.ceph,
      credentials,
      pool: 'kube',
      metadata: { name: 'rbd-zonal' },
      mounter: CephRbdMounter.RBD_NBD,
      imageFeatures: ['layering', 'exclusive-lock', 'journaling'],
      mapOptions: ['try-netlink'],
      encrypted: true,
      encryptionType: CephRbdEncryptionType.FILE,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      topologyConstrainedPools: [
        { poolName: 'pool-east', domainSegments: [{ domainLabel: 'zone', value: 'east' }] },
        { poolName: 'pool-west', dataPool: 'ec-west', domainSegments: [{ domainLabel: 'zone', value: 'west' }] },
      ],
    });
    const docs = synthValid(f.chart);
    expect(only(docs, 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ceph-csi-kube', namespace: 'db' },
      immutable: false,
      stringData: { userID: 'kube', userKey: KEY, encryptionPassphrase: 'correct horse battery staple' },
      type: 'Opaque',
    });
    const sc = only(docs, 'StorageClass');
    expect(sc.volumeBindingMode).toEqual('WaitForFirstConsumer');
    expect(sc.parameters).toEqual({
      'clusterID': 'prod',
      'pool': 'kube',
      'imageFeatures': 'layering,exclusive-lock,journaling',
      'mounter': 'rbd-nbd',
      'mapOptions': 'nbd:try-netlink',
      'encrypted': 'true',
      'encryptionType': 'file',
      'topologyConstrainedPools': JSON.stringify([
        { poolName: 'pool-east', domainSegments: [{ domainLabel: 'zone', value: 'east' }] },
        { poolName: 'pool-west', dataPool: 'ec-west', domainSegments: [{ domainLabel: 'zone', value: 'west' }] },
      ]),
      'csi.storage.k8s.io/provisioner-secret-name': 'ceph-csi-kube',
      'csi.storage.k8s.io/provisioner-secret-namespace': 'db',
      'csi.storage.k8s.io/controller-expand-secret-name': 'ceph-csi-kube',
      'csi.storage.k8s.io/controller-expand-secret-namespace': 'db',
      'csi.storage.k8s.io/node-stage-secret-name': 'ceph-csi-kube',
      'csi.storage.k8s.io/node-stage-secret-namespace': 'db',
    });
    expect(docs.filter((d) => d.kind !== 'Secret' && JSON.stringify(d).includes('correct horse')).map((d) => d.kind)).toEqual([]);
  });

  test('encryption rules (internal/rbd/encryption.go ParseEncryptionOpts, internal/kms/secretskms.go): a passphrase for the default KMS, type and KMS only when encrypted', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'NoPassphrase', { cluster: f.ceph, credentials: f.credentials, encrypted: true });
    new CephRbdStorageClass(f.chart, 'WithKms', { cluster: f.ceph, credentials: f.credentials, encrypted: true, encryptionKMSID: 'vault-prod' });
    new CephRbdStorageClass(f.chart, 'NotEncrypted', {
      cluster: f.ceph, credentials: f.credentials, encryptionType: CephRbdEncryptionType.BLOCK, encryptionKMSID: 'vault-prod',
    });
    const existing = CephCredentials.fromSecret({ cluster: f.ceph, secret: kplus.Secret.fromSecretName(f.chart, 'S', 'ceph-rbd'), namespace: 'db' });
    new CephRbdStorageClass(f.chart, 'ExistingSecret', { cluster: f.ceph, credentials: existing, encrypted: true });
    expectSynthErrors(f.chart, [
      '[test/NoPassphrase] parameters[encryptionKMSID]: Required value: ceph-csi\'s default KMS reads encryptionPassphrase from the provisioner and node-stage Secret: ' +
        'give encryptionPassphrase to CephCredentials.fromUserKey, or name a KMS with encryptionKMSID',
      '[test/NotEncrypted] parameters[encryptionType]: Forbidden: ceph-csi reads it only with encrypted: true; give encrypted: true, or leave it unset',
      '[test/NotEncrypted] parameters[encryptionKMSID]: Forbidden: ceph-csi reads it only with encrypted: true; give encrypted: true, or leave it unset',
    ]);
  });

  test('topology-constrained pools need WaitForFirstConsumer (internal/util/topology.go GetTopologyFromRequest), and pools and segments their fields', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Immediate', {
      cluster: f.ceph, credentials: f.credentials, topologyConstrainedPools: [{ poolName: 'pool-east', domainSegments: [{ domainLabel: 'zone', value: 'east' }] }],
    });
    new CephRbdStorageClass(f.chart, 'Empty', { cluster: f.ceph, credentials: f.credentials, topologyConstrainedPools: [] });
    new CephRbdStorageClass(f.chart, 'Loose', loose({
      cluster: f.ceph,
      credentials: f.credentials,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      topologyConstrainedPools: [{ poolName: '', dataPool: 3 }, 'pool-west', { poolName: 'p', domainSegments: [{ domainLabel: 'zone' }, 7] }],
    }));
    expectSynthErrors(f.chart, [
      '[test/Immediate] volumeBindingMode: Invalid value: "Immediate": must be "WaitForFirstConsumer" with topologyConstrainedPools: ' +
        'ceph-csi picks the pool of the node the Pod is scheduled to (internal/util/topology.go GetTopologyFromRequest)',
      '[test/Loose] parameters[topologyConstrainedPools][0].poolName: Required value: every topology pool needs the pool it names',
      '[test/Loose] parameters[topologyConstrainedPools][0].dataPool: Invalid value: 3: must be a string, a pool name (got a number)',
      '[test/Loose] parameters[topologyConstrainedPools][0].domainSegments: Required value: list the domains the pool serves',
      '[test/Loose] parameters[topologyConstrainedPools][1]: Invalid value: "pool-west": must be a topology pool, an object with poolName and domainSegments (got a string)',
      '[test/Loose] parameters[topologyConstrainedPools][2].domainSegments[0].value: Required value',
      '[test/Loose] parameters[topologyConstrainedPools][2].domainSegments[1]: Invalid value: 7: must be a domain segment, an object with domainLabel and value (got a number)',
    ]);
  });

  test('an empty list of topology pools writes no parameter', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials: f.credentials, topologyConstrainedPools: [] });
    expect(only(synthValid(f.chart), 'StorageClass').parameters.topologyConstrainedPools).toBeUndefined();
  });

  test('the in-tree provisioner refuses ceph-csi\'s parameters, and always warns that kube-controller-manager has no rbd command', () => {
    const f = fixture(V1_27);
    new CephRbdStorageClass(f.chart, 'Fast', {
      cluster: f.ceph, credentials: f.credentials, implementation: VolumeImplementation.IN_TREE, mounter: CephRbdMounter.RBD_NBD, encrypted: true,
    });
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Fast] parameters[mounter]: Forbidden: mounter is a ceph-csi parameter, which the in-tree kubernetes.io/rbd provisioner refuses: use implementation CSI',
      '[test/Fast] parameters[encrypted]: Forbidden: encrypted is a ceph-csi parameter, which the in-tree kubernetes.io/rbd provisioner refuses: use implementation CSI',
    ]));
    const ok = fixture(V1_27);
    new CephRbdStorageClass(ok.chart, 'Fast', { cluster: ok.ceph, credentials: ok.credentials, implementation: VolumeImplementation.IN_TREE });
    expect(synthWithWarnings(ok.chart).warnings).toEqual([`Warning: [test/Fast] provisioner: ${IN_TREE_PROVISIONER}`]);
  });

  test('without fsType no fstype parameter is written', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, pool: 'kube', credentials: f.credentials });
    const { 'csi.storage.k8s.io/fstype': _fs, ...rest } = CSI_PARAMETERS;
    expect(only(synthValid(f.chart), 'StorageClass').parameters).toEqual(rest);
  });

  test('IN_TREE at 1.30: kubernetes.io/rbd with its own parameters and the deprecation warning', () => {
    const f = fixture(V1_30);
    new CephRbdStorageClass(f.chart, 'Fast', {
      cluster: f.ceph, pool: 'kube', credentials: f.credentials, implementation: VolumeImplementation.IN_TREE, metadata: { name: 'rbd-fast' },
    });

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Fast] provisioner: ${DEPRECATED} (target 1.30)`, `Warning: [test/Fast] provisioner: ${IN_TREE_PROVISIONER}`]);
    expect(kinds(docs)).toEqual(['Secret', 'StorageClass']);
    expect(only(docs, 'Secret')).toEqual(IN_TREE_SECRET);
    const sc = only(docs, 'StorageClass');
    expect(sc.provisioner).toEqual('kubernetes.io/rbd');
    expect(sc.parameters).toEqual({
      monitors: MONITORS.join(','),
      adminId: 'admin',
      adminSecretName: 'ceph-secret',
      adminSecretNamespace: 'db',
      userId: 'admin',
      userSecretName: 'ceph-secret',
      userSecretNamespace: 'db',
      pool: 'kube',
      imageFormat: '2',
      imageFeatures: 'layering',
    });
    expectKeyOnlyInSecrets(docs);
  });

  test('IN_TREE: a monitor added after the class is in its monitors parameter', () => {
    const chart = storageChart({ kubernetesVersion: V1_27, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', { monitors: ['10.16.154.78:6789'] });
    const credentials = CephCredentials.fromUserKey({ cluster: ceph, user: 'admin', key: KEY });
    new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, credentials, implementation: VolumeImplementation.IN_TREE });
    ceph.addMonitor('10.16.154.82:6789');
    expect(only(synthValid(chart), 'StorageClass').parameters.monitors).toEqual('10.16.154.78:6789,10.16.154.82:6789');
  });

  test('IN_TREE at 1.31 is Forbidden', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials: f.credentials, implementation: VolumeImplementation.IN_TREE });
    expectSynthErrors(f.chart, [`[test/Fast] provisioner: ${REMOVED}`]);
  });

  test('IN_TREE serves only the layering feature', () => {
    const f = fixture(V1_27);
    new CephRbdStorageClass(f.chart, 'Fast', {
      cluster: f.ceph, credentials: f.credentials, implementation: VolumeImplementation.IN_TREE, imageFeatures: ['layering', 'exclusive-lock'],
    });
    expectSynthErrors(f.chart, ['[test/Fast] parameters[imageFeatures]: Unsupported value: "exclusive-lock": supported values: "layering"']);
  });

  test('ceph-csi provisions images with object-map, fast-diff and deep-flatten too', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', {
      cluster: f.ceph, credentials: f.credentials, imageFeatures: ['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'deep-flatten'],
    });
    expect(only(synthValid(f.chart), 'StorageClass').parameters.imageFeatures).toEqual('layering,exclusive-lock,object-map,fast-diff,deep-flatten');
  });

  test('missing credentials: ceph-csi and in-tree', () => {
    const f = fixture(V1_30);
    // credentials are required: only a JavaScript or Python caller can leave them out
    new CephRbdStorageClass(f.chart, 'Csi', loose({ cluster: f.ceph }));
    new CephRbdStorageClass(f.chart, 'InTree', loose({ cluster: f.ceph, implementation: VolumeImplementation.IN_TREE }));
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Csi] parameters[csi.storage.k8s.io/provisioner-secret-name]: Required value: rbd.csi.ceph.com provisions with a Secret of the cluster\'s user: give credentials',
      '[test/InTree] parameters[adminSecretName]: Required value: the in-tree provisioner creates images with an admin Secret of type kubernetes.io/rbd: give credentials',
    ]));
  });

  test('ceph-csi without a cluster id, and a Chart without a namespace', () => {
    const f = fixture(V1_31, { noNamespace: true, noClusterId: true });
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials: f.credentials });
    expectSynthErrors(f.chart, [
      `[test/Fast] parameters[clusterID]: ${NO_CLUSTER_ID}`,
      '[test/Fast] parameters[csi.storage.k8s.io/provisioner-secret-namespace]: Required value: a StorageClass names its Secrets with a namespace: give the StorageClass\'s Chart a namespace, or pass namespace to CephCredentials.fromSecret',
    ]);
  });

  test('createClaim binds no volume and is schema-valid', () => {
    const f = fixture(V1_31);
    const sc = new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, pool: 'kube', credentials: f.credentials, metadata: { name: 'rbd-fast' } });
    sc.createClaim(f.chart, 'Data', { storage: Size.gibibytes(20) });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    const claim = only(docs, 'PersistentVolumeClaim');
    expect(claim.metadata.namespace).toEqual('db');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'rbd-fast',
      volumeMode: 'Filesystem',
    });
    expect(docs.filter((d) => d.kind === 'PersistentVolume')).toEqual([]);
  });
});

test('no error is printed with the key in it', () => {
  const f = fixture(V1_31, { noNamespace: true, noClusterId: true });
  rbdPv(f, { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE });
  let message = '';
  try {
    Testing.synth(f.chart);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('Validation failed');
  expect(message).not.toContain(KEY);
});

describe('image feature dependencies (ceph-csi)', () => {
  test('object-map needs exclusive-lock, fast-diff needs object-map', () => {
    const chart = storageChart({ kubernetesVersion: KubernetesVersion.V1_31, namespace: 'db' });
    const cluster = new CephCluster(chart, 'Ceph', { monitors: ['10.0.0.1'], clusterId: 'prod' });
    const credentials = CephCredentials.fromUserKey({ cluster, user: 'kube', key: 'AQBs' });
    new CephRbdStorageClass(chart, 'Fast', { cluster, credentials, imageFeatures: ['layering', 'object-map', 'fast-diff'] });
    expectSynthErrors(chart, ['[test/Fast] parameters[imageFeatures]: Forbidden: object-map needs exclusive-lock']);
  });
});

/** Props as a JavaScript or Python caller can pass them: TypeScript's types do not hold at run time. */
const loose = (v: object): any => v;
const SECRET_SHAPE = 'must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name)';
const SUBDOMAIN = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const DNS_LABEL = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';

describe('RBD props of another type (JavaScript, Python): reported where they land', () => {
  test('in-tree Pod volume: image, pool, readOnly, imageFeatures, storage', () => {
    const f = fixture(V1_27);
    seedDeployment(f, loose({ image: 7, pool: 1, readOnly: 'yes', imageFeatures: 'layering', storage: 10 }));
    expectSynthErrors(f.chart, [
      '[test/Data] volumes[rbdpod].rbd.image: Invalid value: 7: must be a string, the image name (got a number)',
      '[test/Data] volumes[rbdpod].rbd.pool: Invalid value: 1: must be a string (got a number)',
      '[test/Data] volumes[rbdpod].rbd.readOnly: Invalid value: "yes": must be true or false (got a string)',
      '[test/Data] imageFeatures: Invalid value: "layering": must be a list of image features, such as ["layering"] (got a string)',
      '[test/Data] storage: Invalid value: 10: must be a Size, such as Size.gibibytes(10) (got a number)',
    ]);
  });

  test('ceph-csi PersistentVolume: image, pool, readOnly, imageFeatures at the CSI fields', () => {
    const f = fixture(V1_31);
    rbdPv(f, loose({ image: 7, pool: 1, readOnly: 'yes', imageFeatures: ['layering', 2] }));
    expectSynthErrors(f.chart, [
      '[test/Data] spec.csi.volumeHandle: Invalid value: 7: must be a string, the image name (got a number)',
      '[test/Data] spec.csi.volumeAttributes[pool]: Invalid value: 1: must be a string (got a number)',
      '[test/Data] spec.csi.readOnly: Invalid value: "yes": must be true or false (got a string)',
      '[test/Data] spec.csi.volumeAttributes[imageFeatures][1]: Invalid value: 2: must be a string, an image feature (got a number)',
    ]);
  });

  test('no image at all (None from Python): Required', () => {
    const f = fixture(V1_27);
    rbdPv(f, loose({ image: null }));
    captureWarnings(() => expectSynthErrors(f.chart, ['[test/Data] spec.rbd.image: Required value']));
  });

  test('no cluster: Required where its monitors (in-tree) or its cluster id (CSI) land', () => {
    const inTree = fixture(V1_27);
    rbdPv(inTree, loose({ cluster: undefined, credentials: undefined }));
    expectSynthErrors(inTree.chart, ['[test/Data] spec.rbd.monitors: Required value: give cluster: the CephCluster of the image or filesystem']);
    const csi = fixture(V1_31);
    rbdPv(csi, loose({ cluster: 'prod', credentials: undefined }));
    expectSynthErrors(csi.chart, [
      '[test/Data] spec.csi.volumeAttributes[clusterID]: Invalid value: "prod": must be a CephCluster (got a string)',
      '[test/Data] spec.csi.nodeStageSecretRef: Required value: rbd.csi.ceph.com stages the volume with a Secret holding userID and userKey: give credentials',
    ]);
  });

  test('credentials that are no CephCredentials', () => {
    const f = fixture(V1_27);
    seedDeployment(f, loose({ credentials: { user: 'admin', key: KEY } }));
    // printed redacted: such a value may hold the key itself
    expectSynthErrors(f.chart, [
      '[test/Data] volumes[rbdpod].rbd.secretRef: Invalid value: <redacted>: must be CephCredentials (CephCredentials.fromUserKey, fromSecret, fromKeyring or fromSecretFile) (got an object)',
    ]);
  });

  test('an implementation that is none of VolumeImplementation\'s', () => {
    const f = fixture(V1_27);
    seedDeployment(f, loose({ implementation: 'ceph-csi' }));
    expectSynthErrors(f.chart, [
      '[test/Data] volumes[rbdpod].rbd: Unsupported value: "ceph-csi": supported values: "auto", "in-tree", "csi"; the implementation prop (VolumeImplementation.AUTO, IN_TREE or CSI) decides which form is written',
    ]);
  });

  test('a removed form is still checked like the in-tree source it writes', () => {
    const f = fixture(V1_31);
    seedDeployment(f, { implementation: VolumeImplementation.IN_TREE, image: '' });
    expectSynthErrors(f.chart, [`[test/Data] volumes[rbdpod].rbd: ${REMOVED}`, '[test/Data] volumes[rbdpod].rbd.image: Required value']);
  });
});

describe('RBD forms since the ceph-csi review', () => {
  test('ceph-csi serves ReadWriteOncePod (SINGLE_NODE_SINGLE_WRITER); in-tree does not', () => {
    const csi = fixture(V1_31);
    rbdPv(csi, { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] }).reserve();
    expect(only(synthValid(csi.chart), 'PersistentVolume').spec.accessModes).toEqual(['ReadWriteOncePod']);
    const inTree = fixture(V1_27);
    rbdPv(inTree, { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] });
    expectSynthErrors(inTree.chart, [`[test/Data] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": ${IN_TREE_MODES}`]);
  });

  test('a static ceph-csi volume may be ReadOnlyMany: the node server maps it read-only and mounts it "ro" (internal/rbd/nodeserver.go stageTransaction, mountVolumeToStagePath)', () => {
    const f = fixture(V1_31);
    rbdPv(f, { accessModes: [ROX], readOnly: true }).reserve();
    const docs = synthValid(f.chart);
    expect(only(docs, 'PersistentVolume').spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(only(docs, 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadOnlyMany']);
  });

  test('a claim of a ceph-csi class may not be ReadOnlyMany (internal/util/validate.go CheckReadOnlyManyIsSupported), nor ReadWriteMany for a filesystem', () => {
    const f = fixture(V1_31);
    const fast = new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials: f.credentials });
    fast.createClaim(f.chart, 'Shared', { storage: Size.gibibytes(1), accessModes: [RWO, ROX] });
    fast.createClaim(f.chart, 'Many', { storage: Size.gibibytes(1), accessModes: [RWX] });
    fast.createClaim(f.chart, 'Raw', { storage: Size.gibibytes(1), accessModes: [RWX], volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expectSynthErrors(f.chart, [
      '[test/Shared] spec.accessModes[1]: Unsupported value: "ReadOnlyMany": supported values: "ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"; ' +
        'rbd.csi.ceph.com provisions ReadOnlyMany only as a clone of a snapshot or volume; use a static CephRbdPersistentVolume',
      '[test/Many] spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadWriteOncePod"; rbd.csi.ceph.com provisions ReadWriteMany only for volumeMode Block',
    ]);
  });
});

describe('CephRbdStorageClass props of another type (JavaScript, Python)', () => {
  test('pool, imageFeatures, fsType and parameters: reported at their parameters, and not written', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', loose({
      cluster: f.ceph,
      credentials: f.credentials,
      pool: 3,
      imageFeatures: [1],
      fsType: 5,
      parameters: { mounter: 1, mapOptions: 'lock_on_read' },
      metadata: { name: 'fast' },
    }));
    expectSynthErrors(f.chart, [
      '[test/Fast] parameters[pool]: Invalid value: 3: must be a string (got a number)',
      '[test/Fast] parameters[imageFeatures][0]: Invalid value: 1: must be a string, an image feature (got a number)',
      '[test/Fast] parameters[csi.storage.k8s.io/fstype]: Invalid value: 5: must be an FsType, such as FsType.EXT4 or FsType.of("btrfs") (got a number)',
      '[test/Fast] parameters[mounter]: Invalid value: 1: must be a string (got a number)',
    ]);
  });

  test('cluster and credentials of other types', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', loose({ cluster: 'prod', credentials: 'admin' }));
    expectSynthErrors(f.chart, [
      '[test/Fast] parameters[clusterID]: Invalid value: "prod": must be a CephCluster (got a string)',
      '[test/Fast] parameters[csi.storage.k8s.io/provisioner-secret-name]: Invalid value: <redacted>: must be CephCredentials (CephCredentials.fromUserKey, fromSecret, fromKeyring or fromSecretFile) (got a string)',
    ]);
  });

  test('an existing Secret\'s name and namespace, at the parameters that name them (ceph-csi and in-tree)', () => {
    const f = fixture(V1_30);
    const secret = kplus.Secret.fromSecretName(f.chart, 'Imported', 'Ceph_User');
    const credentials = CephCredentials.fromSecret({ cluster: f.ceph, secret, namespace: 'Bad_NS' });
    new CephRbdStorageClass(f.chart, 'Csi', { cluster: f.ceph, credentials });
    new CephRbdStorageClass(f.chart, 'InTree', { cluster: f.ceph, credentials, implementation: VolumeImplementation.IN_TREE });
    captureWarnings(() => expectSynthErrors(f.chart, [
      `[test/Csi] parameters[csi.storage.k8s.io/provisioner-secret-name]: Invalid value: "Ceph_User": ${SUBDOMAIN}`,
      `[test/Csi] parameters[csi.storage.k8s.io/provisioner-secret-namespace]: Invalid value: "Bad_NS": ${DNS_LABEL}`,
      `[test/InTree] parameters[adminSecretName]: Invalid value: "Ceph_User": ${SUBDOMAIN}`,
      `[test/InTree] parameters[adminSecretNamespace]: Invalid value: "Bad_NS": ${DNS_LABEL}`,
    ]));
  });

  test('fromSecret with no Secret, for a StorageClass', () => {
    const f = fixture(V1_31);
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials: CephCredentials.fromSecret(loose({ cluster: f.ceph, secret: 42 })) });
    expectSynthErrors(f.chart, [`[test/Fast] parameters[csi.storage.k8s.io/provisioner-secret-name]: Invalid value: 42: ${SECRET_SHAPE} (got a number)`]);
  });

  test.each([[VolumeImplementation.IN_TREE], [VolumeImplementation.CSI]])('%s: an empty feature list writes no imageFeatures parameter (ceph-csi refuses an empty one: internal/rbd/controllerserver.go parseVolCreateRequest)', (implementation) => {
    const f = fixture(V1_27);
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials: f.credentials, implementation, imageFeatures: [] });
    let parameters: Record<string, string> = {};
    captureWarnings(() => {
      parameters = only(synthValid(f.chart), 'StorageClass').parameters;
    });
    expect(parameters.imageFeatures).toBeUndefined();
    expect(Object.keys(parameters)).toContain('pool');
  });

  test('in-tree: a user that is no string is reported at adminId', () => {
    const f = fixture(V1_27);
    const secret = kplus.Secret.fromSecretName(f.chart, 'Imported', 'ceph-admin');
    const credentials = CephCredentials.fromSecret(loose({ cluster: f.ceph, secret, namespace: 'db', user: ['admin'] }));
    new CephRbdStorageClass(f.chart, 'Fast', { cluster: f.ceph, credentials, implementation: VolumeImplementation.IN_TREE });
    expectSynthErrors(f.chart, ['[test/Fast] parameters[adminId]: Invalid value: ["admin"]: must be a string (got a list)']);
  });
});
