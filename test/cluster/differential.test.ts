import * as fs from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { Evaluated, Family, LibraryError, evaluate } from './differential/framework';
import { STRICTER as CORE_STRICTER, Stricter } from './differential/stricter';
import { Answer, Referee, mapLimit } from './referee-client';

/*
 * The library and the API server agree. Inputs for every backend and the generic model (valid,
 * invalid, boundary values, and values of any type where TypeScript's types would stop them) are
 * built with the library, which either synthesizes them or names the fields it rejects; the same
 * objects rendered without the library's rules go to the real API server of the target version as
 * server-side dry runs. Agreement: the library rejects exactly when the server does, naming every
 * field the server names. A field the library rejects and the server accepts must be a row of
 * STRICTER (stricter.ts), with the reason and the source that proves it. Anything else fails.
 */

const SEED = 20261201;
const RUNS = 120;

/**
 * Every family of differential/families/*.ts (each file exports its families, and the STRICTER
 * rows of its backend as `stricter`); DIFFERENTIAL_FAMILIES (a regular expression) picks some.
 */
const MODULES = fs.readdirSync(join(__dirname, 'differential', 'families')).filter((f) => f.endsWith('.ts')).sort()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  .map((f) => require(`./differential/families/${f}`) as Record<string, unknown>);
const isFamily = (v: unknown): v is Family<any> => typeof v === 'object' && v !== null && 'input' in v && 'build' in v;
const pick = process.env.DIFFERENTIAL_FAMILIES ? new RegExp(process.env.DIFFERENTIAL_FAMILIES) : undefined;
const FAMILIES = MODULES.flatMap((m) => Object.values(m).filter(isFamily)).filter((f) => !pick || pick.test(f.name));
const STRICTER: readonly Stricter[] = [...CORE_STRICTER, ...MODULES.flatMap((m) => (m.stricter as Stricter[] | undefined) ?? [])];

/**
 * Pod volumes by name (the library's paths) rather than by index (the server's); a volume mount's
 * name as its volume's (the server rejects the mount of a volume whose name it rejects).
 */
function normalize(path: string, doc?: any): string {
  const mount = /^(?:spec\.(?:jobTemplate\.spec\.template\.spec\.|template\.spec\.)?)?(?:initC|c)ontainers\[(\d+)\]\.volumeMounts\[(\d+)\]\.name$/.exec(path);
  if (mount) {
    const spec = podSpecOf(doc);
    const name = spec?.containers?.[Number(mount[1])]?.volumeMounts?.[Number(mount[2])]?.name;
    if (name !== undefined) return `volumes[${name}]`; // the server refuses the mount of a volume it refuses
  }
  const m = /^(?:spec\.(?:jobTemplate\.spec\.template\.spec\.|template\.spec\.)?)?volumes\[("(?:[^"\\]|\\.)*"|[^\]]*)\](.*)$/.exec(path);
  if (!m) return unquote(path);
  const spec = podSpecOf(doc);
  const key = m[1].startsWith('"') ? JSON.parse(m[1]) as string : m[1];
  const name = /^\d+$/.test(key) && spec ? spec.volumes?.[Number(key)]?.name ?? key : key;
  return `volumes[${name}]${unquote(m[2])}`;
}

/** Map keys as they are: the library quotes a key with spaces or brackets (`["a b"]`), the server does not. */
function unquote(path: string): string {
  return path.replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_, k: string) => `[${JSON.parse(`"${k}"`) as string}]`);
}

function podSpecOf(doc: any): any {
  return doc?.kind === 'Pod' ? doc.spec : doc?.kind === 'CronJob' ? doc.spec?.jobTemplate?.spec?.template?.spec : doc?.spec?.template?.spec;
}

/**
 * The fields a rejection names: its causes, else what the message says. A decoding error (a value
 * of the wrong JSON type) names a Go struct path without list indexes (`spec.volumes.iscsi.lun`):
 * it is kept "loose" (`~…`), and matches a library path with the same fields.
 */
function rejectedFields(a: Answer, doc: any): string[] {
  const fields = (a.causes ?? [])
    // a custom resource's CEL rules are skipped, with this cause, when its schema already failed: no field of its own
    .filter((c) => !(c.field === '<nil>' && /some validation rules were not checked because the object was invalid/.test(c.message ?? '')))
    .map((c) => c.field).filter((f): f is string => !!f);
  if (fields.length > 0) return fields.map((f) => normalize(f, doc));
  const msg = a.message ?? '';
  const unknown = [...msg.matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1]);
  // a custom resource is decoded against its schema: a value of another JSON type than a scalar
  // field's shows as unknown fields under it (`deletionPolicy.name`), so the path is kept loose
  if (unknown.length > 0 && isCustomResource(doc)) return unknown.map((f) => `~${loose(f)}`);
  if (unknown.length > 0) return unknown.map((f) => normalize(f, doc));
  const decode = decodeField(msg, doc);
  if (decode) return [`~${loose(decode)}`];
  return [`(${a.reason || a.code}: ${msg})`];
}

