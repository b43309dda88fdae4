import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IscsiCredentials, IscsiPersistentVolume, StoragePersistentVolume, StoragePersistentVolumeProps, StorageVolume, StorageVolumeProps, VolumeClaim } from '../../src';
import { expectSynthErrors, only, storageChart, synthErrors as synthErrorsOf, synthValid } from '../helpers';

/*
 * The library's PersistentVolumes, claims and generated Secrets are each one ApiObject (no
 * cdk8s-plus-27 wrapper with a child), and still work wherever cdk8s-plus-27 takes a volume or a claim.
 */

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const BASE = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', lun: 0 };

function unit() {
  const chart = storageChart({ namespace: 'db' });
  const pv = new IscsiPersistentVolume(chart, 'Lun', {
    ...BASE,
    metadata: { name: 'lun' },
    storage: Size.gibibytes(10),
    credentials: IscsiCredentials.fromChap({ session: { username: 'u', password: 'p4ssw0rd' }, metadata: { name: 'chap' } }),
  });
  return { chart, pv };
}

describe('one construct per Kubernetes object', () => {
  test('a PV with a generated CHAP Secret and a claim bound both ways: three ApiObjects, nothing else', () => {
    const { chart, pv } = unit();
    const claim = new VolumeClaim(chart, 'Data', { metadata: { name: 'data' }, volume: pv, storage: Size.gibibytes(10), accessModes: [RWO], storageClassName: '' });
    pv.bind(claim);

    expect(pv).toBeInstanceOf(ApiObject);
    expect(claim).toBeInstanceOf(ApiObject);
    const below = chart.node.findAll().filter((c) => c !== chart);
    expect(below.map((c) => c.node.path).sort()).toEqual(['test/Data', 'test/Lun', 'test/Lun/ChapSecret']);
    expect(below.every((c) => c instanceof ApiObject)).toBe(true);

    const docs = synthValid(chart);
    expect(docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.name}`).sort()).toEqual([
      'v1 PersistentVolume lun', 'v1 PersistentVolumeClaim data', 'v1 Secret chap',
    ]);
    expect(only(docs, 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'chap', namespace: 'db' },
      immutable: false,
      type: 'kubernetes.io/iscsi-chap',
      stringData: { 'node.session.auth.username': 'u', 'node.session.auth.password': 'p4ssw0rd' },
    });
    expect(only(docs, 'PersistentVolume').spec.claimRef).toEqual({ name: 'data', namespace: 'db' });
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: 'lun',
    });
  });

  test('JSON patches apply to the PV and the claim like to any ApiObject', () => {
    const { chart, pv } = unit();
    const claim = pv.reserve();
    pv.addJsonPatch(JsonPatch.add('/spec/nodeAffinity', { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } }));
    claim.metadata.addLabel('team', 'db');
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['a']);
    expect(only(docs, 'PersistentVolumeClaim').metadata.labels).toEqual({ team: 'db' });
  });
});

test('the spec is rendered at every synth from the model as it is then', () => {
  const { chart, pv } = unit();
  expect(only(synthValid(chart), 'PersistentVolume').spec.claimRef).toBeUndefined();
  const claim = new VolumeClaim(chart, 'Data', { metadata: { name: 'data' }, volume: pv, storage: Size.gibibytes(10), accessModes: [RWO], storageClassName: '' });
  pv.bind(claim);
  expect(only(synthValid(chart), 'PersistentVolume').spec.claimRef).toEqual({ name: 'data', namespace: 'db' });
  expect(pv.toJson().spec.claimRef).toEqual({ name: 'data', namespace: 'db' });
});

describe('a subclass that carries no source', () => {
  class Sourceless extends StoragePersistentVolume {
    constructor(scope: Construct, id: string, props: StoragePersistentVolumeProps) {
      super(scope, id, props);
    }
  }
  class SourcelessVolume extends StorageVolume {
    constructor(scope: Construct, id: string, props: StorageVolumeProps) {
      super(scope, id, props);
    }
  }

  test('a PersistentVolume: kube-apiserver\'s "must specify a volume type", saying what the subclass misses', () => {
    const chart = storageChart();
    new Sourceless(chart, 'Pv', { storage: Size.gibibytes(1), metadata: { name: 'pv' } });
    expectSynthErrors(chart, [
      '[test/Pv] spec: Required value: must specify a volume type (a subclass of StoragePersistentVolume calls carry(source) in its constructor)',
    ]);
  });

  test('a Pod volume: asVolume() says what the subclass misses', () => {
    const chart = storageChart();
    const v = new SourcelessVolume(chart, 'Data', { name: 'data' });
    expect(() => v.asVolume()).toThrow('test/Data: the volume carries no source (a subclass of StorageVolume calls carry(source) in its constructor)');
  });
});

describe('cdk8s-plus-27 takes them where it takes its own', () => {
  test('a cdk8s-plus-27 claim naming the PV: volumeName, and the binding check still applies', () => {
    const { chart, pv } = unit();
    new kplus.PersistentVolumeClaim(chart, 'Fits', { metadata: { name: 'fits' }, volume: pv, storage: Size.gibibytes(10), accessModes: [RWO], storageClassName: '' });
    expect(only(synthValid(chart), 'PersistentVolumeClaim').spec.volumeName).toEqual('lun');

    const other = unit();
    new kplus.PersistentVolumeClaim(other.chart, 'Big', { metadata: { name: 'big' }, volume: other.pv, storage: Size.gibibytes(20), accessModes: [RWO], storageClassName: '' });
    expectSynthErrors(other.chart, [
      '[test/Big] spec.resources.requests[storage]: Invalid value: "20Gi": never binds PersistentVolume "lun" (test/Lun), whose capacity is "10Gi" (requested PV is too small)',
    ]);
  });

  test('reserve({ metadata }) names the claim it creates: the claim and both bindings in one call', () => {
    const { chart, pv } = unit();
    const claim = pv.reserve({ metadata: { name: 'data', labels: { tier: 'db' } } });
    expect(pv.reserve()).toBe(claim);
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolumeClaim')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'db', labels: { tier: 'db' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: 'lun' },
    });
    expect(only(docs, 'PersistentVolume').spec.claimRef).toEqual({ name: 'data', namespace: 'db' });
  });

  test('reserve() takes the claim\'s metadata on its first call only; options of another type are reported', () => {
    const { chart, pv } = unit();
    pv.reserve();
    pv.reserve({ metadata: { name: 'late' } });
    const other = unit();
    other.pv.reserve('data' as any);
    expect([...synthErrorsOf(chart), ...synthErrorsOf(other.chart)]).toEqual([
      `[test/Lun/Claim] metadata: Forbidden: the volume was reserved for this claim before, and reserve() takes the claim's metadata on its first call only (the claim is "${pv.reserve().name}")`,
      '[test/Lun/Claim] options: Invalid value: "data": must be an object such as { metadata: { name: "data" } } (got a string)',
    ]);
  });

  test('kplus.Volume.fromPersistentVolumeClaim mounts a VolumeClaim in a workload', () => {
    const { chart, pv } = unit();
    const claim = pv.reserve();
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.containers[0].mount('/data', kplus.Volume.fromPersistentVolumeClaim(chart, 'Vol', claim, { name: 'data' }));
    const spec = only(synthValid(chart), 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: claim.name, readOnly: false } }]);
  });

  test('RBAC: a ClusterRole reads the PV by name, a Role reads the claim by name', () => {
    const { chart, pv } = unit();
    const claim = pv.reserve();
    new kplus.ClusterRole(chart, 'PvReader', { metadata: { name: 'pv-reader' } }).allowRead(pv);
    new kplus.Role(chart, 'ClaimReader', { metadata: { name: 'claim-reader' } }).allowRead(claim);
    const docs = synthValid(chart);
    expect(only(docs, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resourceNames: ['lun'], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(only(docs, 'Role').rules).toEqual([
      { apiGroups: [''], resourceNames: [claim.name], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('binding a PV or a claim to a second counterpart is an error at synth, naming both; the first binding stays', () => {
    const { chart, pv } = unit();
    const first = new VolumeClaim(chart, 'First', { metadata: { name: 'first' }, storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '' });
    const second = new VolumeClaim(chart, 'Second', { metadata: { name: 'second' }, storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '' });
    pv.bind(first);
    pv.bind(second);
    first.bind(pv);
    first.bind(kplus.PersistentVolume.fromPersistentVolumeName(chart, 'Other', 'other'));
    expect(pv.claim).toBe(first);
    expect(first.volume).toBe(pv);
    expectSynthErrors(chart, [
      '[test/Lun] spec.claimRef: Invalid value: "db/second": the volume is already reserved for claim "db/first", and a volume is reserved for one claim: remove one of the bind() calls',
      '[test/First] spec.volumeName: Invalid value: "other": the claim already names PersistentVolume "lun", and a claim names one volume: remove one of the bind() calls',
    ]);
  });

  test('bind() with something that is no claim or volume (a JavaScript caller)', () => {
    const { chart, pv } = unit();
    pv.bind('data' as any);
    new VolumeClaim(chart, 'Claim', { storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '', volume: 42 as any });
    expectSynthErrors(chart, [
      '[test/Lun] spec.claimRef: Invalid value: "data": must be a claim: a VolumeClaim, a cdk8s-plus-27 PersistentVolumeClaim, or VolumeClaim.fromExistingClaim(...) (got a string)',
      '[test/Claim] spec.volumeName: Invalid value: 42: must be a PersistentVolume (got a number)',
    ]);
  });
});

describe('labels and annotations of every object, as kube-apiserver checks them', () => {
  test('a bad label key and value, a bad annotation key, on the library\'s and cdk8s-plus-27\'s objects', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', {
      targetPortal: '10.0.2.34:3260',
      iqn: 'iqn.2001-04.com.example:disk1',
      storage: Size.gibibytes(1),
      metadata: { name: 'lun', labels: { 'tier/a/b': 'db' }, annotations: { 'Example.COM/Owner': 'me', '-bad': 'x' } },
    });
    pv.metadata.addLabel('zone', 'a b');
    new kplus.ConfigMap(chart, 'Config', { metadata: { labels: { app: 'v'.repeat(64) } } });
    expectSynthErrors(chart, [
      '[test/Lun] metadata.labels: Invalid value: "tier/a/b": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')',
      '[test/Lun] metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
      '[test/Lun] metadata.annotations: Invalid value: "-bad": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
      `[test/Config/Resource] metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ]);
  });

  test('a label fixed after a failed synth is no longer reported; one broken later is', () => {
    const chart = storageChart({ namespace: 'db' });
    new IscsiPersistentVolume(chart, 'Lun', { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', storage: Size.gibibytes(1) });
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { labels: { app: 'a b' } } });
    expect(() => synthValid(chart)).toThrow('[test/Config/Resource] metadata.labels: Invalid value: "a b"');
    config.metadata.addLabel('app', 'ab');
    expect(only(synthValid(chart), 'ConfigMap').metadata.labels).toEqual({ app: 'ab' });
    // (the library checks the objects of apps that use it: the chart holds one of its volumes)
    config.metadata.addLabel('tier', 'x y');
    expect(() => synthValid(chart)).toThrow('[test/Config/Resource] metadata.labels: Invalid value: "x y"');
  });

  test('annotations of more than 256 KiB in all', () => {
    const chart = storageChart({ namespace: 'db' });
    new IscsiPersistentVolume(chart, 'Lun', {
      targetPortal: '10.0.2.34:3260',
      iqn: 'iqn.2001-04.com.example:disk1',
      storage: Size.gibibytes(1),
      metadata: { name: 'lun', annotations: { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(60 * 1024) } },
    });
    expectSynthErrors(chart, ['[test/Lun] metadata.annotations: Too long: may not be more than 262144 bytes']);
  });
});
