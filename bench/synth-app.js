// The app bench/synth.js synthesizes with `cdk8s synth`: node bench/synth-app.js <storage|raw>.
// storage: written with cdk8s-storage (compiled lib/) and cdk8s-plus-27; raw: the same objects as
// raw cdk8s ApiObjects, read from the JSON the storage app's manifests were turned into.
'use strict';
const path = require('path');
const { App, ApiObject, Chart, Size } = require('cdk8s');

const mode = process.argv[2];
const app = new App();

if (mode === 'raw') {
  const docs = require(path.join(__dirname, '..', '.tmp', 'bench-synth-objects.json'));
  const chart = new Chart(app, 'app');
  docs.forEach((doc, i) => new ApiObject(chart, `O${i}`, doc));
} else {
  const kplus = require('cdk8s-plus-27');
  const s = require('../lib');
  s.KubernetesVersion.V1_31.applyTo(app);
  const chart = new Chart(app, 'app', { namespace: 'shop' });
  const ceph = new s.CephCluster(chart, 'Ceph', { monitors: ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'], clusterId: 'prod' });
  const kube = s.CephCredentials.fromUserKey({
    cluster: ceph, user: 'kubernetes', key: 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==', csiSecretName: 'csi-ceph-secret',
  });
  const fast = new s.CephRbdStorageClass(chart, 'Fast', { metadata: { name: 'rbd-fast' }, cluster: ceph, pool: 'kube', credentials: kube, allowVolumeExpansion: true });
  const shared = new s.CephFsStorageClass(chart, 'Shared', { metadata: { name: 'cephfs' }, cluster: ceph, fsName: 'cephfs', credentials: kube });
  const container = (image, port) => ({ image, portNumber: port, securityContext: { ensureNonRoot: false } });

  const db = new kplus.StatefulSet(chart, 'Db', { metadata: { name: 'db' }, replicas: 3, containers: [container('postgres:16', 5432)] });
  new s.ClaimTemplate(db, 'Data', { storageClass: fast, storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data' });

  for (let i = 0; i < 10; i++) {
    const claim = fast.createClaim(chart, `Cache${i}`, { metadata: { name: `cache-${i}` }, storage: Size.gibibytes(5) });
    const d = new kplus.Deployment(chart, `Worker${i}`, { metadata: { name: `worker-${i}` }, replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [container('busybox:1.36', 8080)] });
    d.containers[0].mount('/cache', claim);
  }
  const media = shared.createClaim(chart, 'Media', { metadata: { name: 'media' }, storage: Size.gibibytes(100), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
  for (let i = 0; i < 3; i++) {
    const web = new kplus.Deployment(chart, `Web${i}`, { metadata: { name: `web-${i}` }, replicas: 2, containers: [container('nginx:1.27', 80)] });
    web.containers[0].mount('/srv/media', media);
  }

  const lun = new s.IscsiPersistentVolume(chart, 'Lun', {
    metadata: { name: 'archive' }, targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.archive', lun: 0,
    fsType: s.FsType.EXT4, storage: Size.gibibytes(500),
    credentials: s.IscsiCredentials.fromChap({ session: { username: 'archive', password: 'archive-0123456789' }, metadata: { name: 'chap-archive' } }),
  });
  lun.reserve({ metadata: { name: 'archive' } });

  const files = new s.AzureFileStorageClass(chart, 'Files', { metadata: { name: 'azurefile' }, skuName: s.AzureFileSkuName.STANDARD_LRS });
  files.createClaim(chart, 'Reports', { metadata: { name: 'reports' }, storage: Size.gibibytes(50), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });

  const snapshots = new s.VolumeSnapshotClass(chart, 'Snapshots', { metadata: { name: 'rbd-snapshots' }, storageClass: fast });
  const seed = fast.createClaim(chart, 'Seed', { metadata: { name: 'seed' }, storage: Size.gibibytes(20) });
  const nightly = new s.VolumeSnapshot(chart, 'Nightly', { metadata: { name: 'seed-nightly' }, claim: seed, snapshotClass: snapshots });
  fast.createClaim(chart, 'Restored', { metadata: { name: 'seed-restored' }, storage: Size.gibibytes(20), dataSource: s.ClaimDataSource.fromSnapshot(nightly) });
}

app.synth();
