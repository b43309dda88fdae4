import * as fs from 'fs';
import * as path from 'path';
import { KubernetesVersion } from '../../src';

/*
 * The corpus the referee judges: every manifest set that a test synthesizes and schema-checks, with
 * its target version, and every warning line the library printed during that test. Each jest
 * worker appends to its own file; `test/cluster/corpus.test.ts` sends all of it to the real API
 * server. `globalSetup` empties the folder at the start of each jest run.
 */

export const CORPUS_DIR = path.resolve(__dirname, '..', '..', '.tmp', 'referee', 'corpus');

/** One line of the corpus. */
export type CorpusEntry =
  | { readonly type: 'manifests'; readonly file: string; readonly test: string; readonly target: string; readonly docs: any[] }
  | { readonly type: 'warning'; readonly file: string; readonly test: string; readonly line: string };

let fd: number | undefined;

function write(entry: CorpusEntry): void {
  if (fd === undefined) {
    fs.mkdirSync(CORPUS_DIR, { recursive: true });
    fd = fs.openSync(path.join(CORPUS_DIR, `${process.pid}.jsonl`), 'a');
  }
  fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
}

/** The test that runs now (file relative to the repository, and its full name). */
function current(): { file: string; test: string } {
  const state = typeof expect === 'undefined' ? undefined : expect.getState();
  return {
    file: state?.testPath ? path.relative(path.resolve(__dirname, '..', '..'), state.testPath) : '(outside jest)',
    test: state?.currentTestName ?? '(outside a test)',
  };
}

/** Records a manifest set for the referee. */
export function recordManifests(docs: readonly any[], target: KubernetesVersion): void {
  write({ type: 'manifests', ...current(), target: target.name, docs: JSON.parse(JSON.stringify(docs)) });
}

/** Records a warning line the library printed. */
export function recordWarning(line: string): void {
  write({ type: 'warning', ...current(), line });
}

/** Every entry of the corpus. */
export function readCorpus(): CorpusEntry[] {
  if (!fs.existsSync(CORPUS_DIR)) return [];
  return fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusEntry));
}
