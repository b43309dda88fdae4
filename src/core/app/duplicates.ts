import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppState } from './app-state';
import { addRules } from './validation';
import { isOwnVolume } from '../objects/claims';
import { Finding, duplicate } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';

/*
 * Two objects of one kind and one name (in one namespace) in the app: the manifests hold both, and
 * `kubectl apply` applies the later over the earlier, so one of them silently never exists (a CHAP
 * Secret, a Ceph config map, the Endpoints of a Gluster cluster). Checked at synth for the kinds
 * the library writes next to its volumes, whoever created the objects (cdk8s-plus-27, raw
 * ApiObjects); PersistentVolumes and claims are checked by the binding check.
 */

const KINDS = new Set(['Secret', 'ConfigMap', 'Endpoints', 'Service', 'StorageClass']);
const CLUSTER_SCOPED = new Set(['StorageClass']);


function namespaceOf(o: ApiObject): string | undefined {
  return CLUSTER_SCOPED.has(o.kind) ? undefined : o.metadata.namespace;
}

function keyOf(o: ApiObject): string {
  return `${o.apiVersion} ${o.kind} ${namespaceOf(o) ?? ''} ${o.name}`;
}

function duplicateFindings(o: ApiObject): Finding[] {
  const first = AppState.of(o).duplicateFirsts.get(keyOf(o)) as ApiObject | undefined;
  if (!first || first === o) return [];
  const ns = namespaceOf(o);
  return [duplicate(FieldPath.root('metadata', 'name'), o.name,
    `${first.node.path} writes ${o.kind} ${quote(ns ? `${ns}/${o.name}` : o.name)} too, and applying the manifests, one would replace the other`)];
}

/** The app-wide check: the first object of each key; the later ones get the duplicate rule. */
export function checkDuplicateObjects(root: IConstruct, all: readonly IConstruct[]): void {
  const state = AppState.of(root);
  const first = new Map<string, ApiObject>();
  for (const c of all) {
    if (!ApiObject.isApiObject(c) || !KINDS.has(c.kind)) continue;
    const key = keyOf(c);
    if (!first.has(key)) {
      first.set(key, c);
    } else if (!state.duplicateArmed.has(c)) {
      state.duplicateArmed.add(c);
      addRules(c, duplicateFindings);
    }
  }
  state.duplicateFirsts = first;
}

/*
 * Two PersistentVolumes of one CSI driver with one volumeHandle: the kubelet stages and publishes
 * a CSI volume by its handle (its global mount path and its VolumeAttachment name derive from
 * driver and handle), so the second volume shares the first one's mount: its mount options and
 * read-only flag are silently lost, and where the handle names an image by name only (ceph-csi's
 * static RBD volumes), two pools with images of one name can serve the wrong image. Read from the
 * sources the library's volumes will write.
 */

interface CsiSource { readonly csi?: { readonly driver?: unknown; readonly volumeHandle?: unknown } }

function handleKey(c: IConstruct): string | undefined {
  const source = (c as unknown as { _renderedSource(): CsiSource })._renderedSource().csi;
  if (!source || typeof source.driver !== 'string' || typeof source.volumeHandle !== 'string' || source.volumeHandle === '') return undefined;
  return `${source.driver}\u0000${source.volumeHandle}`;
}

function handleFindings(c: IConstruct): Finding[] {
  const key = handleKey(c);
  const first = key === undefined ? undefined : AppState.of(c).handleFirsts.get(key);
  if (!key || !first || first === c) return [];
  const [driver, handle] = key.split('\u0000');
  return [duplicate(FieldPath.root('spec', 'csi', 'volumeHandle'), handle,
    `${first.node.path} is a PersistentVolume of ${driver} with this handle too, and the kubelet stages a CSI volume by its handle: ` +
    'the second would share the first one\'s mount (its mount options and read-only flag lost); give each volume its own volumeHandle')];
}

/** The app-wide check: the first volume of each driver and handle; the later ones get the duplicate rule. */
export function checkDuplicateHandles(root: IConstruct, all: readonly IConstruct[]): void {
  const state = AppState.of(root);
  const first = new Map<string, IConstruct>();
  for (const c of all) {
    if (!isOwnVolume(c)) continue;
    const key = handleKey(c);
    if (key === undefined) continue;
    if (!first.has(key)) {
      first.set(key, c);
    } else if (!state.handleArmed.has(c)) {
      state.handleArmed.add(c);
      addRules(c, handleFindings);
    }
  }
  state.handleFirsts = first;
}
