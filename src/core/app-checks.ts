import { IConstruct } from 'constructs';
import { formatError } from './errors';
import { addRules, setRepeatPass } from './validation';
import { Target } from './version';

/*
 * App-wide checks. Every construct of this library registers its app; at synth a validation on the
 * root (cdk8s validates the root first, then the rest of the tree) runs each registered check, and
 * a check attaches its findings to the constructs they are about, so every line names the right path.
 */

/** A check that runs once per synth on the app root, before the tree is validated; `all` is the tree. */
export type AppCheck = (root: IConstruct, all: readonly IConstruct[]) => void;

const checks: AppCheck[] = [];
const roots = new WeakSet<IConstruct>();
const targetErrors = new WeakMap<IConstruct, Map<string, IConstruct>>();

/** Adds a check to every app (called once, when a core module is loaded). */
export function addAppCheck(check: AppCheck): void {
  checks.push(check);
}

/**
 * Registers a construct of this library with its app: the app-wide checks will run, and an
 * unusable target version is reported once for the app, on the first construct that met it.
 */
export function registerStorageObject(scope: IConstruct, target?: Target): void {
  const root = scope.node.root;
  if (target?.error) {
    let seen = targetErrors.get(root);
    if (!seen) targetErrors.set(root, seen = new Map());
    const line = formatError(target.error);
    if (!seen.has(line)) {
      seen.set(line, scope);
      addRules(scope, () => [target.error!]);
    }
  }
  if (roots.has(root)) return;
  roots.add(root);
  root.node.addValidation({
    validate: () => {
      const pass = passKind();
      const repeat = pass === Pass.CHART_IN_APP_SYNTH && startedAppSynth.has(root);
      if (pass === Pass.APP_SYNTH) startedAppSynth.add(root);
      else if (pass === Pass.OTHER) startedAppSynth.delete(root);
      setRepeatPass(root, repeat);
      if (repeat) return [];
      const all = root.node.findAll(); // once per pass, shared by every check
      for (const check of checks) check(root, all);
      return [];
    },
  });
}

/*
 * cdk8s validates the whole app at the start of App.synth() (and synthYaml()), and again before it
 * writes each chart (App._synthChart): one pass per chart plus one. No user code runs between
 * those passes, and the first found nothing (else synth would have stopped there), so the later
 * ones cannot find anything: the library's rules and app-wide checks skip them, and an app of many
 * charts costs what an app of one does. Which pass runs is read off the call stack, from cdk8s's
 * own frames; where they cannot be recognized (cdk8s bundled into one file), every pass runs in
 * full. A chart synthesized on its own (Testing.synth, chart.toJson()) always runs in full.
 */
enum Pass { APP_SYNTH, CHART_IN_APP_SYNTH, OTHER }

const startedAppSynth = new WeakSet<IConstruct>();
// cdk8s's app.js, or its app.ts where source maps rewrite the frames (ts-node, jest)
const CDK8S_APP = String.raw`[\\/]cdk8s[\\/](?:lib[\\/]app\.js|src[\\/]app\.ts):\d+:\d+\)$`;
const APP_SYNTH_FRAME = new RegExp(String.raw`\.(?:synth|synthYaml) \(.*` + CDK8S_APP);
const SYNTH_CHART_FRAME = new RegExp(String.raw`\._synthChart \(.*` + CDK8S_APP);

function passKind(): Pass {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 16; // App.synth is 6 frames below this one; room for subclasses overriding toJson
  const frames = (new Error().stack ?? '').split('\n');
  Error.stackTraceLimit = limit;
  const inAppSynth = frames.some((f) => APP_SYNTH_FRAME.test(f));
  if (!inAppSynth) return Pass.OTHER;
  return frames.some((f) => SYNTH_CHART_FRAME.test(f)) ? Pass.CHART_IN_APP_SYNTH : Pass.APP_SYNTH;
}
