import { ApiObject, App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { bindingFindingsOf } from '../core/app/binding';
import { claimSharing, ClaimUser, rolloutClaimFindings, sharedClaimFindings } from '../core/app/workloads';
import { AppClaim, AppVolume, CLAIM_STORAGE, CLAIM_STORAGE_REQUIRED, markOwnClaims, markOwnVolumes, metadataNameRules, NamespacedClaim, setPlace, sizeRules, storageClassNameRules } from '../core/objects/claims';

import { KubernetesVersion } from '../core/policy/version';
import { accessModeRules, volumeModeRules } from '../core/rules/access';
import { Finding, invalid } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { NameRule } from '../core/rules/names';
import { parseQuantity } from '../core/rules/quantities';

/*
 * The app-wide checks on manifests the library did not write: the PersistentVolumes and claims of
 * the input become the binding check's models (cdk8s-storage's own volume and claim, read from the
 * rendered fields), and the workloads that mount claims are counted the way the constructs' warning
 * counts them. The checks are the library's: core/app/binding.ts and core/objects/volume.ts.
 */

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object of the input, with where it was read. */
export interface InputObject {
  readonly obj: Json;
  readonly file: string;
  readonly line?: number;
}

const SPEC = FieldPath.root('spec');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const metaOf = (o: Json): Json => (isObject(o.metadata) ? o.metadata : {});

/** A size field: the quantity as a Size, or the error kube-apiserver gives for one it cannot parse. */
function quantity(v: unknown, at: FieldPath, errs: Finding[]): Size | undefined {
  if (v === undefined || v === null) return undefined;
  const bytes = typeof v === 'number' ? v : typeof v === 'string' ? parseQuantity(v) : undefined;
  if (bytes === undefined) {
    errs.push(invalid(at, String(v), 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''));
    return undefined;
  }
  return Size.kibibytes(bytes / 1024);
}

/** A label selector as the binding check reads one (`_toKube`, `isEmpty`), over the manifest's own. */
function selectorOf(raw: unknown): kplus.LabelSelector | undefined {
  if (!isObject(raw)) return undefined;
  const kube = {
    matchLabels: isObject(raw.matchLabels) ? raw.matchLabels : undefined,
    matchExpressions: Array.isArray(raw.matchExpressions) ? raw.matchExpressions : undefined,
  };
  const empty = Object.keys(kube.matchLabels ?? {}).length === 0 && (kube.matchExpressions ?? []).length === 0;
  return { _toKube: () => kube, isEmpty: () => empty } as unknown as kplus.LabelSelector;
}

/** A PersistentVolume of the input, as the binding check reads cdk8s-storage's own. */
class ManifestVolume extends ApiObject implements AppVolume {
  public readonly storage?: Size;
  public readonly mode?: kplus.PersistentVolumeMode;
  public readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  public readonly storageClassName?: string;
  public readonly claim?: NamespacedClaim;
  public readonly resourceType = 'persistentvolumes';
  /** The field rules kube-apiserver applies that can read the rendered value (the constructs' own rules). */
  public readonly fieldFindings: Finding[] = [];

  constructor(scope: Chart, id: string, o: Json) {
    const meta = metaOf(o);
    super(scope, id, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: str(meta.name), labels: plainLabels(meta.labels) } });
    const spec = isObject(o.spec) ? o.spec : {};
    const capacity = isObject(spec.capacity) ? spec.capacity : {};
    this.storage = quantity(capacity.storage, SPEC.child('capacity').key('storage'), this.fieldFindings);
    this.mode = spec.volumeMode as kplus.PersistentVolumeMode | undefined;
    this.accessModes = spec.accessModes as kplus.PersistentVolumeAccessMode[] | undefined;
    this.storageClassName = str(spec.storageClassName);
    const ref = isObject(spec.claimRef) ? spec.claimRef : undefined;
    if (ref && typeof ref.name === 'string') this.claim = existingClaim(ref.name, str(ref.namespace));
  }

  public rules(target: KubernetesVersion): Finding[] {
    return [
      ...this.fieldFindings,
      ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN),
      ...(this.fieldFindings.length > 0 ? [] : sizeRules(SPEC.child('capacity'), SPEC.child('capacity').key('storage'), this.storage)),
      ...accessModeRules(SPEC, this.accessModes, undefined, target),
      ...(this.mode === undefined ? [] : volumeModeRules(SPEC, this.mode)),
      ...storageClassNameRules(this.storageClassName),
    ];
  }
}

