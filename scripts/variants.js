#!/usr/bin/env node
/*
 * The cdk8s-plus variants: cdk8s-storage for cdk8s-plus-28 … 33, built from this one source tree.
 *
 * Nothing of a variant is in git but its install manifest (variants/package.json and its lockfile:
 * the cdk8s-plus majors, installed into variants/node_modules by `npm ci`). At build time, for each
 * major NN, this script copies src/, test/ and examples/ into variants/build/plus-NN/, rewrites the
 * module name `cdk8s-plus-27` (imports and the messages that name it) to `cdk8s-plus-NN`, writes the
 * variant's package.json (npm and PyPI `cdk8s-storage-plus-NN`, Python module
 * `cdk8s_storage_plus_NN`, peer dependency on that major), and runs jsii there; jsii-pacmak then
 * writes every variant's package into the project's dist/ beside the main one. cdk8s, constructs
 * and the tools come from the project's own node_modules (variants/.npmrc: legacy-peer-deps), so
 * every variant runs on the same cdk8s as the main package.
 *
 *   node scripts/variants.js install                 npm ci in variants/ when its lockfile changed
 *   node scripts/variants.js compile [NN…]           stage + jsii (all majors by default)
 *   node scripts/variants.js package js|python [NN…] jsii-pacmak into dist/<target>/ (compiles first if needed)
 *   node scripts/variants.js test [NN…]              the suites below of every variant in one jest run, then per variant the API and the strict app
 *   node scripts/variants.js readme                  the compatibility table in README.md
 *   node scripts/variants.js python [NN…]            a variant's wheel in a fresh venv runs the Python examples
 *   node scripts/variants.js api [NN…]               only compare each variant's .jsii API with the main package's
 *   node scripts/variants.js app 27|NN…              only build and run the strict app (27: the main package)
 *
 * CDK8S_STORAGE_VARIANTS=28,33 limits every command to those majors.
 *
 * What a later run can reuse is kept outside the clone (scripts/cache-dir.js: ~/.cache/cdk8s-storage/
 * variants/), keyed by a hash of everything it is made from: each variant's jsii output (its staged
 * sources, package.json, tsconfig, the lockfile and the versions of jsii, cdk8s and constructs), its
 * npm tarball and wheel (that, plus jsii-pacmak's version), and the strict app's compiled JavaScript
 * (the app, its tsconfig, the .d.ts files of the package it compiles against and the versions of
 * everything else it reads). Only successful results are kept. CDK8S_STORAGE_VARIANTS_CACHE=off
 * ignores the cache.
 */
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { cacheDir } = require('./cache-dir');

const ROOT = path.resolve(__dirname, '..');
const VARIANTS = path.join(ROOT, 'variants');
const BUILD = path.join(VARIANTS, 'build');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const MAIN_MAJOR = 27;

/** The suites every variant runs (besides the strict app): the examples, workloads, binding, interop. */
const SUITES = ['test/cross-cutting/examples.test.ts', 'test/cross-cutting/workloads.test.ts', 'test/cross-cutting/binding.test.ts', 'test/cross-cutting/persistent-objects.test.ts', 'test/core/internals.test.ts', 'test/core/kplus-contract.test.ts', 'test/core/kplus-adapter.test.ts', 'test/custom.test.ts'];

const deps = JSON.parse(fs.readFileSync(path.join(VARIANTS, 'package.json'), 'utf8')).devDependencies;
const ALL = Object.keys(deps).map((n) => Number(/^cdk8s-plus-(\d+)$/.exec(n)[1])).sort((a, b) => a - b);

function majors(args) {
  const env = process.env.CDK8S_STORAGE_VARIANTS;
  const wanted = args.length > 0 ? args : env ? env.split(',') : [];
  const list = wanted.length > 0 ? wanted.map(Number) : ALL;
  for (const m of list) if (!ALL.includes(m)) throw new Error(`no variant for cdk8s-plus-${m}: variants/package.json lists ${ALL.join(', ')}`);
  return list;
}

