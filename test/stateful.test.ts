import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { captureWarnings, expectSynthErrors, only, storageChart, synthValid } from './helpers';
import {
  AzureFileStorageClass, CephCluster, CephCredentials, CephFsStorageClass, CephRbdStorageClass, GlusterStorageClass,
  ClaimRetentionPolicy, ClaimTemplate, EphemeralVolume, KubernetesVersion, StorageClass, VolumeClaim,
} from '../src';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
const IMAGE = [{ image: 'postgres:16', portNumber: 5432 }];
const SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character ' +
  '(e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';

function db(chart: Chart, replicas = 3): kplus.StatefulSet {
  return new kplus.StatefulSet(chart, 'Db', { metadata: { name: 'db' }, replicas, containers: IMAGE });
}

function fastClass(chart: Chart): StorageClass {
  return new StorageClass(chart, 'Fast', { metadata: { name: 'fast' }, provisioner: 'rbd.csi.ceph.com' });
}

/** A Ceph cluster and its admin's credentials: what a backend's StorageClass takes (it declares what its provisioner serves). */
function ceph(chart: Chart): { cluster: CephCluster; credentials: CephCredentials } {
  const cluster = new CephCluster(chart, 'Ceph', { monitors: ['10.16.154.78:6789'], clusterId: 'prod' });
  return { cluster, credentials: CephCredentials.fromUserKey({ cluster, user: 'admin', key: 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==' }) };
}

describe('ClaimTemplate', () => {
  test('writes spec.volumeClaimTemplates and the container\'s volumeMount; the volume is not in spec.template.spec.volumes', () => {
    // GIVEN
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    sts.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(chart, 'Tmp', 'tmp'));
    // WHEN
    const data = new ClaimTemplate(sts, 'Data', { storageClass: fastClass(chart), storage: Size.mebibytes(512), mountPath: '/var/lib/postgresql/data' });
    // THEN
    const spec = only(synthValid(chart), 'StatefulSet').spec;
    expect(data.name).toEqual('data');
    expect(spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '512Mi' } }, storageClassName: 'fast', volumeMode: 'Filesystem' },
    }]);
    expect(spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(spec.template.spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'tmp' },
      { mountPath: '/var/lib/postgresql/data', name: 'data' },
    ]);
    expect(spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
  });

  test('a class by name, no class (the cluster\'s default), Block, several modes; mount() into an init container read-only; later mounts are in the manifest', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    const init = sts.addInitContainer({ image: 'busybox:1.36' });
    const logs = new ClaimTemplate(sts, 'Logs', { storageClass: StorageClass.fromStorageClassName(chart, 'Slow', 'slow'), storage: Size.gibibytes(1), accessModes: [RWO, RWX] });
    new ClaimTemplate(sts, 'Raw', { name: 'raw-disk', storage: Size.gibibytes(2), volumeMode: kplus.PersistentVolumeMode.BLOCK });
    logs.mount(init, '/logs', { readOnly: true });
    logs.mount(sts.containers[0], '/var/log/postgresql');
    const spec = only(synthValid(chart), 'StatefulSet').spec;
    expect(spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'logs' }, spec: { accessModes: ['ReadWriteOnce', 'ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'slow', volumeMode: 'Filesystem' } },
      { metadata: { name: 'raw-disk' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, volumeMode: 'Block' } },
    ]);
    expect(spec.template.spec.initContainers[0].volumeMounts).toEqual([{ mountPath: '/logs', name: 'logs', readOnly: true }]);
    expect(spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/log/postgresql', name: 'logs' }]);
    expect(spec.template.spec.volumes).toBeUndefined();
  });

  test.each([
    [KubernetesVersion.V1_27], [KubernetesVersion.V1_32], [KubernetesVersion.V1_37],
  ])('the retention policy is written at %s (beta and on from 1.27, GA in 1.32)', (v) => {
    const chart = storageChart({ namespace: 'db', kubernetesVersion: v });
    const sts = db(chart);
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    ClaimTemplate.setRetentionPolicy(sts, { whenScaled: ClaimRetentionPolicy.DELETE });
    expect(only(synthValid(chart), 'StatefulSet').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  test('the retention policy before 1.27: the API server drops the field', () => {
    const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_26 });
    const sts = db(chart);
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    ClaimTemplate.setRetentionPolicy(sts, { whenDeleted: ClaimRetentionPolicy.DELETE });
    expectSynthErrors(chart, [
      '[test/Db] spec.persistentVolumeClaimRetentionPolicy: Forbidden: persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC) is served from 1.27 (target 1.26): ' +
      'its feature gate is off before, and the API server drops the field: the claims are always retained',
    ]);
  });

  test('setRetentionPolicy a second time replaces the first', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    ClaimTemplate.setRetentionPolicy(sts, { whenDeleted: ClaimRetentionPolicy.DELETE });
    ClaimTemplate.setRetentionPolicy(sts, { whenScaled: ClaimRetentionPolicy.DELETE });
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    expect(only(synthValid(chart), 'StatefulSet').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  test('a retention policy without templates writes no empty template list', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    ClaimTemplate.setRetentionPolicy(sts, { whenDeleted: ClaimRetentionPolicy.DELETE });
    const spec = only(synthValid(chart), 'StatefulSet').spec;
    expect(spec.volumeClaimTemplates).toBeUndefined();
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  });

  test('mountPath on a StatefulSet without containers yet: give container, or add it first', () => {
    const chart = storageChart({ namespace: 'db' });
    const service = new kplus.Service(chart, 'Svc', { metadata: { name: 'db' }, clusterIP: 'None', ports: [{ port: 5432 }] });
    const sts = new kplus.StatefulSet(chart, 'Db', { metadata: { name: 'db' }, service });
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    sts.addContainer({ image: 'postgres:16', portNumber: 5432 });
    expectSynthErrors(chart, [
      '[test/Db/Data] spec.template.spec.containers: Required value: mountPath is given and the StatefulSet has no container yet: add the container first, or give container',
    ]);
  });

  test('"" is unset, as kube-apiserver defaults it: Retain', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    ClaimTemplate.setRetentionPolicy(sts, { whenDeleted: '' as any, whenScaled: ClaimRetentionPolicy.DELETE });
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    expect(only(synthValid(chart), 'StatefulSet').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  test('the claim spec is checked like every claim: the modes the provisioner serves, the size, the volume mode, the class name', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    const fast = new CephRbdStorageClass(chart, 'Fast', { ...ceph(chart), pool: 'kube', metadata: { name: 'fast' } });
    new ClaimTemplate(sts, 'Data', { storageClass: fast, storage: Size.gibibytes(0), accessModes: [RWX], mountPath: '/data' });
    new ClaimTemplate(sts, 'Logs', { storageClass: StorageClass.fromStorageClassName(chart, 'Old', 'Bad_Name'), storage: Size.gibibytes(1), volumeMode: 'block' as any });
    new ClaimTemplate(sts, 'Wal', { storage: undefined as any, accessModes: [RWOP, RWO] });
    expectSynthErrors(chart, [
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadWriteOncePod"; ' +
      'ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block), and ReadOnlyMany only restored from a snapshot or cloned',
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: "0": must be greater than zero',
      '[test/Db/Logs] spec.volumeClaimTemplates[1].spec.volumeMode: Unsupported value: "block": supported values: "Block", "Filesystem"',
      `[test/Db/Logs] spec.volumeClaimTemplates[1].spec.storageClassName: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
      '[test/Db/Wal] spec.volumeClaimTemplates[2].spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      '[test/Db/Wal] spec.volumeClaimTemplates[2].spec.resources[storage]: Required value',
    ]);
  });

  test('a CephFsStorageClass (cephfs.csi.ceph.com) serves no Block volumes', () => {
    const chart = storageChart({ namespace: 'db' });
    const fs = new CephFsStorageClass(chart, 'Files', { ...ceph(chart), fsName: 'cephfs', metadata: { name: 'files' } });
    new ClaimTemplate(db(chart), 'Data', { storageClass: fs, storage: Size.gibibytes(1), volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expectSynthErrors(chart, [
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; CephFS is a shared filesystem; use a Ceph RBD class for a raw block device',
    ]);
  });

  test('what a provisioner serves is the backend class\'s word: a plain StorageClass of the same provisioner gets the API server\'s rules only', () => {
    const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_25 });
    const sts = db(chart);
    const block = kplus.PersistentVolumeMode.BLOCK;
    const files = new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'azurefile' } });
    const gold = new GlusterStorageClass(chart, 'Gold', { resturl: 'http://heketi.storage.svc:8080', metadata: { name: 'gluster-gold' } });
    const plain = new StorageClass(chart, 'Plain', { metadata: { name: 'plain' }, provisioner: 'file.csi.azure.com' });
    new ClaimTemplate(sts, 'Data', { storageClass: files, storage: Size.gibibytes(1), volumeMode: block });
    new ClaimTemplate(sts, 'Bricks', { storageClass: gold, storage: Size.gibibytes(1), volumeMode: block });
    new ClaimTemplate(sts, 'Plain', { storageClass: plain, storage: Size.gibibytes(1), volumeMode: block });
    expectSynthErrors(chart, [
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; ' +
      'an Azure file share is a file system; use an Azure Disk for a raw block device',
      '[test/Db/Bricks] spec.volumeClaimTemplates[1].spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; ' +
      'the glusterfs plugin mounts a Gluster volume as a filesystem and has no raw block mode',
    ]);
  });

  test('names: a DNS label, one per template, and not the name of a Pod volume of the StatefulSet (the controller replaces it)', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    sts.containers[0].mount('/logs', kplus.Volume.fromEmptyDir(chart, 'Logs', 'logs'));
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1) });
    new ClaimTemplate(sts, 'Data2', { name: 'data', storage: Size.gibibytes(1) });
    new ClaimTemplate(sts, 'Logs', { storage: Size.gibibytes(1) });
    new ClaimTemplate(sts, 'Bad', { name: 'Bad.Name', storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/Db/Data2] spec.volumeClaimTemplates[1].metadata.name: Duplicate value: "data": another template of the StatefulSet (test/Db/Data) has this name, ' +
      'and the controller makes one claim per name: give each template its own name',
      '[test/Db/Logs] spec.volumeClaimTemplates[2].metadata.name: Duplicate value: "logs": the StatefulSet has a Pod volume of this name (test/Logs), ' +
      'and the controller replaces it with the replica\'s claim: give the template or the volume another name',
      '[test/Db/Bad] spec.volumeClaimTemplates[3].metadata.name: Invalid value: "Bad.Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', ' +
      'and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });

  test('mounts: a path, unique in the container, in a container of the same StatefulSet', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    sts.containers[0].mount('/data', kplus.Volume.fromEmptyDir(chart, 'Tmp', 'tmp'));
    const other = new kplus.StatefulSet(chart, 'Other', { metadata: { name: 'other' }, containers: IMAGE });
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    const wal = new ClaimTemplate(sts, 'Wal', { storage: Size.gibibytes(1), mountPath: '', readOnly: 'yes' as any });
    wal.mount(other.containers[0], '/wal');
    expectSynthErrors(chart, [
      '[test/Db/Data] spec.template.spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
      '[test/Db/Wal] spec.template.spec.containers[0].volumeMounts[2].readOnly: Invalid value: "yes": must be true or false (got a string)',
      '[test/Db/Wal] spec.template.spec.containers[0].volumeMounts[2].mountPath: Required value',
      '[test/Db/Wal] spec.template.spec.containers: Invalid value: "main": the container is not one of StatefulSet "db"\'s: mount the template into a container of its own StatefulSet',
    ]);
  });

  test('a Block template mounted as a filesystem: the kubelet refuses the Pod', () => {
    const chart = storageChart({ namespace: 'db' });
    new ClaimTemplate(db(chart), 'Raw', { storage: Size.gibibytes(1), volumeMode: kplus.PersistentVolumeMode.BLOCK, mountPath: '/dev/raw' });
    expectSynthErrors(chart, [
      '[test/Db/Raw] spec.template.spec.containers[0].volumeMounts[0].name: Invalid value: "raw": the template\'s claims are volumeMode Block, ' +
      'and the kubelet refuses a Block volume that a container mounts as a filesystem ("has volumeMode Block, but is specified in volumeMounts"): mount a Filesystem template',
    ]);
  });

  test('props of another type (from JavaScript) are errors at synth, never a TypeError', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    new ClaimTemplate(sts, 'Data', { storageClass: 'fast' as any, storage: '1Gi' as any, accessModes: 'ReadWriteOnce' as any, name: 7 as any, mountPath: 3 as any });
    ClaimTemplate.setRetentionPolicy(sts, { whenDeleted: 'Keep' as any, whenScaled: 1 as any });
    expectSynthErrors(chart, [
      '[test/Db] spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
      '[test/Db] spec.persistentVolumeClaimRetentionPolicy.whenScaled: Invalid value: 1: must be one of "Retain", "Delete" (got a number)',
      '[test/Db/Data] spec.volumeClaimTemplates[0].metadata.name: Invalid value: 7: must be a string, a DNS label (got a number)',
      '[test/Db/Data] spec.template.spec.containers[0].volumeMounts: Invalid value: 3: must be a string, an absolute path (got a number)',
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.storageClassName: Invalid value: "fast": must be a StorageClass: one of this app, or StorageClass.fromStorageClassName(scope, id, name) (got a string)',
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.accessModes: Invalid value: "ReadWriteOnce": must be a list of access modes, such as [PersistentVolumeAccessMode.READ_WRITE_ONCE] (got a string)',
      '[test/Db/Data] spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: "1Gi": must be a Size, such as Size.gibibytes(10) (got a string)',
    ]);
  });

  test('the scope must be a StatefulSet', () => {
    const chart = storageChart({ namespace: 'db' });
    expect(() => new ClaimTemplate(chart as any, 'Data', { storage: Size.gibibytes(1) })).toThrow(
      'ClaimTemplate "Data": the scope must be a cdk8s-plus-27 StatefulSet, the workload whose replicas get the claims');
  });

  test('contract: cdk8s renders a JSON patch\'s value when it applies the patches (toJSON), so later changes are in it', () => {
    const chart = storageChart();
    const obj = new ApiObject(chart, 'Obj', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
    const items: string[] = [];
    obj.addJsonPatch(JsonPatch.add('/data/list', { toJSON: () => items.join(',') }));
    items.push('x', 'y');
    expect(obj.toJson().data).toEqual({ a: 'b', list: 'x,y' });
  });

  test('contract: the volumeMounts the library writes for cdk8s-plus-27\'s own mounts are the ones cdk8s-plus-27 writes', () => {
    const chart = storageChart({ namespace: 'db' });
    const sts = db(chart);
    const tmp = kplus.Volume.fromEmptyDir(chart, 'Tmp', 'tmp');
    sts.containers[0].mount('/a', tmp, { readOnly: true, subPath: 'a', propagation: kplus.MountPropagation.HOST_TO_CONTAINER });
    sts.containers[0].mount('/b', tmp, { subPathExpr: '$(POD)' });
    const before = (sts.containers[0] as any)._toKube().volumeMounts;
    new ClaimTemplate(sts, 'Data', { storage: Size.gibibytes(1), mountPath: '/data' });
    expect(only(synthValid(chart), 'StatefulSet').spec.template.spec.containers[0].volumeMounts).toEqual([...before, { mountPath: '/data', name: 'data' }]);
  });
});

describe('workloads that share a claim: a StatefulSet is told to use per-replica claims', () => {
  test('a ReadWriteOnce claim in a StatefulSet of 2 replicas', () => {
    const chart = storageChart({ namespace: 'db' });
    const claim = new VolumeClaim(chart, 'Shared', { metadata: { name: 'shared' }, accessModes: [RWO], storage: Size.gibibytes(1), storageClassName: 'fast' });
    db(chart, 2).containers[0].mount('/data', claim);
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/Db] spec.template.spec.volumes[pvc-shared].persistentVolumeClaim.claimName: claim "db/shared" is ReadWriteOnce, and 2 Pods mount it ' +
      '(StatefulSet "db" (test/Db), 2 replicas): they all must run on one node, or those on another fail to start with a Multi-Attach error; ' +
      'give each replica its own claim (new ClaimTemplate(statefulSet, id, { … }): spec.volumeClaimTemplates), or use a ReadOnlyMany or ReadWriteMany volume, one replica, or pod affinity that keeps them together',
    ]);
  });

  test('a ReadWriteOncePod claim in a StatefulSet of 2 replicas', () => {
    const chart = storageChart({ namespace: 'db' });
    const claim = new VolumeClaim(chart, 'Shared', { metadata: { name: 'shared' }, accessModes: [RWOP], storage: Size.gibibytes(1), storageClassName: 'fast' });
    db(chart, 2).containers[0].mount('/data', claim);
    expectSynthErrors(chart, [
      '[test/Db] spec.template.spec.volumes[pvc-shared].persistentVolumeClaim.claimName: Invalid value: "shared": claim "db/shared" is ReadWriteOncePod, and 2 Pods mount it ' +
      '(StatefulSet "db" (test/Db), 2 replicas): the scheduler places only one of them; ' +
      'give each replica its own claim (new ClaimTemplate(statefulSet, id, { … }): spec.volumeClaimTemplates) or run one replica',
    ]);
  });

  test('per-replica claims are not shared: no warning', () => {
    const chart = storageChart({ namespace: 'db' });
    new ClaimTemplate(db(chart, 3), 'Data', { storage: Size.gibibytes(1), accessModes: [RWOP], mountPath: '/data' });
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });
});

describe('EphemeralVolume', () => {
  test('a Pod volume with ephemeral.volumeClaimTemplate, mounted with container.mount', () => {
    const chart = storageChart({ namespace: 'db' });
    const scratch = new EphemeralVolume(chart, 'Scratch', { name: 'scratch', storageClass: fastClass(chart), storage: Size.gibibytes(5), accessModes: [RWOP] });
    const app = new kplus.Deployment(chart, 'App', { replicas: 3, containers: [{ image: 'busybox:1.36' }] });
    app.containers[0].mount('/scratch', scratch);
    expect(scratch.asVolume()).toBe(scratch.asVolume());
    const spec = only(synthValid(chart), 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual([{
      name: 'scratch',
      ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'fast', volumeMode: 'Filesystem' } } },
    }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/scratch', name: 'scratch' }]);
  });

  test('the claim spec and the volume name are checked', () => {
    const chart = storageChart({ namespace: 'db' });
    const v = new EphemeralVolume(chart, 'Scratch', { name: 'Scratch', storageClass: fastClass(chart), storage: undefined as any, accessModes: [] });
    new kplus.Pod(chart, 'Pod', { containers: [{ image: 'busybox:1.36' }] }).addVolume(v.asVolume());
    expectSynthErrors(chart, [
      '[test/Scratch] volumes[Scratch].name: Invalid value: "Scratch": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', ' +
      'and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      '[test/Scratch] volumes[Scratch].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required',
      '[test/Scratch] volumes[Scratch].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value',
    ]);
  });

  test('a Block ephemeral volume mounted as a filesystem: the kubelet refuses the Pod; added as a volume only, it is written', () => {
    const chart = storageChart({ namespace: 'db' });
    const raw = new EphemeralVolume(chart, 'Raw', { name: 'raw', storage: Size.gibibytes(1), volumeMode: kplus.PersistentVolumeMode.BLOCK });
    new kplus.Pod(chart, 'Pod', { containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/dev/raw', raw);
    expectSynthErrors(chart, [
      '[test/Pod] spec.volumes[raw].ephemeral.volumeClaimTemplate.spec.volumeMode: Invalid value: "Block": the kubelet refuses a Block volume that a container mounts as a filesystem ' +
      '("has volumeMode Block, but is specified in volumeMounts"); cdk8s-plus-27 mounts volumes as filesystems only: use volumeMode Filesystem',
    ]);
    const other = storageChart({ namespace: 'db' });
    const dev = new EphemeralVolume(other, 'Raw', { name: 'raw', storage: Size.gibibytes(1), volumeMode: kplus.PersistentVolumeMode.BLOCK });
    new kplus.Pod(other, 'Pod', { containers: [{ image: 'busybox:1.36' }] }).addVolume(dev.asVolume());
    expect(only(synthValid(other), 'Pod').spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeMode).toEqual('Block');
  });

  test('ReadWriteOncePod before 1.27', () => {
    const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_26 });
    new EphemeralVolume(chart, 'Scratch', { name: 'scratch', storage: Size.gibibytes(1), accessModes: [RWOP] });
    expectSynthErrors(chart, [
      '[test/Scratch] volumes[scratch].ephemeral.volumeClaimTemplate.spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": ' +
      'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"; ReadWriteOncePod is served from 1.27 (target 1.26): its feature gate is off before',
    ]);
  });
});
