import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Answer, Referee, mapLimit } from './referee-client';
import { LEFT_TO_SERVER, libraryWarningPaths, serverWarningPath } from './warnings';
import { KubernetesVersion } from '../../src';
import { CorpusEntry, readCorpus } from '../helpers/corpus';

/*
 * Every manifest the project synthesizes, judged by the real API server of its target version:
 * the manifests the jest suite schema-checked (recorded in the corpus) and every example's output
 * in dist/examples/. Each object is sent as a server-side dry run with strict field validation. A
 * rejection fails with the server's words; a server warning the library did not also print at
 * synth fails unless LEFT_TO_SERVER (warnings.ts) lists it with the reason.
 */

const ROOT = path.resolve(__dirname, '..', '..');

interface Source {
  /** `file › test`, or `dist/examples/<name>/<file>`. */
  readonly where: string;
  readonly target: KubernetesVersion;
  readonly docs: any[];
  /** Field paths the library warned about while this source was synthesized. */
  readonly warned: ReadonlySet<string>;
}

function fromCorpus(entries: readonly CorpusEntry[]): Source[] {
  const warned = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.type !== 'warning') continue;
    const key = `${e.file} › ${e.test}`;
    let set = warned.get(key);
    if (!set) warned.set(key, set = new Set());
    for (const p of libraryWarningPaths(e.line)) set.add(p);
  }
  return entries.flatMap((e) => e.type === 'manifests'
    ? [{ where: `${e.file} › ${e.test}`, target: KubernetesVersion.of(e.target), docs: e.docs, warned: warned.get(`${e.file} › ${e.test}`) ?? new Set<string>() }]
    : []);
}

/** The examples as `npx projen examples` wrote them, each at its cdk8s.yaml's target. */
function fromExamples(): Source[] {
  const out: Source[] = [];
  const dist = path.join(ROOT, 'dist', 'examples');
  if (!fs.existsSync(dist)) return out;
  for (const name of fs.readdirSync(dist).sort()) {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', name, 'cdk8s.yaml'), 'utf8'));
    const v = config?.context?.[KubernetesVersion.CONTEXT_KEY];
    const target = v === undefined ? KubernetesVersion.DEFAULT : KubernetesVersion.of(String(v));
    for (const file of fs.readdirSync(path.join(dist, name)).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
      const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dist, name, file), 'utf8')).map((d) => d.toJSON()).filter(Boolean);
      // judged at the app's target; a chart with a target of its own is in the corpus at that
      // target too (test/cross-cutting/examples.test.ts synthesizes every chart of every example)
      out.push({ where: `dist/examples/${name}/${file}`, target, docs, warned: new Set() });
    }
  }
  return out;
}

interface Verdict {
  readonly server: string;
  readonly doc: any;
  readonly answer: Answer;
  readonly sources: Source[];
}

let referee: Referee;
let verdicts: Verdict[];
let sources: Source[];
let exampleObjects = 0;

beforeAll(async () => {
  referee = Referee.connect();
  const corpus = fromCorpus(readCorpus());
  if (corpus.length === 0) {
    throw new Error('the corpus is empty: the jest suite records it (npx projen test:unit, or npx projen test, which runs both)');
  }
  // an example's object the unit suites synthesized too (test/cross-cutting/examples.test.ts, at its chart's own
  // target, with the library's warnings recorded) is judged there; the others are judged here
  const seen = new Set(corpus.flatMap((c) => c.docs.map((d) => JSON.stringify(d))));
  const examples = fromExamples().map((e) => ({ ...e, docs: e.docs.filter((d) => !seen.has(JSON.stringify(d))) })).filter((e) => e.docs.length > 0);
  exampleObjects = fromExamples().reduce((n, e) => n + e.docs.length, 0);
  sources = [...corpus, ...examples];
  // one request per distinct object and server
  const unique = new Map<string, { server: string; doc: any; sources: Source[] }>();
  for (const s of sources) {
    const server = referee.serverFor(s.target);
    for (const doc of s.docs) {
      const key = `${server} ${JSON.stringify(doc)}`;
      const u = unique.get(key);
      if (u) {
        if (!u.sources.includes(s)) u.sources.push(s);
      } else {
        unique.set(key, { server, doc, sources: [s] });
      }
    }
  }
  const requests = [...unique.values()];
  const namespaces = new Set<string>();
  for (const r of requests) namespaces.add(`${r.server} ${r.doc.metadata?.namespace ?? 'default'}`);
  await mapLimit([...namespaces], 8, (k) => {
    const [server, ns] = k.split(' ');
    return referee.namespace(server, ns);
  });
  const answers = await mapLimit(requests, 8, (r) => referee.dryRun(r.server, r.doc));
  verdicts = requests.map((r, i) => ({ ...r, answer: answers[i] }));
  const byServer = new Map<string, number>();
  for (const v of verdicts) byServer.set(v.server, (byServer.get(v.server) ?? 0) + 1);
  // eslint-disable-next-line no-console
  console.log(`referee (kube-apiserver ${referee.kubernetes}): ${sources.length} manifest sets, ${verdicts.length} distinct objects ` +
    `(of them from dist/examples/ and not in the suites' corpus: ${sources.filter((x) => x.where.startsWith('dist/')).reduce((n, x) => n + x.docs.length, 0)} of ${exampleObjects}); ` +
    `by emulated version: ${[...byServer].map(([s, n]) => `${s}: ${n}`).join(', ')}; ` +
    `rejected: ${verdicts.filter((v) => !v.answer.ok).length}`);
}, 600_000);

afterAll(() => referee?.close());

function describeDoc(doc: any): string {
  return `${doc.kind} ${doc.metadata?.namespace ? `${doc.metadata.namespace}/` : ''}${doc.metadata?.name}`;
}

test('the real API server accepts every manifest the suite and the examples synthesize', () => {
  const rejected = verdicts.filter((v) => !v.answer.ok).map((v) =>
    `${describeDoc(v.doc)} at ${v.server}: ${v.answer.message}\n    from ${v.sources.map((s) => s.where).slice(0, 3).join('\n         ')}`);
  expect(rejected).toEqual([]);
  expect(verdicts.length).toBeGreaterThan(100);
});

test('every server warning is one the library printed at synth too, or one it leaves to the server for a stated reason', () => {
  const unexplained: string[] = [];
  const left = new Map<string, number>();
  for (const v of verdicts) {
    for (const w of v.answer.warnings) {
      const at = serverWarningPath(w, v.doc);
      const silent = v.sources.filter((s) => at === undefined || !s.warned.has(at));
      const unmatched = silent.filter((s) => {
        const row = LEFT_TO_SERVER.find((r) => r.warning.test(w) && (r.kind === undefined || r.kind === v.doc.kind)
          && (r.when === undefined || r.when(w, s.target.minor)));
        if (row) left.set(row.reason, (left.get(row.reason) ?? 0) + 1);
        return row === undefined;
      });
      if (unmatched.length === 0) continue;
      unexplained.push(`${describeDoc(v.doc)} at ${v.server}: "${w}"\n    from ${unmatched.map((s) => `${s.where} (target ${s.target.name})`).slice(0, 3).join('\n         ')}`);
    }
  }
  // eslint-disable-next-line no-console
  console.log(`server warnings left to the server: ${left.size === 0 ? 'none' : [...left].map(([r, n]) => `${n} × ${r}`).join('; ')}`);
  expect(unexplained).toEqual([]);
});
