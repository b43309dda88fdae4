import { IConstruct } from 'constructs';
import { AppSlot, AppState } from '../core/app/app-state';
import { severalDefaultClasses } from '../core/policy/api-features';
import { KubernetesVersion } from '../core/policy/version';
import { Finding, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';

/** The annotation that marks a StorageClass as the cluster's default. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The app's StorageClasses marked default, in creation order. */
const DEFAULT_CLASSES = new AppSlot<IConstruct[]>('default StorageClasses', () => []);

/** Records a StorageClass marked default with its app (in creation order). */
export function registerDefaultClass(sc: IConstruct): void {
  AppState.of(sc).slot(DEFAULT_CLASSES).push(sc);
}

/** A default class after the app's first one: what the cluster does with several defaults. */
export function defaultClassRules(sc: IConstruct, isDefault: boolean, target: KubernetesVersion): Finding[] {
  return isDefault && AppState.of(sc).slot(DEFAULT_CLASSES)[0] !== sc
    ? [warning(FieldPath.root('metadata', 'annotations').key(DEFAULT_CLASS_ANNOTATION), severalDefaultClasses(target))]
    : [];
}