function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' }, ...opts });
  if (r.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} (in ${path.relative(ROOT, opts.cwd ?? ROOT) || '.'}) failed with ${r.status ?? r.signal}`);
  }
  return (Date.now() - t0) / 1000;
}

const log = (msg) => process.stdout.write(`[variants] ${msg}\n`);
const sha = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const hashOf = (...parts) => parts.reduce((h, p) => h.update(p).update('\0'), crypto.createHash('sha256')).digest('hex');

// ---------------------------------------------------------------------------------------------
// The cache across runs (see the top): an entry is a folder, complete once its `.complete` exists.

const CACHE = cacheDir('variants');
const CACHING = process.env.CDK8S_STORAGE_VARIANTS_CACHE !== 'off';

/** The versions of the tools in the project's node_modules that a cached result depends on. */
function versions(...pkgs) {
  return pkgs.map((p) => `${p}@${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version}`).join(' ');
}

function copyInto(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/** The entry's folder if it is complete. */
function cacheHit(kind, key) {
  const entry = path.join(CACHE, kind, key);
  return CACHING && fs.existsSync(path.join(entry, '.complete')) ? entry : undefined;
}

/** Stores `files` (relative to `from`) as the entry: written aside, then renamed into place. */
function cacheStore(kind, key, from, files) {
  if (!CACHING) return;
  const entry = path.join(CACHE, kind, key);
  if (fs.existsSync(entry)) return; // entries appear whole (renamed into place), so it is complete
  const tmp = `${entry}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const f of files) copyInto(path.join(from, f), path.join(tmp, f));
  fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
  try {
    fs.renameSync(tmp, entry);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw e; // else another run stored the same entry meanwhile
  }
}

// ---------------------------------------------------------------------------------------------
// install: the cdk8s-plus majors, from the committed lockfile; skipped when nothing changed.

function install() {
  const stamp = path.join(VARIANTS, 'node_modules', '.lockfile-sha256');
  const want = sha(path.join(VARIANTS, 'package-lock.json'));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  log('npm ci in variants/ (cdk8s-plus ' + ALL.join(', ') + ')');
  run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: VARIANTS });
  fs.writeFileSync(stamp, want);
}

// ---------------------------------------------------------------------------------------------
// stage: the rewritten copy of the source tree.

const dir = (m) => path.join(BUILD, `plus-${m}`);
const pkgName = (m) => `cdk8s-storage-plus-${m}`;
const pyModule = (m) => `cdk8s_storage_plus_${m}`;
const kplusVersion = (m) => deps[`cdk8s-plus-${m}`];

/** The one rewrite: the cdk8s-plus module, as TypeScript imports it and as messages and docs name it. */
function rewrite(text, m) {
  return text
    .replace(/cdk8s-plus-27/g, `cdk8s-plus-${m}`)
    .replace(/cdk8s_plus_27/g, `cdk8s_plus_${m}`);
}

function copyTree(from, to, m, skip = () => false) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (skip(src)) continue;
    if (e.isDirectory()) copyTree(src, dst, m, skip);
    else if (/\.(ts|js|json|ya?ml)$/.test(e.name)) fs.writeFileSync(dst, rewrite(fs.readFileSync(src, 'utf8'), m));
    else fs.copyFileSync(src, dst);
  }
}

function packageJson(m) {
  const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  return {
    name: pkgName(m),
    description: `${main.description} Built for cdk8s-plus-${m} (the same constructs as cdk8s-storage, which is built for cdk8s-plus-27).`,
    ...pick(main, ['repository', 'author', 'license', 'keywords', 'homepage', 'stability', 'publishConfig', 'engines']),
    version: main.version,
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    // the `cdk8s-storage check` command, as in the main package, with the YAML reader it bundles
    bin: main.bin,
    dependencies: main.dependencies,
    bundledDependencies: main.bundledDependencies,
    files: ['lib/**/*.js', 'lib/**/*.js.map', 'lib/**/*.d.ts', '.jsii', 'README.md', 'API.md', 'LICENSE'],
    peerDependencies: {
      'cdk8s': main.peerDependencies.cdk8s,
      [`cdk8s-plus-${m}`]: `^${kplusVersion(m)}`,
      'constructs': main.peerDependencies.constructs,
    },
    // what jsii and pacmak resolve the peers with (npm does not install these for a user)
    devDependencies: {
      'cdk8s': main.devDependencies.cdk8s,
      [`cdk8s-plus-${m}`]: kplusVersion(m),
      'constructs': main.devDependencies.constructs,
    },
    jsii: {
      outdir: path.relative(dir(m), path.join(ROOT, 'dist')),
      targets: { python: { distName: pkgName(m), module: pyModule(m) } },
      tsconfig: 'tsconfig.json',
      validateTsconfig: 'strict',
    },
  };
}

