import { ApiObject, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { Klass, Outcome, Prediction, Scenario, Selector, judge, predict } from './binding-verdicts';
import { Referee, mapLimit } from './referee-client';
import { KubernetesVersion, StorageClass, StoragePersistentVolume, StoragePersistentVolumeProps, VolumeClaim } from '../../src';
import { fixedSource } from '../../src/core/objects/source';
import { Capabilities } from '../../src/core/rules/access';
import { captureWarnings, storageChart, synthErrors } from '../helpers';

/*
 * The binding check against the real PersistentVolume controller. A corpus of PersistentVolume and
 * claim scenarios (classes "" / unset / named, with and without a default StorageClass in the
 * cluster; access modes, sizes, volume modes, label selectors; pre-binding from the volume side,
 * the claim side and both) is built with the library's constructs, and the library's findings are
 * read as a prediction per claim. The same objects are then created for real, the controller
 * settles, and each claim's phase and volume are compared with the prediction. WaitForFirstConsumer
 * classes are left out: their claims wait for a scheduler and a node, which the referee has not.
 *
 * Scenarios whose claims search the pool of volumes (no volumeName) could bind each other's
 * volumes, so those of a class-less (or default-class) pool run one at a time, with everything of
 * the earlier ones deleted; the others run together, last.
 */

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
const ALL_MODES = [RWO, ROX, RWX, RWOP];

/** A PersistentVolume with a CSI source that serves every access mode and volume mode: what binds is all that matters here. */
class RefereeVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: StoragePersistentVolumeProps) {
    super(scope, id, { ...props, kubernetesVersion: KubernetesVersion.V1_36 });
    const driver = 'referee.cdk8s-storage.io';
    const volumeHandle = this.name;
    this._carrySource(fixedSource({ kind: 'csi', driver, inline: false }, {
      field: 'csi',
      readOnly: false,
      capabilities: (): Capabilities => ({ accessModes: ALL_MODES, accessModesWhy: '', block: true, mountOptions: true }),
      rules: () => [],
      render: () => ({ csi: { driver, volumeHandle } }),
    }));
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const klass = fc.constantFrom<Klass>(undefined, '', 'gold', 'silver');
const modes = fc.oneof(
  fc.constantFrom([RWO], [ROX], [RWX], [RWOP]),
  fc.subarray([RWO, ROX, RWX], { minLength: 2 }),
);
const gi = fc.constantFrom(5, 10, 20);
const selector: fc.Arbitrary<Selector> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  fc.constantFrom<Selector>(
    { labels: { tier: 'a' } },
    { labels: { tier: 'b' } },
    { expressions: [{ key: 'tier', op: 'In', values: ['a', 'b'] }] },
    { expressions: [{ key: 'tier', op: 'NotIn', values: ['a'] }] },
    { expressions: [{ key: 'tier', op: 'Exists' }] },
    { expressions: [{ key: 'tier', op: 'DoesNotExist' }] },
  ),
);

const scenario = fc.record({ nv: fc.integer({ min: 1, max: 2 }), nc: fc.integer({ min: 1, max: 2 }) }).chain(({ nv, nc }) => fc.record({
  volumes: fc.array(fc.record({
    klass,
    modes,
    gi,
    block: fc.boolean(),
    tier: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    reservedFor: fc.option(fc.integer({ min: 0, max: nc - 1 }), { nil: undefined, freq: 2 }),
  }), { minLength: nv, maxLength: nv }),
  claims: fc.array(fc.record({
    klass,
    modes,
    gi,
    block: fc.boolean(),
    selector,
    names: fc.option(fc.integer({ min: 0, max: nv - 1 }), { nil: undefined, freq: 2 }),
  }), { minLength: nc, maxLength: nc }),
}));

/** Whether a claim of the scenario searches the pool (no volumeName). */
function searches(s: Scenario): boolean {
  return s.claims.some((c) => c.names === undefined);
}

/**
 * Whether the objects must run alone in this phase: a claim that searches the pool (no
 * volumeName) in the class-less or the default class could bind any scenario's volume.
 */
function runsAlone(b: Built, withDefault: boolean): boolean {
  return b.docs.some((d) => d.kind === 'PersistentVolumeClaim' && !d.spec.volumeName
    && (!d.spec.storageClassName || (withDefault && d.spec.storageClassName === 'gold')));
}

/** Class names as the phase writes them: named classes of scenarios that run together made unique. */
function className(k: Klass, id: string, unique: boolean): string | undefined {
  if (k === undefined || k === '') return k;
  return unique ? `${k}-${id}` : k;
}

interface Built {
  readonly id: string;
  readonly namespace: string;
  readonly docs: any[];
  readonly predictions: Prediction[];
}