/** A claim of the input, as the binding check reads cdk8s-storage's own (`VolumeClaim`). */
class ManifestClaim extends ApiObject implements AppClaim {
  public readonly storage?: Size;
  public readonly volumeMode?: kplus.PersistentVolumeMode;
  public readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  public readonly storageClassName?: string;
  public readonly volume?: kplus.IPersistentVolume;
  public readonly selector?: kplus.LabelSelector;
  public readonly resourceType = 'persistentvolumeclaims';
  /** Shapes the claim spec rules read (`_shapes`, as VolumeClaim keeps its props' shapes). */
  public readonly _shapes: Finding[] = [];

  constructor(scope: Chart, id: string, o: Json) {
    const meta = metaOf(o);
    super(scope, id, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: str(meta.name), namespace: str(meta.namespace) } });
    const spec = isObject(o.spec) ? o.spec : {};
    const resources = isObject(spec.resources) ? spec.resources : {};
    const requests = isObject(resources.requests) ? resources.requests : {};
    this.storage = quantity(requests.storage, CLAIM_STORAGE, this._shapes);
    this.volumeMode = spec.volumeMode as kplus.PersistentVolumeMode | undefined;
    if (this.volumeMode !== undefined) this._shapes.push(...volumeModeRules(SPEC, this.volumeMode));
    this.accessModes = spec.accessModes as kplus.PersistentVolumeAccessMode[] | undefined;
    this.storageClassName = spec.storageClassName === null ? undefined : spec.storageClassName as string | undefined;
    if (typeof spec.volumeName === 'string' && spec.volumeName !== '') this.volume = kplus.PersistentVolume.fromPersistentVolumeName(this, 'Volume', spec.volumeName);
    this.selector = selectorOf(spec.selector);
  }
}

markOwnVolumes(ManifestVolume);
markOwnClaims(ManifestClaim);

function plainLabels(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
}

function existingClaim(name: string, namespace: string | undefined): NamespacedClaim {
  return { name, claimNamespace: namespace } as NamespacedClaim;
}

/** Where each workload kind keeps its Pod spec. */
export const POD_SPECS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** The Pod spec of a workload object, if it has one. */
export function podSpecOf(o: Json): Json | undefined {
  const at = typeof o.kind === 'string' ? POD_SPECS[o.kind] : undefined;
  if (!at) return undefined;
  let spec: unknown = o;
  for (const k of at) spec = isObject(spec) ? spec[k] : undefined;
  return isObject(spec) ? spec : undefined;
}

/** How many Pods a workload object runs at once (the API's defaults); undefined for one per node. */
function podCount(o: Json): number | undefined {
  const spec = isObject(o.spec) ? o.spec : {};
  const n = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  switch (o.kind) {
    case 'Deployment': case 'StatefulSet': case 'ReplicaSet': case 'ReplicationController': return n(spec.replicas, 1);
    case 'DaemonSet': return undefined;
    case 'Job': return n(spec.parallelism, 1);
    case 'PodTemplate': return 0; // a template runs nothing by itself
    default: return 1;
  }
}

/** Whether a Deployment object rolls out with a surge (RollingUpdate, maxSurge not 0: the API's default is 25%). */
function surges(o: Json): boolean {
  const strategy = isObject(o.spec) && isObject(o.spec.strategy) ? o.spec.strategy : {};
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const surge = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate.maxSurge : undefined;
  return surge !== 0 && surge !== '0%' && surge !== '0';
}

const place = (i: InputObject) => `${i.file}${i.line ? `:${i.line}` : ''}`;