/** An object of a CRD the referee installs (the VolumeSnapshot CRDs), not of Kubernetes itself. */
function isCustomResource(doc: any): boolean {
  return typeof doc?.apiVersion === 'string' && doc.apiVersion.startsWith('snapshot.storage.k8s.io/');
}

/** The field a decoding error names (`spec.template.spec.volumes.iscsi.lun`), if any. */
function decodeField(msg: string, doc: any): string | undefined {
  const m = /into Go struct field \w+\.([\w.[\]]+) of type/.exec(msg) ?? /Go value of type [\w.]+ for field ([\w.[\]]+)/.exec(msg);
  if (m) return m[1].replace(/\.(?:VolumeSource|PersistentVolumeSource)(?=\.)/g, '');
  // a quantity that is no quantity: the decoder does not say where
  if (/quantities must match the regular expression/.test(msg)) return doc?.kind === 'PersistentVolume' ? 'spec.capacity' : 'spec.resources.requests';
  return undefined;
}

/** A path without list indexes, quotes or the Pod template's prefix. */
function loose(path: string): string {
  return unquote(path).replace(/\[[^\]]*\]/g, '')
    .replace(/^spec\.(?:jobTemplate\.spec\.template\.spec\.|template\.spec\.)?(?=volumes\.)/, '');
}

/** Whether library path `l` names server field `s`: the same, more specific (`spec.accessModes[0]` for `spec.accessModes`), or loosely equal. */
function names(library: string, s: string): boolean {
  // a Secret's stringData is data to the server: it merges one into the other before validating
  const l = library.replace(/^stringData(?=\[|$)/, 'data');
  if (s.startsWith('~')) {
    const [a, b] = [loose(l), s.slice(1)];
    return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  }
  return l === s || l.startsWith(`${s}[`) || l.startsWith(`${s}.`);
}

/** Whether one loose path is the other or lies under it. */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** `doc` without the field at `path` (a Go struct path: every element of a list on the way). */
function without(doc: any, path: string): any {
  const copy = JSON.parse(JSON.stringify(doc));
  const strip = (o: any, parts: string[]): void => {
    if (Array.isArray(o)) {
      o.forEach((e) => strip(e, parts));
      return;
    }
    if (typeof o !== 'object' || o === null) return;
    const [head, ...rest] = parts;
    if (rest.length === 0) delete o[head];
    else strip(o[head], rest);
  };
  strip(copy, path.split('.'));
  return copy;
}

/**
 * The server's answers for one object. A decoding error (a value of the wrong JSON type) stops the
 * server before it validates anything else: the field is dropped and the object sent again, so
 * that the other fields are judged too (at most a few rounds).
 */
async function judgeObject(referee: Referee, server: string, doc: any): Promise<Answer[]> {
  const answers: Answer[] = [];
  let current = doc;
  const stripped: string[] = [];
  for (let round = 0; round < 5; round++) {
    const a = await referee.dryRun(server, current);
    // a field dropped in an earlier round is missing now: the server's Required for it is no verdict on the input
    let causes = (a.causes ?? []).filter((c) => !(c.reason === 'FieldValueRequired' && stripped.some((f) => related(loose(c.field ?? ''), f))));
    // a mount whose volume the server refused only for a dropped field is not refused for the input either
    if (causes.every((c) => c.reason === 'FieldValueNotFound' && /volumeMounts\[\d+\]\.name$/.test(c.field ?? ''))) causes = [];
    answers.push(causes.length === (a.causes ?? []).length ? a : { ...a, causes, ok: a.ok || causes.length === 0 });
    const field = a.ok ? undefined : decodeField(a.message ?? '', current);
    if (!field) break;
    stripped.push(loose(field));
    current = without(current, field);
  }
  return answers;
}

interface Judged {
  readonly family: string;
  readonly input: unknown;
  readonly e: Evaluated;
  readonly outcome: 'accepted by both' | 'rejected by both' | 'library stricter (stated)' | 'library refuses what cannot be written' | 'disagreement';
  readonly why?: string;
  readonly rows: Stricter[];
}

function explained(err: LibraryError): Stricter | undefined {
  const path = normalize(err.path);
  return STRICTER.find((r) => r.path.test(path) && (r.line === undefined || r.line.test(err.line)));
}

function judgeOne(family: string, input: unknown, e: Evaluated, server: Map<string, string>): Judged {
  const base = { family, input, e, rows: [] as Stricter[] };
  if (e.verdict.kind === 'crash') return { ...base, outcome: 'disagreement', why: `the library crashed: ${e.verdict.error}` };
  if (e.docs === undefined) {
    return e.verdict.kind === 'rejects'
      ? { ...base, outcome: 'library refuses what cannot be written' }
      : { ...base, outcome: 'disagreement', why: `accepted by the library, but rendering throws: ${e.renderError}` };
  }
  const libraryPaths = e.verdict.kind === 'rejects' ? e.verdict.errors.map((x) => normalize(x.path)) : [];
  const missed = [...server.keys()].filter((sp) => !libraryPaths.some((l) => names(l, sp)));
  if (missed.length > 0) {
    return { ...base, outcome: 'disagreement', why: `the server rejects what the library accepts: ${missed.map((p) => `${p} (${server.get(p)})`).join('; ')}` };
  }
  if (e.verdict.kind === 'accepts') return { ...base, outcome: 'accepted by both' };
  const extra = e.verdict.errors.filter((x) => ![...server.keys()].some((sp) => names(normalize(x.path), sp)));
  const rows = extra.map(explained);
  const unexplained = extra.filter((_, i) => rows[i] === undefined);
  if (unexplained.length > 0) {
    return { ...base, outcome: 'disagreement', why: `the library rejects what the server accepts, and STRICTER has no row for it: ${unexplained.map((x) => x.line).join('; ')}` };
  }
  return { ...base, outcome: extra.length > 0 ? 'library stricter (stated)' : 'rejected by both', rows: rows as Stricter[] };
}

let judged: Judged[];

function tally(items: readonly string[]): string {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m].map(([k, n]) => `${k} ${n}`).join(', ');
}