/** Builds the scenario with the library's constructs; its findings become the predictions. */
function build(s: Scenario, id: string, unique: boolean): Built {
  const namespace = `bind-${id}`;
  const chart = storageChart({ namespace });
  const volumes = s.volumes.map((v, i) => new RefereeVolume(chart, `V${i}`, {
    metadata: { name: `${namespace}-v${i}`, labels: v.tier ? { tier: v.tier } : undefined },
    storage: Size.gibibytes(v.gi),
    accessModes: v.modes,
    storageClassName: className(v.klass, id, unique),
    volumeMode: v.block ? kplus.PersistentVolumeMode.BLOCK : kplus.PersistentVolumeMode.FILE_SYSTEM,
  }));
  const claims = s.claims.map((c, i) => new VolumeClaim(chart, `C${i}`, {
    metadata: { name: `c${i}` },
    storage: Size.gibibytes(c.gi),
    accessModes: c.modes,
    storageClassName: className(c.klass, id, unique),
    volumeMode: c.block ? kplus.PersistentVolumeMode.BLOCK : kplus.PersistentVolumeMode.FILE_SYSTEM,
    selector: c.selector && kplus.LabelSelector.of({
      labels: c.selector.labels,
      expressions: c.selector.expressions?.map((e) => {
        switch (e.op) {
          case 'In': return kplus.LabelExpression.in(e.key, e.values!);
          case 'NotIn': return kplus.LabelExpression.notIn(e.key, e.values!);
          case 'Exists': return kplus.LabelExpression.exists(e.key);
          default: return kplus.LabelExpression.doesNotExist(e.key);
        }
      }),
    }),
  }));
  s.volumes.forEach((v, i) => v.reservedFor !== undefined && volumes[i].bind(claims[v.reservedFor]));
  s.claims.forEach((c, i) => c.names !== undefined && claims[i].bind(volumes[c.names]));
  return finish(chart, id);
}

/** The app's findings as predictions, and its objects rendered without the library's rules. */
function finish(chart: Chart, id: string): Built {
  let errors: string[] = [];
  const warnings = captureWarnings(() => { errors = synthErrors(chart); });
  const docs = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart).map((o) => o.toJson());
  return { id, namespace: chart.namespace!, docs, predictions: predict(chart, errors, warnings) };
}

/**
 * The pairings the library's own constructs (and cdk8s-plus-27's, which the binding check reads
 * too) produce, beside the generated ones: `reserve()`, a StorageClass's `createClaim()`, a
 * cdk8s-plus-27 claim naming a library volume, cdk8s-plus-27's own `reserve()`.
 */
const CONSTRUCT_SCENARIOS: Array<(chart: Chart, id: string) => void> = [
  (chart) => {
    new RefereeVolume(chart, 'V', { metadata: { name: `${chart.namespace}-v` }, storage: Size.gibibytes(10), accessModes: [RWO, ROX] }).reserve();
  },
  (chart, id) => {
    const sc = new StorageClass(chart, 'Sc', { metadata: { name: `gold-${id}` }, provisioner: 'referee.cdk8s-storage.io' });
    const pv = new RefereeVolume(chart, 'V', { metadata: { name: `${chart.namespace}-v` }, storage: Size.gibibytes(10), storageClassName: sc.name });
    sc.createClaim(chart, 'Claim', { storage: Size.gibibytes(5) }).bind(pv);
  },
  (chart, id) => {
    const sc = new StorageClass(chart, 'Sc', { metadata: { name: `gold-${id}` }, provisioner: 'referee.cdk8s-storage.io' });
    const pv = new RefereeVolume(chart, 'V', { metadata: { name: `${chart.namespace}-v` }, storage: Size.gibibytes(10) });
    sc.createClaim(chart, 'Claim', { storage: Size.gibibytes(5) }).bind(pv);
  },
  (chart) => {
    const pv = new RefereeVolume(chart, 'V', { metadata: { name: `${chart.namespace}-v` }, storage: Size.gibibytes(10), accessModes: [RWX] });
    new kplus.PersistentVolumeClaim(chart, 'K', { metadata: { name: 'k' }, volume: pv, storage: Size.gibibytes(10), accessModes: [RWX], storageClassName: '' });
  },
  (chart) => {
    const pv = new RefereeVolume(chart, 'V', { metadata: { name: `${chart.namespace}-v` }, storage: Size.gibibytes(10) });
    new kplus.PersistentVolumeClaim(chart, 'K', { metadata: { name: 'k' }, volume: pv, storage: Size.gibibytes(20), accessModes: [RWO], storageClassName: '' });
  },
  (chart) => {
    const ebs = new kplus.AwsElasticBlockStorePersistentVolume(chart, 'Ebs', {
      metadata: { name: `${chart.namespace}-ebs` }, volumeId: 'vol-0123456789abcdef0', storage: Size.gibibytes(10), storageClassName: '', accessModes: [RWO],
    });
    ebs.bind(new VolumeClaim(chart, 'Claim', { metadata: { name: 'c' }, storage: Size.gibibytes(10), accessModes: [RWO], storageClassName: '' }));
  },
];

