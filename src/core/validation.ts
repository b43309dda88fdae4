import { IConstruct, IValidation } from 'constructs';
import { Finding, formatError, formatWarning, isWarning } from './errors';

/** Where warnings go. Tests replace it to capture them; users see them on stderr. */
export interface WarningSink {
  (line: string): void;
}

let sink: WarningSink = (line) => process.stderr.write(`${line}\n`);

/** @internal for tests: route warnings elsewhere; returns the previous sink. */
export function setWarningSink(next: WarningSink): WarningSink {
  const prev = sink;
  sink = next;
  return prev;
}

const printed = new WeakMap<IConstruct, Set<string>>();

function printOnce(scope: IConstruct, line: string): void {
  let seen = printed.get(scope);
  if (!seen) {
    seen = new Set();
    printed.set(scope, seen);
  }
  if (seen.has(line)) return;
  seen.add(line);
  sink(`Warning: [${scope.node.path}] ${line}`);
}

/**
 * Attaches rules to a construct. cdk8s runs them at synth, before anything is rendered, for every
 * construct of the app; it prefixes each error with the construct path and, if there is any error,
 * fails once with all of them and writes no manifest. Warnings are printed once per construct.
 *
 * `rules` is called at synth time with `scope`, so it sees the model after every later `addXxx` call.
 */
export function addRules<T extends IConstruct>(scope: T, rules: (scope: T) => Finding[]): void {
  scope.node.addValidation(new Rules(scope, rules));
}

/** The app whose current validation pass repeats a pass that found nothing (see app-checks.ts). */
let repeating: IConstruct | undefined;

/** @internal Marks the pass that starts now, for the app of `root`, as a repeat (or not). */
export function setRepeatPass(root: IConstruct, repeat: boolean): void {
  if (repeat) {
    repeating = root;
    // never beyond the synth that set it: a later `node.validate()` of the user's runs in full
    queueMicrotask(() => setRepeatPass(root, false));
  } else if (repeating === root) {
    repeating = undefined;
  }
}

/**
 * One construct's rules as a cdk8s validation. A class, and `rules` takes the construct, so that
 * the library's most numerous objects can pass one shared function and hold no closure each.
 */
class Rules<T extends IConstruct> implements IValidation {
  private readonly root: IConstruct;

  constructor(private readonly scope: T, private readonly rules: (scope: T) => Finding[]) {
    this.root = scope.node.root;
  }

  public validate(): string[] {
    if (repeating === this.root) return [];
    const errors: string[] = [];
    for (const f of this.rules(this.scope)) {
      if (isWarning(f)) printOnce(this.scope, formatWarning(f));
      else errors.push(formatError(f));
    }
    return errors;
  }
}
