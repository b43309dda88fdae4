import { ApiObject, ApiObjectMetadata, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppState } from '../app/app-state';
import { addRules } from '../app/validation';
import { FieldError, invalid, required, tooLong } from '../rules/errors';
import { FieldPath } from '../rules/field-path';
import { textRules } from '../rules/manifest-text';
import { NameRule, nameErrors } from '../rules/names';
import { given, instanceShape, isString, stringShape } from '../rules/shapes';

/**
 * Where a volume takes a Secret from. Backends wrap this in their public credentials class
 * (`IscsiCredentials.fromSecret(...)`, `IscsiCredentials.fromChap(...)`) and never build a
 * Secret themselves: `materialize` does, with the type and keys the backend declares.
 */
export type SecretSource =
  | { readonly kind: 'existing'; readonly secret: kplus.ISecret; readonly namespace?: string; readonly problems?: readonly FieldError[] }
  | { readonly kind: 'generated'; readonly data: Readonly<Record<string, string>>; readonly metadata?: ApiObjectMetadata; readonly problems?: readonly FieldError[] };

/*
 * `problems`: what a static factory (which has no construct to report on) found wrong with its
 * input, e.g. a password that is no string. `materialize` reports them on the Secret it creates,
 * `secretReferenceRules` where the reference lands, so they are errors at synth like any other.
 */

/** The Secret a volume source refers to, once it exists in the app or is known by name. */
export interface SecretRef {
  readonly name: string;
  /** The Secret's namespace when the app knows it; PersistentVolume sources write it. */
  readonly namespace?: string;
}

/** A key a created Secret must hold, and what to tell the user when it is missing. */
export interface RequiredKey {
  readonly key: string;
  readonly detail: string;
}

/** What a backend declares about a Secret it has the library create. */
export interface SecretKind {
  /** The Secret `type`, e.g. `kubernetes.io/iscsi-chap`. */
  readonly type: string;
  /** Keys that must be present and non-empty. */
  readonly requiredKeys?: readonly RequiredKey[];
}

const KEY = /^[-._a-zA-Z0-9]+$/;
const KEY_MSG = 'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')';
const MAX_DATA_BYTES = 1024 * 1024;

function namespaceOf(secret: kplus.ISecret): string | undefined {
  return secret instanceof kplus.Secret ? secret.metadata.namespace : undefined;
}

/** Whether `v` can be read as a Secret: an object with a string `name` (every kplus.ISecret). */
export function isSecret(v: unknown): v is kplus.ISecret {
  return typeof v === 'object' && v !== null && isString((v as { name?: unknown }).name);
}

/** The shape of a factory's `secret` argument (`fromSecret(secret)`), at the field the reference lands. */
export function secretShape(at: FieldPath, v: unknown): FieldError[] {
  return instanceShape(at, v, isSecret, 'a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name)');
}

/**
 * A Secret's data from a factory's input: string values go in (under their keys); a value of
 * another type is left out and reported, redacted, at `stringData[<key>]`.
 */
export function secretData(entries: ReadonlyArray<readonly [string, unknown]>): { data: Record<string, string>; problems: FieldError[] } {
  const data: Record<string, string> = {};
  const problems: FieldError[] = [];
  for (const [key, value] of entries) {
    if (isString(value)) data[key] = value;
    else if (given(value)) problems.push(...stringShape(FieldPath.root('stringData').key(key), value, 'a string', true));
  }
  return { data, problems };
}

/**
 * The rules of a Secret the library creates, reported on the Secret itself: the API server's key
 * and size rules, text the manifest can carry, and the keys the backend needs. Values print redacted.
 */
function generatedSecretRules(data: Readonly<Record<string, string>>, kind: SecretKind): FieldError[] {
  const errs: FieldError[] = [];
  const at = FieldPath.root('stringData');
  let bytes = 0;
  for (const [key, value] of Object.entries(data)) {
    if (!KEY.test(key) || key === '.' || key === '..' || key.startsWith('..') || key.length > 253) errs.push(invalid(at.key(key), key, KEY_MSG));
    errs.push(...textRules(at.key(key), value, true));
    bytes += Buffer.byteLength(value, 'utf8');
  }
  if (bytes > MAX_DATA_BYTES) errs.push(tooLong(at, MAX_DATA_BYTES));
  for (const k of kind.requiredKeys ?? []) {
    if (!data[k.key]) errs.push(required(at.key(k.key), k.detail));
  }
  return errs;
}

/**
 * Makes the Secret exist: references an existing one, or creates a typed Secret under `scope` with
 * construct id `id` (once; later calls return the same Secret). Key material goes only into its data.
 */