function buildConstructs(make: (chart: Chart, id: string) => void, id: string): Built {
  const chart = storageChart({ namespace: `bind-${id}` });
  make(chart, id);
  return finish(chart, id);
}

// ---------------------------------------------------------------------------------------------
// The cluster side: each server of the referee is a cluster of its own with its own PV controller.

let referee: Referee;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates a scenario's objects: its volumes first, and its claims once the controller has seen
 * every volume (a claim synced before its volume reaches the controller's cache waits for the
 * next resync, which would make `settle` race the controller).
 */
async function createAll(server: string, b: Built): Promise<boolean> {
  await referee.namespace(server, b.namespace);
  const claims = b.docs.filter((d) => d.kind === 'PersistentVolumeClaim');
  const others = b.docs.filter((d) => d.kind !== 'PersistentVolumeClaim');
  for (const doc of [...others, ...claims]) {
    if (doc === claims[0]) await seen(server, others.filter((d) => d.kind === 'PersistentVolume'));
    const a = await referee.create(server, doc);
    if (!a.ok) {
      rejections.push(`${b.namespace}: ${doc.kind} ${doc.metadata?.name}: ${a.message}`);
      return false; // invalid objects are the differential test's business
    }
  }
  return true;
}

/** Waits until the PV controller has given every volume a phase. */
async function seen(server: string, volumes: readonly any[]): Promise<void> {
  for (const v of volumes) {
    for (let i = 0; i < 100; i++) {
      const a = await referee.read(server, v);
      if (a.ok && a.object?.status?.phase) break;
      await sleep(50);
    }
  }
}

/** What the server rejected while the scenarios were created (printed, not failed: see createAll). */
const rejections: string[] = [];

/**
 * Polls the claims until the controller has synced each (it is Bound, or the controller left an
 * Event or its provisioner annotation on it) and nothing changed for `quiet` ms after that.
 */
async function settle(server: string, built: readonly Built[], quiet: number): Promise<Map<string, Outcome>> {
  const namespaces = new Set(built.map((b) => b.namespace));
  let last = '';
  let stableSince = Date.now();
  const deadline = Date.now() + 60_000;
  for (;;) {
    // a large batch: two requests per poll for the whole cluster; a small one: its namespaces'
    const scopes = namespaces.size > 4 ? [undefined] : [...namespaces];
    const list = async (kind: string) => (await Promise.all(scopes.map((ns) => referee.list(server, 'v1', kind, ns)))).flatMap((a) => a.items ?? []);
    const claims = (await list('PersistentVolumeClaim')).filter((c: any) => namespaces.has(c.metadata.namespace));
    const events = new Set((await list('Event')).map((e: any) => `${e.involvedObject?.namespace}/${e.involvedObject?.name}`));
    const outcomes = new Map<string, Outcome>();
    let unsynced = 0;
    for (const c of claims) {
      const key = `${c.metadata.namespace}/${c.metadata.name}`;
      const phase = c.status?.phase ?? '';
      const synced = phase === 'Bound' || events.has(key) || c.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'] !== undefined;
      if (!synced) unsynced++;
      outcomes.set(key, { phase: synced ? phase : `${phase} (never synced by the controller)`, volumeName: c.spec?.volumeName, capacity: c.status?.capacity?.storage });
    }
    const now = JSON.stringify([...outcomes]);
    if (now !== last || unsynced > 0) {
      last = now;
      stableSince = Date.now();
    }
    if (unsynced === 0 && Date.now() - stableSince >= quiet) return outcomes;
    if (Date.now() > deadline) {
      // eslint-disable-next-line no-console
      console.log(`binding referee: claims the controller did not sync within 60 s: ${[...outcomes].filter(([, o]) => o.phase.includes('never synced')).map(([k]) => k).join(', ')}`);
      return outcomes;
    }
    await sleep(200);
  }
}

/** Deletes a batch's objects for good (finalizers dropped: no protection controller runs here). */
async function deleteAll(server: string, built: readonly Built[]): Promise<void> {
  const docs = built.flatMap((b) => b.docs);
  await mapLimit(docs, 8, async (doc) => {
    await referee.patch(server, doc, { metadata: { finalizers: null } });
    await referee.delete(server, doc);
    for (let i = 0; i < 50 && (await referee.read(server, doc)).ok; i++) await sleep(100);
  });
}

interface PhaseResult {
  readonly scenarios: number;
  readonly judged: number;
  readonly rejected: number;
  readonly disagreements: string[];
}

