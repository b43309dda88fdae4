#!/usr/bin/env node
/*
 * The Go module and the Maven artifact (jsii-pacmak), with the bindings of our dependencies kept
 * in the cache outside the clone (scripts/cache-dir.js: ~/.cache/cdk8s-storage/bindings/).
 *
 * Neither the Go module proxy nor Maven Central has cdk8s-plus-27's bindings (nor the Go proxy
 * cdk8s's at our floor), so jsii-pacmak builds them from their npm packages and builds ours against
 * them: Go through `replace` lines to dist/go/<dep>, Java through dist/java as a local Maven
 * repository. Those bindings depend only on the dependencies' assemblies, jsii-pacmak and the
 * language's tools, never on our sources: they are built once per such key (about 2 of Java's 3
 * minutes), kept in the cache, and put back into dist/<lang>/ before pacmak builds ours alone.
 * Maven's own downloads (plugins, the jsii runtime, cdk8s's Java artifact from Maven Central) go to
 * a persistent local repository there too (pacmak's default is a fresh one per run).
 *
 * After this script, scripts/move-bindings.js moves the dependencies' bindings out of dist/ to
 * .tmp/bindings/<lang>/, as before.
 *
 *   node scripts/bindings.js go|java
 *
 * CDK8S_STORAGE_BINDINGS_CACHE=off builds the dependencies' bindings every time (as before).
 */
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { cacheDir } = require('./cache-dir');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const CACHING = process.env.CDK8S_STORAGE_BINDINGS_CACHE !== 'off';

/** Per language: the npm packages whose bindings are built, the folders they land in under dist/<lang>/, the tools' versions. */
const LANGS = {
  go: {
    deps: ['cdk8s', 'cdk8s-plus-27'],
    dirs: ['cdk8s', 'cdk8splus27'],
    tools: [['go', ['version']]],
    args: [],
  },
  java: {
    deps: ['cdk8s-plus-27'],
    dirs: ['org/cdk8s'],
    tools: [['java', ['-version']], ['mvn', ['-v']]],
    args: [`--maven-local-repository=${cacheDir('maven')}`],
  },
};

const log = (msg) => process.stdout.write(`[bindings] ${msg}\n`);

function run(cmd, args) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
  return (Date.now() - t0) / 1000;
}

function toolVersion(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: is ${cmd} installed?`);
  return `${r.stdout}${r.stderr}`;
}

/** Everything the dependencies' bindings are made from. */
function key(lang) {
  const { deps, tools } = LANGS[lang];
  const h = crypto.createHash('sha256').update(lang).update('\0');
  const pkg = (p) => path.join(ROOT, 'node_modules', p);
  h.update(JSON.parse(fs.readFileSync(path.join(pkg('jsii-pacmak'), 'package.json'), 'utf8')).version).update('\0');
  for (const d of deps) {
    h.update(d).update('\0').update(fs.readFileSync(path.join(pkg(d), 'package.json'))).update('\0');
    h.update(fs.readFileSync(path.join(pkg(d), '.jsii'))).update('\0');
  }
  for (const [cmd, args] of tools) h.update(toolVersion(cmd, args)).update('\0');
  return h.digest('hex');
}

function main(lang) {
  const spec = LANGS[lang];
  if (!spec) throw new Error('usage: node scripts/bindings.js go|java');
  const out = path.join(ROOT, 'dist', lang);
  const entry = path.join(cacheDir('bindings'), `${lang}-${key(lang)}`);
  for (const d of spec.dirs) fs.rmSync(path.join(out, d), { recursive: true, force: true });
  const hit = CACHING && fs.existsSync(path.join(entry, '.complete'));
  if (hit) {
    for (const d of spec.dirs) fs.cpSync(path.join(entry, d), path.join(out, d), { recursive: true });
    log(`${spec.deps.join(', ')}: their ${lang} bindings from the cache (same assemblies, jsii-pacmak and ${spec.tools.map((t) => t[0]).join(', ')})`);
    const s = run(path.join(BIN, 'jsii-pacmak'), ['-v', '--target', lang, '-o', 'dist', ...spec.args, '.']);
    log(`jsii-pacmak --target ${lang} for cdk8s-storage against them: ${s.toFixed(1)} s`);
    return;
  }
  const s = run(path.join(BIN, 'jsii-pacmak'), ['-v', '--target', lang, '-o', 'dist', ...spec.args, ...spec.deps.map((d) => path.join('node_modules', d)), '.']);
  log(`jsii-pacmak --target ${lang} for ${spec.deps.join(', ')} and cdk8s-storage: ${s.toFixed(1)} s`);
  if (!CACHING) return;
  // stored aside, then renamed into place, so an entry is whole or absent
  const tmp = `${entry}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const d of spec.dirs) {
    if (!fs.existsSync(path.join(out, d))) throw new Error(`dist/${lang}/${d} does not exist: did jsii-pacmak build the dependency bindings?`);
    fs.cpSync(path.join(out, d), path.join(tmp, d), { recursive: true });
  }
  fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
  try {
    fs.renameSync(tmp, entry);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(entry, '.complete'))) throw e; // else another run stored it meanwhile
  }
}

try {
  main(process.argv[2]);
} catch (e) {
  process.stderr.write(`[bindings] ${e.message}\n`);
  process.exit(1);
}
