import { cdk8s, javascript, Task } from 'projen';
import { JobStep } from 'projen/lib/github/workflows-model';

/** What the referee (test/cluster/) needs on a GitHub runner: Go, and etcd from Debian/Ubuntu. */
const REFEREE_SETUP: JobStep[] = [
  // setup-go keeps the Go module and build caches (GOMODCACHE, GOCACHE) between runs, keyed by the
  // referee's go.sum (the repository has no go.sum at its root): the referee's first build from
  // empty Go caches takes about 8.5 minutes, pacmak's Go build uses the same caches
  { name: 'Go for the referee', uses: 'actions/setup-go@v5', with: { 'go-version': '1.26', 'cache': true, 'cache-dependency-path': 'test/cluster/go.sum' } },
  { name: 'etcd for the referee', run: 'sudo apt-get update -qq && sudo apt-get install -y -qq etcd-server' },
  // what a later run reuses, outside the clone (scripts/cache-dir.js, test/cluster/referee.js): the
  // referee's binaries, jest's transform cache, the variants' jsii output, tarballs and wheels, the
  // strict app's compile, the Go and Java bindings of our dependencies and Maven's downloads. Every
  // entry inside is keyed by a hash of what it is made from, so the newest save is restored whole
  // and each run saves under its own key.
  {
    name: 'The test suite\'s caches (~/.cache/cdk8s-storage)',
    uses: 'actions/cache@v4',
    with: {
      'path': '~/.cache/cdk8s-storage',
      'key': 'cdk8s-storage-${{ runner.os }}-${{ github.sha }}',
      'restore-keys': 'cdk8s-storage-${{ runner.os }}-',
    },
  },
];

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-storage',
  description: 'Typed, validated cdk8s constructs for Kubernetes storage backends: iSCSI, Ceph, Azure File, GlusterFS, Flocker, FlexVolume, with PersistentVolumes, claims and StorageClasses.',
  author: 'cdk8s-storage developers',
  authorAddress: 'cdk8s-storage@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-storage/cdk8s-storage.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'storage', 'iscsi', 'ceph', 'persistent-volume', 'storage-class'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',
  jsiiVersion: '~6.0.0',

  // cdk8s and constructs become peer dependencies (caret) with an exact dev pin at the floor.
  cdk8sVersion: '2.68.12',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    'cdk8s-plus-27@2.9.5',
    'cdk8s-cli@2.207.60',
    // the referee's client (test/cluster/client.mjs); 2.x needs Node 22
    '@kubernetes/client-node@^1.4.0',
    'fast-check@^3',
  ],
  // the `cdk8s-storage check` command reads YAML; jsii packages carry their non-jsii dependencies bundled
  bundledDeps: ['yaml@^2'],
  bin: { 'cdk8s-storage': 'lib/cli/main.js' },

  publishToPypi: {
    distName: 'cdk8s-storage',
    module: 'cdk8s_storage',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-storage/cdk8s-storage-go',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk8sstorage',
    mavenGroupId: 'io.github.cdk8s-storage',
    mavenArtifactId: 'cdk8s-storage',
  },

  // the test task needs the referee: Go builds kube-apiserver from the module proxy, apt brings etcd
  buildWorkflowOptions: { preBuildSteps: REFEREE_SETUP },
  releaseWorkflowSetupSteps: REFEREE_SETUP,

  sampleCode: false,
  typecheckTests: true,
  // Source maps in .js.map files of their own, with the sources in them: inline, they tripled the
  // size of lib/ (2.3 MB), and node read and compiled them at every start (about 40 ms of the
  // library's load; bench/README.md, "The carriers"). `node --enable-source-maps` still finds them.
  tsconfig: {
    compilerOptions: { inlineSourceMap: false, sourceMap: true, inlineSources: true },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {},
  },
  jestOptions: {
    // A snapshot that differs must fail, locally and in CI; `npx projen test:update` refreshes them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // the referee's suites run in a jest of their own, inside a running referee (test/cluster/)
      testPathIgnorePatterns: ['/node_modules/', '/examples/', '/dist/', '/test/cluster/', '/variants/'],
      // an empty referee corpus per run (test/helpers/corpus.ts)
      globalSetup: '<rootDir>/test/helpers/global-setup.js',
      // The schema check and the example synth spawn processes; give them room on a 2-core machine.
      testTimeout: 120_000,
      // Coverage costs about a second per test file (v8 coverage, converted per file); it asserts
      // nothing. `npx projen test:coverage` writes the report.
      collectCoverage: false,
    },
  },
  gitignore: ['/.venv/', '/dist/', 'cdk8s.out/', '/examples/*/dist/', '__pycache__/', '/.tmp/', '/variants/node_modules/', '/variants/build/'],
});