function stage(m) {
  const d = dir(m);
  // keep lib/ and .jsii only if the sources are unchanged (see compile); the copies are always fresh
  for (const sub of ['src', 'test', 'examples']) fs.rmSync(path.join(d, sub), { recursive: true, force: true });
  copyTree(path.join(ROOT, 'src'), path.join(d, 'src'), m);
  copyTree(path.join(ROOT, 'test'), path.join(d, 'test'), m, (p) => /[\\/]test[\\/](cluster|python)$/.test(p) || p.endsWith('__snapshots__'));
  copyTree(path.join(ROOT, 'examples'), path.join(d, 'examples'), m, (p) => /[\\/](dist|cdk8s\.out|__pycache__)$/.test(p));
  fs.writeFileSync(path.join(d, 'package.json'), `${JSON.stringify(packageJson(m), null, 2)}\n`);
  fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(d, 'tsconfig.json'));
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(d, 'LICENSE'));
  fs.writeFileSync(path.join(d, 'README.md'), variantReadme(m));
  if (fs.existsSync(path.join(ROOT, 'API.md'))) fs.writeFileSync(path.join(d, 'API.md'), rewrite(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8'), m));
  // the suites' schema check runs the project's kubernetes-validate (test/helpers: <root>/.venv)
  const venv = path.join(d, '.venv');
  if (!fs.existsSync(venv)) fs.symlinkSync(path.join(ROOT, '.venv'), venv);
  // the bundled dependencies (the check command's yaml), copied as npm pack bundles only real folders
  for (const dep of packageJson(m).bundledDependencies ?? []) {
    const from = path.join(ROOT, 'node_modules', dep);
    const to = path.join(d, 'node_modules', dep);
    if (!fs.existsSync(to) || sha(path.join(to, 'package.json')) !== sha(path.join(from, 'package.json'))) {
      fs.rmSync(to, { recursive: true, force: true });
      copyInto(from, to);
    }
  }
  fs.writeFileSync(path.join(d, 'jest.config.json'), `${JSON.stringify(jestConfig(m), null, 2)}\n`);
}

function variantReadme(m) {
  return [
    `# ${pkgName(m)}`,
    '',
    `[cdk8s-storage](https://www.npmjs.com/package/cdk8s-storage) built for **cdk8s-plus-${m}** (Kubernetes 1.${m} L1s):`,
    'the same constructs, from the same source, whose volumes, PersistentVolumes and claims plug into',
    `cdk8s-plus-${m}'s workloads. Install it with \`npm install ${pkgName(m)} cdk8s cdk8s-plus-${m} constructs\``,
    `or \`pip install ${pkgName(m)}\` (module \`${pyModule(m)}\`). The documentation below is cdk8s-storage's:`,
    `read \`cdk8s-storage\` as \`${pkgName(m)}\` and \`cdk8s-plus-27\` as \`cdk8s-plus-${m}\`.`,
    '',
    '---',
    '',
    fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
  ].join('\n');
}

function jestConfig(m) {
  const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).jest;
  return {
    displayName: `plus-${m}`,
    testTimeout: main.testTimeout,
    globalSetup: main.globalSetup,
    clearMocks: true,
    testMatch: SUITES.map((s) => `<rootDir>/${s}`),
    // ts-jest reads a relative tsconfig from the working directory: jest runs all variants from variants/build/
    transform: Object.fromEntries(Object.entries(main.transform).map(([k, [t, o]]) => [k, [t, { ...o, tsconfig: `<rootDir>/${o.tsconfig}` }]])),
  };
}

// ---------------------------------------------------------------------------------------------
// compile: jsii per variant, skipped when neither the staged sources nor the manifest changed.

