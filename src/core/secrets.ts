import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FieldError, REDACTED, invalid, required, tooLong } from './errors';
import { FieldPath } from './field-path';
import { NameRule, nameErrors } from './names';

/**
 * Where a volume takes a Secret from. Backends wrap this in their public credentials class
 * (`IscsiCredentials.fromSecret(...)`, `IscsiCredentials.fromChap(...)`) and never build a
 * Secret themselves: `materialize` does, with the type and keys the backend declares.
 */
export type SecretSource =
  | { readonly kind: 'existing'; readonly secret: kplus.ISecret; readonly namespace?: string }
  | { readonly kind: 'generated'; readonly data: Readonly<Record<string, string>>; readonly metadata?: ApiObjectMetadata };

/** The Secret a volume source refers to, once it exists in the app or is known by name. */
export interface SecretRef {
  readonly name: string;
  /** Only PersistentVolume sources carry it; undefined means "the claim's namespace". */
  readonly namespace?: string;
}

/** What a backend declares about the Secrets it has the library create. */
export interface SecretKind {
  /** The Secret `type`, e.g. `kubernetes.io/iscsi-chap`. */
  readonly type: string;
}

const KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_DATA_BYTES = 1024 * 1024;

function namespaceOf(secret: kplus.ISecret): string | undefined {
  const md = (secret as { metadata?: { namespace?: string } }).metadata;
  return md?.namespace;
}

/**
 * Makes the Secret exist: references an existing one, or creates a typed Secret under `scope` with
 * construct id `id` (once; later calls return the same Secret). Key material goes only into its data.
 */
export function materialize(scope: Construct, id: string, source: SecretSource, kind: SecretKind): SecretRef {
  if (source.kind === 'existing') {
    return { name: source.secret.name, namespace: source.namespace ?? namespaceOf(source.secret) };
  }
  const existing = scope.node.tryFindChild(id) as kplus.Secret | undefined;
  const secret = existing ?? new kplus.Secret(scope, id, {
    type: kind.type,
    metadata: source.metadata,
    stringData: { ...source.data },
  });
  return { name: secret.name, namespace: secret.metadata.namespace };
}

/**
 * Rules for a secret source: reference names and namespaces, and the keys and size of a generated
 * Secret (values are checked by the backend, which knows which keys it needs; they print redacted).
 * `at` is where the reference lands in the manifest (`spec.iscsi.secretRef`).
 */
export function secretSourceRules(source: SecretSource, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (source.kind === 'existing') {
    if (!source.secret.name) errs.push(required(at.child('name')));
    else errs.push(...nameErrors(at.child('name'), source.secret.name, NameRule.DNS_SUBDOMAIN));
    if (source.namespace !== undefined) errs.push(...nameErrors(at.child('namespace'), source.namespace, NameRule.DNS_LABEL));
    return errs;
  }
  const name = source.metadata?.name;
  if (name !== undefined) errs.push(...nameErrors(FieldPath.root('metadata', 'name'), name, NameRule.DNS_SUBDOMAIN));
  let bytes = 0;
  for (const [key, value] of Object.entries(source.data)) {
    const kp = FieldPath.root('data').key(key);
    if (!KEY.test(key) || key === '.' || key === '..' || key.startsWith('..') || key.length > 253) {
      errs.push(invalid(kp, key, 'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')'));
    }
    bytes += Buffer.byteLength(value, 'utf8');
  }
  if (bytes > MAX_DATA_BYTES) errs.push(tooLong(FieldPath.root('data'), MAX_DATA_BYTES));
  return errs;
}

/** A required secret value: Required when empty, otherwise nothing. The value itself never prints. */
export function requiredSecretValue(at: FieldPath, value: string | undefined, detail?: string): FieldError[] {
  return value === undefined || value === '' ? [required(at, detail)] : [];
}

/** For messages that must mention a secret value: always `<redacted>`. */
export const SECRET_VALUE = REDACTED;