// jsii prints a banner on node 20 (end of life for jsii); it is only a warning.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// What users install is compiled code, .jsii, README, API.md and LICENSE: nothing of the test set-up.
for (const p of ['/examples/', '/scripts/', '/variants/', '/requirements-*.txt', '/.ci/', '/bench/', '/.venv/', '/test-reports/', '/coverage/', '/.tmp/']) {
  project.addPackageIgnore(p);
}

// Go and Java: neither the Go module proxy nor Maven Central has cdk8s-plus-27's bindings (nor the
// Go proxy cdk8s's at our floor), so jsii-pacmak builds them from their npm packages and builds ours
// against them (Go through `replace` lines, Java through the output folder as a local Maven
// repository). scripts/bindings.js keeps those dependency bindings (and Maven's downloads) in the
// cache outside the clone, keyed by the dependencies' assemblies and the tools' versions, so a warm
// run builds ours alone. Their bindings are then moved out of dist/ to .tmp/bindings/, so that only
// ours is published; the Go test builds a program against them there.
const moveBindings = (lang: string, dirs: string[]) =>
  `node scripts/move-bindings.js ${lang} ${dirs.join(' ')}`;
project.tasks.tryFind('package:go')!.reset('node scripts/bindings.js go');
project.tasks.tryFind('package:go')!.exec(moveBindings('go', ['cdk8s', 'cdk8splus27']));
project.tasks.tryFind('package:java')!.reset('node scripts/bindings.js java');
project.tasks.tryFind('package:java')!.exec(moveBindings('java', ['org/cdk8s']));
// the Go module and the Maven artifact together: their own step of test:all, and `npx projen
// package:bindings` alone before `test/python/test_go_java.py`
const bindings = project.addTask('package:bindings', {
  description: 'The Go module and the Maven artifact (package:go and package:java; the dependencies\' bindings from the cache when they were built before)',
});
bindings.spawn(project.tasks.tryFind('package:go')!);
bindings.spawn(project.tasks.tryFind('package:java')!);

// ---------------------------------------------------------------------------------------------
// The cdk8s-plus variants (issue #16): cdk8s-storage-plus-28 … 33, built from this source tree by
// scripts/variants.js (a rewritten copy of src/ per major in variants/build/, jsii there, pacmak
// into dist/ beside the main package). variants/package.json + its lockfile pin the majors.
const variants = (args: string) => `node scripts/variants.js ${args}`;
project.addTask('variants:compile', {
  description: 'Stage and jsii-compile every cdk8s-plus variant (variants/build/plus-NN); CDK8S_STORAGE_VARIANTS=28,33 picks majors',
  exec: variants('compile'),
});
project.tasks.tryFind('package:js')!.exec(variants('package js'), { name: 'The cdk8s-plus variants\' npm tarballs, into dist/js/' });
project.tasks.tryFind('package:python')!.exec(variants('package python'), { name: 'The cdk8s-plus variants\' wheels, into dist/python/' });

// Release and build workflows: every job that re-packs extracts the main package's tarball into the
// checkout; with the variants' tarballs beside it in dist/js/, `dist/js/*.tgz` would hand tar
// several archives. The index is the step "Extract build artifact" (npm has no language set-up step).
const extractMain = 'tar --strip-components=1 -xzvf dist/js/cdk8s-storage@*.jsii.tgz -C .repo';
for (const [file, jobs] of Object.entries({
  'release.yml': { release_npm: 5, release_maven: 6, release_pypi: 6, release_golang: 6 },
  'build.yml': { 'package-js': 5, 'package-java': 6, 'package-python': 6, 'package-go': 6 },
})) {
  const workflow = project.tryFindObjectFile(`.github/workflows/${file}`)!;
  for (const [job, step] of Object.entries(jobs)) workflow.addOverride(`jobs.${job}.steps.${step}.run`, extractMain);
}

// The VolumeSnapshot CRDs are not built into Kubernetes: their types are generated by `cdk8s import`
// from external-snapshotter's CRDs at the version pinned in scripts/snapshot-crds.js (fetched from the
// Go module proxy, checksum-verified) and committed in src/imports/; the same CRDs are installed
// into the referee's API servers and read by the tests' schema check.
project.addTask('import:snapshots', {
  description: 'Regenerate src/imports/snapshot.storage.k8s.io.ts from the pinned external-snapshotter CRDs',
  exec: 'node scripts/snapshot-crds.js import',
});
project.eslint?.addIgnorePattern('src/imports/');