function treeHash(d) {
  const h = crypto.createHash('sha256');
  const walk = (p) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const f = path.join(p, e.name);
      if (e.isDirectory()) walk(f);
      else h.update(path.relative(d, f)).update(fs.readFileSync(f));
    }
  };
  walk(path.join(d, 'src'));
  h.update(fs.readFileSync(path.join(d, 'package.json'))).update(fs.readFileSync(path.join(d, 'tsconfig.json')));
  h.update(fs.readFileSync(path.join(VARIANTS, 'package-lock.json')));
  h.update(versions('jsii', 'cdk8s', 'constructs'));
  return h.digest('hex');
}

/** How many jsii runs at once (CDK8S_STORAGE_VARIANTS_JOBS; 2 on the 2-core CI machine). */
const JOBS = Math.max(1, Number(process.env.CDK8S_STORAGE_VARIANTS_JOBS ?? 2));

function compile(list) {
  install();
  const todo = [];
  for (const m of list) {
    stage(m);
    const d = dir(m);
    const want = treeHash(d);
    const stamp = path.join(d, '.compiled-sha256');
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(path.join(d, '.jsii'))) {
      log(`${pkgName(m)}: compiled already`);
      continue;
    }
    fs.rmSync(path.join(d, 'lib'), { recursive: true, force: true }); // jsii leaves deleted sources' output
    fs.rmSync(path.join(d, '.jsii'), { force: true });
    fs.rmSync(stamp, { force: true });
    const hit = cacheHit('jsii', `${pkgName(m)}-${want}`);
    if (hit) {
      for (const f of ['.jsii', 'lib']) copyInto(path.join(hit, f), path.join(d, f));
      fs.writeFileSync(stamp, want);
      log(`${pkgName(m)}: jsii output from the cache (same sources, manifest and tools)`);
      continue;
    }
    todo.push({ m, d, want });
  }
  if (todo.length === 0) return;
  log(`jsii (${JOBS} at a time): ${todo.map((t) => pkgName(t.m)).join(', ')}`);
  const t0 = Date.now();
  // each run writes its output to <dir>/.jsii.log and its wall time to <dir>/.jsii.ms
  const one = `start=$(date +%s%N); cd "$1" && "${path.join(BIN, 'jsii')}" --silence-warnings=reserved-word > .jsii.log 2>&1; rc=$?; echo $(( ($(date +%s%N) - start) / 1000000 )) > .jsii.ms; exit $rc`;
  const r = spawnSync('bash', ['-c', `printf '%s\\0' "$@" | xargs -0 -P ${JOBS} -n 1 bash -c '${one.replace(/'/g, "'\\''")}' jsii`, 'variants', ...todo.map((t) => t.d)], {
    stdio: 'inherit', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  });
  const failed = [];
  for (const t of todo) {
    const ms = fs.existsSync(path.join(t.d, '.jsii.ms')) ? Number(fs.readFileSync(path.join(t.d, '.jsii.ms'), 'utf8')) : NaN;
    const out = fs.existsSync(path.join(t.d, '.jsii.log')) ? fs.readFileSync(path.join(t.d, '.jsii.log'), 'utf8') : '';
    if (fs.existsSync(path.join(t.d, '.jsii')) && /Errors: 0\b/.test(out)) {
      fs.writeFileSync(path.join(t.d, '.compiled-sha256'), t.want);
      cacheStore('jsii', `${pkgName(t.m)}-${t.want}`, t.d, ['.jsii', 'lib']);
      log(`${pkgName(t.m)}: jsii ${(ms / 1000).toFixed(1)} s`);
    } else {
      failed.push(pkgName(t.m));
      process.stderr.write(`[variants] ${pkgName(t.m)}: jsii failed:\n${out}\n`);
    }
  }
  log(`jsii: ${((Date.now() - t0) / 1000).toFixed(1)} s for ${todo.length} variant(s)`);
  if (failed.length > 0 || r.status !== 0) throw new Error(`jsii failed for ${failed.join(', ') || 'a variant'}`);
}

/** What jsii-pacmak writes for a variant into dist/<target>/: the files named after its package. */
const packed = (target, m) => (f) => f.startsWith(target === 'js' ? `${pkgName(m)}@` : `${pyModule(m)}-`);

