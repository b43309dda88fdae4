import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { expectSynthErrors, only, storageChart, synthValid, captureWarnings } from './helpers';
import {
  AzureFileStorageClass, CephCluster, CephCredentials, CephFsStorageClass, CephRbdStorageClass, ClaimDataSource, ClaimTemplate,
  EphemeralVolume, SnapshotDeletionPolicy, StorageClass, VolumeClaim, VolumeSnapshot, VolumeSnapshotClass,
} from '../src';

const KEY = 'AQAVpn1pAAAAABAAvZ9iCW/dUxE/Nh8c8m0Ng==';
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const BLOCK = kplus.PersistentVolumeMode.BLOCK;

/** A chart in namespace "db" with a Ceph cluster, its credentials and an RBD class "fast". */
function ceph() {
  const chart = storageChart({ namespace: 'db' });
  const cluster = new CephCluster(chart, 'Ceph', { monitors: ['10.16.154.78:6789'], clusterId: 'prod' });
  const credentials = CephCredentials.fromUserKey({ cluster, user: 'kube', key: KEY, csiSecretName: 'ceph-csi-kube' });
  const fast = new CephRbdStorageClass(chart, 'Fast', { cluster, pool: 'kube', credentials, metadata: { name: 'fast' } });
  const data = fast.createClaim(chart, 'Data', { storage: Size.gibibytes(20), metadata: { name: 'data' } });
  return { chart, cluster, credentials, fast, data };
}

