import { ApiObjectMetadataDefinition, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { resolveTarget } from '../policy/version';
import { accessModeRules } from '../rules/access';
import { FieldError, Finding, forbidden, invalid, required, warning } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';
import { NameRule, labelValueErrors, nameErrors, qualifiedNameErrors } from '../rules/names';
import { exactQuantity, sizeInBytes } from '../rules/quantities';
import { given, isSize, isString, sizeShape, stringShape } from '../rules/shapes';

const SPEC = FieldPath.root('spec');
/** Where kube-apiserver reports a claim's requested size: missing or not positive (its warnings name requests[storage]). */
export const CLAIM_STORAGE_REQUIRED = SPEC.child('resources').key('storage');
/** Where kube-apiserver warns about a claim's size (a fraction of a byte), and where the binding check points. */
export const CLAIM_STORAGE = SPEC.child('resources', 'requests').key('storage');

/** A claim that knows its namespace without being a construct of the app (an existing claim). */
export interface NamespacedClaim extends kplus.IPersistentVolumeClaim {
  readonly claimNamespace?: string;
}

/**
 * A PersistentVolume of the app as the binding check reads it: cdk8s-storage's
 * (`StoragePersistentVolume`) and cdk8s-plus-27's have these members alike.
 */
export interface AppVolume extends kplus.IPersistentVolume {
  readonly metadata: ApiObjectMetadataDefinition;
  readonly storage?: Size;
  readonly mode?: kplus.PersistentVolumeMode;
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  readonly storageClassName?: string;
  readonly claim?: kplus.IPersistentVolumeClaim;
}

/** A claim of the app as the binding check reads it: `VolumeClaim` and cdk8s-plus-27's alike. */
export interface AppClaim extends kplus.IPersistentVolumeClaim {
  readonly metadata: ApiObjectMetadataDefinition;
  readonly storage?: Size;
  readonly volumeMode?: kplus.PersistentVolumeMode;
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  readonly storageClassName?: string;
  readonly volume?: kplus.IPersistentVolume;
}

// Markers on the library's own classes (on their prototypes: nothing per object): a property
// read, cheaper than a WeakSet lookup on every construct of a large app at every validation pass.
const OWN_VOLUME = Symbol.for('cdk8s-storage.ownVolume');
const OWN_CLAIM = Symbol.for('cdk8s-storage.ownClaim');
type Marked = { [OWN_VOLUME]?: true; [OWN_CLAIM]?: true; selector?: kplus.LabelSelector };

/** Marks a class's objects as cdk8s-storage's volumes (they check themselves; cdk8s-plus-27's get extra checks). */
export function markOwnVolumes(cls: { readonly prototype: object }): void {
  Object.defineProperty(cls.prototype, OWN_VOLUME, { value: true });
}

/** Marks a class's objects as cdk8s-storage's claims; their `selector` is the claim's. */
export function markOwnClaims(cls: { readonly prototype: object }): void {
  Object.defineProperty(cls.prototype, OWN_CLAIM, { value: true });
}

/** Whether `c` is a cdk8s-storage PersistentVolume. */
export function isOwnVolume(c: IConstruct): boolean {
  return (c as Marked)[OWN_VOLUME] === true;
}

/** Whether `c` is a cdk8s-storage claim (`VolumeClaim`). */
export function isOwnClaim(c: IConstruct): boolean {
  return (c as Marked)[OWN_CLAIM] === true;
}

/** The selector of a cdk8s-storage claim. */
export function selectorOf(c: AppClaim): kplus.LabelSelector | undefined {
  return isOwnClaim(c) ? (c as Marked).selector : undefined;
}

const PLACE = Symbol.for('cdk8s-storage.place');

/**
 * Where messages say an object is: its construct path, or, for an object read from a manifest
 * (`cdk8s-storage check`), the file and line it was read from.
 */
export function placeOf(c: IConstruct): string {
  return (c as { [PLACE]?: string })[PLACE] ?? c.node.path;
}

/** Sets where messages say an object read from a manifest is (`file:line`). */
export function setPlace(c: IConstruct, place: string): void {
  Object.defineProperty(c, PLACE, { value: place });
}

/** Whether `c` is a PersistentVolume object of the app (cdk8s-storage's or cdk8s-plus-27's). */
export function isAppVolume(c: IConstruct): c is AppVolume {
  return isOwnVolume(c) || c instanceof kplus.PersistentVolume;
}

/** Whether `c` is a claim object of the app (cdk8s-storage's or cdk8s-plus-27's). */
export function isAppClaim(c: IConstruct): c is AppClaim {
  return isOwnClaim(c) || c instanceof kplus.PersistentVolumeClaim;
}

/** The namespace a claim lives in, when the app knows it. */
export function claimNamespace(claim: kplus.IPersistentVolumeClaim): string | undefined {
  if (isAppClaim(claim)) return claim.metadata.namespace;
  return (claim as NamespacedClaim).claimNamespace;
}

/** `"ns/name"` or `"name"`, quoted, for messages. */
export function describeClaim(claim: kplus.IPersistentVolumeClaim): string {
  const ns = claimNamespace(claim);
  return `claim ${quote(ns ? `${ns}/${claim.name}` : claim.name)}`;
}

/** `ns/name` (or `name`), for a claimRef in messages. */
export function describeClaimRef(claim: kplus.IPersistentVolumeClaim): string {
  const ns = claimNamespace(claim);
  return ns ? `${ns}/${claim.name}` : claim.name;
}

/** metadata.name under the object's name rule (a generated name always passes). */
export function metadataNameRules(resource: { readonly name: string }, rule: NameRule): FieldError[] {
  return nameErrors(FieldPath.root('metadata', 'name'), resource.name, rule);
}

/**
 * A storage size as the API server checks it: present (Required at `field`), above zero (at
 * `value`), and a whole number of bytes (only a warning, as kube-apiserver gives for claims).
 */
export function sizeRules(field: FieldPath, value: FieldPath, size: Size | undefined, warnAt: FieldPath = value): Finding[] {
  if (!given(size)) return [required(field)];
  if (!isSize(size)) return sizeShape(value, size);
  const bytes = sizeInBytes(size);
  if (!(bytes > 0)) return [invalid(value, exactQuantity(size), 'must be greater than zero')];
  if (!Number.isInteger(bytes)) return [warning(warnAt, `fractional byte value ${quote(exactQuantity(size))} is invalid, must be an integer`)];
  return [];
}

/** `storageClassName`: empty means "no class"; anything else is a DNS subdomain. */
export function storageClassNameRules(name: string | undefined): FieldError[] {
  if (given(name) && !isString(name)) return stringShape(SPEC.child('storageClassName'), name);
  return name ? nameErrors(SPEC.child('storageClassName'), name, NameRule.DNS_SUBDOMAIN) : [];
}

/** apimachinery's LabelSelector validation. */
export function selectorRules(at: FieldPath, selector: kplus.LabelSelector): FieldError[] {
  const k = selector._toKube();
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(k.matchLabels ?? {})) {
    errs.push(...qualifiedNameErrors(at.child('matchLabels'), key), ...labelValueErrors(at.child('matchLabels'), value));
  }
  (k.matchExpressions ?? []).forEach((e, i) => {
    const ep = at.child('matchExpressions').index(i);
    const values = e.values ?? [];
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      errs.push(required(ep.child('values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    }
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      errs.push(forbidden(ep.child('values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    }
    errs.push(...qualifiedNameErrors(ep.child('key'), e.key));
  });
  return errs;
}

/**
 * A selector that no set of labels can match: the claim is never provisioned (it has a selector)
 * and no volume can match it, so it never binds. Reported once, at the requirement that
 * contradicts an earlier one (matchLabels first, then matchExpressions in order).
 */
export function contradictionRules(at: FieldPath, selector: kplus.LabelSelector): FieldError[] {
  const k = selector._toKube();
  // `why` is text for an error only: built when one is reported
  const must = new Map<string, { values?: Set<string>; absent?: boolean; why: () => string }>();
  const never = (p: FieldPath, key: string, detail: string) =>
    [invalid(p, key, `${detail}: the selector matches no labels, and a claim with a selector is never provisioned, so it never binds`)];
  for (const [key, value] of Object.entries(k.matchLabels ?? {})) {
    must.set(key, { values: new Set([value]), why: () => `matchLabels[${key}] ${quote(value)}` });
  }
  const exprs = k.matchExpressions ?? [];
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    const p = at.child('matchExpressions').index(i);
    const prev = must.get(e.key);
    const vals = new Set(e.values ?? []);
    switch (e.operator) {
      case 'In': {
        if (prev?.absent) return never(p, e.key, `contradicts ${prev.why()}`);
        const left = prev?.values ? new Set([...prev.values].filter((v) => vals.has(v))) : vals;
        if (vals.size > 0 && left.size === 0) return never(p, e.key, `has no value in common with ${prev!.why()}`);
        must.set(e.key, { values: left, why: prev ? () => `${prev.why()} and matchExpressions[${i}]` : () => `matchExpressions[${i}]` });
        break;
      }
      case 'NotIn': {
        if (prev?.values) {
          const left = new Set([...prev.values].filter((v) => !vals.has(v)));
          if (left.size === 0) return never(p, e.key, `excludes every value ${prev.why()} allows`);
          must.set(e.key, { ...prev, values: left });
        }
        break;
      }
      case 'Exists':
        if (prev?.absent) return never(p, e.key, `contradicts ${prev.why()}`);
        if (!prev) must.set(e.key, { why: () => `matchExpressions[${i}]` });
        break;
      case 'DoesNotExist':
        if (prev && !prev.absent) return never(p, e.key, `contradicts ${prev.why()}`);
        must.set(e.key, { absent: true, why: () => `matchExpressions[${i}] (DoesNotExist)` });
        break;
      default:
    }
  }
  return [];
}

/** A claim's selector: the API server's rules, then (when they pass) whether it can match anything. */
function selectorFindings(selector: kplus.LabelSelector): FieldError[] {
  const at = SPEC.child('selector');
  const errs = selectorRules(at, selector);
  return errs.length > 0 ? errs : contradictionRules(at, selector);
}

/**
 * The API server's rules for a claim spec, applied to every claim of the app (cdk8s-plus-27's own
 * `reserve()` writes claims the API server rejects). `selector` is the claim's, if it has one.
 */
export function claimSpecRules(claim: AppClaim, selector?: kplus.LabelSelector): Finding[] {
  return [
    ...((claim as { _shapes?: FieldError[] })._shapes ?? []), // a VolumeClaim's props, checked by shape
    ...((claim as { _rebinds?: FieldError[] })._rebinds ?? []), // its bind() calls that could not take effect
    ...metadataNameRules(claim, NameRule.DNS_SUBDOMAIN),
    ...accessModeRules(SPEC, claim.accessModes, undefined, resolveTarget(claim).version),
    // kube-apiserver: Required and "must be greater than zero" at spec.resources[storage], its
    // fractional-byte warning at spec.resources.requests[storage]
    ...sizeRules(CLAIM_STORAGE_REQUIRED, CLAIM_STORAGE_REQUIRED, claim.storage, CLAIM_STORAGE),
    ...storageClassNameRules(claim.storageClassName),
    ...(selector ? selectorFindings(selector) : []),
  ];
}