function pack(target, list) {
  compile(list);
  const out = path.join(ROOT, 'dist', target);
  const key = (m) => `${pkgName(m)}-${hashOf(fs.readFileSync(path.join(dir(m), '.compiled-sha256')), target, versions('jsii-pacmak'))}`;
  const todo = [];
  for (const m of list) {
    const hit = cacheHit(target, key(m));
    if (!hit) { todo.push(m); continue; }
    fs.mkdirSync(out, { recursive: true });
    for (const f of fs.readdirSync(out).filter(packed(target, m))) fs.rmSync(path.join(out, f));
    for (const f of fs.readdirSync(hit).filter(packed(target, m))) fs.copyFileSync(path.join(hit, f), path.join(out, f));
    log(`${pkgName(m)}: its ${target} package from the cache (same assembly and jsii-pacmak)`);
  }
  if (todo.length === 0) return;
  log(`jsii-pacmak --target ${target}: ${todo.map(pkgName).join(', ')}`);
  for (const m of todo) for (const f of fs.existsSync(out) ? fs.readdirSync(out).filter(packed(target, m)) : []) fs.rmSync(path.join(out, f));
  const s = run(path.join(BIN, 'jsii-pacmak'), ['-v', ...todo.map(dir), '--target', target], { cwd: ROOT });
  for (const m of todo) {
    const files = fs.readdirSync(out).filter(packed(target, m));
    if (files.length === 0) throw new Error(`jsii-pacmak wrote nothing for ${pkgName(m)} into dist/${target}/`);
    cacheStore(target, key(m), out, files);
  }
  log(`jsii-pacmak --target ${target}: ${s.toFixed(1)} s for ${todo.length} variant(s)`);
}

// ---------------------------------------------------------------------------------------------
// test: per variant, the suites (rewritten like the sources), then the strict app's YAML against
// the main package's.

function test(list) {
  compile(list); // the strict app compiles against the variant's lib/*.d.ts, as a user's would
  const failures = [];
  // the suites of every variant in one jest run (one project per variant, named plus-NN), which
  // writes test-reports/variants.xml for the closing line of test:all
  log(`${list.map(pkgName).join(', ')}: ${SUITES.join(' ')}`);
  fs.writeFileSync(path.join(BUILD, 'jest.config.json'), `${JSON.stringify({
    projects: list.map((m) => `<rootDir>/plus-${m}`),
    reporters: ['default', ['jest-junit', { outputDirectory: path.join(ROOT, 'test-reports'), outputName: 'variants.xml' }]],
  }, null, 2)}\n`);
  try {
    const s = run(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--config', 'jest.config.json', '--cacheDirectory', cacheDir('jest')], { cwd: BUILD });
    log(`jest for ${list.length} variant(s): ${s.toFixed(1)} s`);
  } catch (e) {
    failures.push(`the variants' suites: ${e.message}`);
  }
  const t0 = Date.now();
  const appMain = buildApp(MAIN_MAJOR);
  for (const m of list) {
    try {
      compareAssemblies(m);
      compareYaml(m, appMain, buildApp(m));
    } catch (e) {
      failures.push(`${pkgName(m)}: ${e.message}`);
    }
  }
  log(`API comparison and the strict app for cdk8s-plus-27 and ${list.length} variant(s): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try { readme(true); } catch (e) { failures.push(e.message); }
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

/**
 * The variant exposes the same API as the main package: every type of the main assembly (.jsii,
 * from `npx projen compile`) with the same kind, members and parameter names, and no other.
 */
function compareAssemblies(m) {
  const read = (d) => {
    const f = path.join(d, '.jsii');
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f) || f} is missing: run "npx projen compile" first`);
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  };
  const shape = (asm) => Object.fromEntries(Object.values(asm.types).map((t) => [t.name, JSON.stringify({
    kind: t.kind, abstract: t.abstract ?? false,
    members: [...(t.properties ?? []), ...(t.methods ?? [])].map((x) => `${x.static ? 'static ' : ''}${x.name}(${(x.parameters ?? []).map((p) => p.name).join(',')})${x.optional ? '?' : ''}`).sort(),
    values: (t.members ?? []).map((x) => x.name),
  })]));
  const main = shape(read(ROOT));
  const variant = shape(read(dir(m)));
  const diffs = [...new Set([...Object.keys(main), ...Object.keys(variant)])].filter((k) => main[k] !== variant[k]);
  if (diffs.length > 0) throw new Error(`its API differs from the main package's in: ${diffs.join(', ')}`);
  log(`${pkgName(m)}: the same ${Object.keys(main).length} types and members as the main package's assembly`);
}

