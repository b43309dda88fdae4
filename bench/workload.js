// One benchmark run: builds one scenario of N units in one mode, synthesizes it to a temp dir, and
// prints {scenario, mode, n, charts, ms, cpuMs, rssMiB, files, warningBytes} as JSON. Runs in its own
// process so that peak RSS is its own.
//   node bench/workload.js <scenario> <storage|raw|kplus> <N> [outdir|-] [charts]
// Every mode of a scenario writes the same YAML; run.js checks that. Each mode loads only what it
// uses: raw loads cdk8s alone, kplus adds cdk8s-plus-27, storage adds the library.
//
// Scenarios (a unit is one row):
//   units      a CHAP Secret, an iSCSI PersistentVolume and a claim bound to it; every 10th unit a
//              GlusterFS Endpoints + selector-less Service pair (the library's common path)
//   selectors  a class-less PersistentVolume with labels and a claim that selects it by label (the
//              binding check must find the volume by its labels, not by a name)
//   sizes      a PersistentVolume of i+1 GiB and a claim of i+1 GiB, nothing pre-bound (the binding
//              check must find the smallest volume that fits each claim)
//   shared     a Deployment that mounts the one ReadWriteOnce claim all units share (every Deployment
//              gets a warning that names a bounded number of the others)
//   workloads  a Deployment (Recreate) that mounts its own claim, bound to its own PersistentVolume
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, ApiObject, Chart, Names } = require('cdk8s');

const [scenario, mode, nText, outText, chartsText] = process.argv.slice(2);
const n = Number(nText);
const outArg = outText === '-' || outText === undefined ? undefined : outText;
const chartCount = Number(chartsText ?? 1);
const NS = 'bench';
const IQN = 'iqn.2001-04.com.example:storage.disk';
const PORTAL = '10.0.2.34:3260';
const GLUSTER_IPS = ['10.240.106.152', '10.240.79.157'];
const IMAGE = 'busybox:1.36';

// what each mode loads, only when it runs
const lazy = (load) => { let m; return () => (m ??= load()); };
const plus = lazy(() => require('cdk8s-plus-27'));
const lib = lazy(() => require('../lib'));
const size = (gi) => require('cdk8s').Size.gibibytes(gi);
const RWO = () => plus().PersistentVolumeAccessMode.READ_WRITE_ONCE;

// ---- raw objects: the YAML every mode writes ---------------------------------------------------

const rawPv = (chart, id, name, spec, labels) => new ApiObject(chart, id, {
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: labels ? { labels, name } : { name },
  spec: { accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', ...spec },
});
const rawClaim = (chart, id, name, spec) => new ApiObject(chart, id, {
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: NS },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeMode: 'Filesystem', ...spec },
});
const lunSpec = (i) => ({ iqn: `${IQN}${i}`, lun: 0, targetPortal: PORTAL });
const requests = (gi) => ({ requests: { storage: `${gi}Gi` } });

/** A Deployment as cdk8s-plus-27 writes one of one container that mounts a claim at /data. */
function rawDeployment(chart, id, name, claimName, strategy) {
  const spec = {};
  const d = new ApiObject(chart, id, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS }, spec });
  // the selector label is the object's address, known once it is in the tree (as cdk8s-plus-27 makes it)
  const addr = { 'cdk8s.io/metadata.addr': Names.toLabelValue(d) };
  const volume = `pvc-${claimName}`;
  Object.assign(spec, {
    minReadySeconds: 0, progressDeadlineSeconds: 600, replicas: 1, selector: { matchLabels: addr }, strategy,
    template: {
      metadata: { labels: addr },
      spec: {
        automountServiceAccountToken: false,
        containers: [{
          image: IMAGE, imagePullPolicy: 'Always', name: 'main',
          resources: { limits: { cpu: '1500m', memory: '2048Mi' }, requests: { cpu: '1000m', memory: '512Mi' } },
          securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
          volumeMounts: [{ mountPath: '/data', name: volume }],
        }],
        dnsPolicy: 'ClusterFirst', hostNetwork: false, restartPolicy: 'Always',
        securityContext: { fsGroupChangePolicy: 'Always', runAsNonRoot: true },
        setHostnameAsFQDN: false, terminationGracePeriodSeconds: 30,
        volumes: [{ name: volume, persistentVolumeClaim: { claimName, readOnly: false } }],
      },
    },
  });
  return d;
}
const RECREATE = { type: 'Recreate' };

