import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { expectSynthErrors, only, storageChart, synthValid } from './helpers';
import { CsiPersistentVolume, FsType, NfsPersistentVolume } from '../src';

const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
const SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character ' +
  '(e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const LABEL_MSG = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character ' +
  '(e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';

describe('CsiPersistentVolume', () => {
  test('renders the driver, handle, attributes, fsType, readOnly and every Secret reference with its namespace', () => {
    // GIVEN
    const chart = storageChart({ namespace: 'db' });
    const own = new kplus.Secret(chart, 'Own', { metadata: { name: 'own' } });
    const existing = kplus.Secret.fromSecretName(chart, 'Existing', 'existing');
    // WHEN
    const pv = new CsiPersistentVolume(chart, 'Share', {
      metadata: { name: 'share' },
      driver: 'nfs.csi.k8s.io',
      volumeHandle: 'nfs.example.com/exports/share',
      volumeAttributes: { server: 'nfs.example.com', share: '/exports/share' },
      fsType: FsType.XFS,
      readOnly: true,
      controllerPublishSecretRef: own,
      nodeStageSecretRef: existing,
      nodePublishSecretRef: existing,
      controllerExpandSecretRef: own,
      nodeExpandSecretRef: own,
      secretNamespace: 'kube-system',
      storage: Size.gibibytes(100),
      accessModes: [RWX],
      mountOptions: ['nfsvers=4.1'],
    });
    const claim = pv.reserve();
    // THEN
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '100Gi' },
      claimRef: { name: claim.name, namespace: 'db' },
      csi: {
        driver: 'nfs.csi.k8s.io',
        volumeHandle: 'nfs.example.com/exports/share',
        volumeAttributes: { server: 'nfs.example.com', share: '/exports/share' },
        fsType: 'xfs',
        readOnly: true,
        controllerPublishSecretRef: { name: 'own', namespace: 'db' },
        nodeStageSecretRef: { name: 'existing', namespace: 'kube-system' },
        nodePublishSecretRef: { name: 'existing', namespace: 'kube-system' },
        controllerExpandSecretRef: { name: 'own', namespace: 'db' },
        nodeExpandSecretRef: { name: 'own', namespace: 'db' },
      },
      mountOptions: ['nfsvers=4.1'],
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test('Block and ReadWriteOncePod: the driver decides; mounted through its claim, read-only when the source is', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new CsiPersistentVolume(chart, 'Disk', {
      metadata: { name: 'disk' }, driver: 'rbd.csi.ceph.com', volumeHandle: 'img-1', storage: Size.gibibytes(1), accessModes: [RWOP], readOnly: true,
    });
    new kplus.Deployment(chart, 'App', { replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/data', pv);
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.csi).toEqual({ driver: 'rbd.csi.ceph.com', volumeHandle: 'img-1', readOnly: true });
    expect(only(docs, 'Deployment').spec.template.spec.volumes[0].persistentVolumeClaim).toEqual({ claimName: pv.claim!.name, readOnly: true });
  });

  test('kube-apiserver\'s csi rules: the driver name, the handle, each Secret reference\'s name and namespace', () => {
    const chart = storageChart();
    const driver = `Bad_Driver.${'x'.repeat(60)}`;
    new CsiPersistentVolume(chart, 'Csi', {
      driver,
      volumeHandle: '',
      storage: Size.gibibytes(1),
      nodePublishSecretRef: kplus.Secret.fromSecretName(chart, 'S', 'Sec'),
      controllerExpandSecretRef: kplus.Secret.fromSecretName(chart, 'T', 'ok'),
      secretNamespace: 'Kube_System',
    });
    new CsiPersistentVolume(chart, 'Empty', { driver: '', volumeHandle: 'h', storage: Size.gibibytes(1), nodeStageSecretRef: kplus.Secret.fromSecretName(chart, 'U', 'ok') });
    expectSynthErrors(chart, [
      '[test/Csi] spec.csi.volumeHandle: Required value',
      '[test/Csi] spec.csi.driver: Too long: may not be more than 63 bytes',
      `[test/Csi] spec.csi.driver: Invalid value: "${driver}": ${SUBDOMAIN_MSG}`,
      `[test/Csi] spec.csi.nodePublishSecretRef.name: Invalid value: "Sec": ${SUBDOMAIN_MSG}`,
      `[test/Csi] spec.csi.nodePublishSecretRef.namespace: Invalid value: "Kube_System": ${LABEL_MSG}`,
      `[test/Csi] spec.csi.controllerExpandSecretRef.namespace: Invalid value: "Kube_System": ${LABEL_MSG}`,
      '[test/Empty] spec.csi.driver: Required value',
      '[test/Empty] spec.csi.nodeStageSecretRef.namespace: Required value: the app does not know the Secret\'s namespace: give its Chart a namespace, or give secretNamespace',
    ]);
  });

  test('a driver name in upper case is checked in lower case, as kube-apiserver does', () => {
    const chart = storageChart();
    new CsiPersistentVolume(chart, 'Csi', { metadata: { name: 'csi' }, driver: 'Example.COM', volumeHandle: 'h', storage: Size.gibibytes(1) });
    expect(only(synthValid(chart), 'PersistentVolume').spec.csi.driver).toEqual('Example.COM');
  });

  test('props of another type (from JavaScript) are errors at synth, never a TypeError', () => {
    const chart = storageChart();
    new CsiPersistentVolume(chart, 'Csi', {
      driver: 5 as any, volumeHandle: {} as any, volumeAttributes: { a: 1 } as any, readOnly: 'no' as any, nodePublishSecretRef: 'sec' as any, storage: Size.gibibytes(1),
    });
    expectSynthErrors(chart, [
      '[test/Csi] spec.csi.driver: Invalid value: 5: must be a string such as "nfs.csi.k8s.io" (got a number)',
      '[test/Csi] spec.csi.volumeHandle: Invalid value: {}: must be a string (got an object)',
      '[test/Csi] spec.csi.volumeAttributes[a]: Invalid value: 1: must be a string (got a number)',
      '[test/Csi] spec.csi.readOnly: Invalid value: "no": must be true or false (got a string)',
      '[test/Csi] spec.csi.nodePublishSecretRef: Invalid value: "sec": must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name) (got a string)',
    ]);
  });
});

describe('NfsPersistentVolume', () => {
  test('renders server, path and readOnly; ReadWriteMany and mount options', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new NfsPersistentVolume(chart, 'Share', {
      metadata: { name: 'share' },
      server: 'nfs.example.com',
      path: '/exports/share',
      readOnly: true,
      storage: Size.gibibytes(100),
      accessModes: [RWX],
      mountOptions: ['nfsvers=4.1', 'hard'],
    });
    const claim = pv.reserve();
    expect(only(synthValid(chart), 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '100Gi' },
      claimRef: { name: claim.name, namespace: 'db' },
      mountOptions: ['nfsvers=4.1', 'hard'],
      nfs: { server: 'nfs.example.com', path: '/exports/share', readOnly: true },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test('kube-apiserver\'s nfs rules, and what the nfs plugin serves', () => {
    const chart = storageChart();
    new NfsPersistentVolume(chart, 'Nfs', { server: '', path: 'exports', storage: Size.gibibytes(1), accessModes: [RWOP], volumeMode: kplus.PersistentVolumeMode.BLOCK });
    new NfsPersistentVolume(chart, 'NoPath', { server: 'nfs', path: '', storage: Size.gibibytes(1), readOnly: 1 as any });
    expectSynthErrors(chart, [
      '[test/Nfs] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"; ' +
      'the nfs plugin serves these (an export is mounted by any number of nodes); ReadWriteOncePod is for CSI volumes only',
      '[test/Nfs] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; an NFS export is a file system, mounted with mount -t nfs; it has no raw block device',
      '[test/Nfs] spec.nfs.server: Required value',
      '[test/Nfs] spec.nfs.path: Invalid value: "exports": must be an absolute path',
      '[test/NoPath] spec.nfs.path: Required value',
      '[test/NoPath] spec.nfs.readOnly: Invalid value: 1: must be true or false (got a number)',
    ]);
  });
});
