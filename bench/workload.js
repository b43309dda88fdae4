// One benchmark run: builds N storage units in one mode, synthesizes them to a temp dir, and
// prints {mode, n, ms, rssMiB, files} as JSON. Runs in its own process so peak RSS is its own.
//   node bench/workload.js <storage|raw|kplus> <N> [outdir|-] [charts]
// With `charts` > 1 the units are spread over that many charts (unit i in chart i % charts).
// A unit: a CHAP Secret, an iSCSI PersistentVolume and a claim bound to it; every 10th unit also a
// GlusterFS Endpoints + selector-less Service pair. All three modes write the same YAML.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, ApiObject, Chart, Size } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const storage = require('../lib');

const [mode, nText, outText, chartsText] = process.argv.slice(2);
const n = Number(nText);
const outArg = outText === '-' ? undefined : outText;
const chartCount = Number(chartsText ?? 1);
const NS = 'bench';
const IQN = 'iqn.2001-04.com.example:storage.disk';

const secretData = (i) => ({ 'node.session.auth.username': `user${i}`, 'node.session.auth.password': `secret-${i}-0123456789` });
const pvSpec = (i) => ({
  accessModes: ['ReadWriteOnce'],
  capacity: { storage: '10Gi' },
  claimRef: { name: `data-${i}`, namespace: NS },
  iscsi: {
    targetPortal: '10.0.2.34:3260', iqn: `${IQN}${i}`, lun: 0, fsType: 'ext4',
    chapAuthSession: true, secretRef: { name: `chap-${i}`, namespace: NS },
  },
  persistentVolumeReclaimPolicy: 'Retain',
  volumeMode: 'Filesystem',
});
const claimSpec = (i) => ({
  accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: `pv-${i}`,
});
const GLUSTER_IPS = ['10.240.106.152', '10.240.79.157'];

function unitStorage(chart, i) {
  const pv = new storage.IscsiPersistentVolume(chart, `Pv${i}`, {
    metadata: { name: `pv-${i}` },
    targetPortal: '10.0.2.34:3260', iqn: `${IQN}${i}`, lun: 0, fsType: storage.FsType.EXT4,
    storage: Size.gibibytes(10),
    chapSecret: storage.IscsiChapSecret.fromCredentials({
      session: { username: `user${i}`, password: `secret-${i}-0123456789` }, metadata: { name: `chap-${i}` },
    }),
  });
  const claim = new storage.VolumeClaim(chart, `Claim${i}`, {
    metadata: { name: `data-${i}` }, volume: pv, storage: Size.gibibytes(10),
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '',
  });
  pv.bind(claim);
  if (i % 10 === 0) new storage.GlusterCluster(chart, `Gluster${i}`, { addresses: GLUSTER_IPS, metadata: { name: `gluster-${i}` } });
}

function glusterRaw(chart, i) {
  const metadata = { name: `gluster-${i}`, namespace: NS };
  new ApiObject(chart, `Endpoints${i}`, {
    apiVersion: 'v1', kind: 'Endpoints', metadata,
    subsets: [{ addresses: GLUSTER_IPS.map((ip) => ({ ip })), ports: [{ port: 24007 }] }],
  });
  new ApiObject(chart, `Service${i}`, { apiVersion: 'v1', kind: 'Service', metadata, spec: { ports: [{ port: 24007 }] } });
}

function unitRaw(chart, i) {
  new ApiObject(chart, `Secret${i}`, {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: `chap-${i}`, namespace: NS },
    immutable: false, stringData: secretData(i), type: 'kubernetes.io/iscsi-chap',
  });
  new ApiObject(chart, `Pv${i}`, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${i}` }, spec: pvSpec(i) });
  new ApiObject(chart, `Claim${i}`, {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `data-${i}`, namespace: NS }, spec: claimSpec(i),
  });
  if (i % 10 === 0) glusterRaw(chart, i);
}

function unitKplus(chart, i) {
  // cdk8s-plus-27 has Secret and PersistentVolumeClaim; it has no iSCSI PersistentVolume, and its
  // Service always writes a selector, so those stay raw ApiObjects.
  new kplus.Secret(chart, `Secret${i}`, { metadata: { name: `chap-${i}`, namespace: NS }, type: 'kubernetes.io/iscsi-chap', stringData: secretData(i) });
  const pv = kplus.PersistentVolume.fromPersistentVolumeName(chart, `PvRef${i}`, `pv-${i}`);
  new ApiObject(chart, `Pv${i}`, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${i}` }, spec: pvSpec(i) });
  new kplus.PersistentVolumeClaim(chart, `Claim${i}`, {
    metadata: { name: `data-${i}`, namespace: NS }, volume: pv, storage: Size.gibibytes(10),
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '',
  });
  if (i % 10 === 0) glusterRaw(chart, i);
}

const UNITS = { storage: unitStorage, raw: unitRaw, kplus: unitKplus };
if (!UNITS[mode] || !(n > 0) || !(chartCount >= 1)) {
  console.error('usage: node bench/workload.js <storage|raw|kplus> <N> [outdir|-] [charts]');
  process.exit(2);
}

const outdir = outArg ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
const start = process.hrtime.bigint();
const app = new App({ outdir });
storage.KubernetesVersion.V1_25.applyTo(app); // GlusterFS works through 1.25
// One chart, one manifest file in every mode. cdk8s gives every ApiObject its chart's namespace and
// a raw ApiObject cannot drop it, so the raw and kplus charts have none and namespaced objects name
// theirs; cdk8s-storage's PersistentVolumes drop the chart's namespace themselves.
const charts = Array.from({ length: chartCount }, (_, k) => new Chart(app, chartCount === 1 ? 'bench' : `bench${k}`, { namespace: mode === 'storage' ? NS : undefined }));
for (let i = 0; i < n; i++) UNITS[mode](charts[i % chartCount], i);
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const files = fs.readdirSync(outdir);
const rssMiB = process.resourceUsage().maxRSS / 1024;
if (!outArg) fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({ mode, n, charts: chartCount, ms: Math.round(ms), rssMiB: Math.round(rssMiB), files: files.length }));