describe('VolumeSnapshotClass', () => {
  test('made from a Ceph RBD class: the driver, Delete, the cluster and the snapshotter Secret the class uses', () => {
    const { chart, fast } = ceph();
    const cls = new VolumeSnapshotClass(chart, 'Snapshots', { storageClass: fast, metadata: { name: 'rbd-snapshots' } });
    const docs = synthValid(chart);
    expect(only(docs, 'VolumeSnapshotClass')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'rbd-snapshots' },
      driver: 'rbd.csi.ceph.com',
      deletionPolicy: 'Delete',
      parameters: {
        'clusterID': 'prod',
        'csi.storage.k8s.io/snapshotter-secret-name': 'ceph-csi-kube',
        'csi.storage.k8s.io/snapshotter-secret-namespace': 'db',
      },
    });
    expect(cls.driver).toBe('rbd.csi.ceph.com');
  });

  test('made from a CephFS class: the Secret with the admin pair, which ceph-csi snapshots with', () => {
    const { chart, cluster, credentials } = ceph();
    const shared = new CephFsStorageClass(chart, 'Shared', { cluster, fsName: 'cephfs', credentials, metadata: { name: 'shared' } });
    new VolumeSnapshotClass(chart, 'Snapshots', { storageClass: shared, deletionPolicy: SnapshotDeletionPolicy.RETAIN, isDefault: true, metadata: { name: 'cephfs-snapshots' } });
    const docs = synthValid(chart);
    const secret = only(docs, 'StorageClass', 'shared').parameters['csi.storage.k8s.io/provisioner-secret-name'];
    expect(only(docs, 'VolumeSnapshotClass')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'cephfs-snapshots', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
      driver: 'cephfs.csi.ceph.com',
      deletionPolicy: 'Retain',
      parameters: {
        'clusterID': 'prod',
        'csi.storage.k8s.io/snapshotter-secret-name': secret,
        'csi.storage.k8s.io/snapshotter-secret-namespace': 'db',
      },
    });
  });

  test('made from an Azure File class: no parameters; the driver\'s two snapshot parameters pass through', () => {
    const chart = storageChart({ namespace: 'web' });
    const files = new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' } });
    new VolumeSnapshotClass(chart, 'Snapshots', { storageClass: files, parameters: { useDataPlaneAPI: 'oauth', metadata: 'team=web' }, metadata: { name: 'files-snapshots' } });
    const docs = synthValid(chart);
    expect(only(docs, 'VolumeSnapshotClass')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'files-snapshots' },
      driver: 'file.csi.azure.com',
      deletionPolicy: 'Delete',
      parameters: { useDataPlaneAPI: 'oauth', metadata: 'team=web' },
    });
  });

  test('by driver: any CSI driver, with its parameters', () => {
    const chart = storageChart();
    new VolumeSnapshotClass(chart, 'Snapshots', { driver: 'ebs.csi.aws.com', parameters: { tagSpecification_1: 'team=db' }, metadata: { name: 'ebs' } });
    expect(only(synthValid(chart), 'VolumeSnapshotClass')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'ebs' },
      driver: 'ebs.csi.aws.com',
      deletionPolicy: 'Delete',
      parameters: { tagSpecification_1: 'team=db' },
    });
  });

  test('an in-tree provisioner\'s class takes no snapshots; Azure File refuses other parameters and useDataPlaneAPI values', () => {
    const chart = storageChart();
    const inTree = new StorageClass(chart, 'Old', { provisioner: 'kubernetes.io/glusterfs', metadata: { name: 'old' } });
    new VolumeSnapshotClass(chart, 'FromInTree', { storageClass: inTree, metadata: { name: 'from-in-tree' } });
    const files = new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' } });
    new VolumeSnapshotClass(chart, 'Azure', { storageClass: files, parameters: { useDataPlaneAPI: 'yes', skuName: 'Premium_LRS' }, metadata: { name: 'azure' } });
    new VolumeSnapshotClass(chart, 'Prefixed', { driver: 'ebs.csi.aws.com', parameters: { 'csi.storage.k8s.io/provisioner-secret-name': 's' }, metadata: { name: 'prefixed' } });
    new VolumeSnapshotClass(chart, 'HalfSecret', { driver: 'ebs.csi.aws.com', parameters: { 'csi.storage.k8s.io/snapshotter-secret-name': 's' }, metadata: { name: 'half' } });
    new VolumeSnapshotClass(chart, 'NoDriver', {} as any);
    expectSynthErrors(chart, [
      '[test/FromInTree] driver: Forbidden: the StorageClass "old" provisions with kubernetes.io/glusterfs, which takes no snapshots: it is an in-tree provisioner, and snapshots and clones are CSI operations (external-snapshotter, external-provisioner): use a CSI driver\'s StorageClass',
      '[test/FromInTree] driver: Invalid value: "kubernetes.io/glusterfs": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      '[test/Azure] parameters[useDataPlaneAPI]: Unsupported value: "yes": supported values: "true", "false", "oauth"; file.csi.azure.com refuses other values',
      '[test/Azure] parameters[skuName]: Unsupported value: "skuName": supported values: "useDataPlaneAPI", "metadata"; file.csi.azure.com refuses other snapshot parameters ("invalid parameter … in storage class")',
      '[test/Prefixed] parameters[csi.storage.k8s.io/provisioner-secret-name]: Unsupported value: "csi.storage.k8s.io/provisioner-secret-name": supported values: "csi.storage.k8s.io/snapshotter-secret-name", "csi.storage.k8s.io/snapshotter-secret-namespace", "csi.storage.k8s.io/snapshotter-list-secret-name", "csi.storage.k8s.io/snapshotter-list-secret-namespace"; external-snapshotter refuses other keys with the reserved prefix csi.storage.k8s.io/ ("found unknown parameter key")',
      '[test/HalfSecret] parameters[csi.storage.k8s.io/snapshotter-secret-namespace]: Required value: external-snapshotter needs both the Secret\'s name and namespace ("Both must be specified")',
      '[test/NoDriver] driver: Required value: give the CSI driver, or the StorageClass whose volumes the class snapshots',
    ]);
  });

  test('two defaults of one driver: the second warns that class-less snapshots of that driver then fail', () => {
    const { chart, fast } = ceph();
    new VolumeSnapshotClass(chart, 'A', { storageClass: fast, isDefault: true, metadata: { name: 'a' } });
    new VolumeSnapshotClass(chart, 'B', { storageClass: fast, isDefault: true, metadata: { name: 'b' } });
    new VolumeSnapshotClass(chart, 'Other', { driver: 'ebs.csi.aws.com', isDefault: true, metadata: { name: 'other' } });
    const warnings = captureWarnings(() => synthValid(chart));
    expect(warnings).toEqual([
      'Warning: [test/B] metadata.annotations[snapshot.storage.kubernetes.io/is-default-class]: another VolumeSnapshotClass of this app is the default of "rbd.csi.ceph.com" too: the snapshot controller then refuses every VolumeSnapshot of that driver that names no class ("default snapshot classes were found"); mark one class only',
    ]);
  });
});

