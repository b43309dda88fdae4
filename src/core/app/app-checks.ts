import { IConstruct } from 'constructs';
import { AppState } from './app-state';
import { armBindingChecks } from './binding';
import { checkDuplicateHandles, checkDuplicateObjects } from './duplicates';
import { bracketAppSynth, startPass } from './internals';
import { keepAppStatefulSetVolumes } from './kplus-adapter';
import { checkMetadata } from './metadata-check';
import { addRules } from './validation';

import { armWorkloadChecks } from './workloads';
import { Target } from '../policy/version';
import { formatError } from '../rules/errors';

/*
 * App-wide checks. Every construct of this library registers its app; at synth a validation on the
 * root (cdk8s validates the root first, then the rest of the tree) runs each check of APP_CHECKS in
 * order, and a check attaches its findings to the constructs they are about, so every line names
 * the right path. What the checks remember between passes lives in the app's AppState.
 */

/** A check that runs once per validation pass on the app root, before the tree is validated; `all` is the tree. */
export type AppCheck = (root: IConstruct, all: readonly IConstruct[]) => void;

/** Every app-wide check, in the order they run. */
const APP_CHECKS: readonly AppCheck[] = [
  keepAppStatefulSetVolumes, // where cdk8s-plus 31+ drops a StatefulSet's volumes (core/app/kplus-adapter.ts)
  armBindingChecks, // claims and volumes that can never bind
  armWorkloadChecks, // workloads' volumes and the claims they share
  checkDuplicateObjects, // two Secrets, ConfigMaps, … of one name
  checkDuplicateHandles, // two CSI PersistentVolumes of one driver and handle
  checkMetadata, // labels and annotations of every object
];

bracketAppSynth();

/**
 * Registers a construct of this library with its app: the app-wide checks will run, and an
 * unusable target version is reported once for the app, on the first construct that met it.
 */
export function registerStorageObject(scope: IConstruct, target?: Target): void {
  const state = AppState.of(scope);
  if (target?.error) {
    const line = formatError(target.error);
    if (!state.targetErrors.has(line)) {
      state.targetErrors.set(line, scope);
      addRules(scope, () => [target.error!]);
    }
  }
  if (state.checksRegistered) return;
  state.checksRegistered = true;
  const root = scope.node.root;
  root.node.addValidation({
    validate: () => {
      // a pass that repeats an earlier one of the same App.synth() finds nothing new (core/app/internals.ts)
      if (startPass(root)) return [];
      const all = root.node.findAll(); // once per pass, shared by every check
      AppState.of(root).beginPass(all);
      for (const check of APP_CHECKS) check(root, all);
      return [];
    },
  });
}