/**
 * The app-wide findings of the input: the binding check on its volumes and claims, their field
 * rules, and the warnings about claims that serve one node mounted by more Pods than that. Each
 * finding by the input object it is about.
 */
export function appFindings(inputs: readonly InputObject[], target: KubernetesVersion): Map<InputObject, Finding[]> {
  const app = new App({ outdir: '.' });
  app.node.setContext(KubernetesVersion.CONTEXT_KEY, target.name);
  const chart = new Chart(app, 'manifests');
  const models = new Map<IConstruct, InputObject>();
  const claims = new Map<string, ManifestClaim>();
  const volumes: ManifestVolume[] = [];
  inputs.forEach((input, i) => {
    const kind = input.obj.kind;
    if (kind !== 'PersistentVolume' && kind !== 'PersistentVolumeClaim') return;
    // (no instanceof: cdk8s's ApiObject answers it for every ApiObject)
    if (kind === 'PersistentVolume') {
      const v = new ManifestVolume(chart, `o${i}`, input.obj);
      setPlace(v, place(input));
      models.set(v, input);
      volumes.push(v);
    } else {
      const c = new ManifestClaim(chart, `o${i}`, input.obj);
      setPlace(c, place(input));
      models.set(c, input);
      const key = `${c.metadata.namespace ?? ''}/${c.name}`;
      if (!claims.has(key)) claims.set(key, c);
    }
  });
  const out = new Map<InputObject, Finding[]>();
  const add = (input: InputObject, found: Finding[]) => {
    if (found.length === 0) return;
    const list = out.get(input);
    if (list) list.push(...found);
    else out.set(input, [...found]);
  };
  for (const v of volumes) add(models.get(v)!, v.rules(target));
  for (const [c, found] of bindingFindingsOf([...models.keys()])) {
    // a size that is no quantity has its own error already; the claim rules would call it missing
    const unreadable = (c as Partial<ManifestClaim>)._shapes?.some((f) => f.path.toString() === CLAIM_STORAGE.toString());
    add(models.get(c)!, unreadable ? found.filter((f) => f.path.toString() !== CLAIM_STORAGE_REQUIRED.toString()) : found);
  }

  // the workloads that mount each claim of the input (a Pod mounts claims of its own namespace)
  const mounts = new Map<ManifestClaim, Array<{ input: InputObject; at: FieldPath }>>();
  for (const input of inputs) {
    const spec = podSpecOf(input.obj);
    if (!spec || !Array.isArray(spec.volumes)) continue;
    const volumesOf: unknown[] = spec.volumes;
    const ns = str(metaOf(input.obj).namespace) ?? '';
    const base = FieldPath.root(...POD_SPECS[input.obj.kind as string], 'volumes');
    const seen = new Set<ManifestClaim>();
    volumesOf.forEach((v, idx) => {
      const name = isObject(v) && isObject(v.persistentVolumeClaim) ? str(v.persistentVolumeClaim.claimName) : undefined;
      const claim = name === undefined ? undefined : claims.get(`${ns}/${name}`);
      if (!claim || seen.has(claim)) return;
      seen.add(claim);
      const list = mounts.get(claim);
      const entry = { input, at: base.index(idx).child('persistentVolumeClaim', 'claimName') };
      if (list) list.push(entry);
      else mounts.set(claim, [entry]);
    });
  }
  for (const [claim, users] of mounts) {
    const s = claimSharing(users.map(({ input }): ClaimUser => ({
      what: `${input.obj.kind} "${str(metaOf(input.obj).name) ?? ''}" (${place(input)})`,
      pods: podCount(input.obj),
      unbounded: 'one Pod per node',
    })).filter((u) => u.pods !== 0));
    for (const { input, at } of users) {
      if (podCount(input.obj) === 0) continue;
      add(input, sharedClaimFindings(claim, s, input.obj.kind === 'StatefulSet', at));
      if (input.obj.kind === 'Deployment' && surges(input.obj)) add(input, rolloutClaimFindings(claim, s));
    }
  }
  return out;
}