function kplusDeployment(chart, id, name, claim, strategy) {
  const k = plus();
  const d = new k.Deployment(chart, id, { metadata: { name, namespace: NS }, replicas: 1, strategy, containers: [{ image: IMAGE, name: 'main' }] });
  // a kplus claim is no IStorage: cdk8s-plus-27 mounts it through a Volume (named pvc-<claim>)
  d.containers[0].mount('/data', claim.asVolume ? claim : k.Volume.fromPersistentVolumeClaim(chart, `${id}Volume`, claim));
  return d;
}

// ---- the scenarios, per mode ---------------------------------------------------------------------

const units = {
  storage(chart, i) {
    const s = lib();
    const pv = new s.IscsiPersistentVolume(chart, `Pv${i}`, {
      metadata: { name: `pv-${i}` }, targetPortal: PORTAL, iqn: `${IQN}${i}`, lun: 0, fsType: s.FsType.EXT4, storage: size(10),
      credentials: s.IscsiCredentials.fromChap({ session: { username: `user${i}`, password: `secret-${i}-0123456789` }, metadata: { name: `chap-${i}` } }),
    });
    pv.reserve({ metadata: { name: `data-${i}` } }); // the claim and both bindings in one call
    if (i % 10 === 0) new s.GlusterCluster(chart, `Gluster${i}`, { addresses: GLUSTER_IPS, metadata: { name: `gluster-${i}` } });
  },
  raw(chart, i) {
    unitSecretRaw(chart, i);
    unitPvRaw(chart, i);
    rawClaim(chart, `Claim${i}`, `data-${i}`, { resources: requests(10), volumeName: `pv-${i}` });
    if (i % 10 === 0) glusterRaw(chart, i);
  },
  kplus(chart, i) {
    // cdk8s-plus-27 has Secret and PersistentVolumeClaim; it has no iSCSI PersistentVolume, and its
    // Service always writes a selector, so those stay raw ApiObjects
    const k = plus();
    new k.Secret(chart, `Secret${i}`, { metadata: { name: `chap-${i}`, namespace: NS }, type: 'kubernetes.io/iscsi-chap', stringData: chapData(i) });
    const pv = k.PersistentVolume.fromPersistentVolumeName(chart, `PvRef${i}`, `pv-${i}`);
    unitPvRaw(chart, i);
    new k.PersistentVolumeClaim(chart, `Claim${i}`, { metadata: { name: `data-${i}`, namespace: NS }, volume: pv, storage: size(10), accessModes: [RWO()], storageClassName: '' });
    if (i % 10 === 0) glusterRaw(chart, i);
  },
};
const chapData = (i) => ({ 'node.session.auth.username': `user${i}`, 'node.session.auth.password': `secret-${i}-0123456789` });
function unitSecretRaw(chart, i) {
  new ApiObject(chart, `Secret${i}`, {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: `chap-${i}`, namespace: NS }, immutable: false, stringData: chapData(i), type: 'kubernetes.io/iscsi-chap',
  });
}
function unitPvRaw(chart, i) {
  rawPv(chart, `Pv${i}`, `pv-${i}`, {
    capacity: { storage: '10Gi' }, claimRef: { name: `data-${i}`, namespace: NS },
    iscsi: { ...lunSpec(i), fsType: 'ext4', chapAuthSession: true, secretRef: { name: `chap-${i}`, namespace: NS } },
  });
}
function glusterRaw(chart, i) {
  const metadata = { name: `gluster-${i}`, namespace: NS };
  new ApiObject(chart, `Endpoints${i}`, { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets: [{ addresses: GLUSTER_IPS.map((ip) => ({ ip })), ports: [{ port: 24007 }] }] });
  new ApiObject(chart, `Service${i}`, { apiVersion: 'v1', kind: 'Service', metadata, spec: { ports: [{ port: 24007 }] } });
}

