import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { recordManifests, recordWarning } from './corpus';
import { KubernetesVersion } from '../../src';
import { setWarningSink } from '../../src/core/app/validation';

const ROOT = path.resolve(__dirname, '..', '..');
const VALIDATE = path.join(ROOT, '.venv', 'bin', 'kubernetes-validate');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
/** kubernetes-validate's own check, several target versions in one process, each schema read once (see the script). */
const VALIDATE_MANY = path.join(__dirname, 'validate.py');

/** `kubernetes-validate --strict --quiet`: each group's files at its version, in one process; the tool's output and exit status. */
interface ValidateGroup {
  readonly version: string;
  readonly files: readonly string[];
}

function runValidate(groups: readonly ValidateGroup[]): { status: number | null; output: string } {
  if (!fs.existsSync(VALIDATE)) throw new Error(`${VALIDATE} is missing: run "npx projen install:python" first`);
  const args = groups.flatMap((g) => ['-k', g.version, ...g.files]);
  const r = spawnSync(PYTHON, [VALIDATE_MANY, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** kubernetes-validate ships schemas for 1.25 … 1.37; a 1.24 target is checked against 1.25. */
export function schemaVersion(v: KubernetesVersion): string {
  return v.minor < 25 ? '1.25' : v.name;
}

export interface SchemaResult {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Runs `kubernetes-validate --strict` on the documents at the given version. Any ERROR, and any
 * WARN (an unknown kind or apiVersion passes the tool with a warning), is a failure.
 */
export function schemaCheck(docs: readonly any[], version: KubernetesVersion): SchemaResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
  const file = path.join(dir, 'manifests.yaml');
  try {
    fs.writeFileSync(file, Yaml.stringify(...docs));
    const { status, output } = runValidate([{ version: schemaVersion(version), files: [file] }]);
    return { ok: status === 0 && !/\b(ERROR|WARN)\b/.test(output), output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Throws with the tool's words unless the documents pass the strict schema check, now. */
export function expectSchemaValidNow(docs: readonly any[], version: KubernetesVersion): void {
  const r = schemaCheck(docs, version);
  if (!r.ok) throw new Error(`schema check failed at ${schemaVersion(version)}:\n${r.output}\n---\n${Yaml.stringify(...docs)}`);
}

/** Manifests one test wrote, to be schema-checked at a target version. */
export interface ManifestSet {
  readonly test: string;
  readonly docs: readonly any[];
  readonly version: KubernetesVersion;
}

/** Manifest sets of this test file still to be schema-checked, with the test that wrote each. */
const pending: ManifestSet[] = [];

/**
 * The documents must pass the strict schema check: they are checked with every other set of this
 * test file in one kubernetes-validate process when the file's tests are done (starting the tool
 * once per test, and its reading the schemas again for every resource, was most of the suite's
 * time), and a failure names the test that wrote them. They are also recorded for the referee, which sends them to the real API server of that
 * version (test/cluster/corpus.test.ts).
 */
export function expectSchemaValid(docs: readonly any[], version: KubernetesVersion): void {
  recordManifests(docs, version);
  pending.push({ test: typeof expect === 'undefined' ? '(outside a test)' : expect.getState().currentTestName ?? '(outside a test)', docs: JSON.parse(JSON.stringify(docs)), version });
}

/** Checks every pending manifest set, each at its version, in one kubernetes-validate process; throws naming the tests whose sets fail. */
export function flushSchemaChecks(): void {
  const failures = schemaFailures(pending.splice(0));
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

/** The strict schema check of manifest sets, each at its version, in one kubernetes-validate process: a message per failing set, naming the test that wrote it. */
export function schemaFailures(sets: readonly ManifestSet[]): string[] {
  if (sets.length === 0) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
  const failures: string[] = [];
  try {
    const files = sets.map((set, i) => {
      const file = path.join(dir, `set-${i}.yaml`);
      fs.writeFileSync(file, Yaml.stringify(...set.docs));
      return { file, test: set.test, docs: set.docs, version: schemaVersion(set.version) };
    });
    const versions = [...new Set(files.map((f) => f.version))];
    const groups = versions.map((version) => ({ version, files: files.filter((f) => f.version === version).map((f) => f.file) }));
    const { status, output } = runValidate(groups);
    if (status !== 0 || /\b(ERROR|WARN)\b/.test(output)) {
      const named = files.filter((f) => output.includes(f.file));
      for (const f of named.length > 0 ? named : files) {
        const lines = output.split('\n').filter((l) => named.length === 0 || l.includes(f.file)).join('\n');
        failures.push(`schema check failed at ${f.version} for the manifests of "${f.test}":\n${lines}\n---\n${Yaml.stringify(...f.docs)}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return failures;
}

// every test file that imports the helpers checks its manifests when its tests are done
if (typeof afterAll === 'function') afterAll(flushSchemaChecks);

export interface StorageChartOptions {
  /** Target version, set through context on the app. */
  readonly kubernetesVersion?: KubernetesVersion;
  /** The chart's namespace. */
  readonly namespace?: string;
}

/** A chart named "test" in a fresh app with the target version in context. */
export function storageChart(opts: StorageChartOptions = {}): Chart {
  const app = Testing.app();
  if (opts.kubernetesVersion) opts.kubernetesVersion.applyTo(app);
  return new Chart(app, 'test', { namespace: opts.namespace });
}

/** The app's target version, as a construct below the root would see it. */
export function targetOf(chart: Chart): KubernetesVersion {
  return KubernetesVersion.targetOf(chart);
}

/** Synthesizes the chart and schema-checks every manifest at the chart's target version. */
export function synthValid(chart: Chart, version: KubernetesVersion = targetOf(chart)): any[] {
  const docs = Testing.synth(chart);
  expectSchemaValid(docs, version);
  return docs;
}

/** Synthesizes every chart of the app and schema-checks all of them together. */
export function synthAppValid(app: App, version: KubernetesVersion): any[] {
  const docs = app.charts.flatMap((c) => Testing.synth(c));
  expectSchemaValid(docs, version);
  return docs;
}

/** The only document of the given kind (and name, if given); fails if there are none or several. */
export function only(docs: readonly any[], kind: string, name?: string): any {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${docs.map((d) => `${d.kind}/${d.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

/** The kinds in synthesis order. */
export function kinds(docs: readonly any[]): string[] {
  return docs.map((d) => d.kind);
}

/** The validation error lines cdk8s reports for the app of `chart`, without the header. */
export function synthErrors(chart: Chart): string[] {
  try {
    Testing.synth(chart);
  } catch (e) {
    const msg = (e as Error).message;
    if (!msg.startsWith('Validation failed with the following errors:')) throw e;
    return msg.split('\n').slice(1).map((l) => l.trim());
  }
  return [];
}

/** Asserts that synthesis fails with exactly these lines (in any order). */
export function expectSynthErrors(chart: Chart, lines: string[]): void {
  expect(synthErrors(chart).sort()).toEqual([...lines].sort());
}

// Every warning the library prints in a test is recorded for the referee, which compares it with
// the API server's warnings for the manifests of the same test; uncaptured ones still reach stderr.
setWarningSink((line) => {
  recordWarning(line);
  process.stderr.write(`${line}\n`);
});

/** Runs `fn` and returns the warning lines the library printed meanwhile. */
export function captureWarnings(fn: () => void): string[] {
  const lines: string[] = [];
  const prev = setWarningSink((l) => {
    recordWarning(l);
    lines.push(l);
  });
  try {
    fn();
  } finally {
    setWarningSink(prev);
  }
  return lines;
}

/** Synthesizes and schema-checks the chart like `synthValid`, and returns the warning lines the library printed meanwhile. */
export function synthWithWarnings(chart: Chart, version: KubernetesVersion = targetOf(chart)): { docs: any[]; warnings: string[] } {
  let docs: any[] = [];
  const warnings = captureWarnings(() => {
    docs = synthValid(chart, version);
  });
  return { docs, warnings };
}