// ---------------------------------------------------------------------------------------------
// API.md: regenerated by every local build; under CI it is never rewritten, so a stale API.md
// fails test/cross-cutting/docs.test.ts instead of being silently fixed.
project.tasks.tryFind('docgen')?.addCondition('node -e "if (process.env.CI) process.exit(1)"');

// Python tools for the test suite (kubernetes-validate, pytest) live in a venv inside the project,
// installed from a pinned requirements file.
const venv = project.addTask('install:python', {
  description: 'Create .venv and install the pinned Python test tools (kubernetes-validate, pytest)',
});
// projen runs task commands without a full shell (no `test -x … ||`): Python decides
venv.exec('python3 -c "import os, sys, venv; os.path.exists(\'.venv/bin/python\') or venv.create(\'.venv\', with_pip=True)"');
venv.exec('.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt');

// ---------------------------------------------------------------------------------------------
// The referee: a real kube-apiserver (emulating 1.34 … 1.37), etcd and the PersistentVolume
// controller, built from the Go module in test/cluster/ and started by test/cluster/referee.js,
// which stops them again by PID. `test` runs the unit suites inside it (they record every
// manifest they synthesize) and then the referee's suites (which judge that corpus, the examples,
// the differential tests and the binding predictions).
project.addTask('referee:build', {
  description: 'Build (or reuse) kube-apiserver and kube-controller-manager; install etcd if missing',
  exec: 'node test/cluster/referee.js build',
});
// jest's transform cache is kept outside the clone (scripts/cache-dir.js), so that a CI run on a
// fresh clone at the same path reuses the last run's
const jestCache = { JEST_CACHE_DIR: '$(node scripts/cache-dir.js jest)' };
const unit = project.addTask('test:unit', {
  description: 'The jest unit suites alone (no referee); records the manifests the referee judges',
  env: jestCache,
  exec: 'jest --passWithNoTests --ci --cacheDirectory=$JEST_CACHE_DIR',
  receiveArgs: true,
});
project.addTask('test:coverage', {
  description: 'The jest unit suites with a coverage report in coverage/ (no referee)',
  env: jestCache,
  exec: 'jest --passWithNoTests --ci --coverage --cacheDirectory=$JEST_CACHE_DIR',
  receiveArgs: true,
});
project.addTask('test:referee', {
  description: 'The referee\'s suites (test/cluster/); needs a running referee (use `referee` or `test`)',
  exec: 'jest --ci --config test/cluster/jest.config.js',
  receiveArgs: true,
});
const withReferee = (...tasks: string[]) => `node test/cluster/referee.js run -- ${tasks.map((t) => `npx projen ${t}`).join(' -- ')}`;
project.addTask('referee', {
  description: 'The referee alone: start it, judge the last corpus, run the differential and binding suites, stop it',
  exec: withReferee('test:referee'),
});
const testTask = project.tasks.tryFind('test')!;
testTask.reset();
testTask.exec('tsc --noEmit -p test/tsconfig.json', { name: 'Type-check the test suite' });
testTask.exec(withReferee(unit.name, 'test:referee'), { name: 'The unit suites, then the referee\'s, inside a running referee' });
testTask.spawn(project.tasks.tryFind('eslint')!);