const selectors = {
  storage(chart, i) {
    const s = lib();
    new s.IscsiPersistentVolume(chart, `Pv${i}`, { metadata: { name: `pv-${i}`, labels: { unit: `u${i}` } }, targetPortal: PORTAL, iqn: `${IQN}${i}`, lun: 0, storage: size(10) });
    new s.VolumeClaim(chart, `Claim${i}`, {
      metadata: { name: `data-${i}` }, storage: size(10), accessModes: [RWO()], storageClassName: '', selector: plus().LabelSelector.of({ labels: { unit: `u${i}` } }),
    });
  },
  raw(chart, i) {
    rawPv(chart, `Pv${i}`, `pv-${i}`, { capacity: { storage: '10Gi' }, iscsi: lunSpec(i) }, { unit: `u${i}` });
    rawClaim(chart, `Claim${i}`, `data-${i}`, { resources: requests(10), selector: { matchLabels: { unit: `u${i}` } } });
  },
};

const sizes = {
  storage(chart, i) {
    const s = lib();
    new s.IscsiPersistentVolume(chart, `Pv${i}`, { metadata: { name: `pv-${i}` }, targetPortal: PORTAL, iqn: `${IQN}${i}`, lun: 0, storage: size(i + 1) });
    new s.VolumeClaim(chart, `Claim${i}`, { metadata: { name: `data-${i}` }, storage: size(i + 1), accessModes: [RWO()], storageClassName: '' });
  },
  raw(chart, i) {
    rawPv(chart, `Pv${i}`, `pv-${i}`, { capacity: { storage: `${i + 1}Gi` }, iscsi: lunSpec(i) });
    rawClaim(chart, `Claim${i}`, `data-${i}`, { resources: requests(i + 1) });
  },
};

/** The one volume and claim of the shared scenario, made with the first unit. */
const sharedClaim = new WeakMap();
const shared = {
  storage(chart, i) {
    const s = lib();
    if (i === 0) {
      const pv = new s.IscsiPersistentVolume(chart, 'Pv', { metadata: { name: 'pv-shared' }, targetPortal: PORTAL, iqn: `${IQN}0`, lun: 0, storage: size(10) });
      const claim = new s.VolumeClaim(chart, 'Claim', { metadata: { name: 'data-shared' }, volume: pv, storage: size(10), accessModes: [RWO()], storageClassName: '' });
      pv.bind(claim);
      sharedClaim.set(chart.node.root, claim);
    }
    kplusDeployment(chart, `Web${i}`, `web-${i}`, sharedClaim.get(chart.node.root), plus().DeploymentStrategy.recreate());
  },
  raw(chart, i) {
    if (i === 0) {
      rawPv(chart, 'Pv', 'pv-shared', { capacity: { storage: '10Gi' }, claimRef: { name: 'data-shared', namespace: NS }, iscsi: lunSpec(0) });
      rawClaim(chart, 'Claim', 'data-shared', { resources: requests(10), volumeName: 'pv-shared' });
    }
    rawDeployment(chart, `Web${i}`, `web-${i}`, 'data-shared', RECREATE);
  },
  kplus(chart, i) {
    const k = plus();
    if (i === 0) {
      rawPv(chart, 'Pv', 'pv-shared', { capacity: { storage: '10Gi' }, claimRef: { name: 'data-shared', namespace: NS }, iscsi: lunSpec(0) });
      const pv = k.PersistentVolume.fromPersistentVolumeName(chart, 'PvRef', 'pv-shared');
      sharedClaim.set(chart.node.root, new k.PersistentVolumeClaim(chart, 'Claim', {
        metadata: { name: 'data-shared', namespace: NS }, volume: pv, storage: size(10), accessModes: [RWO()], storageClassName: '',
      }));
    }
    kplusDeployment(chart, `Web${i}`, `web-${i}`, sharedClaim.get(chart.node.root), k.DeploymentStrategy.recreate());
  },
};