describe('VolumeSnapshot', () => {
  test('snapshots a claim in the claim\'s namespace, with the class named', () => {
    const { chart, fast, data } = ceph();
    const cls = new VolumeSnapshotClass(chart, 'Snapshots', { storageClass: fast, metadata: { name: 'rbd-snapshots' } });
    const snap = new VolumeSnapshot(chart, 'Nightly', { claim: data, snapshotClass: cls, metadata: { name: 'nightly' } });
    expect(only(synthValid(chart), 'VolumeSnapshot')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'nightly', namespace: 'db' },
      spec: { source: { persistentVolumeClaimName: 'data' }, volumeSnapshotClassName: 'rbd-snapshots' },
    });
    expect([snap.name, snap.namespace, snap.apiGroup, snap.resourceType]).toEqual(['nightly', 'db', 'snapshot.storage.k8s.io', 'volumesnapshots']);
  });

  test('of an existing claim, without a class (the driver\'s default class takes it)', () => {
    const chart = storageChart();
    const claim = VolumeClaim.fromExistingClaim(chart, 'Existing', { name: 'pgdata', namespace: 'prod' });
    new VolumeSnapshot(chart, 'Snap', { claim, metadata: { name: 'pgdata-1' } });
    expect(only(synthValid(chart), 'VolumeSnapshot')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'pgdata-1', namespace: 'prod' },
      spec: { source: { persistentVolumeClaimName: 'pgdata' } },
    });
  });

  test('refused: a claim of another namespace, a claim of an in-tree class, a class of another driver, no claim', () => {
    const { chart, fast, data } = ceph();
    const old = new StorageClass(chart, 'Old', { provisioner: 'kubernetes.io/azure-file', metadata: { name: 'old' } });
    const oldClaim = old.createClaim(chart, 'OldClaim', { storage: Size.gibibytes(1), metadata: { name: 'old-claim' } });
    const ebs = new VolumeSnapshotClass(chart, 'Ebs', { driver: 'ebs.csi.aws.com', metadata: { name: 'ebs' } });
    void fast;
    new VolumeSnapshot(chart, 'Elsewhere', { claim: data, metadata: { name: 'elsewhere', namespace: 'backup' } });
    new VolumeSnapshot(chart, 'InTree', { claim: oldClaim, metadata: { name: 'in-tree' } });
    new VolumeSnapshot(chart, 'OtherDriver', { claim: data, snapshotClass: ebs, metadata: { name: 'other-driver' } });
    new VolumeSnapshot(chart, 'NoClaim', { metadata: { name: 'no-claim' } } as any);
    new VolumeSnapshot(chart, 'NotAClaim', { claim: 'data', metadata: { name: 'not-a-claim' } } as any);
    expectSynthErrors(chart, [
      '[test/Elsewhere] metadata.namespace: Invalid value: "backup": the claim "data" is in namespace "db": a VolumeSnapshot snapshots a claim of its own namespace',
      '[test/InTree] spec.source.persistentVolumeClaimName: Forbidden: the claim\'s StorageClass provisions with kubernetes.io/azure-file, which takes no snapshots: it is an in-tree provisioner, and snapshots and clones are CSI operations (external-snapshotter, external-provisioner): use a CSI driver\'s StorageClass',
      '[test/OtherDriver] spec.volumeSnapshotClassName: Invalid value: "ebs": the class\'s driver is "ebs.csi.aws.com" and the claim\'s volume is provisioned by "rbd.csi.ceph.com": only the volume\'s own driver snapshots it (its csi-snapshotter never handles the snapshot, which stays not ready)',
      '[test/NoClaim] spec.source.persistentVolumeClaimName: Required value: give the claim to snapshot',
      '[test/NotAClaim] spec.source.persistentVolumeClaimName: Invalid value: "data": must be a PersistentVolumeClaim: one of this app, or VolumeClaim.fromExistingClaim(scope, id, { name, namespace }) (got a string)',
    ]);
  });
});

