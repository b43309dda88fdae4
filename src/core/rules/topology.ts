import { FieldError, required } from './errors';
import { FieldPath } from './field-path';
import { qualifiedNameErrors } from './names';
import { elementShape, given, isPlainObject, listShape, requiredStringShape, stringListShape } from './shapes';

/** One requirement of a topology term: the node label `key` has one of `values`. */
export interface TopologyLabelRequirement {
  /** A node label key, e.g. `topology.kubernetes.io/zone`. */
  readonly key: string;
  /** The label values that qualify; at least one. */
  readonly values: string[];
}

/** A topology term: every requirement must hold. */
export interface TopologySelectorTerm {
  /** The requirements, with distinct keys. */
  readonly matchLabelExpressions: TopologyLabelRequirement[];
}

const AFFINITY = FieldPath.root('spec', 'nodeAffinity', 'required', 'nodeSelectorTerms');

/**
 * A copy of the terms as given (the rules check what is written), whatever a JavaScript caller
 * passed: lists and objects are copied, anything else kept for `topologyShapes` to report.
 */
export function copyTerms(terms: unknown): TopologySelectorTerm[] | undefined {
  if (!given(terms)) return undefined;
  if (!Array.isArray(terms)) return terms as TopologySelectorTerm[];
  return terms.map((t) => {
    if (!isPlainObject(t) || !Array.isArray(t.matchLabelExpressions)) return t;
    return {
      matchLabelExpressions: t.matchLabelExpressions.map((e: unknown) =>
        (isPlainObject(e) ? { key: e.key, values: Array.isArray(e.values) ? [...e.values] : e.values } : e)),
    };
  }) as TopologySelectorTerm[];
}

/** The shapes of topology terms: a list of `{ matchLabelExpressions: [{ key, values }] }`. */
export function topologyShapes(at: FieldPath, terms: unknown, expressions: string, values = 'values'): FieldError[] {
  return listShape(at, terms, (tp, t) => {
    if (!isPlainObject(t)) return elementShape(tp, t, () => false, 'a term { matchLabelExpressions: [...] }');
    return listShape(tp.child(expressions), t.matchLabelExpressions, (ep, e) => {
      if (!isPlainObject(e)) return elementShape(ep, e, () => false, 'a requirement { key, values }');
      return [...requiredStringShape(ep.child('key'), e.key), ...stringListShape(ep.child(values), e.values)];
    }, 'a list of requirements { key, values }');
  }, 'a list of terms { matchLabelExpressions: [...] }');
}

/** A PersistentVolume's `spec.nodeAffinity` for these terms (each requirement an `In`). */
export function renderNodeAffinity(terms: readonly TopologySelectorTerm[] | undefined): object | undefined {
  if (!given(terms)) return undefined;
  if (!Array.isArray(terms)) return { required: { nodeSelectorTerms: terms } };
  return {
    required: {
      nodeSelectorTerms: terms.map((t) => (isPlainObject(t) && Array.isArray(t.matchLabelExpressions)
        ? { matchExpressions: t.matchLabelExpressions.map((e) => (isPlainObject(e) ? { key: e.key, operator: 'In', values: e.values } : e)) }
        : t)),
    },
  };
}

/** kube-apiserver's rules for a PersistentVolume's node affinity (ValidateVolumeNodeAffinity), after the shapes. */
export function nodeAffinityRules(terms: readonly TopologySelectorTerm[] | undefined): FieldError[] {
  if (!given(terms)) return [];
  const shapes = topologyShapes(AFFINITY, terms, 'matchExpressions');
  if (shapes.length > 0) return shapes;
  if (terms!.length === 0) return [required(AFFINITY, 'must have at least one node selector term')];
  const errs: FieldError[] = [];
  terms!.forEach((term, i) => term.matchLabelExpressions.forEach((e, j) => {
    const at = AFFINITY.index(i).child('matchExpressions').index(j);
    if (e.values.length === 0) errs.push(required(at.child('values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    errs.push(...qualifiedNameErrors(at.child('key'), e.key));
  }));
  return errs;
}
