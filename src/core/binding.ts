import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { Finding, invalid, required, warning } from './errors';
import { FieldPath } from './field-path';
import { StoragePersistentVolume, VolumeClaim, claimNamespace, claimSpecRules, setBindingArmer } from './persistent';
import { exactQuantity, sizeInBytes } from './quantities';
import { addRules } from './validation';

/*
 * Can claim C ever bind volume V? The PV controller's rules (reference §5), checked for every claim
 * in the app that names a PersistentVolume (`volume`/`bind()`), every volume reserved for a claim
 * (`claimRef`), and every claim with a selector. Findings land on the claim, or on the volume for
 * claimRef problems, and name both objects.
 */

const SPEC = FieldPath.root('spec');
const FS = kplus.PersistentVolumeMode.FILE_SYSTEM;

interface ClaimView {
  readonly claim: kplus.PersistentVolumeClaim;
  readonly name: string;
  readonly namespace?: string;
}

function describeVolume(v: kplus.PersistentVolume): string {
  return `PersistentVolume ${JSON.stringify(v.name)} (${v.node.path})`;
}

function describeClaim(c: kplus.IPersistentVolumeClaim): string {
  const ns = claimNamespace(c);
  return `claim ${JSON.stringify(ns ? `${ns}/${c.name}` : c.name)}`;
}

const q = (s: string | undefined) => JSON.stringify(s ?? '');

/** Size, volume mode and access modes: checked in cases A (claim names V) and D (V reserved for C). */
function fitFindings(c: kplus.PersistentVolumeClaim, v: kplus.PersistentVolume, why: (reason: string) => string): Finding[] {
  const out: Finding[] = [];
  if (c.storage && v.storage && sizeInBytes(c.storage) > sizeInBytes(v.storage)) {
    out.push(invalid(SPEC.child('resources').key('storage'), exactQuantity(c.storage),
      why(`whose capacity is ${q(exactQuantity(v.storage))} (requested PV is too small)`)));
  }
  if ((c.volumeMode ?? FS) !== (v.mode ?? FS)) {
    out.push(invalid(SPEC.child('volumeMode'), c.volumeMode ?? FS, why(`whose volumeMode is ${q(v.mode ?? FS)} (incompatible volumeMode)`)));
  }
  const offered = v.accessModes ?? [];
  (c.accessModes ?? []).forEach((m, i) => {
    if (!offered.includes(m)) {
      out.push(invalid(SPEC.child('accessModes').index(i), m,
        why(`whose accessModes are ${offered.map((o) => q(o)).join(', ') || 'none'} (incompatible accessMode)`)));
    }
  });
  return out;
}

/** Class equality with nil and "" as Kubernetes reads them: an unset class depends on the cluster. */
function classFindings(c: kplus.PersistentVolumeClaim, v: kplus.PersistentVolume, why: (reason: string) => string): Finding[] {
  const volumeClass = v.storageClassName ?? '';
  if (c.storageClassName === undefined) {
    return [warning(SPEC.child('storageClassName'),
      `unset, so whether it binds ${describeVolume(v)} (storageClassName ${q(volumeClass)}) depends on the cluster: ` +
      (volumeClass === ''
        ? 'if the cluster has a default StorageClass, admission writes it into the claim and the claim never binds; set storageClassName to "" to bind this volume'
        : `it binds only if the cluster's default StorageClass is ${q(volumeClass)}; set storageClassName to ${q(volumeClass)}`))];
  }
  if (c.storageClassName !== volumeClass) {
    return [invalid(SPEC.child('storageClassName'), c.storageClassName, why(`whose storageClassName is ${q(volumeClass)} (storageClassName does not match)`))];
  }
  return [];
}