beforeAll(async () => {
  const referee = Referee.connect();
  try {
    const cases = FAMILIES.flatMap((f) => fc.sample(f.input, { seed: SEED, numRuns: RUNS }).map((input) => ({ f, input, e: evaluate(f, input) })));
    // every object of every input, one dry run each, at the server of the input's target
    const requests = cases.flatMap((c, ci) => (c.e.docs ?? []).map((doc) => ({ ci, doc, server: referee.serverFor(c.e.target) })));
    const namespaces = new Set(requests.map((r) => `${r.server} ${r.doc.metadata?.namespace ?? 'default'}`));
    await mapLimit([...namespaces], 8, (k) => referee.namespace(k.split(' ')[0], k.split(' ')[1]));
    const answers = await mapLimit(requests, 8, (r) => judgeObject(referee, r.server, r.doc));
    const rejected = cases.map(() => new Map<string, string>());
    requests.forEach((r, i) => {
      for (const a of answers[i]) {
        if (!a.ok) for (const f of rejectedFields(a, r.doc)) rejected[r.ci].set(f, a.message ?? '');
      }
    });
    judged = cases.map((c, i) => judgeOne(c.f.name, c.input, c.e, rejected[i]));
    if (process.env.DIFFERENTIAL_DEBUG) {
      // the whole story of the first disagreements: the library's lines, the objects, the server's answers
      const n = Number(process.env.DIFFERENTIAL_DEBUG);
      judged.map((j, i) => ({ j, i })).filter(({ j }) => j.outcome === 'disagreement').slice(0, n).forEach(({ j, i }) => {
        const answered = requests.map((r, k) => ({ r, a: answers[k] })).filter(({ r }) => r.ci === i);
        // eslint-disable-next-line no-console
        console.log(`${j.family}: ${j.why}\n  library: ${JSON.stringify(j.e.verdict)}\n${answered.map(({ r, a }) => `  ${JSON.stringify(r.doc)}\n  -> ${JSON.stringify(a.map((x) => ({ ...x, object: undefined })))}`).join('\n')}`);
      });
    }
  } finally {
    referee.close();
  }
}, 600_000);

test('the library and the API server agree on every generated input, or the library is stricter for a stated reason', () => {
  const counts = new Map<string, number>();
  for (const j of judged) counts.set(j.outcome, (counts.get(j.outcome) ?? 0) + 1);
  const used = new Map<Stricter, number>();
  for (const j of judged) for (const r of j.rows) used.set(r, (used.get(r) ?? 0) + 1);
  // eslint-disable-next-line no-console
  console.log([
    `differential (${FAMILIES.length} families, ${judged.length} inputs): ${[...counts].map(([k, n]) => `${k}: ${n}`).join(', ')}`,
    ...FAMILIES.map((f) => `  ${f.name}: ${tally(judged.filter((j) => j.family === f.name).map((j) => j.outcome))}`),
    `deliberately stricter rows used: ${[...used].map(([r, n]) => `${n} × ${r.path}`).join('; ') || 'none'}`,
  ].join('\n'));
  const disagreements = judged.filter((j) => j.outcome === 'disagreement');
  // one example per distinct reason, so that one rule's drift does not hide another's
  const byWhy = new Map<string, Judged>();
  for (const d of disagreements) {
    const key = `${d.family}: ${d.why!.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 160)}`;
    if (!byWhy.has(key)) byWhy.set(key, d);
  }
  expect([...byWhy.values()].map((d) => `${d.family}: ${d.why}\n    input: ${fc.stringify(d.input)}`)).toEqual([]);
  expect(counts.get('accepted by both') ?? 0).toBeGreaterThan(judged.length / 10);
  expect(counts.get('rejected by both') ?? 0).toBeGreaterThan(judged.length / 20);
});
