#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { InputProblem, check, formatText } from './check';
import { KubernetesVersion } from '../core/version';

/*
 * The `cdk8s-storage` command.
 *   cdk8s-storage check [--target 1.31] [--format text|json] PATH...
 * PATH: a file, a directory (its *.yaml, *.yml and *.json files, recursively), or - for stdin.
 * Exit status: 1 when an error is found, 2 for a usage error or an input that cannot be read or
 * parsed (the other inputs are still checked), else 0.
 */

const USAGE = 'usage: cdk8s-storage check [--target <version>] [--format text|json] PATH... (PATH: a file, a directory, or - for stdin)';

/** Runs the command; returns the exit status. `out` and `err` receive the output. */
export function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, stdin: () => string): number {
  const [command, ...rest] = argv;
  if (command !== 'check') {
    err(command === undefined || command === '--help' || command === '-h' ? USAGE : `unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  }
  let target = KubernetesVersion.DEFAULT;
  let format = 'text';
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--target' || a === '--format') {
      const v = rest[++i];
      if (v === undefined) { err(`${a} needs a value\n${USAGE}`); return 2; }
      if (a === '--format') {
        if (v !== 'text' && v !== 'json') { err(`--format: Unsupported value: ${JSON.stringify(v)}: supported values: "text", "json"`); return 2; }
        format = v;
      } else {
        try { target = KubernetesVersion.of(v); } catch (e) { err(`--target: ${(e as Error).message.replace(/^kubernetesVersion: /, '')}`); return 2; }
      }
    } else if (a.startsWith('--') && a !== '-') {
      err(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) { err(`no PATH given\n${USAGE}`); return 2; }

  const inputs: Array<{ file: string; text: string }> = [];
  const unreadable: InputProblem[] = [];
  for (const p of paths) {
    if (p === '-') { inputs.push({ file: '<stdin>', text: stdin() }); continue; }
    for (const file of filesOf(p, unreadable)) {
      try { inputs.push({ file, text: fs.readFileSync(file, 'utf8') }); } catch (e) { unreadable.push(cannotRead(file, e)); }
    }
  }
  const result = check(inputs, target);
  const problems = [...unreadable, ...result.problems];
  const all = { ...result, problems };
  if (format === 'json') out(JSON.stringify([...problems.map((p) => ({ ...p, severity: 'input' })), ...result.findings], undefined, 2));
  else out(formatText(all, target));
  if (problems.length > 0) return 2;
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
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
