import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GlusterCluster, IscsiCredentials, IscsiPersistentVolume, KubernetesVersion, StorageClass, VolumeImplementation } from '../../src';
import { expectSynthErrors, kinds, storageChart, synthAppValid, synthValid } from '../helpers';

/*
 * Two objects of one kind and name in one namespace: applying the manifests, one replaces the
 * other. Checked for Secrets, ConfigMaps, Endpoints, Services and StorageClasses, whoever made them.
 */

const NODES = ['10.240.106.152', '10.240.79.157'];

function chapVolume(chart: Chart, id: string, secretName: string) {
  return new IscsiPersistentVolume(chart, id, {
    targetPortal: '10.0.2.34:3260',
    iqn: `iqn.2001-04.com.example:${id.toLowerCase()}`,
    storage: Size.gibibytes(1),
    metadata: { name: id.toLowerCase() },
    credentials: IscsiCredentials.fromChap({ session: { username: 'u', password: 'p4ssw0rd' }, metadata: { name: secretName } }),
  });
}

test('two generated CHAP Secrets of one name in one namespace: the second is an error naming the first', () => {
  const chart = storageChart({ namespace: 'db' });
  chapVolume(chart, 'A', 'chap');
  chapVolume(chart, 'B', 'chap');
  expectSynthErrors(chart, [
    '[test/B/ChapSecret] metadata.name: Duplicate value: "chap": test/A/ChapSecret writes Secret "db/chap" too, and applying the manifests, one would replace the other',
  ]);
});

test('the same Secret name in two namespaces is two Secrets', () => {
  const app = Testing.app();
  chapVolume(new Chart(app, 'one', { namespace: 'one' }), 'A', 'chap');
  chapVolume(new Chart(app, 'two', { namespace: 'two' }), 'B', 'chap');
  const docs = synthAppValid(app, KubernetesVersion.DEFAULT);
  expect(docs.filter((d) => d.kind === 'Secret').map((d) => `${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual(['one/chap', 'two/chap']);
});

test('a GlusterCluster named like a cdk8s-plus-27 Service of the app: an error on the second Service', () => {
  const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_25 });
  new kplus.Service(chart, 'Web', { metadata: { name: 'gluster' }, ports: [{ port: 80 }], selector: kplus.Pods.select(chart, 'Sel', { labels: { app: 'web' } }) });
  new GlusterCluster(chart, 'Gluster', { addresses: NODES, metadata: { name: 'gluster' } });
  expectSynthErrors(chart, [
    '[test/Gluster/Service] metadata.name: Duplicate value: "gluster": test/Web/Resource writes Service "db/gluster" too, and applying the manifests, one would replace the other',
  ]);
});

test('a GlusterCluster\'s Endpoints and Service share their name by design: no error', () => {
  const chart = storageChart({ namespace: 'db', kubernetesVersion: KubernetesVersion.V1_25 });
  new GlusterCluster(chart, 'Gluster', { addresses: NODES, metadata: { name: 'gluster' } });
  expect(kinds(synthValid(chart)).sort()).toEqual(['Endpoints', 'Service']);
});

test('StorageClasses are cluster-scoped: one name in two charts of other namespaces is a duplicate', () => {
  const app = Testing.app();
  new StorageClass(new Chart(app, 'one', { namespace: 'one' }), 'Fast', { provisioner: 'rbd.csi.ceph.com', metadata: { name: 'fast' } });
  const two = new Chart(app, 'two', { namespace: 'two' });
  new StorageClass(two, 'Fast', { provisioner: 'rbd.csi.ceph.com', metadata: { name: 'fast' } });
  expectSynthErrors(two, [
    '[two/Fast/Resource] metadata.name: Duplicate value: "fast": one/Fast/Resource writes StorageClass "fast" too, and applying the manifests, one would replace the other',
  ]);
});

test('raw ApiObjects count too, and other kinds of one name do not collide', () => {
  const chart = storageChart({ namespace: 'db' });
  chapVolume(chart, 'A', 'shared');
  new ApiObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { a: 'b' } });
  expect(kinds(synthValid(chart)).sort()).toEqual(['ConfigMap', 'PersistentVolume', 'Secret']);
  new ApiObject(chart, 'Raw', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shared' }, stringData: { a: 'b' } });
  expectSynthErrors(chart, [
    '[test/Raw] metadata.name: Duplicate value: "shared": test/A/ChapSecret writes Secret "db/shared" too, and applying the manifests, one would replace the other',
  ]);
});

describe('CSI PersistentVolumes of one driver and one volumeHandle', () => {
  test('the second is an error naming the first (the kubelet would stage both as one)', () => {
    const chart = storageChart({ namespace: 'db' });
    const csi = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', storage: Size.gibibytes(1), implementation: VolumeImplementation.CSI };
    new IscsiPersistentVolume(chart, 'A', { ...csi, metadata: { name: 'a' }, volumeHandle: 'lun-0' });
    new IscsiPersistentVolume(chart, 'B', { ...csi, metadata: { name: 'b' }, volumeHandle: 'lun-0', readOnly: true });
    new IscsiPersistentVolume(chart, 'C', { ...csi, metadata: { name: 'c' }, volumeHandle: 'lun-1', lun: 1 });
    expectSynthErrors(chart, [
      '[test/B] spec.csi.volumeHandle: Duplicate value: "lun-0": test/A is a PersistentVolume of iscsi.csi.k8s.io with this handle too, and the kubelet stages a CSI volume by its handle: ' +
      'the second would share the first one\'s mount (its mount options and read-only flag lost); give each volume its own volumeHandle',
    ]);
  });

  test('default handles of two LUNs differ', () => {
    const chart = storageChart({ namespace: 'db' });
    const csi = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', storage: Size.gibibytes(1), implementation: VolumeImplementation.CSI };
    new IscsiPersistentVolume(chart, 'A', { ...csi, metadata: { name: 'a' } });
    new IscsiPersistentVolume(chart, 'B', { ...csi, metadata: { name: 'b' }, lun: 1 });
    expect(synthValid(chart).filter((d) => d.kind === 'PersistentVolume').map((d) => d.spec.csi.volumeHandle)).toEqual([
      'iqn.2001-04.com.example:disk1-lun-0', 'iqn.2001-04.com.example:disk1-lun-1',
    ]);
  });
});
