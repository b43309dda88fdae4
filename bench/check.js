#!/usr/bin/env node
/*
 * `cdk8s-storage check` on a large input: N objects in one multi-document YAML file (a quarter
 * each: class-less NFS PersistentVolumes, claims that name them, Deployments (Recreate) that mount
 * the claims, Pods with an in-tree rbd volume), checked at 1.31 with every check the command runs
 * (the version policy, the source rules, the field rules, the binding check, the workload warnings). Reports the
 * time to parse and check (in process, after the modules are loaded) and the whole process's wall
 * and CPU time, the way `npx cdk8s-storage check` runs it. Needs the compiled lib/ (npx projen compile).
 *
 *   node bench/check.js [N=10000] [rounds=3]
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const N = Number(process.argv[2] ?? 10000);
const ROUNDS = Number(process.argv[3] ?? 3);
const ROOT = path.join(__dirname, '..');

function input(n) {
  const docs = [];
  for (let i = 0; docs.length < n; i++) {
    docs.push(`apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: pv-${i}, labels: { app: a${i} } }\nspec:\n  capacity: { storage: 10Gi }\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  nfs: { server: 10.0.0.1, path: /export/${i} }`);
    docs.push(`apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: data-${i}, namespace: ns${i % 50} }\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  volumeName: pv-${i}\n  resources: { requests: { storage: 10Gi } }`);
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app-${i}, namespace: ns${i % 50} }\nspec:\n  replicas: 1\n  strategy: { type: Recreate }\n  selector: { matchLabels: { app: a${i} } }\n  template:\n    metadata: { labels: { app: a${i} } }\n    spec:\n      containers: [{ name: c, image: nginx }]\n      volumes: [{ name: data, persistentVolumeClaim: { claimName: data-${i} } }]`);
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: { name: rbd-${i}, namespace: ns${i % 50} }\nspec:\n  containers: [{ name: c, image: busybox }]\n  volumes: [{ name: img, rbd: { monitors: ["10.16.154.78:6789"], image: img-${i}, pool: kube, secretRef: { name: ceph } } }]`);
  }
  return docs.slice(0, n).join('\n---\n') + '\n';
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-check-'));
const file = path.join(dir, 'input.yaml');
fs.writeFileSync(file, input(N));
const { check } = require(path.join(ROOT, 'lib', 'cli', 'check.js'));
const { KubernetesVersion } = require(path.join(ROOT, 'lib'));
const text = fs.readFileSync(file, 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const inProcess = [];
const processes = [];
let result;
for (let r = 0; r < ROUNDS; r++) {
  const t0 = process.hrtime.bigint();
  result = check([{ file, text }], KubernetesVersion.V1_31);
  inProcess.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const w0 = Date.now();
  let status = 0;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'lib', 'cli', 'main.js'), 'check', '--target', '1.31', '--format', 'json', file], { stdio: ['ignore', 'ignore', 'ignore'] });
  } catch (e) { status = e.status; }
  processes.push(Date.now() - w0);
  if (status !== 1) throw new Error(`expected exit status 1 (the rbd volumes are errors at 1.31), got ${status}`);
}
fs.rmSync(dir, { recursive: true, force: true });
const errors = result.findings.filter((f) => f.severity === 'error').length;
console.log(`cdk8s-storage check, ${N.toLocaleString('en-US')} objects (${(text.length / 1e6).toFixed(1)} MB of YAML), target 1.31, ${ROUNDS} rounds: ` +
  `parse and check ${Math.round(median(inProcess))} ms median (${Math.round(Math.min(...inProcess))}–${Math.round(Math.max(...inProcess))}); ` +
  `whole command ${Math.round(median(processes))} ms median (${Math.round(Math.min(...processes))}–${Math.round(Math.max(...processes))}); ` +
  `${result.objects} objects read, ${errors} errors, ${result.findings.length - errors} warnings; load average ${os.loadavg()[0].toFixed(2)}, ${os.cpus().length} cores, node ${process.version}`);
