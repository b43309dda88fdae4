#!/usr/bin/env node
// The referee: a real kube-apiserver (one per emulated version), etcd and the PersistentVolume
// controller, started on 127.0.0.1 for the test suite and stopped again by PID.
//
//   node test/cluster/referee.js build              build (or reuse) the binaries
//   node test/cluster/referee.js run -- CMD ARGS [-- CMD ARGS …]
//                                                    start the referee, run each CMD in turn (all of
//                                                    them, even when one fails) with
//                                                    CDK8S_STORAGE_REFEREE=<run>/referee.json, stop it
//
// The binaries are built from the Go module in this folder (go.mod pins k8s.io/kubernetes) into a
// cache outside the clone, keyed by the version and the hash of go.mod and go.sum, so that a second
// clone on the same machine reuses them. etcd is Debian's etcd-server, installed with apt when it is
// missing. Everything a run writes (PKI, token, kubeconfigs, etcd's data, logs) stays in
// .tmp/referee/run-<pid>/ under the clone.
'use strict';
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const https = require('https');
const net = require('net');
const os = require('os');
const path = require('path');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const STATE = path.join(ROOT, '.tmp', 'referee');

/** The Kubernetes release the referee is built from: the newest minor the library targets. */
const KUBERNETES = 'v1.37.2';
/** The versions the API servers emulate: kube-apiserver 1.37 emulates 1.34 … 1.37 (`--emulated-version`). */
const ALL_EMULATED = ['1.34', '1.35', '1.36', '1.37'];
/**
 * For a quick local run, REFEREE_VERSIONS=1.37 starts fewer servers (targets are then judged by the
 * nearest one); the test tasks always start all of them.
 */
const EMULATED = process.env.REFEREE_VERSIONS
  ? ALL_EMULATED.filter((v) => process.env.REFEREE_VERSIONS.split(',').includes(v))
  : ALL_EMULATED;
const COMMANDS = ['kube-apiserver', 'kube-controller-manager'];

function fail(message) {
  console.error(`referee: ${message}`);
  process.exit(2);
}