/**
 * variants/app/main.ts, a strict TypeScript app that mounts every backend's volume into
 * Deployments, StatefulSets and Pods, compiled with tsc --strict against the package as npm would
 * install it (main: the project itself as `cdk8s-storage`; a variant: its staged package), run,
 * and its YAML returned.
 */
function buildApp(m) {
  const d = path.join(BUILD, `app-${m}`);
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(path.join(d, 'node_modules'), { recursive: true });
  const main = m === MAIN_MAJOR;
  const name = main ? 'cdk8s-storage' : pkgName(m);
  // the link is there only while tsc and the app run: the main app's points back at the project,
  // a loop for tools that walk the tree following links (jsii-docgen in test/cross-cutting/docs.test.ts)
  fs.symlinkSync(main ? ROOT : dir(m), path.join(d, 'node_modules', name), 'dir');
  try {
    let text = fs.readFileSync(path.join(VARIANTS, 'app', 'main.ts'), 'utf8');
    if (!main) text = rewrite(text, m).replace(/from 'cdk8s-storage'/g, `from '${name}'`);
    fs.writeFileSync(path.join(d, 'main.ts'), text);
    const tsconfig = JSON.stringify({
      compilerOptions: {
        strict: true, noImplicitAny: true, noImplicitReturns: true, noUnusedLocals: true, noUnusedParameters: true,
        exactOptionalPropertyTypes: false, noFallthroughCasesInSwitch: true, target: 'ES2022', module: 'node16',
        lib: ['es2022'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], skipLibCheck: false, outDir: 'out',
      },
      files: ['main.ts'],
    }, null, 2);
    fs.writeFileSync(path.join(d, 'tsconfig.json'), tsconfig);
    // tsc's verdict and output depend only on these: the app, its tsconfig, the package it compiles
    // against (its package.json and .d.ts files) and the versions of everything else it reads
    const pkgDir = main ? ROOT : dir(m);
    const key = `${m}-${hashOf(text, tsconfig, fs.readFileSync(path.join(pkgDir, 'package.json')),
      ...dtsFiles(path.join(pkgDir, 'lib')).flatMap((f) => [path.relative(pkgDir, f), fs.readFileSync(f)]),
      versions('typescript', '@types/node', 'cdk8s', 'constructs'),
      main ? versions('cdk8s-plus-27') : fs.readFileSync(path.join(VARIANTS, 'node_modules', `cdk8s-plus-${m}`, 'package.json')))}`;
    const hit = cacheHit('app', key);
    if (hit) {
      copyInto(path.join(hit, 'out'), path.join(d, 'out'));
      log(`the strict app (cdk8s-plus-${m}): tsc --strict passed before on the same inputs (cache)`);
    } else {
      run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: d });
      cacheStore('app', key, d, ['out']);
    }
    const r = spawnSync(process.execPath, [path.join('out', 'main.js')], { cwd: d, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    if (r.status !== 0) throw new Error(`the strict app (cdk8s-plus-${m}) failed:\n${r.stderr}`);
    fs.writeFileSync(path.join(d, 'app.k8s.yaml'), r.stdout);
    return r.stdout;
  } finally {
    fs.rmSync(path.join(d, 'node_modules'), { recursive: true, force: true });
  }
}

function dtsFiles(p) {
  return fs.readdirSync(p, { recursive: true }).map((f) => path.join(p, f)).filter((f) => f.endsWith('.d.ts')).sort();
}

/**
 * The differences between the main package's documents and a variant's, split into those
 * variants/yaml-differences.json lists for that major (what a newer cdk8s-plus writes differently
 * in its own objects) and the rest.
 */
