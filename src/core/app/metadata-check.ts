import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppState } from './app-state';
import { heldMetadata } from './internals';
import { addRules } from './validation';
import { FieldError, tooLong } from '../rules/errors';
import { FieldPath } from '../rules/field-path';
import { labelValueErrors, qualifiedNameErrors } from '../rules/names';
import { isPlainObject, isString } from '../rules/shapes';

/*
 * Labels and annotations of every object the app writes, the library's and cdk8s-plus-27's and
 * raw ApiObjects alike, checked as kube-apiserver checks them (ValidateLabels,
 * ValidateAnnotations): a label key is a qualified name and its value a label value; an annotation
 * key is a qualified name (case does not matter); all annotations together hold at most 256 KiB.
 * They are read from the rendered metadata at synth, so that `metadata.addLabel(...)` after
 * construction is checked too.
 */

const LABELS = FieldPath.root('metadata', 'labels');
const ANNOTATIONS = FieldPath.root('metadata', 'annotations');
/** apimachinery TotalAnnotationSizeLimitB. */
const MAX_ANNOTATION_BYTES = 256 * 1024;

/** kube-apiserver's rules for an object's labels and annotations (the values as written). */
export function labelAndAnnotationRules(metadata: { labels?: unknown; annotations?: unknown }): FieldError[] {
  const errs: FieldError[] = [];
  if (isPlainObject(metadata.labels)) {
    for (const [k, v] of Object.entries(metadata.labels)) {
      errs.push(...qualifiedNameErrors(LABELS, k));
      if (isString(v)) errs.push(...labelValueErrors(LABELS, v));
    }
  }
  if (isPlainObject(metadata.annotations)) {
    let bytes = 0;
    for (const [k, v] of Object.entries(metadata.annotations)) {
      errs.push(...qualifiedNameErrors(ANNOTATIONS, k.toLowerCase()).map((e) => ({ ...e, value: k })));
      bytes += Buffer.byteLength(k, 'utf8') + (isString(v) ? Buffer.byteLength(v, 'utf8') : 0);
    }
    if (bytes > MAX_ANNOTATION_BYTES) errs.push(tooLong(ANNOTATIONS, MAX_ANNOTATION_BYTES));
  }
  return errs;
}


function metadataFindings(o: ApiObject): FieldError[] {
  // plain strings are what toJson() writes: read without resolving the whole metadata
  return labelAndAnnotationRules(heldMetadata(o.metadata) ?? (o.metadata.toJson() ?? {}) as { labels?: unknown; annotations?: unknown });
}

/**
 * The app-wide check, so that the app's many valid objects carry no validation of their own: what
 * the pass found per object is kept in the app's state, and an object gets a validation the first
 * time something is found.
 */
export function checkMetadata(root: IConstruct, all: readonly IConstruct[]): void {
  const found = AppState.of(root).metadataFound;
  for (const c of all) {
    if (!ApiObject.isApiObject(c)) continue;
    const errs = metadataFindings(c);
    const before = found.get(c);
    if (errs.length > 0 && before === undefined) addRules(c, (o) => found.get(o) ?? []);
    if (errs.length > 0 || before !== undefined) found.set(c, errs);
  }
}