/** At most this many scenarios per phase that must run one at a time (each costs a few seconds). */
const ALONE_MAX = 24;

/**
 * One cluster state (with or without the default class "gold"), judged on `servers`: the scenarios
 * that can share a cluster all at once on the first, those that cannot one after the other,
 * spread over all of them.
 */
async function runPhase(phase: string, withDefault: boolean, servers: readonly string[], scenarios: readonly Scenario[]): Promise<PhaseResult> {
  if (withDefault) {
    await Promise.all(servers.map(async (server) => {
      const a = await referee.create(server, {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'gold', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: 'referee.cdk8s-storage.io',
        volumeBindingMode: 'Immediate',
      });
      if (!a.ok) throw new Error(`cannot create the default StorageClass: ${a.message}`);
    }));
    await sleep(1000); // the admission plugin sees the class through an informer
  }
  const together: Built[] = [];
  const alone: Built[] = [];
  const add = (b: Built, rebuild?: () => Built) => {
    if (!runsAlone(b, withDefault)) together.push(b);
    else if (alone.length < ALONE_MAX) alone.push(rebuild ? rebuild() : b);
  };
  // named classes made unique where claims search, so that scenarios run together stay apart;
  // a scenario that runs alone keeps the classes it was generated with
  CONSTRUCT_SCENARIOS.forEach((make, i) => add(buildConstructs(make, `${phase}k${i}`)));
  scenarios.forEach((s, i) => add(build(s, `${phase}${i}`, searches(s)), () => build(s, `${phase}${i}`, false)));
  const disagreements: string[] = [];
  let judged = 0;
  let rejected = 0;
  const check = (batch: readonly Built[], created: readonly boolean[], outcomes: Map<string, Outcome>) => {
    batch.forEach((b, i) => {
      if (!created[i]) {
        rejected++;
        return;
      }
      for (const p of b.predictions) {
        judged++;
        const d = judge(p, b.namespace, outcomes, withDefault);
        if (d !== true) disagreements.push(`${phase} ${b.namespace}: ${d}`);
      }
    });
  };
  const timing = { create: 0, settle: 0, delete: 0 };
  const run = async (server: string, batch: readonly Built[], quiet: number, last: boolean) => {
    let t = Date.now();
    const created = await mapLimit(batch, 8, (b) => createAll(server, b));
    timing.create += Date.now() - t;
    t = Date.now();
    check(batch, created, await settle(server, batch, quiet));
    timing.settle += Date.now() - t;
    if (last) return; // nothing runs on this server after it: its objects can stay
    t = Date.now();
    await deleteAll(server, batch);
    timing.delete += Date.now() - t;
  };
  // On each server the scenarios that run alone come first, each deleted before the next; the
  // batch that runs together comes last, on the first server, so that its objects (most of the
  // phase's) need no deleting.
  await Promise.all(servers.map(async (server, k) => {
    const mine = alone.filter((_, i) => i % servers.length === k);
    for (const [i, b] of mine.entries()) await run(server, [b], 600, k !== 0 && i === mine.length - 1);
    if (k === 0) await run(server, together, 1000, true);
  }));
  // eslint-disable-next-line no-console
  console.log(`binding referee, phase ${phase}: ${together.length} scenarios together, ${alone.length} alone; ` +
    `seconds creating ${timing.create / 1000}, settling ${timing.settle / 1000}, deleting ${timing.delete / 1000} (summed over servers)`);
  return { scenarios: together.length + alone.length, judged, rejected, disagreements };
}

const SCENARIOS = fc.sample(scenario, { seed: 20261201, numRuns: 240 });
let results: Record<string, PhaseResult>;

beforeAll(async () => {
  referee = Referee.connect();
  const [a1, a2, b1, b2] = referee.controllers;
  const [a, b] = await Promise.all([runPhase('a', false, [a1, a2], SCENARIOS), runPhase('b', true, [b1, b2], SCENARIOS)]);
  results = { a, b };
  // eslint-disable-next-line no-console
  if (rejections.length > 0) console.log(`scenarios the server rejected (not judged here):\n  ${rejections.join('\n  ')}`);
}, 600_000);
afterAll(() => referee?.close());

test.each([
  ['without a default StorageClass', 'a'],
  ['with the default StorageClass "gold"', 'b'],
])('the PV controller binds exactly what the binding check predicts, %s', (what, phase) => {
  const r = results[phase];
  // eslint-disable-next-line no-console
  console.log(`binding referee, ${what}: ${r.scenarios} scenarios, ${r.judged} predictions judged, ` +
    `${r.rejected} scenarios the server rejected, ${r.disagreements.length} disagreements`);
  expect(r.disagreements).toEqual([]);
  expect(r.judged).toBeGreaterThan(150);
});