function yamlDifferences(m, mainDocs, variantDocs) {
  const allowed = JSON.parse(fs.readFileSync(path.join(VARIANTS, 'yaml-differences.json'), 'utf8')).differences
    .filter((d) => d.since <= m);
  const diffs = [];
  const walk = (a, b, at) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], `${at}.${k}`);
      return;
    }
    diffs.push({ at, main: a, variant: b });
  };
  if (mainDocs.length !== variantDocs.length) return { explained: 0, unexplained: [`${variantDocs.length} documents, the main package writes ${mainDocs.length}`] };
  mainDocs.forEach((doc, i) => walk(doc, variantDocs[i], `${doc.kind}/${doc.metadata?.name}`));
  const listed = (d) => allowed.some((x) => new RegExp(x.path).test(d.at.replace(/^[^.]*/, (k) => k.split('/')[0])));
  return {
    explained: diffs.filter(listed).length,
    unexplained: diffs.filter((d) => !listed(d)).map((d) => `${d.at}: ${JSON.stringify(d.main)} → ${JSON.stringify(d.variant)}`),
  };
}

function yamlDocs(text) {
  const { parseAllDocuments } = require(path.join(ROOT, 'node_modules', 'yaml'));
  return parseAllDocuments(text).map((d) => d.toJSON());
}

