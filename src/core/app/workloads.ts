import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppState } from './app-state';
import { deploymentRollout } from './internals';
import { addRules } from './validation';
import { AppClaim, claimNamespace, describeClaim, isAppClaim } from '../objects/claims';
import { PodNamespaceReference, volumeFacts } from '../objects/volume';
import { Finding, duplicate, invalid, required, warning } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';

/** A workload's volumes: those its containers mount and those added to it, in that order. */
function mountedVolumes(pod: kplus.AbstractPod): kplus.Volume[] {
  return [...pod.containers, ...pod.initContainers].flatMap((c) => c.mounts.map((m) => m.volume)).concat(pod.volumes);
}

/** Where a workload's Pod spec sits in its manifest. */
function podSpecPath(pod: kplus.AbstractPod): FieldPath {
  if (pod instanceof kplus.Pod) return FieldPath.root('spec');
  if (pod instanceof kplus.CronJob) return FieldPath.root('spec', 'jobTemplate', 'spec', 'template', 'spec');
  return FieldPath.root('spec', 'template', 'spec');
}

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;

/** Whether a claim of these access modes serves one node (ReadWriteOnce) or one Pod (ReadWriteOncePod) only. */
function servesOneNode(modes: readonly kplus.PersistentVolumeAccessMode[]): boolean {
  return modes.length > 0 && modes.every((m) => m === RWO || m === RWOP);
}

/** How many Pods a workload runs at once: a number, or `undefined` for "one per node" or "as scaled". */
function podCount(pod: kplus.AbstractPod): number | undefined {
  if (pod instanceof kplus.Deployment) return pod.hasAutoscaler ? undefined : pod.replicas ?? 2; // cdk8s-plus-27 writes 2
  if (pod instanceof kplus.StatefulSet) return pod.hasAutoscaler ? undefined : pod.replicas ?? 1;
  if (pod instanceof kplus.DaemonSet) return undefined;
  return 1; // Pod, Job (one Pod at a time by default), CronJob
}

/** A workload that mounts a claim, as the warnings about sharing it name it. */
export interface ClaimUser {
  /** `Deployment "web" (chart/web)`: kind, name and where it is. */
  readonly what: string;
  /** How many Pods it runs at once; undefined for "one per node" or "as scaled". */
  readonly pods?: number;
  /** Why the count is unknown: `one Pod per node`, `scaled by an autoscaler`. */
  readonly unbounded?: string;
}

/** How many Pods mount a claim, and who they are, as the warnings say it. */
export interface ClaimSharing {
  readonly total?: number;
  readonly who: string;
}

function describeUser(u: ClaimUser): string {
  if (u.pods === undefined) return `${u.what}, ${u.unbounded}`;
  return u.pods === 1 ? u.what : `${u.what}, ${u.pods} replicas`;
}

/** The workloads that mount one claim, counted and named (the first few) for the warnings. */
export function claimSharing(users: readonly ClaimUser[]): ClaimSharing {
  const counts = users.map((u) => u.pods);
  const total = counts.some((n) => n === undefined) ? undefined : counts.reduce((a, b) => a! + b!, 0);
  const named = users.slice(0, NAMED_WORKLOADS).map(describeUser).join('; ');
  const more = users.length - NAMED_WORKLOADS;
  return { total, who: more > 0 ? `${named}; and ${more.toLocaleString('en-US')} more` : named };
}

function userOf(pod: kplus.AbstractPod): ClaimUser {
  return {
    what: `${pod.constructor.name} ${quote(pod.name)} (${pod.node.path})`,
    pods: podCount(pod),
    unbounded: pod instanceof kplus.DaemonSet ? 'one Pod per node' : 'scaled by an autoscaler',
  };
}


/** How many workloads a warning names; the others are counted ("and 1,997 more"). */
const NAMED_WORKLOADS = 3;
/** Per app and claim: the Pods that mount it, and who they are, as the warnings say it (made once per synth, kept in AppState). */
function sharing(pod: kplus.AbstractPod, claim: kplus.IPersistentVolumeClaim): ClaimSharing {
  const state = AppState.of(pod);
  const workloads = state.claimMounts.get(claim) ?? [pod];
  let s = state.claimSharings.get(workloads);
  if (!s) state.claimSharings.set(workloads, s = claimSharing(workloads.map(userOf)));
  return s;
}

/**
 * A claim whose access modes serve one node (ReadWriteOnce) or one Pod (ReadWriteOncePod), mounted
 * by more Pods than that: the attach-detach controller refuses a ReadWriteOnce volume on a second
 * node (the Pods there fail with a Multi-Attach error), and the scheduler never places a second Pod
 * on a ReadWriteOncePod claim. Reported on each workload that mounts it.
 */
