import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { FieldError } from './errors';
import { FieldPath } from './field-path';
import { elementShape, given, instanceShape, isPlainObject, isString, listShape, stringListShape, stringMapShape, stringShape } from './shapes';

/*
 * `metadata` and object references as a JavaScript or Python caller may pass them: checked by
 * shape, and never read in a way that throws.
 */

const METADATA = FieldPath.root('metadata');
const LISTS = new Set(['finalizers', 'ownerReferences']);

/** The metadata to write: the prop when it is an object, else none (`metadataShapes` reports it). */
export function metadataOf(v: unknown): ApiObjectMetadata | undefined {
  if (!isPlainObject(v)) return undefined;
  // a key given as null or undefined (Python's None) is not given: cdk8s's defaults (the generated name) apply;
  // finalizers and ownerReferences that are no lists are left out (cdk8s copies them as lists; metadataShapes reports them)
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => given(x) && (!LISTS.has(k) || Array.isArray(x)))) as ApiObjectMetadata;
}

/** The shapes of a `metadata` prop: an object whose name and namespace are strings, labels and annotations string maps. */
export function metadataShapes(v: unknown): FieldError[] {
  if (!given(v)) return [];
  if (!isPlainObject(v)) return instanceShape(METADATA, v, () => false, 'an object such as { name: "data" }');
  return [
    ...stringShape(METADATA.child('name'), v.name),
    ...stringShape(METADATA.child('namespace'), v.namespace),
    ...stringMapShape(METADATA.child('labels'), v.labels),
    ...stringMapShape(METADATA.child('annotations'), v.annotations),
    ...stringListShape(METADATA.child('finalizers'), v.finalizers, 'a string, a finalizer', 'a list of finalizers such as ["example.com/protect"]'),
    ...listShape(METADATA.child('ownerReferences'), v.ownerReferences,
      (at, r) => elementShape(at, r, isPlainObject, 'an owner reference { apiVersion, kind, name, uid }'), 'a list of owner references'),
  ];
}

/** Whether `v` can be read as a claim: an object with a string `name` (every IPersistentVolumeClaim). */
export function isClaim(v: unknown): v is kplus.IPersistentVolumeClaim {
  return typeof v === 'object' && v !== null && isString((v as { name?: unknown }).name);
}

/** Whether `v` can be read as a volume: an object with a string `name` (every IPersistentVolume). */
export function isVolume(v: unknown): v is kplus.IPersistentVolume {
  return isClaim(v);
}

/** Whether `v` is a cdk8s-plus-27 LabelSelector (what a claim's selector renders through). */
export function isLabelSelector(v: unknown): v is kplus.LabelSelector {
  return typeof v === 'object' && v !== null && typeof (v as kplus.LabelSelector)._toKube === 'function' && typeof (v as kplus.LabelSelector).isEmpty === 'function';
}

/** The `claim` prop of a PersistentVolume, when given, is a claim. */
export function claimRefShape(v: unknown): FieldError[] {
  return instanceShape(FieldPath.root('spec', 'claimRef'), v, isClaim,
    'a claim: a VolumeClaim, a cdk8s-plus-27 PersistentVolumeClaim, or VolumeClaim.fromExistingClaim(...)');
}
