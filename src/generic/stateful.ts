import { ApiObject, JsonPatch, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClaimSpecModel, claimSpecModel, claimSpecRules, renderClaimSpec } from './claim-spec';
import { ClaimRetentionOptions, ClaimRetentionPolicy, ClaimTemplateMountOptions, ClaimTemplateProps } from './stateful-props';
import { Mount, POD_SPEC, SPEC, SetState, containerSite, kplusMount, lazy, stateOf } from './stateful-state';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Finding, duplicate, invalid, required } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, isDnsLabel, nameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, isPlainObject, isString, stringShape } from '../core/rules/shapes';

/**
 * A claim template of a cdk8s-plus-27 StatefulSet (`spec.volumeClaimTemplates`): the StatefulSet
 * controller creates one claim per replica (`<name>-<StatefulSet>-<ordinal>`) from the template and
 * mounts it into that replica only, so every replica keeps its own volume across restarts and
 * rescheduling — what a ReadWriteOnce class needs for more than one replica.
 *
 * Why a construct in the StatefulSet's scope rather than a method: cdk8s-plus-27 has no claim
 * templates, and a construct is the jsii-compatible way to attach state to an object of another
 * library (the id names the template, the tree says which StatefulSet owns it, and the template is
 * checked at synth like every claim: class, access modes the class's provisioner serves, size,
 * volume mode). It is written into the StatefulSet's manifest through JSON patches, and its volume
 * never appears in `spec.template.spec.volumes` (the controller adds it per replica); the mount
 * goes into the container's `volumeMounts`.
 *
 * @example
 *
 * const db = new kplus.StatefulSet(chart, 'Db', { replicas: 3, containers: [{ image: 'postgres:16', portNumber: 5432 }] });
 * new ClaimTemplate(db, 'Data', {
 *   storageClass: fast,
 *   storage: Size.gibibytes(20),
 *   mountPath: '/var/lib/postgresql/data',
 * });
 * ClaimTemplate.setRetentionPolicy(db, { whenScaled: ClaimRetentionPolicy.DELETE });
 */
export class ClaimTemplate extends Construct {
  /**
   * Sets the StatefulSet's `persistentVolumeClaimRetentionPolicy`: whether the claims of its
   * replicas are deleted with the StatefulSet, or when a scale-down removes their replica. Served
   * from Kubernetes 1.27 (beta, on by default; GA in 1.32); a synth-time error before.
   */
  public static setRetentionPolicy(statefulSet: kplus.StatefulSet, options: ClaimRetentionOptions = {}): void {
    if (!(statefulSet instanceof kplus.StatefulSet)) {
      throw new Error(`ClaimTemplate.setRetentionPolicy: statefulSet must be a cdk8s-plus-27 StatefulSet (got ${statefulSet === null ? 'null' : typeof statefulSet})`);
    }
    const o: Partial<Record<keyof ClaimRetentionOptions, unknown>> = isPlainObject(options) ? options : {};
    const s = stateOf(statefulSet);
    const first = s.retention === undefined;
    // "" is unset to kube-apiserver too: it defaults the policy to Retain
    const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);
    s.retention = {
      whenDeleted: unsetIfEmpty(o.whenDeleted) ?? ClaimRetentionPolicy.RETAIN,
      whenScaled: unsetIfEmpty(o.whenScaled) ?? ClaimRetentionPolicy.RETAIN,
    };
    if (first) {
      ApiObject.of(statefulSet).addJsonPatch(JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', lazy(() => ({ ...s.retention }))));
    }
  }

  /** The template's name: the replica's Pod volume, and the prefix of its claim. */
  public readonly name: string;
  /** The StatefulSet the template belongs to. */
  public readonly statefulSet: kplus.StatefulSet;
  /** The Kubernetes version the template is checked for (the app's target). */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: ClaimSpecModel;
  private readonly nameProp: unknown;
  private readonly mounts: Mount[] = [];
  private readonly state: SetState;
  private readonly shapes: Finding[];

  constructor(statefulSet: kplus.StatefulSet, id: string, props: ClaimTemplateProps) {
    if (!(statefulSet instanceof kplus.StatefulSet)) {
      throw new Error(`ClaimTemplate ${JSON.stringify(id)}: the scope must be a cdk8s-plus-27 StatefulSet, the workload whose replicas get the claims`);
    }
    super(statefulSet, id);
    const p: Partial<Record<keyof ClaimTemplateProps, unknown>> = isPlainObject(props) ? props : {};
    this.statefulSet = statefulSet;
    this.nameProp = p.name;
    this.name = isString(p.name) ? p.name : isDnsLabel(id.toLowerCase()) ? id.toLowerCase() : Names.toDnsLabel(this);
    this.model = claimSpecModel(p);
    const target = resolveTarget(this);
    this.kubernetesVersion = target.version;
    registerStorageObject(this, target);
    this.state = stateOf(statefulSet);
    const state = this.state;
    // written with the first template (a retention policy alone writes no empty list)
    if (state.templates.push(this) === 1) {
      ApiObject.of(statefulSet).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', lazy(() => state.templates.map((t) => t._render()))));
    }
    this.shapes = [
      ...stringShape(this.at().child('metadata', 'name'), p.name, 'a string, a DNS label'),
      ...stringShape(POD_SPEC.child('containers').index(0).child('volumeMounts'), p.mountPath, 'a string, an absolute path'),
      ...instanceShape(POD_SPEC.child('containers'), p.container, (v) => v instanceof kplus.Container, 'a container of the StatefulSet (statefulSet.containers[i])'),
    ];
    if (given(p.mountPath) && isString(p.mountPath)) {
      const container = given(p.container) ? p.container : statefulSet.containers[0];
      if (container !== undefined) this.mount(container as kplus.Container, p.mountPath, { readOnly: p.readOnly as boolean | undefined });
      else this.shapes.push(required(POD_SPEC.child('containers'), 'mountPath is given and the StatefulSet has no container yet: add the container first, or give container'));
    }
    addRules(this, () => this.rules());
  }

