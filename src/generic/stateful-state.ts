import * as kplus from 'cdk8s-plus-27';
import type { ClaimTemplate } from './stateful';
import { ClaimRetentionPolicy } from './stateful-props';
import { AppSlot, AppState } from '../core/app/app-state';
import { addRules } from '../core/app/validation';
import { apiFeatureServed, apiFeatureWhy } from '../core/policy/api-features';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Finding, forbidden } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { oneOfShape } from '../core/rules/shapes';

export interface Mount {
  readonly container: unknown;
  readonly path: unknown;
  readonly readOnly: unknown;
}

/** What the library adds to one StatefulSet: its templates in order, the retention policy, the containers it patched. */
export interface SetState {
  readonly templates: ClaimTemplate[];
  retention?: { readonly whenDeleted: unknown; readonly whenScaled: unknown };
  readonly patched: Set<kplus.Container>;
}

/** What the library writes into each StatefulSet of the app: its claim templates, retention, patched containers. */
const STATES = new AppSlot('StatefulSets with claim templates', () => new WeakMap<kplus.StatefulSet, SetState>());
export const SPEC = FieldPath.root('spec');
export const POD_SPEC = SPEC.child('template', 'spec');
const RETENTION = SPEC.child('persistentVolumeClaimRetentionPolicy');
// in the order kube-apiserver lists them (ValidatePersistentVolumeClaimRetentionPolicyType)
const POLICY_ORDER = [ClaimRetentionPolicy.RETAIN, ClaimRetentionPolicy.DELETE];

/*
 * cdk8s-plus-27's StatefulSet writes no volumeClaimTemplates and adds every volume a container
 * mounts to spec.template.spec.volumes, where a template's volume must not be (the controller adds
 * it per replica). So the library writes through the StatefulSet's ApiObject with JSON patches
 * (cdk8s's supported way to add fields): `spec.volumeClaimTemplates`, the retention policy, and
 * the volumeMounts list of each container that mounts a template. A patch's value is rendered when
 * cdk8s applies the patches (JsonPatch.apply clones the operations through JSON.stringify, which
 * calls `toJSON()`), so templates and mounts added later are in it. test/stateful.test.ts holds the
 * contract test of this coupling.
 */
export function lazy(render: () => unknown): object {
  return { toJSON: render };
}

export function stateOf(sts: kplus.StatefulSet): SetState {
  const states = AppState.of(sts).slot(STATES);
  let s = states.get(sts);
  if (!s) {
    s = { templates: [], patched: new Set() };
    states.set(sts, s);
    const state = s;
    const target = resolveTarget(sts).version;
    addRules(sts, () => retentionRules(state, target));
  }
  return s;
}

function retentionRules(s: SetState, target: KubernetesVersion): Finding[] {
  if (!s.retention) return [];
  const out: Finding[] = [
    ...oneOfShape(RETENTION.child('whenDeleted'), s.retention.whenDeleted, POLICY_ORDER),
    ...oneOfShape(RETENTION.child('whenScaled'), s.retention.whenScaled, POLICY_ORDER),
  ];
  if (!apiFeatureServed('statefulSetAutoDeletePVC', target)) {
    out.push(forbidden(RETENTION, `${apiFeatureWhy('statefulSetAutoDeletePVC', target)}, and the API server drops the field: the claims are always retained`));
  }
  return out;
}

/** The volumeMount cdk8s-plus-27 writes for one of its mounts (Container._toKube), keys sorted as cdk8s sorts them. */
export function kplusMount(m: kplus.VolumeMount): Record<string, unknown> {
  return {
    mountPath: m.path, mountPropagation: m.propagation, name: m.volume.name, readOnly: m.readOnly, subPath: m.subPath, subPathExpr: m.subPathExpr,
  };
}

/** Where a container of the StatefulSet sits: `containers[i]` or `initContainers[i]`; undefined when it is not one of them. */
export function containerSite(sts: kplus.StatefulSet, c: unknown): { list: 'containers' | 'initContainers'; index: number } | undefined {
  const i = sts.containers.indexOf(c as kplus.Container);
  if (i >= 0) return { list: 'containers', index: i };
  const j = sts.initContainers.indexOf(c as kplus.Container);
  return j >= 0 ? { list: 'initContainers', index: j } : undefined;
}
