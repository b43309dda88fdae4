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
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (!given(x) || (LISTS.has(k) && !Array.isArray(x))) continue;
    // an own property even for the key "__proto__", as Object.fromEntries makes it
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out as ApiObjectMetadata;
}

// every object's metadata is checked: its paths made once
const AT = {
  name: METADATA.child('name'),
  namespace: METADATA.child('namespace'),
  labels: METADATA.child('labels'),
  annotations: METADATA.child('annotations'),
  finalizers: METADATA.child('finalizers'),
  ownerReferences: METADATA.child('ownerReferences'),
};

/** The shapes of a `metadata` prop: an object whose name and namespace are strings, labels and annotations string maps. */
export function metadataShapes(v: unknown): FieldError[] {
  if (!given(v)) return [];
  if (!isPlainObject(v)) return instanceShape(METADATA, v, () => false, 'an object such as { name: "data" }');
  return [
    ...stringShape(AT.name, v.name),
    ...stringShape(AT.namespace, v.namespace),
    ...stringMapShape(AT.labels, v.labels),
    ...stringMapShape(AT.annotations, v.annotations),
    ...stringListShape(AT.finalizers, v.finalizers, 'a string, a finalizer', 'a list of finalizers such as ["example.com/protect"]'),
    ...listShape(AT.ownerReferences, v.ownerReferences,
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
