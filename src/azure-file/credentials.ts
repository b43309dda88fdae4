import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addRules } from '../core/app/validation';
import { SecretRef, SecretSource, isSecret, materialize, secretData, secretShape } from '../core/objects/secrets';
import { FieldError, Finding, REDACTED, invalid, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { NameRule, nameErrors } from '../core/rules/names';
import { isIPv4, isIPv6 } from '../core/rules/network';
import { given, instanceShape, isPlainObject, isString, stringOf, stringShape, typeOf } from '../core/rules/shapes';

/*
 * Azure File's names and credentials, shared by its volumes (azure-file.ts) and its StorageClass
 * (azure-file-storage-class.ts).
 */

export const AZURE_FILE_CSI = 'file.csi.azure.com';
export const ACCOUNT_NAME_KEY = 'azurestorageaccountname';
export const ACCOUNT_KEY_KEY = 'azurestorageaccountkey';

// Azure's naming rules, as the driver documents them (pkg/azurefile/azurefile.go getValidFileShareName) and
// as the Azure SDK it calls states them (armstorage accounts_client.go: "3 and 24 characters … lower-case letters only").
const SHARE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const SHARE_NAME_MSG = 'an Azure file share name must be 3 to 63 characters of lower case letters, digits and single \'-\', starting and ending with a letter or digit (e.g. \'azure-share\', regex used for validation is \'[a-z0-9]+(-[a-z0-9]+)*\')';
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const ACCOUNT_NAME_MSG = 'an Azure storage account name must be 3 to 24 characters of lower case letters and digits (e.g. \'mystorageaccount\', regex used for validation is \'[a-z0-9]{3,24}\')';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KEY_MSG = 'must be one of the storage account\'s access keys, in base64 as the Azure portal shows it under "Access keys" (not a connection string or SAS token)';

/** A share name as Azure takes it: Required when empty, Invalid when Azure can have no such share. */
export function shareNameRules(at: FieldPath, share: string): FieldError[] {
  if (share === '') return [required(at)];
  return SHARE_NAME.test(share) ? [] : [invalid(at, share, SHARE_NAME_MSG)];
}

/** A storage account name as Azure takes it. */
export function accountNameRules(at: FieldPath, account: string): FieldError[] {
  if (account === '') return [required(at)];
  return ACCOUNT_NAME.test(account) ? [] : [invalid(at, account, ACCOUNT_NAME_MSG)];
}

// ---- where the share is served: server, storage endpoint suffix, folder --------------------------

/** DNS labels of letters, digits and '-', at most 253 characters in all. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const isHostName = (s: string) => HOST_NAME.test(s) && !/^[\d.]+$/.test(s);

/**
 * `server`: the host the driver mounts instead of `<account>.file.<suffix>` (a private endpoint,
 * another cloud). NodeStageVolume trims it and, when blank, uses the default; else it writes it as the
 * host of the mount source: `//<server>/<share>` (SMB), `<server>:/<account>/<share>` (NFS).
 * (pkg/azurefile/nodeserver.go NodeStageVolume, case serverNameField)
 */
export function serverRules(at: FieldPath, server: string): Finding[] {
  if (server.trim() === '') {
    return [warning(at, `${quote(server)} is the same as unset: ${AZURE_FILE_CSI} mounts <account>.file.<storageEndpointSuffix>; give the host name, or leave server unset`)];
  }
  const text = textRules(at, server);
  if (text.length > 0) return text;
  const bracketed = /^\[(.*)\]$/.exec(server);
  if (isIPv4(server) || isIPv6(bracketed ? bracketed[1] : server) || isHostName(server)) return [];
  return [invalid(at, server, `must be a host name or IP address, without scheme, port or path (e.g. 'mystorageaccount.privatelink.file.core.windows.net'): ${AZURE_FILE_CSI} mounts //<server>/<share> (SMB) or <server>:/<account>/<share> (NFS)`)];
}

/**
 * `storageEndpointSuffix`: the cloud's storage domain; the driver mounts `<account>.file.<suffix>`
 * (when no server is given) and reaches the data plane at `https://<account>.file.<suffix>`. Blank is
 * the cloud's default. (nodeserver.go NodeStageVolume; controllerserver.go CreateVolume)
 */
export function endpointSuffixRules(at: FieldPath, suffix: string): Finding[] {
  if (suffix.trim() === '') {
    return [warning(at, `${quote(suffix)} is the same as unset: ${AZURE_FILE_CSI} uses the cloud's suffix (core.windows.net in Azure's public cloud); give the suffix, or leave storageEndpointSuffix unset`)];
  }
  const text = textRules(at, suffix);
  if (text.length > 0) return text;
  if (!isHostName(suffix)) {
    return [invalid(at, suffix, `must be a DNS domain such as 'core.windows.net' or 'core.chinacloudapi.cn', without scheme or dots at either end: ${AZURE_FILE_CSI} mounts <account>.file.<storageEndpointSuffix>`)];
  }
  if (/^file\./i.test(suffix)) {
    return [warning(at, `${AZURE_FILE_CSI} puts "<account>.file." before the suffix, so this mounts <account>.file.${suffix}: give the part after "file." (e.g. 'core.windows.net')`)];
  }
  return [];
}

// characters Azure Files refuses in directory names, as the driver checks them (utils.go invalidFolderNameChars)
// eslint-disable-next-line no-control-regex
const FOLDER_CHARS = /[\\:*?"<>|\u0000-\u001F]/;
const PLACEHOLDER = /\$\{(?:pvc\.metadata\.name|pvc\.metadata\.namespace|pv\.metadata\.name)\}/;

/**
 * `folderName`: a directory of the share, mounted instead of its root. The driver trims '/' at both
 * ends ("" and "/" are the root), refuses empty segments, "." and "..", the characters \:*?"<>|, control
 * characters and a segment ending in '.' or ' ' (utils.go isValidFolderName, called by NodeStageVolume
 * and CreateVolume), and replaces `${pvc.metadata.name}`, `${pvc.metadata.namespace}` and
 * `${pv.metadata.name}` from the claim the volume is provisioned for (CreateVolume; NodeStageVolume
 * reads them from csi.storage.k8s.io/pvc/* attributes, which only provisioning writes).
 */
export function folderNameRules(at: FieldPath, folder: string, provisioned: boolean): Finding[] {
  const text = textRules(at, folder);
  if (text.length > 0) return text;
  const trimmed = folder.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') {
    return [warning(at, `${quote(folder)} is the same as unset: ${AZURE_FILE_CSI} mounts the share's root; name a folder, or leave folderName unset`)];
  }
  const why = `${AZURE_FILE_CSI} refuses the volume ("invalid folderName")`;
  for (const seg of trimmed.split('/')) {
    let problem: string | undefined;
    if (seg === '') problem = 'must not contain an empty segment ("//")';
    else if (seg === '.' || seg === '..') problem = 'must not contain the segments "." or ".."';
    else if (FOLDER_CHARS.test(seg)) problem = 'must not contain the characters \\ : * ? " < > | or control characters';
    else if (/[. ]$/.test(seg)) problem = 'must not have a segment that ends with \'.\' or \' \'';
    if (problem) return [invalid(at, folder, `${problem}: ${why}`)];
  }
  if (!provisioned && PLACEHOLDER.test(folder)) {
    return [warning(at, `${AZURE_FILE_CSI} replaces \${pvc.metadata.name}, \${pvc.metadata.namespace} and \${pv.metadata.name} only in provisioned volumes: a static PersistentVolume mounts the folder of this literal name; name the folder`)];
  }
  return [];
}

/** How to give a referenced Secret a namespace, for messages. */
export const NAMESPACE_FIX = 'give the credentials\' Chart a namespace, or pass namespace to AzureFileCredentials.fromSecret';

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
   * @default - derived from the construct path
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
   * Chart the credentials are defined in; else (a Chart without a namespace) unknown, which an in-tree
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

/**
 * The storage account credentials an Azure File share is mounted with: an Opaque Secret with the
 * keys `azurestorageaccountname` and `azurestorageaccountkey`, which the in-tree plugin and
 * `file.csi.azure.com` both read. The library creates that Secret from an account name and key (once,
 * under this construct, so volumes share it), or refers to an existing one.
 *
 * @example
 *
 * const account = AzureFileCredentials.fromAccountKey(chart, 'Account', {
 *   accountName: 'mystorageaccount',
 *   accountKey: process.env.AZURE_STORAGE_ACCOUNT_KEY!,
 *   secretName: 'azure-file-secret',
 * });
 */
export class AzureFileCredentials extends Construct {
  /** An Opaque Secret the library creates with the account's name and key. */
  public static fromAccountKey(scope: Construct, id: string, options: AzureFileAccountKeyOptions): AzureFileCredentials {
    // a JavaScript or Python caller can pass anything: values that are no strings are left out and reported (redacted)
    const o: Partial<Record<keyof AzureFileAccountKeyOptions, unknown>> = isPlainObject(options) ? options : {};
    const { data, problems } = secretData([[ACCOUNT_NAME_KEY, o.accountName], [ACCOUNT_KEY_KEY, o.accountKey]]);
    if (given(options) && !isPlainObject(options)) {
      problems.push(invalid(STRING_DATA, REDACTED, `AzureFileCredentials.fromAccountKey takes options { accountName, accountKey } (got ${typeOf(options)})`));
    }
    problems.push(...stringShape(FieldPath.root('metadata', 'name'), o.secretName, 'a string, a DNS subdomain'));
    const name = stringOf(o.secretName);
    const source: SecretSource = { kind: 'generated', data, metadata: name === undefined ? undefined : { name }, problems };
    return new AzureFileCredentials(scope, id, source, stringOf(o.accountName), undefined);
  }

  /**
   * An existing Secret holding `azurestorageaccountname` and `azurestorageaccountkey`. Its namespace:
   * `namespace` when given; else the Secret's own, for a Secret of this app; else the namespace of
   * the Chart these credentials are defined in, as cdk8s places the Chart's objects.
   */
  public static fromSecret(scope: Construct, id: string, options: AzureFileSecretOptions): AzureFileCredentials {
    const o: Partial<Record<keyof AzureFileSecretOptions, unknown>> = isPlainObject(options) ? options : {};
    const existing: ExistingSecret = { options, secret: o.secret, namespace: o.namespace, accountName: o.accountName };
    // a Secret of this app has its own namespace (core/objects/secrets.ts materialize reads it); one known by name is in the Chart's
    const namespace = given(o.namespace) || o.secret instanceof kplus.Secret ? stringOf(o.namespace) : chartNamespace(scope);
    const source: SecretSource = { kind: 'existing', secret: o.secret as kplus.ISecret, namespace };
    return new AzureFileCredentials(scope, id, source, stringOf(o.accountName), existing);
  }

  /** The storage account's name, if known. */
  public readonly accountName?: string;

  /** @internal The Secret as volumes and classes refer to it. */
  public readonly _secretRef: SecretRef;

  /** @internal Whether the library created the Secret (its name was checked on the Secret itself). */
  public readonly _generated: boolean;

  /** @internal What `fromSecret` was given, checked where the reference lands. */
  public readonly _existing?: ExistingSecret;

  private constructor(scope: Construct, id: string, source: SecretSource, accountName: string | undefined, existing: ExistingSecret | undefined) {
    super(scope, id);
    this.accountName = accountName;
    this._generated = source.kind === 'generated';
    this._existing = existing;
    // a key whose value is of another type is reported by its shape, not as missing too
    const reported = new Set((source.problems ?? []).map((e) => e.path.toString()));
    this._secretRef = materialize(this, 'Secret', source, {
      type: 'Opaque',
      requiredKeys: REQUIRED_KEYS.filter((k) => !reported.has(STRING_DATA.key(k.key).toString())),
    });
    // the data and the options do not change: checked once
    const findings = source.kind === 'generated' ? accountSecretRules(source.data) : existingAccountRules(existing?.accountName);
    if (findings.length > 0) addRules(source.kind === 'generated' ? this.node.findChild('Secret') : this, () => findings);
  }
}

/** The namespace of the Chart `scope` is in, if any (no throw: a scope outside a Chart has none). */
function chartNamespace(scope: unknown): string | undefined {
  if (!(scope instanceof Construct)) return undefined;
  const chart = [...scope.node.scopes].reverse().find((c) => Chart.isChart(c)) as Chart | undefined;
  return chart?.namespace;
}

const STRING_DATA = FieldPath.root('stringData');
const REQUIRED_KEYS = [
  { key: ACCOUNT_NAME_KEY, detail: 'give the storage account\'s name' },
  { key: ACCOUNT_KEY_KEY, detail: 'give one of the storage account\'s access keys' },
];

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
 * Secret and its namespace, as a JavaScript or Python caller may have passed them), the name's
 * and the namespace's format. The library's own Secret was checked on the Secret itself.
 */
export function secretReferenceFindings(creds: AzureFileCredentials, site: SecretReferenceSite): Finding[] {
  const e = creds._existing;
  if (!e) return [];
  const out: Finding[] = [
    ...instanceShape(site.name, e.options, isPlainObject, 'options { secret, namespace, accountName } for AzureFileCredentials.fromSecret'),
    ...secretShape(site.name, e.secret),
  ];
  if (isSecret(e.secret)) {
    if (e.secret.name === '') out.push(required(site.name));
    else out.push(...nameErrors(site.name, e.secret.name, NameRule.DNS_SUBDOMAIN));
  } else if (!given(e.secret) && !(given(e.options) && !isPlainObject(e.options))) {
    out.push(required(site.name, 'give the existing Secret: AzureFileCredentials.fromSecret(scope, id, { secret })'));
  }
  if (site.namespace) {
    out.push(...stringShape(site.namespace, e.namespace, 'a string, a namespace'));
    if (e.namespace === '') out.push(required(site.namespace));
    else if (isString(e.namespace)) out.push(...nameErrors(site.namespace, e.namespace, NameRule.DNS_LABEL));
  }
  return out;
}