describe('claims restored from a snapshot or cloned', () => {
  test('createClaim with a snapshot and with a claim: dataSource written as kube-apiserver keeps it', () => {
    const { chart, fast, data } = ceph();
    const snap = new VolumeSnapshot(chart, 'Nightly', { claim: data, metadata: { name: 'nightly' } });
    fast.createClaim(chart, 'Restored', { storage: Size.gibibytes(20), dataSource: ClaimDataSource.fromSnapshot(snap), metadata: { name: 'restored' } });
    fast.createClaim(chart, 'Clone', { storage: Size.gibibytes(30), dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'clone' } });
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolumeClaim', 'restored').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'nightly' },
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    });
    expect(only(docs, 'PersistentVolumeClaim', 'clone').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      dataSource: { kind: 'PersistentVolumeClaim', name: 'data' },
      resources: { requests: { storage: '30Gi' } },
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    });
  });

  test('ceph-csi provisions ReadOnlyMany RBD claims from a content source only', () => {
    const { chart, fast, data } = ceph();
    fast.createClaim(chart, 'Replica', { storage: Size.gibibytes(20), accessModes: [ROX], dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'replica' } });
    expect(only(synthValid(chart), 'PersistentVolumeClaim', 'replica').spec.accessModes).toEqual(['ReadOnlyMany']);
    const other = ceph();
    other.fast.createClaim(other.chart, 'Empty', { storage: Size.gibibytes(20), accessModes: [ROX], metadata: { name: 'empty' } });
    expectSynthErrors(other.chart, [
      '[test/Empty] spec.accessModes[0]: Unsupported value: "ReadOnlyMany": supported values: "ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"; rbd.csi.ceph.com provisions ReadOnlyMany only as a clone of a snapshot or volume; use a static CephRbdPersistentVolume',
    ]);
  });

  test('a snapshot of the cluster, by name, restored by a claim of a class by name', () => {
    const chart = storageChart({ namespace: 'db' });
    const snap = VolumeSnapshot.fromVolumeSnapshotName(chart, 'Snap', 'pgdata-2026-11-30');
    new VolumeClaim(chart, 'Restored', {
      storage: Size.gibibytes(50), storageClassName: 'premium', accessModes: [RWO], dataSource: ClaimDataSource.fromSnapshot(snap), metadata: { name: 'restored' },
    });
    expect(only(synthValid(chart), 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'pgdata-2026-11-30' },
      resources: { requests: { storage: '50Gi' } },
      storageClassName: 'premium',
      volumeMode: 'Filesystem',
    });
  });

  test('refused as external-provisioner would: smaller than the source, another volume mode, another driver, another namespace, class "", in-tree class', () => {
    const { chart, fast, data } = ceph();
    const snap = new VolumeSnapshot(chart, 'Nightly', { claim: data, metadata: { name: 'nightly' } });
    const files = new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' } });
    const old = new StorageClass(chart, 'Old', { provisioner: 'kubernetes.io/glusterfs', metadata: { name: 'old' } });
    fast.createClaim(chart, 'Small', { storage: Size.gibibytes(10), dataSource: ClaimDataSource.fromSnapshot(snap), metadata: { name: 'small' } });
    fast.createClaim(chart, 'SmallClone', { storage: Size.gibibytes(10), dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'small-clone' } });
    fast.createClaim(chart, 'Raw', { storage: Size.gibibytes(20), volumeMode: BLOCK, dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'raw' } });
    files.createClaim(chart, 'Across', { storage: Size.gibibytes(20), dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'across' } });
    files.createClaim(chart, 'AcrossSnapshot', {
      storage: Size.gibibytes(20),
      dataSource: ClaimDataSource.fromSnapshot(
        new VolumeSnapshot(chart, 'Typed', { claim: data, snapshotClass: new VolumeSnapshotClass(chart, 'Rbd', { storageClass: fast, metadata: { name: 'rbd' } }), metadata: { name: 'typed' } })),
      metadata: { name: 'across-snapshot' },
    });
    new VolumeClaim(chart, 'Static', { storage: Size.gibibytes(20), storageClassName: '', accessModes: [RWO], dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'static' } });
    old.createClaim(chart, 'InTree', { storage: Size.gibibytes(20), dataSource: ClaimDataSource.fromSnapshot(snap), metadata: { name: 'in-tree' } });
    new VolumeClaim(chart, 'OtherNs', {
      storage: Size.gibibytes(20), storageClassName: 'fast', accessModes: [RWO], dataSource: ClaimDataSource.fromClaim(data), metadata: { name: 'other-ns', namespace: 'test' },
    });
    expectSynthErrors(chart, [
      '[test/Small] spec.resources.requests[storage]: Invalid value: "10Gi": must be at least the size of the snapshot\'s claim "data" (20Gi): a snapshot restores the whole volume, and external-provisioner refuses a smaller request ("requested volume size … is less than the size … for the source snapshot")',
      '[test/SmallClone] spec.resources.requests[storage]: Invalid value: "10Gi": must be at least the size of the claim it clones, "data" (20Gi): external-provisioner refuses a smaller clone ("new PVC request must be greater than or equal in size to the specified PVC data source")',
      '[test/Raw] spec.volumeMode: Invalid value: "Block": the claim it clones, "data", is Filesystem: "the source PVC and destination PVCs must have the same volume mode for cloning" (external-provisioner)',
      '[test/Across] spec.dataSource.name: Invalid value: "data": the claim it clones is provisioned by "rbd.csi.ceph.com", this claim\'s StorageClass by "file.csi.azure.com": a driver clones only its own volumes (external-provisioner: "claim in dataSource not bound or invalid")',
      '[test/AcrossSnapshot] spec.dataSource.name: Invalid value: "typed": the snapshot\'s VolumeSnapshotClass is of driver "rbd.csi.ceph.com", and the claim\'s StorageClass provisions with "file.csi.azure.com": external-provisioner restores only snapshots of its own driver ("is not handled by CSI driver of StorageClass")',
      '[test/Static] spec.dataSource: Forbidden: a claim cloned from another claim is provisioned by its StorageClass\'s CSI driver; storageClassName "" binds an existing volume and never provisions one, so the data source would be ignored: name a StorageClass',
      '[test/InTree] spec.dataSource: Forbidden: kubernetes.io/glusterfs restores no snapshots: it is an in-tree provisioner, and snapshots and clones are CSI operations (external-snapshotter, external-provisioner): use a CSI driver\'s StorageClass (external-provisioner refuses the claim: "CSI driver does not support snapshot restore")',
      '[test/OtherNs] spec.dataSource.name: Invalid value: "data": the claim is in namespace "db" and the claim in "test": a dataSource names an object of the claim\'s own namespace (external-provisioner looks it up there)',
    ]);
  });

  test('wrong types from JavaScript: a data source that is none, a snapshot that is none', () => {
    const { chart, fast } = ceph();
    fast.createClaim(chart, 'A', { storage: Size.gibibytes(1), dataSource: 'nightly' as any, metadata: { name: 'a' } });
    fast.createClaim(chart, 'B', { storage: Size.gibibytes(1), dataSource: ClaimDataSource.fromSnapshot(null as any), metadata: { name: 'b' } });
    fast.createClaim(chart, 'C', { storage: Size.gibibytes(1), dataSource: ClaimDataSource.fromClaim({ name: 'x' } as any), metadata: { name: 'c' } });
    expectSynthErrors(chart, [
      '[test/A] spec.dataSource: Invalid value: "nightly": must be ClaimDataSource.fromSnapshot(snapshot) or ClaimDataSource.fromClaim(claim) (got a string)',
      '[test/B] spec.dataSource.name: Invalid value: null: must be a VolumeSnapshot: one of this app, or VolumeSnapshot.fromVolumeSnapshotName(scope, id, name) (got null)',
      '[test/C] spec.dataSource.name: Invalid value: {"name":"x"}: must be a PersistentVolumeClaim: one of this app, or VolumeClaim.fromExistingClaim(scope, id, { name, namespace }) (got an object)',
    ]);
  });

  test('empty names, as kube-apiserver and the CRD\'s CEL rule report them', () => {
    const { chart, fast, data } = ceph();
    new VolumeSnapshot(chart, 'NoClass', { claim: data, snapshotClass: VolumeSnapshotClass.fromVolumeSnapshotClassName(chart, 'Empty', ''), metadata: { name: 'no-class' } });
    fast.createClaim(chart, 'Restored', { storage: Size.gibibytes(20), dataSource: ClaimDataSource.fromSnapshot(VolumeSnapshot.fromVolumeSnapshotName(chart, 'Unnamed', '')), metadata: { name: 'restored' } });
    expectSynthErrors(chart, [
      '[test/NoClass] spec.volumeSnapshotClassName: Invalid value: "": volumeSnapshotClassName must not be the empty string when set',
      '[test/Restored] spec.dataSource.name: Required value',
      '[test/Restored] spec.dataSourceRef.name: Required value',
    ]);
  });

  test('per-replica claims and ephemeral volumes restored from a snapshot', () => {
    const { chart, fast, data } = ceph();
    const snap = new VolumeSnapshot(chart, 'Seed', { claim: data, metadata: { name: 'seed' } });
    const db = new kplus.StatefulSet(chart, 'Db', { containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }], metadata: { name: 'db' } });
    new ClaimTemplate(db, 'Pgdata', { storageClass: fast, storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data', dataSource: ClaimDataSource.fromSnapshot(snap) });
    const scratch = new EphemeralVolume(chart, 'Scratch', { storageClass: fast, storage: Size.gibibytes(20), dataSource: ClaimDataSource.fromSnapshot(snap), name: 'scratch' });
    const job = new kplus.Job(chart, 'Check', { containers: [{ image: 'postgres:16', securityContext: { ensureNonRoot: false } }] });
    job.containers[0].mount('/seed', scratch);
    const docs = synthValid(chart);
    const expected = {
      accessModes: ['ReadWriteOnce'],
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'seed' },
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    };
    expect(only(docs, 'StatefulSet').spec.volumeClaimTemplates[0].spec).toEqual(expected);
    expect(only(docs, 'Job').spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec).toEqual(expected);
  });

  test('a per-replica claim restored from a snapshot of another namespace: external-provisioner looks the source up in the claim\'s (the StatefulSet\'s) namespace', () => {
    const { chart, fast, data } = ceph();
    const snap = new VolumeSnapshot(chart, 'Seed', { claim: data, metadata: { name: 'seed' } });
    const web = new Chart(chart.node.root as App, 'web', { namespace: 'web' });
    const db = new kplus.StatefulSet(web, 'Db', { containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }], metadata: { name: 'db' } });
    new ClaimTemplate(db, 'Pgdata', { storageClass: fast, storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data', dataSource: ClaimDataSource.fromSnapshot(snap) });
    expectSynthErrors(web, [
      '[web/Db/Pgdata] spec.volumeClaimTemplates[0].spec.dataSource.name: Invalid value: "seed": the snapshot is in namespace "db" and the claim in "web": a dataSource names an object of the claim\'s own namespace (external-provisioner looks it up there)',
    ]);
  });
});
