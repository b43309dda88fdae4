import { IConstruct } from 'constructs';
import { formatError } from './errors';
import { addRules } from './validation';
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
      const all = root.node.findAll(); // once per synth, shared by every check
      for (const check of checks) check(root, all);
      return [];
    },
  });
}