  /**
   * Mounts the claim of each replica into `container` (one of the StatefulSet's containers or
   * init containers) at `path`. The volumeMount names the template; the controller adds the
   * volume to each replica's Pod.
   */
  public mount(container: kplus.Container, path: string, options: ClaimTemplateMountOptions = {}): void {
    const o: Partial<Record<keyof ClaimTemplateMountOptions, unknown>> = isPlainObject(options) ? options : {};
    this.mounts.push({ container, path, readOnly: o.readOnly });
    const site = containerSite(this.statefulSet, container);
    if (!site || this.state.patched.has(container)) return;
    this.state.patched.add(container);
    const state = this.state;
    ApiObject.of(this.statefulSet).addJsonPatch(JsonPatch.add(`/spec/template/spec/${site.list}/${site.index}/volumeMounts`, lazy(() => [
      ...container.mounts.map(kplusMount),
      ...state.templates.flatMap((t) => t.mountsIn(container)),
    ])));
  }

  /** @internal The template as `spec.volumeClaimTemplates` lists it. Pure; never throws. */
  public _render(): object {
    return { metadata: { name: this.name }, spec: renderClaimSpec(this.model) };
  }

  private mountsIn(container: kplus.Container): object[] {
    return this.mounts.filter((m) => m.container === container)
      .map((m) => ({ mountPath: m.path, name: this.name, readOnly: m.readOnly === true ? true : undefined }));
  }

  /** Where the template sits in the StatefulSet's manifest. */
  private at(): FieldPath {
    return SPEC.child('volumeClaimTemplates').index(this.state ? this.state.templates.indexOf(this) : 0);
  }

  private rules(): Finding[] {
    const at = this.at();
    const name = at.child('metadata', 'name');
    const out: Finding[] = [...this.shapes];
    if (isString(this.nameProp) || !given(this.nameProp)) out.push(...nameErrors(name, this.name, NameRule.DNS_LABEL));
    const earlier = this.state.templates.slice(0, this.state.templates.indexOf(this)).find((t) => t.name === this.name);
    if (earlier) {
      out.push(duplicate(name, this.name, `another template of the StatefulSet (${earlier.node.path}) has this name, and the controller makes one claim per name: give each template its own name`));
    }
    const podVolume = this.statefulSet.volumes.find((v) => v.name === this.name)
      ?? [...this.statefulSet.containers, ...this.statefulSet.initContainers].flatMap((c) => c.mounts.map((m) => m.volume))
        .find((v) => v.name === this.name);
    if (podVolume) {
      out.push(duplicate(name, this.name, `the StatefulSet has a Pod volume of this name (${podVolume.node.path}), and the controller replaces it with the replica's claim: give the template or the volume another name`));
    }
    // the controller creates each replica's claim in the StatefulSet's namespace
    out.push(...claimSpecRules(this.model, this.kubernetesVersion, at.child('spec'), this.statefulSet.metadata.namespace));
    out.push(...this.mountRules());
    return out;
  }

  private mountRules(): Finding[] {
    const out: Finding[] = [];
    for (const m of this.mounts) {
      const site = containerSite(this.statefulSet, m.container);
      if (!site) {
        out.push(...(m.container instanceof kplus.Container
          ? [invalid(POD_SPEC.child('containers'), m.container.name, `the container is not one of StatefulSet ${quote(this.statefulSet.name)}'s: mount the template into a container of its own StatefulSet`)]
          : instanceShape(POD_SPEC.child('containers'), m.container, () => false, 'a container of the StatefulSet (statefulSet.containers[i])')));
        continue;
      }
      const c = m.container as kplus.Container;
      const own = c.mounts.length;
      const mine = this.state.templates.flatMap((t) => t.mounts.filter((x) => x.container === c).map((x) => ({ t, x })));
      const index = own + mine.findIndex(({ x }) => x === m);
      const at = POD_SPEC.child(site.list).index(site.index).child('volumeMounts').index(index);
      if (!isString(m.path)) {
        out.push(...stringShape(at.child('mountPath'), m.path, 'a string, an absolute path'));
        continue;
      }
      out.push(...booleanShape(at.child('readOnly'), m.readOnly));
      if (this.model.volumeMode === kplus.PersistentVolumeMode.BLOCK) {
        out.push(invalid(at.child('name'), this.name, 'the template\'s claims are volumeMode Block, and the kubelet refuses a Block volume that a container mounts as a filesystem ' +
          '("has volumeMode Block, but is specified in volumeMounts"): mount a Filesystem template'));
      }
      if (m.path === '') {
        out.push(required(at.child('mountPath')));
        continue;
      }
      out.push(...textRules(at.child('mountPath'), m.path));
      const before = [...c.mounts.map((x) => x.path), ...mine.slice(0, index - own).map(({ x }) => x.path)];
      if (before.includes(m.path)) out.push(invalid(at.child('mountPath'), m.path, 'must be unique'));
    }
    return out;
  }
}
