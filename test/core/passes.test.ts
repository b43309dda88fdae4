import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { IscsiPersistentVolume, KubernetesVersion, VolumeClaim } from '../../src';
import { addRules } from '../../src/core/app/validation';
import { expectSchemaValid } from '../helpers';

/*
 * cdk8s validates the whole app at the start of App.synth() and again before each chart. The
 * library runs its rules in the first pass only when the later ones belong to the same App.synth()
 * (it brackets App.synth() and synthYaml(): src/core/app/internals.ts), and in full everywhere else.
 */

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;

function appWithCharts(charts: number) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'passes-'));
  const app = new App({ outdir });
  const all = Array.from({ length: charts }, (_, i) => new Chart(app, `c${i}`, { namespace: 'db' }));
  const pv = new IscsiPersistentVolume(all[0], 'Lun', {
    targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', metadata: { name: 'lun' }, storage: Size.gibibytes(10),
  });
  let runs = 0;
  const probe = new Construct(all[charts - 1], 'Probe');
  addRules(probe, () => {
    runs++;
    return [];
  });
  return { app, charts: all, pv, outdir, runs: () => runs };
}

/** Every manifest App.synth() wrote, schema-checked. */
function writtenValid(outdir: string): any[] {
  const docs = fs.readdirSync(outdir).sort().flatMap((f) => Yaml.load(path.join(outdir, f)));
  expectSchemaValid(docs, KubernetesVersion.DEFAULT);
  return docs;
}

test('App.synth() of three charts runs the rules once, not once per chart plus one', () => {
  const t = appWithCharts(3);
  t.app.synth();
  expect(t.runs()).toBe(1);
  expect(fs.readdirSync(t.outdir).sort()).toEqual(['c0.k8s.yaml', 'c1.k8s.yaml', 'c2.k8s.yaml']);
  expect(writtenValid(t.outdir).map((d) => d.kind)).toEqual(['PersistentVolume']);
});

test('synthYaml() of three charts runs the rules once', () => {
  const t = appWithCharts(3);
  const docs = parseAllDocuments(t.app.synthYaml()).map((d) => d.toJS());
  expectSchemaValid(docs, KubernetesVersion.DEFAULT);
  expect(docs.map((d: any) => d.kind)).toEqual(['PersistentVolume']);
  expect(t.runs()).toBe(1);
});

test('each App.synth() runs the rules again, and sees what changed in between', () => {
  const t = appWithCharts(2);
  t.app.synth();
  writtenValid(t.outdir);
  new VolumeClaim(t.charts[1], 'Big', { metadata: { name: 'big' }, volume: t.pv, storage: Size.gibibytes(20), accessModes: [RWO], storageClassName: '' });
  expect(() => t.app.synth()).toThrow(
    '[c1/Big] spec.resources.requests[storage]: Invalid value: "20Gi": never binds PersistentVolume "lun" (c0/Lun), whose capacity is "10Gi" (requested PV is too small)');
  expect(t.runs()).toBe(2);
});

test('an error stops App.synth() in its first pass, and nothing is written', () => {
  const t = appWithCharts(2);
  new VolumeClaim(t.charts[1], 'Big', { metadata: { name: 'big' }, volume: t.pv, storage: Size.gibibytes(20), accessModes: [RWO], storageClassName: '' });
  expect(() => t.app.synth()).toThrow('never binds PersistentVolume "lun"');
  expect(fs.readdirSync(t.outdir)).toEqual([]);
});

test('a chart synthesized on its own runs the rules in full every time', () => {
  const t = appWithCharts(2);
  expectSchemaValid([...Testing.synth(t.charts[0]), ...Testing.synth(t.charts[1])], KubernetesVersion.DEFAULT);
  expect(t.runs()).toBe(2);
});

test('a validation the user runs by hand after App.synth() runs in full', async () => {
  const t = appWithCharts(2);
  t.app.synth();
  writtenValid(t.outdir);
  await Promise.resolve(); // the synth has ended
  const probe = t.charts[1].node.findChild('Probe');
  expect(probe.node.validate()).toEqual([]);
  expect(t.runs()).toBe(2);
});

test('a validation right after App.synth() returns, in the same tick, runs in full and sees a rule that now fails', () => {
  const t = appWithCharts(2);
  let broken = false;
  const probe = new Construct(t.charts[0], 'Breakable');
  addRules(probe, () => (broken ? [{ path: { toString: () => 'spec' } as any, kind: 'Invalid value' as any, value: 'x', detail: 'broken' }] : []));
  t.app.synth();
  broken = true;
  expect(probe.node.validate()).toEqual(['spec: Invalid value: "x": broken']);
});

test('contract: cdk8s\'s App.synth() validates the whole app once, then once more per chart', () => {
  // what the bracket relies on: the first pass of a synth covers the whole app
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'passes-'));
  const app = new App({ outdir });
  const charts = [0, 1, 2].map((i) => new Chart(app, `c${i}`));
  let calls = 0;
  charts[2].node.addValidation({ validate: () => { calls++; return []; } });
  app.synth();
  expect(calls).toBe(4);
  calls = 0;
  app.synthYaml();
  expect(calls).toBe(4);
});

test('an App subclass that overrides synth() goes through the bracket too', () => {
  class MyApp extends App {
    public synth(): void {
      super.synth();
    }
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'passes-'));
  const app = new MyApp({ outdir });
  const charts = [0, 1, 2].map((i) => new Chart(app, `c${i}`));
  new VolumeClaim(charts[0], 'Claim', { metadata: { name: 'claim' }, storage: Size.gibibytes(1), accessModes: [RWO], storageClassName: 'fast' });
  let runs = 0;
  addRules(new Construct(charts[1], 'Probe'), () => { runs++; return []; });
  app.synth();
  expect(runs).toBe(1);
});

test('no source file reads a stack trace', () => {
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const readers = files(path.join(__dirname, '..', '..', 'src')).filter((f) => /\.stack\b|stackTraceLimit/.test(fs.readFileSync(f, 'utf8')));
  expect(readers).toEqual([]);
});