/** The main package's app YAML against a variant's. */
function compareYaml(m, mainYaml, variantYaml) {
  const { explained, unexplained } = yamlDifferences(m, yamlDocs(mainYaml), yamlDocs(variantYaml));
  log(`${pkgName(m)}: the strict app's YAML equals the main package's${explained ? `, apart from ${explained} listed difference(s)` : ''}`);
  if (unexplained.length > 0) {
    throw new Error(`the strict app's YAML differs from the main package's (not in variants/yaml-differences.json):\n${unexplained.map((d) => `  ${d}`).join('\n')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// python: one variant's wheel in a fresh venv, with its cdk8s-plus from PyPI (the pins of
// requirements-wheel.txt, cdk8s-plus-27 swapped for the major at the version npm has), runs every
// Python example (rewritten like the sources); each manifest must equal the main package's
// TypeScript example's (dist/examples/, from `npx projen examples`).

function python(m) {
  const wheelDir = path.join(ROOT, 'dist', 'python');
  const wheel = () => fs.readdirSync(wheelDir).find((f) => f.startsWith(`${pyModule(m)}-`) && f.endsWith('.whl'));
  pack('python', [m]); // the wheel of this build's assembly (from the cache when it was packed before)
  const d = path.join(BUILD, `py-${m}`);
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d, { recursive: true });
  const t0 = Date.now();
  const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONDONTWRITEBYTECODE: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
  for (const k of ['PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CEPH_ADMIN_KEY', 'AZURE_STORAGE_ACCOUNT_KEY']) delete env[k];
  const requirements = fs.readFileSync(path.join(ROOT, 'requirements-wheel.txt'), 'utf8')
    .replace(/^cdk8s-plus-27==.*$/m, `cdk8s-plus-${m}==${kplusVersion(m)}`);
  fs.writeFileSync(path.join(d, 'requirements.txt'), requirements);
  run('python3', ['-m', 'venv', path.join(d, 'venv')], { env });
  const py = path.join(d, 'venv', 'bin', 'python');
  run(py, ['-m', 'pip', 'install', '--quiet', '--no-input', '-r', path.join(d, 'requirements.txt')], { env });
  run(py, ['-m', 'pip', 'install', '--quiet', '--no-input', '--no-deps', path.join(wheelDir, wheel())], { env });
  run(py, ['-m', 'pip', 'check'], { env });
  const failures = [];
  let explainedAll = 0;
  let checked = 0;
  for (const ex of fs.readdirSync(path.join(ROOT, 'examples')).filter((e) => fs.existsSync(path.join(ROOT, 'examples', e, 'main.py')))) {
    const tsDir = path.join(ROOT, 'dist', 'examples', ex);
    if (!fs.existsSync(tsDir)) throw new Error(`dist/examples/${ex}/ is missing: run "npx projen examples" first`);
    const exDir = path.join(d, 'examples', ex);
    fs.mkdirSync(exDir, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'examples', ex, 'cdk8s.yaml'), path.join(exDir, 'cdk8s.yaml'));
    fs.writeFileSync(path.join(exDir, 'main.py'), rewrite(fs.readFileSync(path.join(ROOT, 'examples', ex, 'main.py'), 'utf8'), m)
      .replace(/\bcdk8s_storage\b/g, pyModule(m)));
    const out = path.join(exDir, 'out');
    const r = spawnSync(py, ['main.py'], { cwd: exDir, env: { ...env, CDK8S_OUTDIR: out }, encoding: 'utf8' });
    if (r.status !== 0) { failures.push(`examples/${ex}/main.py failed:\n${r.stderr}`); continue; }
    const expected = fs.readdirSync(tsDir).filter((f) => f.endsWith('.k8s.yaml')).sort();
    const produced = fs.readdirSync(out).filter((f) => f.endsWith('.k8s.yaml')).sort();
    if (JSON.stringify(expected) !== JSON.stringify(produced)) failures.push(`examples/${ex}: Python wrote ${produced}, TypeScript ${expected}`);
    for (const f of expected.filter((x) => produced.includes(x))) {
      checked++;
      const { explained, unexplained } = yamlDifferences(m, yamlDocs(fs.readFileSync(path.join(tsDir, f), 'utf8')), yamlDocs(fs.readFileSync(path.join(out, f), 'utf8')));
      explainedAll += explained;
      if (unexplained.length > 0) failures.push(`examples/${ex}/${f}: the ${pyModule(m)} Python example's YAML differs from the main package's TypeScript example's:\n${unexplained.map((d) => `  ${d}`).join('\n')}`);
    }
  }
  log(`${pkgName(m)}: wheel in a fresh venv, ${checked} Python example manifests equal the main package's TypeScript ones${explainedAll ? ` (apart from ${explainedAll} listed difference(s))` : ''}${failures.length ? ', except:' : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// readme: the compatibility table, from what the build installs.

function readme(check = false) {
  install();
  const rows = [[MAIN_MAJOR, 'cdk8s-storage', 'cdk8s_storage', require(path.join(ROOT, 'node_modules', 'cdk8s-plus-27', 'package.json'))]];
  for (const m of ALL) rows.push([m, pkgName(m), pyModule(m), require(path.join(VARIANTS, 'node_modules', `cdk8s-plus-${m}`, 'package.json'))]);
  const lines = [
    '| cdk8s-plus | npm / PyPI package | Python module | built and tested against | its L1s (`kplus.k8s`) model |',
    '|---|---|---|---|---|',
    ...rows.map(([m, pkg, mod, kp]) => {
      const k8s = /Kubernetes (\d+\.\d+)(?:\.\d+)?/.exec(kp.description)?.[1] ?? '?';
      return `| \`cdk8s-plus-${m}\` | \`${pkg}\` | \`${mod}\` | ${kp.name} ${kp.version} | Kubernetes ${k8s} |`;
    }),
  ];
  const file = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = '<!-- variants-table:start (generated by `npx projen readme`) -->';
  const end = '<!-- variants-table:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md needs the markers ${start} … ${end}`);
  const next = `${text.slice(0, i + start.length)}\n${lines.join('\n')}\n${text.slice(j)}`;
  if (next === text) return;
  if (check) throw new Error('README.md\'s compatibility table is not what the build installs: run "npx projen readme" and commit README.md');
  fs.writeFileSync(file, next);
}

// ---------------------------------------------------------------------------------------------

const [cmd, ...rest] = process.argv.slice(2);
try {
  if (cmd === 'install') install();
  else if (cmd === 'compile') compile(majors(rest));
  else if (cmd === 'package') pack(rest[0], majors(rest.slice(1)));
  else if (cmd === 'test') test(majors(rest));
  else if (cmd === 'readme') readme(rest[0] === '--check');
  else if (cmd === 'python') for (const m of majors(rest)) python(m);
  else if (cmd === 'api') for (const m of majors(rest)) compareAssemblies(m);
  else if (cmd === 'app') for (const m of rest.map(Number)) log(`variants/build/app-${m}/app.k8s.yaml: ${buildApp(m).split('\n---').length} documents`);
  else throw new Error('usage: variants.js install | compile [NN…] | package js|python [NN…] | test [NN…] | readme');
} catch (e) {
  process.stderr.write(`[variants] ${e.message}\n`);
  process.exit(1);
}
