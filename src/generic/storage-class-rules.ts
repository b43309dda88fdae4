import { FieldError, Finding, duplicate, invalid, required, tooLong, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { stringMapRules } from '../core/rules/manifest-text';
import { qualifiedNameErrors } from '../core/rules/names';
import { isString } from '../core/rules/shapes';
import { TopologySelectorTerm } from '../core/rules/topology';

/*
 * kube-apiserver's rules for a StorageClass's parameters and allowed topologies, and what happens
 * to a class of static volumes that lets claims grow: pure functions the StorageClass runs at synth.
 */

export const PARAMS = FieldPath.root('parameters');
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
// kube-apiserver's PersistentVolumeClaimResize admission (plugin/pkg/admission/storage/persistentvolume/resize/admission.go)
// checks only the class's allowVolumeExpansion; what expands is the volume's plugin or driver
const NO_EXPANSION = 'a kubernetes.io/no-provisioner class holds static volumes: kube-apiserver lets their claims grow (it checks only allowVolumeExpansion), ' +
  'but then the volume\'s own plugin or CSI driver must expand it, and local and hostPath volumes never do, nor ceph-csi static volumes (docs/static-pvc.md): ' +
  'the claim keeps its size with a resize pending; grow a static volume in the storage system and edit its PersistentVolume and claim instead';
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

/** The parameters' count, keys and size in all (kube-apiserver's ValidateStorageClass), and their text. */
export function parameterRules(params: Record<string, string>): FieldError[] {
  const errs: FieldError[] = [];
  const entries = Object.entries(params);
  if (entries.length > MAX_PARAMETERS) {
    errs.push(tooLong(PARAMS, MAX_PARAMETERS));
  } else {
    let bytes = 0;
    for (const [k, v] of entries) {
      if (k.length === 0) errs.push(invalid(PARAMS, k, 'field can not be empty.'));
      bytes += Buffer.byteLength(k, 'utf8') + (isString(v) ? Buffer.byteLength(v, 'utf8') : 0); // other types: the shape rule
    }
    if (bytes > MAX_PARAMETER_BYTES) errs.push(tooLong(PARAMS, MAX_PARAMETER_BYTES));
  }
  errs.push(...stringMapRules(PARAMS, params));
  return errs;
}

/** A class of static volumes (kubernetes.io/no-provisioner) whose claims may grow: a warning that nothing expands them. */
export function expansionRules(allowVolumeExpansion: boolean | undefined, provisioner: string): Finding[] {
  return allowVolumeExpansion === true && provisioner === NO_PROVISIONER
    ? [warning(FieldPath.root('allowVolumeExpansion'), NO_EXPANSION)]
    : [];
}

/**
 * kube-apiserver's validateAllowedTopologies: label keys, values present and distinct, keys distinct
 * per term, and no two terms alike (as sets; a repeated key keeps its last values). Its list of seen
 * terms starts with one empty entry per term, so an empty term is a duplicate too.
 */
export function topologyRules(terms: readonly TopologySelectorTerm[]): FieldError[] {
  const errs: FieldError[] = [];
  const at = FieldPath.root('allowedTopologies');
  const seen: Array<Map<string, Set<string>>> = terms.map(() => new Map());
  terms.forEach((term, i) => {
    const exprs = at.index(i).child('matchLabelExpressions');
    const termMap = new Map<string, Set<string>>();
    term.matchLabelExpressions.forEach((e, j) => {
      const ep = exprs.index(j);
      if (e.values.length === 0) errs.push(required(ep.child('values')));
      const vals = new Set<string>();
      e.values.forEach((v, k) => {
        if (vals.has(v)) errs.push(duplicate(ep.child('values').index(k), v));
        vals.add(v);
      });
      errs.push(...qualifiedNameErrors(ep.child('key'), e.key));
      if (termMap.has(e.key)) errs.push(duplicate(ep.child('key'), e.key));
      termMap.set(e.key, vals);
    });
    for (const other of seen) {
      if (sameTerm(termMap, other)) errs.push(duplicate(exprs, ''));
    }
    seen.push(termMap);
  });
  return errs;
}

function sameTerm(a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (!vb || vb.size !== va.size || [...va].some((v) => !vb.has(v))) return false;
  }
  return true;
}
