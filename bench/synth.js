// A whole `cdk8s synth` of one realistic app, startup included: cdk8s-cli starts, runs the app in a
// node process of its own, and the app writes its manifests. Two apps write the same YAML:
//   storage  the app written with cdk8s-storage and cdk8s-plus-27 (bench/synth-app.js)
//   raw      the same objects as raw cdk8s ApiObjects (loads cdk8s alone)
// The app (target 1.31): a Ceph cluster, an RBD and a CephFS class, a 3-replica PostgreSQL
// StatefulSet with per-replica claims, 10 Deployments each with its own RBD claim, one CephFS claim
// shared ReadWriteMany by 3 Deployments, an iSCSI LUN with CHAP as a PersistentVolume and claim, an
// Azure File class and claim, a VolumeSnapshotClass, a snapshot and a claim restored from it.
//   node bench/synth.js [rounds]         (default 5; after `npx projen compile`)
// Modes interleave; medians of wall time with lowest and highest; the 1-minute load average.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const rounds = Number(process.argv[2] ?? 5);

/** A project folder per mode: cdk8s.yaml and the app. */
function project(mode) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-synth-${mode}-`));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node ${path.join(__dirname, 'synth-app.js')} ${mode}\n`);
  return dir;
}

function synth(dir) {
  const out = path.join(dir, 'dist');
  fs.rmSync(out, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  execFileSync(CDK8S, ['synth', '--output', out], {
    cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const docs = fs.readdirSync(out).sort().map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n---\n');
  return { ms, docs };
}

const dirs = { storage: project('storage'), raw: project('raw') };
// the raw app writes what the storage app writes: it reads the storage app's objects once
const first = synth(dirs.storage);
fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
fs.writeFileSync(path.join(ROOT, '.tmp', 'bench-synth-objects.json'), JSON.stringify(require('yaml').parseAllDocuments(first.docs).map((d) => d.toJSON()).filter((d) => d)));
const rawFirst = synth(dirs.raw);
const sorted = (text) => text.split(/\n---\n|^---\n/m).map((d) => d.trim()).filter((d) => d !== '').sort().join('\n');
if (sorted(first.docs) !== sorted(rawFirst.docs)) {
  console.error('the storage and raw apps write different YAML');
  process.exit(1);
}
const objects = sorted(first.docs).split('\napiVersion:').length;
/** The app's own process (node, loading cdk8s, cdk8s-plus-27 and the library, building, writing), without cdk8s-cli. */
function appAlone(mode) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-synth-app-${mode}-`));
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [path.join(__dirname, 'synth-app.js'), mode], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CDK8S_OUTDIR: out } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(out, { recursive: true, force: true });
  return ms;
}
const times = { storage: [], raw: [] };
const alone = { storage: [], raw: [] };
const loads = [];
for (let r = 0; r < rounds; r++) {
  loads.push(os.loadavg()[0]);
  for (const mode of r % 2 === 0 ? ['storage', 'raw'] : ['raw', 'storage']) {
    times[mode].push(synth(dirs[mode]).ms);
    alone[mode].push(appAlone(mode));
  }
  process.stderr.write(`round ${r + 1}: cdk8s synth storage ${Math.round(times.storage[r])} ms, raw ${Math.round(times.raw[r])} ms; ` +
    `the app alone storage ${Math.round(alone.storage[r])} ms, raw ${Math.round(alone.raw[r])} ms\n`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
console.log(`cdk8s synth of one app (${objects} objects), whole process, median of ${rounds} interleaved rounds (1-minute load average: median ${median(loads).toFixed(2)}):`);
const line = (what, t) => `  ${what}: storage ${Math.round(median(t.storage))} ms (${range(t.storage)}), raw ${Math.round(median(t.raw))} ms (${range(t.raw)}), ` +
  `storage/raw ${(median(t.storage) / median(t.raw)).toFixed(2)}`;
console.log(line('cdk8s synth (cdk8s-cli, then the app)', times));
console.log(line('the app\'s process alone (node synth-app.js)', alone));
for (const d of Object.values(dirs)) fs.rmSync(d, { recursive: true, force: true });
