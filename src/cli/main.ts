#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { CheckFinding, InputProblem, check, formatText } from './check';
import { migrate } from './migrate';
import { KubernetesVersion } from '../core/policy/version';
import { parseQuantity } from '../core/rules/quantities';

/*
 * The `cdk8s-storage` command.
 *   cdk8s-storage check [--target 1.31] [--format text|json] PATH...
 *   cdk8s-storage migrate --target 1.31 [--cluster-id ID] [--size QUANTITY] PATH... --out DIR
 * PATH: a file, a directory (its *.yaml, *.yml and *.json files, recursively), or - for stdin.
 * Exit status: 1 when an error is found, 2 for a usage error or an input that cannot be read or
 * parsed (the other inputs are still checked), else 0.
 */

const USAGE = [
  'usage: cdk8s-storage check [--target <version>] [--format text|json] PATH...',
  '       cdk8s-storage migrate --target <version> [--cluster-id <ceph-csi clusterID>] [--size <quantity>] PATH... --out DIR',
  '(PATH: a file, a directory, or - for stdin)',
].join('\n');

const VALUED = ['--target', '--format', '--out', '--cluster-id', '--size'];

/** Runs the command; returns the exit status. `out` and `err` receive the output. */
export function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, stdin: () => string): number {
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'migrate') {
    err(command === undefined || command === '--help' || command === '-h' ? USAGE : `unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  }
  let target = KubernetesVersion.DEFAULT;
  let format = 'text';
  const given: Record<string, string> = {};
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (VALUED.includes(a) && (command === 'migrate' || a === '--target' || a === '--format')) {
      const v = rest[++i];
      if (v === undefined) { err(`${a} needs a value\n${USAGE}`); return 2; }
      given[a] = v;
      if (a === '--format') {
        if (v !== 'text' && v !== 'json') { err(`--format: Unsupported value: ${JSON.stringify(v)}: supported values: "text", "json"`); return 2; }
        format = v;
      } else if (a === '--target') {
        try { target = KubernetesVersion.of(v); } catch (e) { err(`--target: ${(e as Error).message.replace(/^kubernetesVersion: /, '')}`); return 2; }
      } else if (a === '--size' && parseQuantity(v) === undefined) {
        err(`--size: Invalid value: ${JSON.stringify(v)}: a quantity, such as "10Gi"`); return 2;
      }
    } else if (a.startsWith('--') && a !== '-') {
      err(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) { err(`no PATH given\n${USAGE}`); return 2; }
  if (command === 'migrate' && (given['--target'] === undefined || given['--out'] === undefined)) {
    err(`migrate needs --target and --out\n${USAGE}`);
    return 2;
  }

  const inputs: Array<{ file: string; text: string }> = [];
  const unreadable: InputProblem[] = [];
  for (const p of paths) {
    if (p === '-') { inputs.push({ file: '<stdin>', text: stdin() }); continue; }
    for (const file of filesOf(p, unreadable)) {
      try { inputs.push({ file, text: fs.readFileSync(file, 'utf8') }); } catch (e) { unreadable.push(cannotRead(file, e)); }
    }
  }
  if (command === 'migrate') return runMigrate(inputs, unreadable, { target, clusterId: given['--cluster-id'], size: given['--size'], out: given['--out'] }, out);
  const result = check(inputs, target);
  const problems = [...unreadable, ...result.problems];
  const all = { ...result, problems };
  if (format === 'json') out(JSON.stringify([...problems.map((p) => ({ ...p, severity: 'input' })), ...result.findings], undefined, 2));
  else out(formatText(all, target));
  if (problems.length > 0) return 2;
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** migrate: writes each file that holds a migrated object under `out`, at its path relative to the working directory. */
function runMigrate(
  inputs: Array<{ file: string; text: string }>, unreadable: InputProblem[],
  o: { target: KubernetesVersion; clusterId?: string; size?: string; out: string }, out: (s: string) => void,
): number {
  const result = migrate(inputs, o);
  const problems = [...unreadable, ...result.problems];
  const lines: string[] = problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  lines.push(...result.findings.map(findingLine));
  for (const f of result.files) {
    const rel = f.file === '<stdin>' ? 'stdin.yaml' : path.relative(process.cwd(), path.resolve(f.file)).split(path.sep).filter((s) => s !== '..').join(path.sep);
    const dest = path.join(o.out, rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, f.objects.map((obj) => stringify(obj, { lineWidth: 0 })).join('---\n'));
    lines.push(`wrote ${dest}`);
  }
  lines.push(`${result.migrated} object(s) migrated to Kubernetes ${o.target.name}, ${result.refused} not migrated`);
  out(lines.join('\n'));
  if (problems.length > 0) return 2;
  return result.refused > 0 ? 1 : 0;
}

/** A finding as a line of text, as check prints it. */
function findingLine(f: CheckFinding): string {
  const who = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? '(no name)'}`;
  return `${f.severity === 'warning' ? 'Warning: ' : ''}${f.file}${f.line ? `:${f.line}` : ''} [${who}] ${f.path}: ${f.message}`;
}

function cannotRead(file: string, e: unknown): InputProblem {
  return { file, message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
}

/** A path's files: itself, or a directory's manifests (sorted, recursively). */
function filesOf(p: string, unreadable: InputProblem[]): string[] {
  let stat: fs.Stats;
  try { stat = fs.statSync(p); } catch (e) { unreadable.push(cannotRead(p, e)); return []; }
  if (!stat.isDirectory()) return [p];
  return fs.readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => {
      const child = path.join(p, d.name);
      if (d.isDirectory()) return filesOf(child, unreadable);
      return /\.(ya?ml|json)$/.test(d.name) ? [child] : [];
    });
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`), () => fs.readFileSync(0, 'utf8'));
}