const workloads = {
  storage(chart, i) {
    const s = lib();
    const pv = new s.IscsiPersistentVolume(chart, `Pv${i}`, { metadata: { name: `pv-${i}` }, targetPortal: PORTAL, iqn: `${IQN}${i}`, lun: 0, storage: size(10) });
    const claim = new s.VolumeClaim(chart, `Claim${i}`, { metadata: { name: `data-${i}` }, volume: pv, storage: size(10), accessModes: [RWO()], storageClassName: '' });
    pv.bind(claim);
    kplusDeployment(chart, `Web${i}`, `web-${i}`, claim, plus().DeploymentStrategy.recreate());
  },
  raw(chart, i) {
    rawPv(chart, `Pv${i}`, `pv-${i}`, { capacity: { storage: '10Gi' }, claimRef: { name: `data-${i}`, namespace: NS }, iscsi: lunSpec(i) });
    rawClaim(chart, `Claim${i}`, `data-${i}`, { resources: requests(10), volumeName: `pv-${i}` });
    rawDeployment(chart, `Web${i}`, `web-${i}`, `data-${i}`, RECREATE);
  },
  kplus(chart, i) {
    const k = plus();
    rawPv(chart, `Pv${i}`, `pv-${i}`, { capacity: { storage: '10Gi' }, claimRef: { name: `data-${i}`, namespace: NS }, iscsi: lunSpec(i) });
    const pv = k.PersistentVolume.fromPersistentVolumeName(chart, `PvRef${i}`, `pv-${i}`);
    const claim = new k.PersistentVolumeClaim(chart, `Claim${i}`, {
      metadata: { name: `data-${i}`, namespace: NS }, volume: pv, storage: size(10), accessModes: [RWO()], storageClassName: '',
    });
    kplusDeployment(chart, `Web${i}`, `web-${i}`, claim, k.DeploymentStrategy.recreate());
  },
};

const SCENARIOS = { units, selectors, sizes, shared, workloads };
exports.SCENARIOS = Object.fromEntries(Object.entries(SCENARIOS).map(([name, modes]) => [name, Object.keys(modes)]));
if (require.main !== module) return;

const unit = SCENARIOS[scenario]?.[mode];
if (!unit || !(n > 0) || !(chartCount >= 1)) {
  console.error(`usage: node bench/workload.js <${Object.keys(SCENARIOS).join('|')}> <storage|raw|kplus> <N> [outdir|-] [charts]`);
  process.exit(2);
}
// the library's warnings are counted, not printed
let warningBytes = 0;
console.error = console.warn = (...args) => { warningBytes += args.join(' ').length + 1; };
process.stderr.write = (chunk) => { warningBytes += chunk.length; return true; };

const outdir = outArg ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
const start = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const app = new App({ outdir });
if (mode === 'storage') lib().KubernetesVersion.V1_25.applyTo(app); // GlusterFS works through 1.25
// One chart, one manifest file in every mode. cdk8s gives every ApiObject its chart's namespace and
// a raw ApiObject cannot drop it, so the raw and kplus charts have none and namespaced objects name
// theirs; cdk8s-storage's PersistentVolumes drop the chart's namespace themselves.
const charts = Array.from({ length: chartCount }, (_, k) => new Chart(app, chartCount === 1 ? 'bench' : `bench${k}`, { namespace: mode === 'storage' ? NS : undefined }));
for (let i = 0; i < n; i++) unit(charts[i % chartCount], i);
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpu0);
const files = fs.readdirSync(outdir);
const rssMiB = process.resourceUsage().maxRSS / 1024;
if (!outArg) fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({
  scenario, mode, n, charts: chartCount, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMiB: Math.round(rssMiB), files: files.length, warningBytes,
}) + '\n');