export function materialize(scope: Construct, id: string, source: SecretSource, kind: SecretKind): SecretRef {
  if (source.kind === 'generated') {
    // one factory call, one Secret: volumes of one namespace that share credentials share it
    const shared = sharedSecret(scope, source, kind);
    if (shared) return shared;
  }
  if (source.kind === 'existing') {
    const namespace = isString(source.namespace) ? source.namespace : undefined;
    return { name: isSecret(source.secret) ? source.secret.name : '', namespace: namespace ?? (isSecret(source.secret) ? namespaceOf(source.secret) : undefined) };
  }
  let secret = scope.node.tryFindChild(id) as ApiObject | undefined;
  if (!secret) {
    // One ApiObject, written as cdk8s-plus-27's Secret writes it (`immutable: false`). Its data is
    // a copy that never changes, so its rules are checked once, here; they are reported at synth,
    // and a valid Secret (the usual case) carries no validation at all.
    const data = { ...source.data };
    secret = new ApiObject(scope, id, {
      apiVersion: 'v1', kind: 'Secret', metadata: source.metadata, type: kind.type, immutable: false, stringData: data,
    });
    const name = source.metadata?.name;
    const findings = [
      ...(source.problems ?? []),
      ...(name !== undefined ? nameErrors(FieldPath.root('metadata', 'name'), name, NameRule.DNS_SUBDOMAIN) : []),
      ...generatedSecretRules(data, kind),
    ];
    if (findings.length > 0) addRules(secret, () => findings);
    remember(scope, source, kind, secret, findings);
  }
  return { name: secret.name, namespace: secret.metadata.namespace };
}

export interface Made {
  readonly secret: ApiObject;
  readonly type: string;
  /** The Secret's findings: a later consumer adds the keys it needs and the first did not. */
  readonly findings: FieldError[];
  readonly keys: Set<string>;
}

/** Secrets created from each generated source, per namespace, in the app's state. */
function remember(scope: Construct, source: SecretSource, kind: SecretKind, secret: ApiObject, findings: FieldError[]): void {
  const made = AppState.of(scope).secretsMade;
  let byNs = made.get(source);
  if (!byNs) made.set(source, byNs = new Map());
  const ns = secret.metadata.namespace ?? '';
  if (!byNs.has(ns)) byNs.set(ns, { secret, type: kind.type, findings, keys: new Set((kind.requiredKeys ?? []).map((k) => k.key)) });
}

/** The Secret an earlier consumer of `source` created in this app and namespace (of the same type), if any. */
function sharedSecret(scope: Construct, source: SecretSource, kind: SecretKind): SecretRef | undefined {
  const ns = Chart.of(scope).namespace ?? '';
  const prior = AppState.of(scope).secretsMade.get(source)?.get(ns);
  if (!prior || prior.type !== kind.type || source.kind !== 'generated') return undefined;
  const at = FieldPath.root('stringData');
  for (const k of kind.requiredKeys ?? []) {
    if (prior.keys.has(k.key)) continue;
    prior.keys.add(k.key);
    if (source.data[k.key]) continue;
    // a valid Secret carries no rule; it gets one when a later consumer finds a key missing
    if (prior.findings.length === 0) addRules(prior.secret, () => prior.findings);
    prior.findings.push(required(at.key(k.key), k.detail));
  }
  return { name: prior.secret.name, namespace: prior.secret.metadata.namespace };
}

/** Rules for a reference to an existing Secret, at the field where the reference lands (`spec.iscsi.secretRef`). */
export function secretReferenceRules(source: SecretSource, at: FieldPath): FieldError[] {
  if (source.kind !== 'existing') return [];
  // the factory's arguments, as a JavaScript or Python caller may have passed them
  const errs: FieldError[] = [...(source.problems ?? []), ...secretShape(at, source.secret), ...stringShape(at.child('namespace'), source.namespace)];
  if (!isSecret(source.secret)) return errs;
  if (!source.secret.name) errs.push(required(at.child('name')));
  else errs.push(...nameErrors(at.child('name'), source.secret.name, NameRule.DNS_SUBDOMAIN));
  if (isString(source.namespace)) errs.push(...nameErrors(at.child('namespace'), source.namespace, NameRule.DNS_LABEL));
  return errs;
}

/** Where a Secret reference lands: a Pod volume (name only) or a PersistentVolume (name and namespace). */
export enum SecretRefSite {
  /** A Pod reads the Secret from its own namespace: `LocalObjectReference`, the name only. */
  POD = 'pod',
  /** A PersistentVolume names the Secret's namespace when the app knows it: `SecretReference`. */
  PERSISTENT_VOLUME = 'pv',
}

/** The `secretRef` (or CSI `nodeStageSecretRef`) a volume source writes for a Secret. */
export function secretRefAt(secret: SecretRef | undefined, site: SecretRefSite): { name: string; namespace?: string } | undefined {
  if (!secret) return undefined;
  return site === SecretRefSite.POD ? { name: secret.name } : { name: secret.name, namespace: secret.namespace };
}
