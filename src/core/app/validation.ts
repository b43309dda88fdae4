import { IConstruct, IValidation } from 'constructs';
import { AppState } from './app-state';
import { inRepeatPass } from './internals';
import { Finding, formatError, formatWarning, isWarning } from '../rules/errors';

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

function printOnce(scope: IConstruct, line: string): void {
  const printed = AppState.of(scope).printed;
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

/**
 * Runs every validation of the tree under `root` the way synthesis does (the root first, then the
 * rest in order) and returns what the constructs' rules found, each with the construct it is
 * about, instead of failing or printing warnings: for code that reads the findings themselves
 * (`cdk8s-storage check` on manifests). Nothing is rendered.
 */
export function collectFindings(root: IConstruct): Array<{ readonly scope: IConstruct; readonly finding: Finding }> {
  const state = AppState.of(root);
  const captured: Array<{ readonly scope: IConstruct; readonly finding: Finding }> = [];
  state.captured = captured;
  try {
    for (const c of root.node.findAll()) c.node.validate();
  } finally {
    state.captured = undefined;
  }
  return captured;
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
    if (inRepeatPass(this.root)) return []; // a pass that repeats an earlier one of the same App.synth() (core/app/internals.ts)
    const captured = AppState.of(this.root).captured;
    if (captured) {
      for (const finding of this.rules(this.scope)) captured.push({ scope: this.scope, finding });
      return [];
    }
    const errors: string[] = [];
    for (const f of this.rules(this.scope)) {
      if (isWarning(f)) printOnce(this.scope, formatWarning(f));
      else errors.push(formatError(f));
    }
    return errors;
  }
}