function singleNodeFindings(pod: kplus.AbstractPod, claim: kplus.IPersistentVolumeClaim, at: FieldPath): Finding[] {
  if (!isAppClaim(claim)) return [];
  // a StatefulSet can give each replica a claim of its own (ClaimTemplate, in src/generic/stateful.ts)
  return servesOneNode(claim.accessModes ?? []) ? sharedClaimFindings(claim, sharing(pod, claim), pod instanceof kplus.StatefulSet, at) : [];
}

/**
 * What singleNodeFindings says about a claim `s` describes the mounts of, found on a workload at
 * `at` (its `persistentVolumeClaim.claimName`); `perReplica`: the workload is a StatefulSet.
 */
export function sharedClaimFindings(claim: AppClaim, s: ClaimSharing, perReplica: boolean, at: FieldPath): Finding[] {
  const modes = claim.accessModes ?? [];
  const { total, who } = s;
  if (!servesOneNode(modes) || (total !== undefined && total <= 1)) return [];
  if (modes.includes(RWOP)) {
    return [invalid(at, claim.name, `${describeClaim(claim)} is ReadWriteOncePod, and ${total ?? 'several'} Pods mount it (${who}): ` +
      'the scheduler places only one of them; ' + (perReplica
      ? 'give each replica its own claim (new ClaimTemplate(statefulSet, id, { … }): spec.volumeClaimTemplates) or run one replica'
      : 'give each Pod its own claim (a StatefulSet with a ClaimTemplate: spec.volumeClaimTemplates) or run one replica'))];
  }
  return [warning(at, `${describeClaim(claim)} is ReadWriteOnce, and ${total ?? 'several'} Pods mount it (${who}): ` +
    'they all must run on one node, or those on another fail to start with a Multi-Attach error; ' + (perReplica
    ? 'give each replica its own claim (new ClaimTemplate(statefulSet, id, { … }): spec.volumeClaimTemplates), or use a ReadOnlyMany or ReadWriteMany volume, one replica, or pod affinity that keeps them together'
    : 'use a ReadOnlyMany or ReadWriteMany volume, one replica, or pod affinity that keeps them together'))];
}

/**
 * A Deployment of one Pod that rolls out with a surge (cdk8s-plus-27's default RollingUpdate, maxSurge
 * 25%, is one Pod) and mounts a claim that serves one node (ReadWriteOnce) or one Pod
 * (ReadWriteOncePod): the new Pod starts before the old one stops and waits for the volume. Scheduled
 * on another node it fails with a Multi-Attach error (pkg/controller/volume/attachdetach/reconciler),
 * and a ReadWriteOncePod claim is never scheduled while the old Pod holds it: the rollout stalls.
 * Deployments of several Pods are warned about sharing the claim already (singleNodeFindings).
 * Once per Deployment, naming the first such claim.
 */