function matchesSelector(selector: kplus.LabelSelector, labels: Record<string, string>): boolean {
  const k = selector._toKube();
  for (const [key, value] of Object.entries(k.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const e of k.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function labelsOf(v: kplus.PersistentVolume): Record<string, string> {
  return (v.metadata.toJson() as { labels?: Record<string, string> }).labels ?? {};
}

/** The volumes of the app, indexed once per synth so that checking N claims stays linear. */
interface VolumeIndex {
  readonly all: readonly kplus.PersistentVolume[];
  readonly byName: ReadonlyMap<string, kplus.PersistentVolume>;
  /** Volumes by the `namespace/name` of the claim their claimRef names. */
  readonly byReservation: ReadonlyMap<string, kplus.PersistentVolume>;
}

const reservationKey = (name: string, namespace: string | undefined) => `${namespace ?? ''}/${name}`;

function indexVolumes(all: readonly kplus.PersistentVolume[]): VolumeIndex {
  const byName = new Map<string, kplus.PersistentVolume>();
  const byReservation = new Map<string, kplus.PersistentVolume>();
  for (const v of all) {
    byName.set(v.name, v);
    if (v.claim) byReservation.set(reservationKey(v.claim.name, claimNamespace(v.claim)), v);
  }
  return { all, byName, byReservation };
}

/** The findings for claim `c` against every volume in the app. */
function claimFindings(c: ClaimView, volumes: VolumeIndex): Finding[] {
  const claim = c.claim;
  const out: Finding[] = [...claimSpecRules(claim)];
  if (!(claim instanceof VolumeClaim)) out.push(...kplusSizeRules(claim.storage, SPEC.child('resources').key('storage')));
  const named = claim.volume;
  if (named) {
    const v = volumes.byName.get(named.name);
    if (!v) {
      out.push(warning(SPEC.child('volumeName'),
        `${q(named.name)} names no PersistentVolume in this app, so whether the claim can bind is not checked here`));
      return out;
    }
    const never = (reason: string) => `never binds ${describeVolume(v)}, ${reason}`;
    const reservedFor = v.claim;
    if (reservedFor) {
      if (reservedFor.name === c.name && claimNamespace(reservedFor) === c.namespace) return out; // case B: pre-bound both ways
      out.push(invalid(SPEC.child('volumeName'), named.name,
        `never binds: ${describeVolume(v)} is reserved for ${describeClaim(reservedFor)} by its claimRef (already bound to a different claim)`));
      return out;
    }
    // case A: the claim names the volume, which is not reserved.
    out.push(...classFindings(claim, v, never), ...fitFindings(claim, v, never));
    return out;
  }
  const reserved = volumes.byReservation.get(reservationKey(c.name, c.namespace));
  if (reserved) {
    // case D: the volume is reserved for this claim; class and selector are not consulted.
    out.push(...fitFindings(claim, reserved, (reason) => `never binds ${describeVolume(reserved)}, which is reserved for it, ${reason}`));
    return out;
  }
  const selector = claim instanceof VolumeClaim ? claim.selector : undefined;
  if (selector && !selector.isEmpty()) {
    const candidates = volumes.all.filter((v) => !v.claim && matchesSelector(selector, labelsOf(v)));
    const fitting = candidates.filter((v) => (claim.storageClassName ?? '') === (v.storageClassName ?? '')
      && fitFindings(claim, v, (r) => r).length === 0);
    if (fitting.length === 0) {
      out.push(warning(SPEC.child('selector'),
        'no PersistentVolume in this app matches the selector and the claim\'s class, size, volume mode and access modes; ' +
        'claims with a selector are never provisioned, so it stays Pending unless such a volume exists in the cluster'));
    }
  }
  return out;
}

/**
 * cdk8s-plus-27 renders every size as whole gibibytes and throws while writing a size that is not
 * one (a partial write). Caught here, before anything is written, for its own PVs and claims.
 */
function kplusSizeRules(size: import('cdk8s').Size | undefined, at: FieldPath): Finding[] {
  if (!size) return [];
  const gib = sizeInBytes(size) / (1024 ** 3);
  return Number.isInteger(gib) ? [] : [invalid(at, exactQuantity(size),
    'cdk8s-plus-27 writes sizes in whole Gi and fails on this one while writing manifests; use VolumeClaim or a cdk8s-storage PersistentVolume, which write the exact size')];
}

/** Findings for a cdk8s-plus-27 PersistentVolume that is not ours. */
function kplusVolumeFindings(v: kplus.PersistentVolume): Finding[] {
  const out: Finding[] = [...kplusSizeRules(v.storage, SPEC.child('capacity'))];
  if (v.claim) {
    out.push(required(SPEC.child('claimRef', 'namespace'),
      `cdk8s-plus-27 writes claimRef without a namespace, so ${describeClaim(v.claim)} never binds this volume: use a cdk8s-storage PersistentVolume, or bind from the claim side only`));
  }
  return out;
}

const armed = new WeakSet<IConstruct>();
const indexes = new WeakMap<IConstruct, VolumeIndex>();

/**
 * Runs at synth, on the root, before cdk8s validates the rest of the tree: indexes the volumes of
 * the app for this synth and attaches the checks to claims and volumes not yet armed.
 */
function arm(root: IConstruct): void {
  const all = root.node.findAll();
  indexes.set(root, indexVolumes(all.filter((c): c is kplus.PersistentVolume => c instanceof kplus.PersistentVolume)));
  for (const c of all) {
    if (armed.has(c)) continue;
    if (c instanceof kplus.PersistentVolumeClaim) {
      armed.add(c);
      const view: ClaimView = { claim: c, name: c.name, namespace: claimNamespace(c) };
      addRules(c, () => claimFindings(view, indexes.get(root)!));
    } else if (c instanceof kplus.PersistentVolume && !(c instanceof StoragePersistentVolume)) {
      armed.add(c);
      addRules(c, () => kplusVolumeFindings(c));
    }
  }
}

setBindingArmer(arm);
