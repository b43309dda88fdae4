import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { IscsiPersistentVolume, IscsiVolume, KubernetesVersion, StorageClass, TopologySelectorTerm } from '../../src';
import { captureWarnings, expectSchemaValidNow, schemaCheck } from '../helpers';
import { buildSize, buildSource, persistentVolume, storageClass, volume } from '../helpers/arbitraries';
import { recordManifests } from '../helpers/corpus';

/*
 * Random props, valid and invalid mixed: every run either writes schema-valid manifests or fails with
 * the library's validation error and writes nothing. Never a TypeError, never a partial write.
 *
 * Arbitraries produce plain descriptors (strings, numbers, records) so that a counterexample prints
 * readably; `build*` turns them into library objects inside the run. The manifests of all runs are
 * schema-checked afterwards, one kubernetes-validate call per target version.
 */

const SEED = 42;
const RUNS = 150;
const HEADER = 'Validation failed with the following errors:';
// A field path has no spaces, except inside a quoted map key or volume name: volumes["a b"].name
const ERROR_LINE = /^ {2}\[[^\]]+\] (?:[^\s"]|"(?:[^"\\]|\\.)*")+: (Required value|Invalid value|Unsupported value|Forbidden|Duplicate value|Too long)(: .*)?$/;

// ---------------------------------------------------------------------------------------------
// One run: a fresh app writing into its own directory

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'property-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

interface Written {
  readonly doc: any;
  /** The case that wrote it, for a schema failure. */
  readonly from: string;
}

/** What one property collected: manifests by target version, and how runs ended. */
class Collected {
  public readonly byVersion = new Map<KubernetesVersion, Written[]>();
  public synthesized = 0;
  public rejected = 0;

  public add(version: KubernetesVersion, docs: any[], from: string): void {
    const list = this.byVersion.get(version) ?? [];
    list.push(...docs.map((doc) => ({ doc, from })));
    this.byVersion.set(version, list);
  }

  /** One schema check per version; on failure, narrows down to one document and names its case. */
  public expectAllSchemaValid(): void {
    for (const [version, written] of this.byVersion) {
      recordManifests(written.map((w) => w.doc), version); // the referee judges them too
      if (schemaCheck(written.map((w) => w.doc), version).ok) continue;
      let suspects = written;
      while (suspects.length > 1) {
        const half = suspects.slice(0, Math.ceil(suspects.length / 2));
        suspects = schemaCheck(half.map((w) => w.doc), version).ok ? suspects.slice(half.length) : half;
      }
      try {
        expectSchemaValidNow([suspects[0].doc], version);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n--- written by the case:\n${suspects[0].from}`);
      }
      expectSchemaValidNow(written.map((w) => w.doc), version); // invalid only together: report all
    }
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Builds one app, synthesizes it, and checks the outcome: either manifests (returned) or the
 * library's validation error with nothing written (undefined).
 */
function synthCase(targetingDesc: { version: string; viaContext: boolean }, ns: string,
  build: (chart: Chart, version: KubernetesVersion | undefined) => void): any[] | undefined {
  const version = KubernetesVersion.of(targetingDesc.version);
  const outdir = fs.mkdtempSync(path.join(TMP, 'case-'));
  try {
    let error: unknown;
    captureWarnings(() => {
      try {
        const app = new App({ outdir });
        if (targetingDesc.viaContext) version.applyTo(app);
        const chart = new Chart(app, 'test', { namespace: ns });
        build(chart, targetingDesc.viaContext ? undefined : version);
        app.synth();
      } catch (e) {
        error = e;
      }
    });
    const files = filesUnder(outdir);
    if (error !== undefined) {
      if (!(error instanceof Error) || !error.message.startsWith(`${HEADER}\n`)) throw error;
      const lines = error.message.split('\n').slice(1);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        if (!ERROR_LINE.test(line)) throw new Error(`not a validation error line: ${JSON.stringify(line)}\nin:\n${error.message}`);
      }
      if (files.length > 0) throw new Error(`partial write: ${files.join(', ')} after\n${error.message}`);
      return undefined;
    }
    const docs: any[] = [];
    // cdk8s writes YAML 1.1 (`0o7` is a string there, an integer in 1.2): read it the same way.
    for (const file of files) {
      for (const d of parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' })) {
        if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
        docs.push(d.toJS());
      }
    }
    return docs;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function record(collected: Collected, version: string, docs: any[] | undefined, input: unknown): void {
  if (docs === undefined) {
    collected.rejected++;
  } else {
    collected.synthesized++;
    collected.add(KubernetesVersion.of(version), docs, fc.stringify(input));
  }
}

const kindsOf = (docs: any[]) => docs.map((d) => d.kind).sort();

/** Enough runs of each outcome that neither path is left untested. */
function expectBothOutcomes(c: Collected): void {
  expect(c.synthesized).toBeGreaterThanOrEqual(RUNS * 0.25);
  expect(c.rejected).toBeGreaterThanOrEqual(RUNS * 0.1);
}

// ---------------------------------------------------------------------------------------------

describe('random props synthesize schema-valid YAML or fail with a validation error, nothing else', () => {
  test('IscsiVolume mounted in a Deployment', () => {
    const collected = new Collected();
    fc.assert(fc.property(volume, (input) => {
      const docs = synthCase(input.targeting, input.namespace, (chart, version) => {
        const vol = new IscsiVolume(chart, 'San', { ...buildSource(chart, input.source), name: input.name, kubernetesVersion: version });
        const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
        dep.containers[0].mount('/data', vol);
      });
      if (docs) {
        const dep = docs.find((d) => d.kind === 'Deployment');
        expect(dep.spec.template.spec.volumes).toHaveLength(1);
      }
      record(collected, input.targeting.version, docs, input);
    }), { seed: SEED, numRuns: RUNS });
    collected.expectAllSchemaValid();
    expectBothOutcomes(collected);
  });

  test('IscsiPersistentVolume, reserved or mounted or alone', () => {
    const collected = new Collected();
    fc.assert(fc.property(persistentVolume, (input) => {
      const docs = synthCase(input.targeting, input.namespace, (chart, version) => {
        const pv = new IscsiPersistentVolume(chart, 'Lun', {
          ...buildSource(chart, input.source),
          kubernetesVersion: version,
          metadata: input.name === undefined ? undefined : { name: input.name },
          // undefined on purpose in some runs: plain JavaScript callers can omit it, and get a Required error
          storage: buildSize(input.storage) as Size,
          accessModes: input.accessModes,
          volumeMode: input.volumeMode,
          storageClassName: input.storageClassName,
          reclaimPolicy: input.reclaimPolicy,
          volumeHandle: input.volumeHandle,
        });
        if (input.use === 'reserve') pv.reserve();
        if (input.use === 'mount') {
          const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
          dep.addVolume(pv.asVolume());
        }
      });
      if (docs) {
        expect(kindsOf(docs).filter((k) => k === 'PersistentVolume')).toHaveLength(1);
        expect(kindsOf(docs).filter((k) => k === 'PersistentVolumeClaim')).toHaveLength(input.use === 'none' ? 0 : 1);
      }
      record(collected, input.targeting.version, docs, input);
    }), { seed: SEED, numRuns: RUNS });
    collected.expectAllSchemaValid();
    expectBothOutcomes(collected);
  });

  test('StorageClass', () => {
    const collected = new Collected();
    fc.assert(fc.property(storageClass, (input) => {
      // A StorageClass has no version-dependent form; the target only picks the schema to check against.
      const docs = synthCase({ version: input.version, viaContext: true }, input.namespace, (chart) => {
        new StorageClass(chart, 'Class', {
          metadata: input.name === undefined ? undefined : { name: input.name },
          provisioner: input.provisioner,
          parameters: input.parameters,
          reclaimPolicy: input.reclaimPolicy,
          volumeBindingMode: input.volumeBindingMode,
          allowVolumeExpansion: input.allowVolumeExpansion,
          mountOptions: input.mountOptions,
          allowedTopologies: input.allowedTopologies as TopologySelectorTerm[] | undefined,
          isDefault: input.isDefault,
        });
      });
      if (docs) expect(kindsOf(docs)).toEqual(['StorageClass']);
      record(collected, input.version, docs, input);
    }), { seed: SEED, numRuns: RUNS });
    collected.expectAllSchemaValid();
    expectBothOutcomes(collected);
  });
});