// The main job: synthesize every example app with cdk8s-cli into dist/examples/<example>/.
project.addTask('examples', {
  description: 'Synthesize every example under examples/ to dist/examples/<example>/*.k8s.yaml',
  // ts-node transpiles only: the examples and src/ are type-checked by the test task's
  // `tsc --noEmit -p test/tsconfig.json` (which includes examples/) and by jsii; a type-check per
  // example app (12 of them, each the whole of src/) doubled the step's time
  env: { CDK8S_CHECK_UPGRADE: 'false', TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'bash scripts/synth-examples.sh',
});

// The cdk8s-plus variants' tests (see above), part of test:all. scripts/variants.js keeps each
// variant's jsii output, npm tarball and wheel and the strict app's compile in a cache outside the
// clone (keyed by a hash of their inputs), so a warm run spends its time on the tests themselves:
// one jest run for the suites of all six variants, the strict app run per major, and the wheel
// installed into a fresh venv.
const variantSteps = (task: Task) => {
  task.exec(variants('package js'), { name: 'Compile every variant and pack its npm tarball into dist/js/' });
  task.exec(variants('test'), { receiveArgs: true, name: 'Per variant: its suites, its API against the main assembly, the strict app\'s YAML against the main package\'s' });
  task.exec(variants('python 33'), { name: 'cdk8s-storage-plus-33\'s wheel in a fresh venv runs the Python examples' });
};
const testVariants = project.addTask('test:variants', {
  description: 'Per cdk8s-plus variant: the examples, workload, binding and interop suites, the adapter\'s and the contract\'s, and the strict app (its YAML against the main package\'s); then cdk8s-storage-plus-33\'s wheel in a fresh venv runs the Python examples',
});
testVariants.spawn(project.tasks.tryFind('compile')!); // the main assembly, which each variant's API must equal
testVariants.spawn(project.tasks.tryFind('examples')!); // what the Python examples are compared with
variantSteps(testVariants);

// README's generated sections (the version table) come from the library's own tables.
project.addTask('readme', {
  description: 'Regenerate the generated sections of README.md (version table)',
  exec: 'ts-node -P test/tsconfig.json scripts/update-readme.ts',
}).exec('node scripts/variants.js readme', { name: 'The cdk8s-plus variants\' compatibility table' });

// The Python wheel: built by jsii-pacmak, installed into a fresh venv, examples run from Python.
project.addTask('test:python', {
  description: 'Install the built wheel into a fresh venv and run the Python examples against the TypeScript ones',
  exec: '.venv/bin/python -m pytest -q -p no:cacheprovider --junitxml=test-reports/python.xml test/python',
});

// jsii writes over lib/ and leaves the output of deleted or moved sources there, which the npm
// package would then carry (a working copy that had the flat layout still held lib/azure-file.js);
// jsii compiles everything each time anyway, so lib/ starts empty.
project.preCompileTask.exec('node -e "require(\'fs\').rmSync(\'lib\', { recursive: true, force: true })"', { name: 'Empty lib/ (jsii leaves deleted sources\' output)' });

// The whole test suite, exactly as README gives it and .ci/run runs it.
const all = project.addTask('test:all', {
  description: 'Everything CI checks: compile, API.md, the examples, jest (schema-checked) and the referee (real kube-apiserver and PV controller), eslint, packages, the cdk8s-plus variants, the Python wheel',
});
all.spawn(venv);
all.spawn(project.tasks.tryFind('default')!);
all.spawn(project.tasks.tryFind('pre-compile')!);
all.spawn(project.tasks.tryFind('compile')!);
all.spawn(project.tasks.tryFind('post-compile')!);
all.spawn(project.tasks.tryFind('examples')!); // before test: the referee judges dist/examples/ too
all.spawn(project.tasks.tryFind('test')!);
// the main package's tarball and wheel here; the variants' below
all.spawn(project.addTask('package:js:main', {
  description: 'The main package\'s npm tarball alone (package:js without the cdk8s-plus variants)',
  exec: 'jsii-pacmak -v --target js',
}));
// the variants' six wheels take 3.5-6 min more on 2 cores (jsii-pacmak, measured): package:python
// (the release) builds them, test:all builds and tests cdk8s-storage-plus-33's (variantSteps)
all.spawn(project.addTask('package:python:main', {
  description: 'The main package\'s Python wheel alone (package:python without the cdk8s-plus variants)',
  exec: 'jsii-pacmak -v --target python',
}));
all.spawn(bindings);
// the variants: their tarballs, suites, strict app and the -33 wheel (test:variants without its
// compile and examples, which ran above); before test:python, which checks their tarballs too
variantSteps(all);
all.spawn(project.tasks.tryFind('test:python')!);
all.exec('node scripts/test-summary.js');

// The benchmark (not part of the test suite): bench/README.md holds its table.
const bench = project.addTask('bench', {
  description: 'Benchmark cdk8s-storage against raw ApiObjects and cdk8s-plus-27 (writes bench/README.md)',
});
bench.spawn(project.tasks.tryFind('compile')!);
bench.exec('node bench/run.js', { name: 'The scenarios, interleaved, against raw ApiObjects and cdk8s-plus-27 (rewrites bench/README.md\'s tables)' });
bench.exec('node bench/synth.js 5', { name: 'A whole cdk8s synth of one realistic app, startup included' });
bench.exec('node bench/limits.js', { name: 'The largest chart cdk8s can write' });
bench.spawn(project.tasks.tryFind('package:python:main')!);
bench.exec('node bench/python.js 1000 5', { name: 'Python through the wheel against TypeScript, the units scenario at N=1000' });
const benchCheck = project.addTask('bench:check', {
  description: '`cdk8s-storage check` on 10,000 objects in one file (bench/check.js; its number is in bench/README.md)',
});
benchCheck.spawn(project.tasks.tryFind('compile')!);
benchCheck.exec('node bench/check.js 10000 3');

project.synth();
