import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppState } from './app-state';
import { AppIndex, indexApp, poolOf } from './binding-index';
import { kplusWritesExactClaimSizes } from './kplus-adapter';
import { addRules } from './validation';
import { AppClaim, AppVolume, CLAIM_STORAGE, claimNamespace, claimSpecRules, describeClaim, isAppClaim, isAppVolume, isOwnClaim, isOwnVolume, placeOf, selectorOf } from '../objects/claims';
import { accessModeRules } from '../rules/access';
import { FieldError, Finding, duplicate, formatValue, invalid, isWarning, required, warning } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';
import { exactQuantity, sizeInBytes } from '../rules/quantities';
import { isSize } from '../rules/shapes';

/*
 * Can claim C ever bind volume V? The PV controller's rules (reference §5), checked at synth for
 * every claim of the app that names a PersistentVolume (`volume`/`bind()`), every volume reserved
 * for a claim (`claimRef`), and every claim with a selector — cdk8s-storage's and cdk8s-plus-27's
 * alike. Findings land on the claim (on the volume for claimRef problems) and name both objects.
 */

const SPEC = FieldPath.root('spec');
const FS = kplus.PersistentVolumeMode.FILE_SYSTEM;

function describeVolume(v: AppVolume): string {
  return `PersistentVolume ${quote(v.name)} (${placeOf(v)})`;
}

const q = (s: string | undefined) => quote(s ?? '');

