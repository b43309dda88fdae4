import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ACCOUNT_KEY_KEY, ACCOUNT_NAME, ACCOUNT_NAME_KEY, ACCOUNT_NAME_MSG, BASE64, KEY_MSG, accountNameRules } from './names';
import { RequiredKey, SecretRef, SecretSource, isSecret, materialize, secretData, secretShape } from '../core/objects/secrets';
import { FieldError, Finding, REDACTED, invalid, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { NameRule, nameErrors } from '../core/rules/names';
import { given, instanceShape, isPlainObject, isString, stringOf, stringShape, typeOf } from '../core/rules/shapes';

/** How to give a referenced Secret a namespace, for messages. */
export const NAMESPACE_FIX = 'give the Chart of the Secret\'s reference a namespace, or pass namespace to AzureFileCredentials.fromSecret';

/** Options for credentials the library stores in a new Secret. */
export interface AzureFileAccountKeyOptions {
  /**
   * The storage account's name: 3 to 24 lower case letters and digits.
   *
   * @see https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name
   */
  readonly accountName: string;

  /**
   * One of the storage account's access keys, in base64. It goes only into the Secret's data.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#azurefile
   */
  readonly accountKey: string;

  /**
   * The Secret's name.
   *
   * @default - derived from the construct path of the first volume or StorageClass that uses the credentials
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly secretName?: string;
}

/** Options for credentials in an existing Secret. */
export interface AzureFileSecretOptions {
  /**
   * The Secret: an Opaque Secret with the keys `azurestorageaccountname` and
   * `azurestorageaccountkey`. A cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`.
   *
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly secret: kplus.ISecret;

  /**
   * The Secret's namespace, written into PersistentVolumes and StorageClasses. A Pod volume always
   * reads the Secret from the Pod's namespace.
   *
   * @default - the Secret's own namespace when it is a Secret of this app; else the namespace of the
   * Chart the reference (`kplus.Secret.fromSecretName(scope, ...)`) is made in; else that of the
   * construct that uses the credentials; else (a Chart without a namespace) unknown, which an in-tree
   * PersistentVolume tolerates (its claim's namespace is used) and a CSI one does not
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly namespace?: string;

  /**
   * The storage account's name, when known; it makes the default volume handle of CSI
   * PersistentVolumes (`<resourceGroup>#<account>#<share>##<volume name>`).
   *
   * @default - unknown; CSI PersistentVolumes default their volume handle to their own name
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly accountName?: string;
}

const STRING_DATA = FieldPath.root('stringData');
const REQUIRED_KEYS: readonly RequiredKey[] = [
  { key: ACCOUNT_NAME_KEY, detail: 'give the storage account\'s name' },
  { key: ACCOUNT_KEY_KEY, detail: 'give one of the storage account\'s access keys' },
];

/**
 * The storage account credentials an Azure File share is mounted with: an Opaque Secret with the
 * keys `azurestorageaccountname` and `azurestorageaccountkey`, which the in-tree plugin and
 * `file.csi.azure.com` both read. A value: the volume or StorageClass that uses it creates the
 * Secret from an account name and key (once per namespace, so volumes share it), or refers to an
 * existing one.
 *
 * @example
 *
 * const account = AzureFileCredentials.fromAccountKey({
 *   accountName: 'mystorageaccount',
 *   accountKey: process.env.AZURE_STORAGE_ACCOUNT_KEY!,
 *   secretName: 'azure-file-secret',
 * });
 */
export class AzureFileCredentials {
  /** An Opaque Secret the library creates with the account's name and key. */
  public static fromAccountKey(options: AzureFileAccountKeyOptions): AzureFileCredentials {
    // a JavaScript or Python caller can pass anything: values that are no strings are left out and reported (redacted)
    const o: Partial<Record<keyof AzureFileAccountKeyOptions, unknown>> = isPlainObject(options) ? options : {};
    const { data, problems } = secretData([[ACCOUNT_NAME_KEY, o.accountName], [ACCOUNT_KEY_KEY, o.accountKey]]);
    if (given(options) && !isPlainObject(options)) {
      problems.push(invalid(STRING_DATA, REDACTED, `AzureFileCredentials.fromAccountKey takes options { accountName, accountKey } (got ${typeOf(options)})`));
    }
    problems.push(...stringShape(FieldPath.root('metadata', 'name'), o.secretName, 'a string, a DNS subdomain'));
    // a key whose value is of another type is reported by its shape, not as missing too
    const reported = new Set(problems.map((e) => e.path.toString()));
    const requiredKeys = REQUIRED_KEYS.filter((k) => !reported.has(STRING_DATA.key(k.key).toString()));
    // the data does not change: checked once, reported on the Secret
    problems.push(...accountSecretRules(data));
    const name = stringOf(o.secretName);
    const source: SecretSource = { kind: 'generated', data, metadata: name === undefined ? undefined : { name }, problems };
    return new AzureFileCredentials(source, requiredKeys, stringOf(o.accountName), undefined);
  }

  /**
   * An existing Secret holding `azurestorageaccountname` and `azurestorageaccountkey`. Its namespace:
   * `namespace` when given; else the Secret's own, for a Secret of this app; else the namespace of
   * the Chart its reference is made in (`kplus.Secret.fromSecretName(scope, ...)`), as cdk8s places
   * the Chart's objects; else that of the construct that uses the credentials.
   */
  public static fromSecret(options: AzureFileSecretOptions): AzureFileCredentials {
    const o: Partial<Record<keyof AzureFileSecretOptions, unknown>> = isPlainObject(options) ? options : {};
    const existing: ExistingSecret = { options, secret: o.secret, namespace: o.namespace, accountName: o.accountName };
    return new AzureFileCredentials(undefined, REQUIRED_KEYS, stringOf(o.accountName), existing);
  }

  /** The storage account's name, if known. */
  public readonly accountName?: string;

  /** @internal What `fromSecret` was given, checked where the reference lands. */
  public readonly _existing?: ExistingSecret;

  private constructor(
    private readonly generated: SecretSource | undefined,
    private readonly requiredKeys: readonly RequiredKey[],
    accountName: string | undefined,
    existing: ExistingSecret | undefined) {
    this.accountName = accountName;
    this._existing = existing;
  }

  /**
   * @internal The Secret as the construct `scope` (a volume, a StorageClass) refers to it: the
   * library's own, created there once per namespace (`materialize`), or the existing one.
   */
  public _bind(scope: Construct): SecretRef {
    if (this.generated) return materialize(scope, 'AccountSecret', this.generated, { type: 'Opaque', requiredKeys: this.requiredKeys });
    const e = this._existing!;
    // a Secret of this app has its own namespace (materialize reads it); one known by name is in its reference's Chart
    const own = given(e.namespace) || e.secret instanceof kplus.Secret;
    const namespace = own ? stringOf(e.namespace) : chartNamespace(e.secret) ?? chartNamespace(scope);
    return materialize(scope, 'AccountSecret', { kind: 'existing', secret: e.secret as kplus.ISecret, namespace }, { type: 'Opaque' });
  }
}

/** The namespace of the Chart `scope` is in, if any (no throw: a scope outside a Chart has none). */
function chartNamespace(scope: unknown): string | undefined {
  if (!(scope instanceof Construct)) return undefined;
  const chart = [...scope.node.scopes].reverse().find((c) => Chart.isChart(c)) as Chart | undefined;
  return chart?.namespace;
}

/** @internal What `AzureFileCredentials.fromSecret` was given, as given. */
export interface ExistingSecret {
  readonly options: unknown;
  readonly secret: unknown;
  readonly namespace: unknown;
  readonly accountName: unknown;
}

/**
 * The account name's format and the key's encoding, on the Secret the library creates. The driver
 * trims both before it uses them (getStorageAccount, GetStorageAccountFromSecret), so they are
 * checked trimmed.
 */
function accountSecretRules(data: Readonly<Record<string, string>>): FieldError[] {
  const out: FieldError[] = [];
  const name = data[ACCOUNT_NAME_KEY];
  const key = data[ACCOUNT_KEY_KEY];
  if (name) {
    const trimmed = name.trim();
    if (trimmed === '') out.push(invalid(STRING_DATA.key(ACCOUNT_NAME_KEY), name, 'must not be blank: file.csi.azure.com trims it to an empty account name'));
    else if (!ACCOUNT_NAME.test(trimmed)) out.push(invalid(STRING_DATA.key(ACCOUNT_NAME_KEY), name, ACCOUNT_NAME_MSG));
  }
  if (key && !BASE64.test(key.trim())) out.push(invalid(STRING_DATA.key(ACCOUNT_KEY_KEY), REDACTED, KEY_MSG));
  return out;
}

/** The account name `fromSecret` was given: it makes the default volume handle of CSI PersistentVolumes. */
function existingAccountRules(account: unknown): FieldError[] {
  const at = FieldPath.root('accountName');
  if (!given(account)) return [];
  return isString(account) ? accountNameRules(at, account) : stringShape(at, account, 'a string such as "mystorageaccount"');
}

/** Where a volume source or a StorageClass writes the reference to the credentials' Secret. */
export interface SecretReferenceSite {
  readonly name: FieldPath;
  /** Absent where the Secret is read from the Pod's namespace. */
  readonly namespace?: FieldPath;
}

/**
 * A reference to an existing Secret where it lands: what `fromSecret` was given (the options, the
 * Secret, its namespace and the account name, as a JavaScript or Python caller may have passed
 * them), the name's and the namespace's format. The library's own Secret is checked on the Secret itself.
 */
export function secretReferenceFindings(creds: AzureFileCredentials, site: SecretReferenceSite): Finding[] {
  const e = creds._existing;
  if (!e) return [];
  const out: Finding[] = [
    ...existingAccountRules(e.accountName),
    ...instanceShape(site.name, e.options, isPlainObject, 'options { secret, namespace, accountName } for AzureFileCredentials.fromSecret'),
    ...secretShape(site.name, e.secret),
  ];
  if (isSecret(e.secret)) {
    if (e.secret.name === '') out.push(required(site.name));
    else out.push(...nameErrors(site.name, e.secret.name, NameRule.DNS_SUBDOMAIN));
  } else if (!given(e.secret) && !(given(e.options) && !isPlainObject(e.options))) {
    out.push(required(site.name, 'give the existing Secret: AzureFileCredentials.fromSecret({ secret })'));
  }
  if (site.namespace) {
    out.push(...stringShape(site.namespace, e.namespace, 'a string, a namespace'));
    if (e.namespace === '') out.push(required(site.namespace));
    else if (isString(e.namespace)) out.push(...nameErrors(site.namespace, e.namespace, NameRule.DNS_LABEL));
  }
  return out;
}