function rolloutFindings(pod: kplus.AbstractPod): Finding[] {
  if (!(pod instanceof kplus.Deployment)) return [];
  const rollout = deploymentRollout(pod);
  if (rollout.type !== 'RollingUpdate' || rollout.maxSurge === 0 || rollout.maxSurge === '0%') return [];
  for (const v of mountedVolumes(pod)) {
    const claim = volumeFacts.get(v)?.claim;
    if (!claim || !isAppClaim(claim)) continue;
    const modes = claim.accessModes ?? [];
    if (!servesOneNode(modes)) continue;
    const found = rolloutClaimFindings(claim, sharing(pod, claim));
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * What rolloutFindings says about one claim of a Deployment of one Pod that rolls out with a surge,
 * `s` describing the claim's mounts: the warning at `spec.strategy.type`, if the claim serves one node.
 */
export function rolloutClaimFindings(claim: AppClaim, s: ClaimSharing): Finding[] {
  const modes = claim.accessModes ?? [];
  if (!servesOneNode(modes) || s.total === undefined || s.total > 1) return [];
  const rwop = modes.includes(RWOP);
  return [warning(FieldPath.root('spec', 'strategy', 'type'),
    `RollingUpdate starts the new Pod before the old one stops, and ${describeClaim(claim)} is ${rwop ? 'ReadWriteOncePod' : 'ReadWriteOnce'}: ` +
    (rwop ? 'the new Pod is not scheduled while the old one holds the claim, and the rollout stalls; '
      : 'on another node the new Pod waits for the volume with a Multi-Attach error, and the rollout stalls; ') +
    'use strategy: DeploymentStrategy.recreate(), or rollingUpdate with maxSurge 0')];
}

/**
 * A workload's volumes as cdk8s-plus-27 will write them, checked before it does: it throws while
 * writing (a partial write) on two different volumes of one name and on a Pod without containers;
 * and a Pod reads claims and Secrets from its own namespace only.
 */
function workloadFindings(pod: kplus.AbstractPod): Finding[] {
  const spec = podSpecPath(pod);
  const out: Finding[] = [];
  if (pod.containers.length === 0) {
    out.push(required(spec.child('containers'), 'a Pod needs at least one container (cdk8s-plus-27 fails while writing one without)'));
  }
  out.push(...rolloutFindings(pod));
  const byName = new Map<string, kplus.Volume>();
  const reported = new Set<string>();
  const volumes = mountedVolumes(pod);
  const mounted = new Set([...pod.containers, ...pod.initContainers].flatMap((c) => c.mounts.map((m) => m.volume)));
  const namespace = pod.metadata.namespace;
  for (const v of volumes) {
    const seen = byName.get(v.name);
    if (seen && seen !== v && !reported.has(v.name)) {
      reported.add(v.name);
      out.push(duplicate(spec.child('volumes').key(v.name).child('name'), v.name,
        `two different volumes of the workload have this name (${seen.node.path} and ${v.node.path}): ` +
        'give one of them another name (the name prop of the library\'s Pod volumes, or { name } in kplus.Volume.from…)'));
    }
    if (seen) continue;
    byName.set(v.name, v);
    const f = volumeFacts.get(v);
    if (!f) continue;
    const at = spec.child('volumes').key(v.name);
    if (f.claim) out.push(...singleNodeFindings(pod, f.claim, at.child('persistentVolumeClaim', 'claimName')));
    if (f.claim && mounted.has(v) && isAppClaim(f.claim) && f.claim.volumeMode === kplus.PersistentVolumeMode.BLOCK) {
      out.push(invalid(at.child('persistentVolumeClaim', 'claimName'), f.claim.name,
        `${describeClaim(f.claim)} is volumeMode Block, and the kubelet refuses a Block volume that a container mounts as a filesystem ` +
        '("has volumeMode Block, but is specified in volumeMounts"); cdk8s-plus-27 mounts volumes as filesystems only: use a Filesystem claim'));
    }
    if (f.blockAt && mounted.has(v)) {
      out.push(invalid(at.child(...f.blockAt.split('.')), kplus.PersistentVolumeMode.BLOCK,
        'the kubelet refuses a Block volume that a container mounts as a filesystem ("has volumeMode Block, but is specified in volumeMounts"); ' +
        'cdk8s-plus-27 mounts volumes as filesystems only: use volumeMode Filesystem'));
    }
    if (!namespace) continue;
    const cns = f.claim ? claimNamespace(f.claim) : undefined;
    if (f.claim && cns && cns !== namespace) {
      out.push(invalid(at.child('persistentVolumeClaim', 'claimName'), f.claim.name,
        `the claim is in namespace ${quote(cns)}, and a Pod in ${quote(namespace)} mounts claims of its own namespace only`));
    }
    const refs: PodNamespaceReference[] = [];
    if (f.secret) refs.push({ ...f.secret, subject: 'the Secret is', reader: 'the kubelet reads it' });
    if (f.reference) refs.push(f.reference);
    for (const r of refs) {
      if (!r.namespace || r.namespace === namespace) continue;
      out.push(invalid(at.child(...r.field.split('.')), r.name,
        `${r.subject} in namespace ${quote(r.namespace)}, and ${r.reader} from the Pod's namespace ${quote(namespace)}${r.fix ? `: ${r.fix}` : ''}`));
    }
  }
  return out;
}

/**
 * The app-wide check of workloads: each gets the library's workload rules once, and the app's
 * state learns which workloads mount each claim (the shared-claim warnings read it).
 */
export function armWorkloadChecks(root: IConstruct, all: readonly IConstruct[]): void {
  const state = AppState.of(root);
  const mounts = new Map<kplus.IPersistentVolumeClaim, kplus.AbstractPod[]>();
  for (const c of all) {
    if (!(c instanceof kplus.AbstractPod)) continue;
    if (!state.workloadArmed.has(c)) {
      state.workloadArmed.add(c);
      addRules(c, () => workloadFindings(c));
    }
    const claims = new Set(mountedVolumes(c).flatMap((v) => volumeFacts.get(v)?.claim ?? []));
    for (const claim of claims) {
      const list = mounts.get(claim);
      if (list) list.push(c);
      else mounts.set(claim, [c]);
    }
  }
  state.claimMounts = mounts;
}