/** Size, volume mode and access modes: what cases A (claim names V) and D (V reserved for C) check. */
function fitFindings(c: AppClaim, v: AppVolume, why: (reason: string) => string): FieldError[] {
  const out: FieldError[] = [];
  if (isSize(c.storage) && isSize(v.storage) && sizeInBytes(c.storage) > sizeInBytes(v.storage)) {
    out.push(invalid(CLAIM_STORAGE, exactQuantity(c.storage),
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

/** What the controller binds without checking, for a claim and volume that name each other. */
function preBoundFindings(c: AppClaim, v: AppVolume): Finding[] {
  const but = (reason: string) => `binds ${describeVolume(v)} although it does not fit, ${reason}: ` +
    'pre-bound from both sides (claimRef and volumeName), the PV controller binds without checking, and the claim gets what the volume has';
  const misfits = [...fitFindings(c, v, but)];
  const volumeClass = v.storageClassName ?? '';
  if (c.storageClassName !== undefined && c.storageClassName !== volumeClass) {
    misfits.push(invalid(SPEC.child('storageClassName'), c.storageClassName, but(`whose storageClassName is ${q(volumeClass)} (storageClassName does not match)`)));
  }
  return misfits.map((f) => warning(f.path, `${formatValue(f.value!)} ${f.detail}`));
}

/** Whether claim `c`, naming unreserved volume `v`, can bind it (an unset class counts as can). */
function couldBind(c: AppClaim, v: AppVolume): boolean {
  const cls = c.storageClassName;
  return (cls === undefined || cls === (v.storageClassName ?? '')) && fitFindings(c, v, (r) => r).length === 0;
}

/** Class equality with nil and "" as Kubernetes reads them: an unset class depends on the cluster. */
function classFindings(c: AppClaim, v: AppVolume, why: (reason: string) => string): Finding[] {
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


/** Everything the binding check says about claim `claim`. */
function claimFindings(claim: AppClaim, idx: AppIndex): Finding[] {
  const name = claim.name;
  const namespace = claimNamespace(claim);
  const selector = selectorOf(claim);
  const out: Finding[] = [...claimSpecRules(claim, selector)];
  if (!isOwnClaim(claim) && !kplusWritesExactClaimSizes()) out.push(...kplusSizeRules(claim.storage, CLAIM_STORAGE));
  const first = idx.claimByKey.get(name, namespace);
  if (first !== claim) {
    out.push(duplicate(FieldPath.root('metadata', 'name'), name));
    return out;
  }

  const named = claim.volume;
  if (named) {
    const v = idx.volumeByName.get(named.name);
    if (!v) {
      out.push(warning(SPEC.child('volumeName'), `${q(named.name)} names no PersistentVolume in this app, so whether the claim can bind is not checked here`));
      return out;
    }
    const reservedFor = v.claim;
    if (reservedFor) {
      if (reservedFor.name === name && claimNamespace(reservedFor) === namespace) {
        // case B: pre-bound both ways. The controller binds without checking anything (its
        // syncUnboundClaim finishes a binding the volume's claimRef already made), so a claim
        // gets a volume smaller than it asked, of other access modes, mode or class: say so.
        out.push(...preBoundFindings(claim, v));
        return out;
      }
      out.push(invalid(SPEC.child('volumeName'), named.name,
        `never binds: ${describeVolume(v)} is reserved for ${describeClaim(reservedFor)} by its claimRef (already bound to a different claim)`));
      return out;
    }
    // case A: the claim names the volume, which is not reserved. The controller checks class and
    // fit (checkVolumeSatisfyClaim), and binds the first claim it syncs that passes: of several
    // claims that could bind one volume, only one does.
    const never = (reason: string) => `never binds ${describeVolume(v)}, ${reason}`;
    const findings = [...classFindings(claim, v, never), ...fitFindings(claim, v, never)];
    out.push(...findings);
    if (findings.some((f) => !isWarning(f))) return out;
    const namers = idx.claimsOf.get(v.name)!;
    const rival = namers.slice(0, namers.indexOf(claim)).find((c) => couldBind(c, v));
    if (rival) {
      out.push(invalid(SPEC.child('volumeName'), named.name,
        `${describeClaim(rival)} (${placeOf(rival)}) names ${describeVolume(v)} too and fits it, and one PersistentVolume binds one claim: ` +
        'whichever the controller sees first binds, the other stays Pending'));
    }
    return out;
  }
  const reserved = idx.volumeByReservation.get(name, namespace);
  if (reserved) {
    // case D: the volume is reserved for this claim; class and selector are not consulted.
    out.push(...fitFindings(claim, reserved, (reason) => `never binds ${describeVolume(reserved)}, which is reserved for it, ${reason}`));
    return out;
  }
  // case E: neither side names the other; only a claim that is never provisioned is checked here
  const selecting = selector !== undefined && !selector.isEmpty();
  if (!selecting && claim.storageClassName !== '') return out;
  const fitting = poolOf(idx).fits(claim, selecting ? selector : undefined);
  if (!fitting && selecting) {
    out.push(warning(SPEC.child('selector'),
      'no PersistentVolume in this app matches the selector and the claim\'s class, size, volume mode and access modes; ' +
      'claims with a selector are never provisioned, so it stays Pending unless such a volume exists in the cluster'));
  } else if (!fitting) {
    out.push(warning(SPEC.child('storageClassName'),
      'is "", so the claim is never provisioned, and no unreserved PersistentVolume in this app without a class fits its size, ' +
      'volume mode and access modes: it stays Pending unless such a volume exists in the cluster'));
  }
  return out;
}

/**
 * cdk8s-plus-27 renders every size as whole gibibytes and throws while writing a size that is not
 * one (a partial write). Caught here, before anything is written, for its own volumes and claims.
 */
function kplusSizeRules(size: Size | undefined, at: FieldPath): Finding[] {
  if (!isSize(size)) return [];
  const gib = sizeInBytes(size) / (1024 ** 3);
  return Number.isInteger(gib) ? [] : [invalid(at, exactQuantity(size),
    'cdk8s-plus-27 writes sizes in whole Gi and fails on this one while writing manifests; use VolumeClaim or a cdk8s-storage PersistentVolume, which write the exact size')];
}

/** What the binding check says about volume `v`: names, claimRef, and cdk8s-plus-27's own volumes. */
function volumeFindings(v: AppVolume, idx: AppIndex): Finding[] {
  const out: Finding[] = [];
  const first = idx.volumeByName.get(v.name)!;
  if (first !== v) {
    out.push(duplicate(FieldPath.root('metadata', 'name'), v.name));
  }
  if (!isOwnVolume(v)) {
    out.push(...accessModeRules(SPEC, v.accessModes), ...kplusSizeRules(v.storage, SPEC.child('capacity').key('storage')));
    if (v.claim) {
      out.push(required(SPEC.child('claimRef', 'namespace'),
        `cdk8s-plus-27 writes claimRef without a namespace, so ${describeClaim(v.claim)} never binds this volume: use a cdk8s-storage PersistentVolume, or bind from the claim side only`));
    }
    return out;
  }
  if (v.claim) {
    const c = idx.claimByKey.get(v.claim.name, claimNamespace(v.claim));
    const ref = `${claimNamespace(v.claim) ?? ''}/${v.claim.name}`;
    const rival = idx.volumeByReservation.get(v.claim.name, claimNamespace(v.claim))!;
    if (c?.volume && c.volume.name !== v.name) {
      out.push(invalid(SPEC.child('claimRef'), ref,
        `never binds: the claim names PersistentVolume ${q(c.volume.name)} instead, and a claim that names a volume binds only that one`));
    } else if (rival !== v && !c?.volume) {
      // the referee saw it: the controller binds the claim to one of them, not always the first
      out.push(invalid(SPEC.child('claimRef'), ref,
        `${describeVolume(rival)} is reserved for the same claim, and a claim binds one volume: whichever the controller finds first binds, ` +
        'the other stays Available, reserved for a claim that never takes it'));
    }
  }
  return out;
}

function indexOf(c: IConstruct): AppIndex {
  return AppState.of(c).bindingIndex ?? indexApp(c.node.root.node.findAll()); // validated outside an app synth
}

/** The binding check's findings for a cdk8s-storage claim (it calls this from its own rules). */
export function claimBindingFindings(claim: AppClaim): Finding[] {
  return claimFindings(claim, indexOf(claim));
}

/** The binding check's findings for a cdk8s-storage PersistentVolume (called from its own rules). */
export function volumeBindingFindings(v: AppVolume): Finding[] {
  return volumeFindings(v, indexOf(v));
}

/**
 * The binding check over volumes and claims that are no cdk8s app's (the objects of manifests that
 * `cdk8s-storage check` read, modelled as cdk8s-storage's own): every finding, by the object it is about.
 */
export function bindingFindingsOf(all: readonly IConstruct[]): Map<IConstruct, Finding[]> {
  const idx = indexApp(all);
  const out = new Map<IConstruct, Finding[]>();
  for (const c of all) {
    const found = isAppClaim(c) ? claimFindings(c, idx) : isAppVolume(c) ? volumeFindings(c, idx) : [];
    if (found.length > 0) out.set(c, found);
  }
  return out;
}

/**
 * Once per synth: index the app, and attach the checks to cdk8s-plus-27's claims and volumes
 * (cdk8s-storage's run them from their own rules).
 */
export function armBindingChecks(root: IConstruct, all: readonly IConstruct[]): void {
  const state = AppState.of(root);
  state.bindingIndex = indexApp(all, (c) => {
    if (state.bindingArmed.has(c)) return;
    state.bindingArmed.add(c);
    if (c instanceof kplus.PersistentVolumeClaim) addRules(c, () => claimBindingFindings(c));
    else addRules(c, () => volumeBindingFindings(c));
  });
}