function log(message) {
  console.error(`referee: ${message}`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function binDir() {
  const hash = crypto.createHash('sha256');
  for (const f of ['go.mod', 'go.sum']) hash.update(fs.readFileSync(path.join(HERE, f)));
  const cache = process.env.CDK8S_STORAGE_REFEREE_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-storage', 'referee');
  return path.join(cache, `${KUBERNETES}-${hash.digest('hex').slice(0, 12)}`);
}

function ensureEtcd() {
  if (which('etcd')) return;
  if (!which('apt-get')) {
    fail('etcd is missing and apt-get is not available: install etcd 3.4 or newer (Debian/Ubuntu: apt-get install etcd-server) and put it on PATH');
  }
  if (process.getuid && process.getuid() !== 0) {
    fail('etcd is missing: install it with "sudo apt-get install -y etcd-server" (installing needs root)');
  }
  log('etcd is missing: installing Debian\'s etcd-server with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'etcd-server']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) fail(`"apt-get ${args.join(' ')}" failed (exit ${r.status}): install etcd-server by hand`);
  }
  if (!which('etcd')) fail('apt-get installed etcd-server, but there is no etcd on PATH');
}

/** Builds kube-apiserver and kube-controller-manager unless the cache has them; returns their folder. */
function build() {
  const dir = binDir();
  ensureEtcd();
  if (COMMANDS.every((c) => fs.existsSync(path.join(dir, c)))) {
    log(`reusing ${KUBERNETES} binaries in ${dir}`);
    return dir;
  }
  if (!which('go')) {
    fail('Go is missing: the referee builds kube-apiserver from the Go module proxy and needs Go 1.26 or newer (https://go.dev/dl/) on PATH');
  }
  fs.mkdirSync(dir, { recursive: true });
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(KUBERNETES);
  const version = 'k8s.io/component-base/version';
  const ldflags = `-s -w -X ${version}.gitVersion=${KUBERNETES} -X ${version}.gitMajor=${major} -X ${version}.gitMinor=${minor}`;
  for (const cmd of COMMANDS) {
    const out = path.join(dir, cmd);
    if (fs.existsSync(out)) continue;
    const started = Date.now();
    log(`building ${cmd} ${KUBERNETES} (cold: 10–30 minutes on 2 cores; warm Go caches: about a minute)`);
    const tmp = `${out}.${process.pid}.tmp`;
    const r = spawnSync('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', tmp, `k8s.io/kubernetes/cmd/${cmd}`], {
      cwd: HERE, stdio: 'inherit', env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=readonly`.trim() },
    });
    if (r.status !== 0) fail(`"go build ${cmd}" failed (exit ${r.status}); the Go module proxy must be reachable`);
    fs.renameSync(tmp, out);
    log(`built ${cmd} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Running

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/** A throwaway CA, a serving certificate for 127.0.0.1, the service-account key pair and a token. */
function makePki(dir) {
  if (!which('openssl')) fail('openssl is missing: the referee makes a throwaway PKI with it');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=cdk8s-storage-referee-ca',
    '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  fs.writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'san.cnf', '-out', 'server.crt'], dir);
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const token = crypto.randomBytes(24).toString('hex');
  fs.writeFileSync(path.join(dir, 'tokens.csv'), `${token},referee,referee,system:masters\n`, { mode: 0o600 });
  return token;
}

function kubeconfig(file, server, caFile, token) {
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: referee',
    'clusters:', '- name: referee', '  cluster:', `    server: ${server}`, `    certificate-authority: ${caFile}`,
    'users:', '- name: referee', '  user:', `    token: ${token}`,
    'contexts:', '- name: referee', '  context:', '    cluster: referee', '    user: referee', '',
  ].join('\n'), { mode: 0o600 });
}

/** The processes this run started, by PID; only these are ever stopped. */
const children = [];

function start(name, cmd, args, dir) {
  const out = fs.openSync(path.join(dir, `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  children.push({ name, child });
  fs.appendFileSync(path.join(dir, 'pids'), `${child.pid} ${name}\n`);
  child.once('exit', (code, signal) => {
    child.exited = true;
    if (!stopping) log(`${name} (pid ${child.pid}) exited early (${signal ?? code}); see ${path.join(dir, `${name}.log`)}`);
  });
  return child;
}

let stopping = false;

/** Stops every process this run started: SIGTERM by PID, then SIGKILL after 10 s. */
async function stopAll() {
  stopping = true;
  for (const { child } of children) if (!child.exited) try { process.kill(child.pid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + 10_000;
  while (children.some(({ child }) => !child.exited) && Date.now() < deadline) await sleep(100);
  for (const { child } of children) if (!child.exited) try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
}

/**
 * Processes of an earlier run that was killed before it could stop them: their PIDs are in that
 * run's `pids` file, and a PID counts only while its command line still names that run's folder.
 */
function stopStaleRuns() {
  if (!fs.existsSync(STATE)) return;
  for (const entry of fs.readdirSync(STATE)) {
    const dir = path.join(STATE, entry);
    if (!entry.startsWith('run-')) continue;
    const owner = Number(entry.slice(4));
    if (owner !== process.pid && isAlive(owner)) continue; // another run in progress
    const pidFile = path.join(dir, 'pids');
    if (fs.existsSync(pidFile)) {
      for (const line of fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean)) {
        const pid = Number(line.split(' ')[0]);
        let cmdline = '';
        try { cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
        if (cmdline.includes(dir)) {
          log(`stopping pid ${pid} left behind by an earlier run (${line})`);
          try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(url, options) {
  return new Promise((resolve) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { ...options, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => { req.destroy(); resolve({ status: 0, body: '' }); });
  });
}

function post(url, body, options) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = https.request(url, { ...options, method: 'POST', timeout: 10000,
      headers: { ...options.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    req.on('timeout', () => { req.destroy(); resolve({ status: 0, body: 'timeout' }); });
    req.end(data);
  });
}

/**
 * Installs the VolumeSnapshot CRDs (external-snapshotter, pinned in scripts/snapshot-crds.js) into
 * one server, and waits until it serves snapshot.storage.k8s.io/v1: the library's VolumeSnapshots
 * and VolumeSnapshotClasses are then judged like every other object, CEL rules included.
 */
async function installSnapshotCrds(server, options, what) {
  const YAML = require('yaml');
  const { crdText } = require(path.join(ROOT, 'scripts', 'snapshot-crds.js'));
  for (const doc of YAML.parseAllDocuments(crdText())) {
    const crd = doc.toJSON();
    if (!crd) continue;
    const r = await post(`${server}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, crd, options);
    if (r.status !== 201 && r.status !== 409) throw new Error(`${what}: installing CRD ${crd.metadata.name} failed (${r.status}): ${r.body.slice(0, 500)}`);
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = await get(`${server}/apis/snapshot.storage.k8s.io/v1`, options);
    if (r.status === 200 && ['volumesnapshots', 'volumesnapshotclasses', 'volumesnapshotcontents'].every((n) => r.body.includes(`"${n}"`))) return;
    await sleep(250);
  }
  throw new Error(`${what}: snapshot.storage.k8s.io/v1 was not served 60 s after its CRDs were created`);
}

async function waitFor(what, child, probe, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exited) throw new Error(`${what} exited before it was ready`);
    if (await probe()) return;
    await sleep(250);
  }
  throw new Error(`${what} was not ready after ${seconds} s`);
}

/** Runs one command with the referee's state in its environment; resolves to its exit code. */
function runCommand([cmd, ...args], stateFile) {
  log(`running ${[cmd, ...args].join(' ')}`);
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, CDK8S_STORAGE_REFEREE: stateFile } });
  return new Promise((resolve) => {
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.once('error', (e) => { log(`cannot run ${cmd}: ${e.message}`); resolve(127); });
  });
}

