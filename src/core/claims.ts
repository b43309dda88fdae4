import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { accessModeRules } from './access';
import { FieldError, Finding, forbidden, invalid, required, warning } from './errors';
import { FieldPath, quote } from './field-path';
import { NameRule, labelValueErrors, nameErrors, qualifiedNameErrors } from './names';
import { exactQuantity, sizeInBytes } from './quantities';

const SPEC = FieldPath.root('spec');

/** A claim that knows its namespace without being a construct of the app (an existing claim). */
export interface NamespacedClaim extends kplus.IPersistentVolumeClaim {
  readonly claimNamespace?: string;
}

/** The namespace a claim lives in, when the app knows it. */
export function claimNamespace(claim: kplus.IPersistentVolumeClaim): string | undefined {
  if (claim instanceof kplus.PersistentVolumeClaim) return claim.metadata.namespace;
  return (claim as NamespacedClaim).claimNamespace;
}

/** `"ns/name"` or `"name"`, quoted, for messages. */
export function describeClaim(claim: kplus.IPersistentVolumeClaim): string {
  const ns = claimNamespace(claim);
  return `claim ${quote(ns ? `${ns}/${claim.name}` : claim.name)}`;
}

/** What the user wrote into metadata (generated names are always valid). */
export function userMetadata(resource: kplus.Resource): { name?: string; namespace?: string } {
  return ApiObject.of(resource).metadata.toJson() as { name?: string; namespace?: string };
}

/** metadata.name under the object's name rule (a generated name always passes). */
export function metadataNameRules(resource: kplus.Resource, rule: NameRule): FieldError[] {
  return nameErrors(FieldPath.root('metadata', 'name'), resource.name, rule);
}

/**
 * A storage size as the API server checks it: present (Required at `field`), above zero (at
 * `value`), and a whole number of bytes (only a warning, as kube-apiserver gives for claims).
 */
export function sizeRules(field: FieldPath, value: FieldPath, size: Size | undefined): Finding[] {
  if (!size) return [required(field)];
  const bytes = sizeInBytes(size);
  if (!(bytes > 0)) return [invalid(value, exactQuantity(size), 'must be greater than zero')];
  if (!Number.isInteger(bytes)) return [warning(value, `fractional byte value ${quote(exactQuantity(size))} is invalid, must be an integer`)];
  return [];
}

/** `storageClassName`: empty means "no class"; anything else is a DNS subdomain. */
export function storageClassNameRules(name: string | undefined): FieldError[] {
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
 * The API server's rules for a claim spec, applied to every claim of the app (cdk8s-plus-27's own
 * `reserve()` writes claims the API server rejects). `selector` is the claim's, if it has one.
 */
export function claimSpecRules(claim: kplus.PersistentVolumeClaim, selector?: kplus.LabelSelector): Finding[] {
  const storage = SPEC.child('resources').key('storage');
  return [
    ...metadataNameRules(claim, NameRule.DNS_SUBDOMAIN),
    ...accessModeRules(SPEC, claim.accessModes),
    ...sizeRules(storage, storage, claim.storage),
    ...storageClassNameRules(claim.storageClassName),
    ...(selector ? selectorRules(SPEC.child('selector'), selector) : []),
  ];
}
