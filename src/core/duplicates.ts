import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { addAppCheck } from './app-checks';
import { Finding, duplicate } from './errors';
import { FieldPath, quote } from './field-path';
import { addRules } from './validation';

/*
 * Two objects of one kind and one name (in one namespace) in the app: the manifests hold both, and
 * `kubectl apply` applies the later over the earlier, so one of them silently never exists (a CHAP
 * Secret, a Ceph config map, the Endpoints of a Gluster cluster). Checked at synth for the kinds
 * the library writes next to its volumes, whoever created the objects (cdk8s-plus-27, raw
 * ApiObjects); PersistentVolumes and claims are checked by the binding check.
 */

const KINDS = new Set(['Secret', 'ConfigMap', 'Endpoints', 'Service', 'StorageClass']);
const CLUSTER_SCOPED = new Set(['StorageClass']);

/** Per app: the first object of each key, from the last full validation pass. */
const firsts = new WeakMap<IConstruct, Map<string, ApiObject>>();
const armed = new WeakSet<ApiObject>();

function namespaceOf(o: ApiObject): string | undefined {
  return CLUSTER_SCOPED.has(o.kind) ? undefined : o.metadata.namespace;
}

function keyOf(o: ApiObject): string {
  return `${o.apiVersion} ${o.kind} ${namespaceOf(o) ?? ''} ${o.name}`;
}

function duplicateFindings(o: ApiObject): Finding[] {
  const first = firsts.get(o.node.root)?.get(keyOf(o));
  if (!first || first === o) return [];
  const ns = namespaceOf(o);
  return [duplicate(FieldPath.root('metadata', 'name'), o.name,
    `${first.node.path} writes ${o.kind} ${quote(ns ? `${ns}/${o.name}` : o.name)} too, and applying the manifests, one would replace the other`)];
}

addAppCheck((root, all) => {
  const first = new Map<string, ApiObject>();
  for (const c of all) {
    if (!ApiObject.isApiObject(c) || !KINDS.has(c.kind)) continue;
    const key = keyOf(c);
    if (!first.has(key)) {
      first.set(key, c);
    } else if (!armed.has(c)) {
      armed.add(c);
      addRules(c, duplicateFindings);
    }
  }
  firsts.set(root, first);
});
