import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { FsType, IscsiCredentials, IscsiPersistentVolume, IscsiVolume, KubernetesVersion, VolumeImplementation } from '../src';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthValid } from './helpers';

const SEED = {
  targetPortal: '10.0.2.34:3260',
  iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
  lun: 0,
  fsType: FsType.EXT4,
  readOnly: true,
};

describe('IscsiVolume', () => {
  test('mounted in a Deployment, renders the seed\'s inline iscsi volume', () => {
    const chart = storageChart({ kubernetesVersion: KubernetesVersion.V1_30 });
    const vol = new IscsiVolume(chart, 'San', { ...SEED, name: 'iscsi-volume' });
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
    dep.containers[0].mount('/data', vol);

    const docs = synthValid(chart);
    expect(kinds(docs)).toEqual(['Deployment']);
    const spec = only(docs, 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual([{
      name: 'iscsi-volume',
      iscsi: { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0, fsType: 'ext4', readOnly: true },
    }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: 'iscsi-volume' }]);
  });

  test('fails on a LUN above 255', () => {
    const chart = storageChart();
    new IscsiVolume(chart, 'San', { ...SEED, name: 'san', lun: 300 });
    expectSynthErrors(chart, ['[test/San] volumes[san].iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive']);
  });
});

describe('IscsiPersistentVolume', () => {
  test('renders spec.iscsi, exact capacity and a reservable claim', () => {
    const chart = storageChart({ kubernetesVersion: KubernetesVersion.V1_31, namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...SEED, storage: Size.mebibytes(512), metadata: { name: 'san-lun0' } });
    const claim = pv.reserve();
    expect(pv.reserve()).toBe(claim);

    const docs = synthValid(chart);
    const v = only(docs, 'PersistentVolume');
    expect(v.apiVersion).toEqual('v1');
    expect(v.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '512Mi' },
      claimRef: { name: claim.name, namespace: 'db' },
      iscsi: { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0, fsType: 'ext4', readOnly: true },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    const c = only(docs, 'PersistentVolumeClaim');
    expect(c.metadata.namespace).toEqual('db');
    expect(c.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '512Mi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: 'san-lun0',
    });
  });

  test('CHAP from credentials creates a typed Secret and a secretRef with its namespace', () => {
    const chart = storageChart({ namespace: 'db' });
    new IscsiPersistentVolume(chart, 'Lun', {
      ...SEED,
      storage: Size.gibibytes(10),
      credentials: IscsiCredentials.fromChap({ session: { username: 'kube', password: 's3cret' } }),
    });
    const docs = synthValid(chart);
    const secret = only(docs, 'Secret');
    expect(secret.type).toEqual('kubernetes.io/iscsi-chap');
    expect(secret.stringData).toEqual({ 'node.session.auth.username': 'kube', 'node.session.auth.password': 's3cret' });
    const iscsi = only(docs, 'PersistentVolume').spec.iscsi;
    expect(iscsi.chapAuthSession).toBe(true);
    expect(iscsi.chapAuthDiscovery).toBeUndefined();
    expect(iscsi.secretRef).toEqual({ name: secret.metadata.name, namespace: 'db' });
    expect(JSON.stringify(only(docs, 'PersistentVolume'))).not.toContain('s3cret');
  });

  test('CSI form is a static iscsi.csi.k8s.io volume', () => {
    const chart = storageChart();
    new IscsiPersistentVolume(chart, 'Lun', { ...SEED, storage: Size.gibibytes(1), implementation: VolumeImplementation.CSI });
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.csi).toEqual({
      driver: 'iscsi.csi.k8s.io',
      volumeHandle: 'iqn.2001-04.com.example:storage.kube.sys1.xyz-lun-0',
      fsType: 'ext4',
      readOnly: true,
      volumeAttributes: { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: '0', portals: '[]', discovery: 'true' },
    });
  });

  test('refuses ReadWriteMany with the reason', () => {
    const chart = storageChart();
    new IscsiPersistentVolume(chart, 'Lun', { ...SEED, storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
    expectSynthErrors(chart, [
      '[test/Lun] spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadOnlyMany"; an iSCSI LUN is attached read-write by one node at a time; use ReadOnlyMany to share it read-only',
    ]);
  });

  test('no warnings for a plain volume', () => {
    const chart = storageChart();
    new IscsiPersistentVolume(chart, 'Lun', { ...SEED, storage: Size.gibibytes(1) });
    expect(captureWarnings(() => synthValid(chart))).toEqual([]);
  });
});
