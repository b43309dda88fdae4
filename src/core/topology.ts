import { FieldError, required } from './errors';
import { FieldPath } from './field-path';
import { qualifiedNameErrors } from './names';

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

/** A PersistentVolume's `spec.nodeAffinity` for these terms (each requirement an `In`). */
export function renderNodeAffinity(terms: readonly TopologySelectorTerm[] | undefined): object | undefined {
  if (!terms) return undefined;
  return {
    required: {
      nodeSelectorTerms: terms.map((t) => ({
        matchExpressions: t.matchLabelExpressions.map((e) => ({ key: e.key, operator: 'In', values: [...e.values] })),
      })),
    },
  };
}

/** kube-apiserver's rules for a PersistentVolume's node affinity (ValidateVolumeNodeAffinity). */
export function nodeAffinityRules(terms: readonly TopologySelectorTerm[] | undefined): FieldError[] {
  if (!terms) return [];
  if (terms.length === 0) return [required(AFFINITY, 'must have at least one node selector term')];
  const errs: FieldError[] = [];
  terms.forEach((term, i) => term.matchLabelExpressions.forEach((e, j) => {
    const at = AFFINITY.index(i).child('matchExpressions').index(j);
    if (e.values.length === 0) errs.push(required(at.child('values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    errs.push(...qualifiedNameErrors(at.child('key'), e.key));
  }));
  return errs;
}