async function run(args) {
  const commands = [[]];
  for (const a of args) {
    if (a === '--') commands.push([]);
    else commands[commands.length - 1].push(a);
  }
  if (commands.some((c) => c.length === 0)) fail('usage: referee.js run -- COMMAND [ARGS...] [-- COMMAND [ARGS...] ...]');
  const bin = build();
  stopStaleRuns();
  const dir = path.join(STATE, `run-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const token = makePki(dir);
  const ca = fs.readFileSync(path.join(dir, 'ca.crt'));

  const [etcdClient, etcdPeer] = [await freePort(), await freePort()];
  const etcd = start('etcd', 'etcd', [
    '--name', 'referee', '--data-dir', path.join(dir, 'etcd'),
    '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
    '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
    '--initial-cluster', `referee=http://127.0.0.1:${etcdPeer}`, '--log-level', 'warn',
  ], dir);
  await waitFor('etcd', etcd, async () => (await get(`http://127.0.0.1:${etcdClient}/health`)).status === 200, 60);

  const servers = {};
  const waits = [];
  for (const version of EMULATED) {
    const port = await freePort();
    const args = [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`, `--etcd-prefix=/registry-${version}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${port}`,
      `--tls-cert-file=${path.join(dir, 'server.crt')}`, `--tls-private-key-file=${path.join(dir, 'server.key')}`,
      `--client-ca-file=${path.join(dir, 'ca.crt')}`, `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--service-account-issuer=https://kubernetes.default.svc', `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`, '--service-cluster-ip-range=10.0.0.0/24',
      '--authorization-mode=RBAC', '--endpoint-reconciler-type=none',
    ];
    if (version !== ALL_EMULATED[ALL_EMULATED.length - 1]) args.push(`--emulated-version=${version}`);
    const server = `https://127.0.0.1:${port}`;
    const file = path.join(dir, `kubeconfig-${version}`);
    kubeconfig(file, server, path.join(dir, 'ca.crt'), token);
    servers[version] = { server, kubeconfig: file };
    const child = start(`kube-apiserver-${version}`, path.join(bin, 'kube-apiserver'), args, dir);
    const options = { ca, headers: { Authorization: `Bearer ${token}` } };
    const what = `kube-apiserver emulating ${version}`;
    waits.push(waitFor(what, child, async () => (await get(`${server}/readyz`, options)).status === 200, 180)
      .then(() => installSnapshotCrds(server, options, what)));
  }
  await Promise.all(waits);

  // The PersistentVolume controller alone, one per server: each server has its own etcd prefix,
  // so each is a cluster of its own, and the binding suite judges its scenarios on all at once.
  const kcmWaits = [];
  for (const version of EMULATED) {
    const kcmPort = await freePort();
    const kcm = start(`kube-controller-manager-${version}`, path.join(bin, 'kube-controller-manager'), [
      `--kubeconfig=${servers[version].kubeconfig}`, '--controllers=persistentvolume-binder-controller',
      '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${kcmPort}`,
      // the default client rate (20 requests/s) would make the controller, not the test, the
      // slow part: a corpus of hundreds of claims needs a few writes per claim
      '--authentication-skip-lookup=true', '--kube-api-qps=1000', '--kube-api-burst=2000',
    ], dir);
    kcmWaits.push(waitFor(`kube-controller-manager for ${version}`, kcm,
      async () => (await get(`https://127.0.0.1:${kcmPort}/healthz`, { rejectUnauthorized: false })).status === 200, 120));
  }
  await Promise.all(kcmWaits);

  const state = { kubernetes: KUBERNETES, emulated: EMULATED, servers, controllers: EMULATED, dir };
  const stateFile = path.join(dir, 'referee.json');
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: kube-apiserver ${KUBERNETES} emulating ${EMULATED.join(', ')}, ` +
    `etcd, and a PersistentVolume controller per server (state in ${path.relative(ROOT, dir)})`);

  let code = 0;
  for (const command of commands) {
    const c = await runCommand(command, stateFile);
    if (code === 0) code = c;
  }
  const dead = children.filter(({ child: c }) => c.exited).map(({ name }) => name);
  await stopAll();
  if (dead.length > 0) {
    log(`${dead.join(', ')} stopped during the run; the results above are not to be trusted`);
    return 1;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return code;
}

async function main() {
  const [verb, ...rest] = process.argv.slice(2);
  if (verb === 'build') {
    const started = Date.now();
    build();
    log(`binaries ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  }
  if (verb === 'run' && rest[0] === '--') return run(rest.slice(1));
  fail('usage: referee.js build | run -- COMMAND [ARGS...] [-- COMMAND [ARGS...] ...]');
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping the referee`);
    stopAll().finally(() => process.exit(130));
  });
}

main().then((code) => process.exit(code), (e) => {
  log(e.stack ?? String(e));
  stopAll().finally(() => process.exit(1));
});
