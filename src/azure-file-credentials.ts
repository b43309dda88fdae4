import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Finding, REDACTED, invalid, required } from './core/errors';
import { FieldPath } from './core/field-path';
import { NameRule, nameErrors } from './core/names';
import { SecretRef, SecretSource, materialize } from './core/secrets';
import { addRules } from './core/validation';

/*
 * Azure File's names and credentials, shared by its volumes (azure-file.ts) and its StorageClass
 * (azure-file-storage-class.ts).
 */

export const AZURE_FILE_CSI = 'file.csi.azure.com';
export const ACCOUNT_NAME_KEY = 'azurestorageaccountname';
export const ACCOUNT_KEY_KEY = 'azurestorageaccountkey';

// Azure's naming rules (Microsoft Learn: "Naming and referencing shares", "Storage account name").
const SHARE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const SHARE_NAME_MSG = 'an Azure file share name must be 3 to 63 characters of lower case letters, digits and single \'-\', starting and ending with a letter or digit (e.g. \'azure-share\', regex used for validation is \'[a-z0-9]+(-[a-z0-9]+)*\')';
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const ACCOUNT_NAME_MSG = 'an Azure storage account name must be 3 to 24 characters of lower case letters and digits (e.g. \'mystorageaccount\', regex used for validation is \'[a-z0-9]{3,24}\')';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function shareNameRules(at: FieldPath, share: string): Finding[] {
  if (share === '') return [required(at)];
  return SHARE_NAME.test(share) ? [] : [invalid(at, share, SHARE_NAME_MSG)];
}

export function accountNameRules(at: FieldPath, account: string): Finding[] {
  if (account === '') return [required(at)];
  return ACCOUNT_NAME.test(account) ? [] : [invalid(at, account, ACCOUNT_NAME_MSG)];
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
   * @default - the Secret's own namespace when it is a Secret of this app; else unknown, which an
   * in-tree PersistentVolume tolerates (its claim's namespace is used) and a CSI one does not
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly namespace?: string;

  /**
   * The storage account's name, when known; it makes the default volume handle of CSI
   * PersistentVolumes (`<resourceGroup>#<account>#<share>`).
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
    const source: SecretSource = {
      kind: 'generated',
      data: { [ACCOUNT_NAME_KEY]: options.accountName, [ACCOUNT_KEY_KEY]: options.accountKey },
      metadata: options.secretName === undefined ? undefined : { name: options.secretName },
    };
    return new AzureFileCredentials(scope, id, source, options.accountName);
  }

  /** An existing Secret holding `azurestorageaccountname` and `azurestorageaccountkey`. */
  public static fromSecret(scope: Construct, id: string, options: AzureFileSecretOptions): AzureFileCredentials {
    return new AzureFileCredentials(scope, id, { kind: 'existing', secret: options.secret, namespace: options.namespace }, options.accountName);
  }

  /** The storage account's name, if known. */
  public readonly accountName?: string;

  /** @internal The Secret as volumes and classes refer to it. */
  public readonly _secretRef: SecretRef;

  /** @internal Whether the library created the Secret (its name was checked on the Secret itself). */
  public readonly _generated: boolean;

  private constructor(scope: Construct, id: string, source: SecretSource, accountName: string | undefined) {
    super(scope, id);
    this.accountName = accountName;
    this._generated = source.kind === 'generated';
    this._secretRef = materialize(this, 'Secret', source, {
      type: 'Opaque',
      requiredKeys: [
        { key: ACCOUNT_NAME_KEY, detail: 'give the storage account\'s name' },
        { key: ACCOUNT_KEY_KEY, detail: 'give one of the storage account\'s access keys' },
      ],
    });
    if (source.kind === 'generated') {
      const secret = this.node.findChild('Secret');
      addRules(secret, () => accountSecretRules(source.data));
    } else if (accountName !== undefined) {
      addRules(this, () => accountNameRules(FieldPath.root('accountName'), accountName));
    }
  }
}

/** The account name's format and the key's encoding, on the Secret the library creates. */
function accountSecretRules(data: Readonly<Record<string, string>>): Finding[] {
  const at = FieldPath.root('stringData');
  const out: Finding[] = [];
  const name = data[ACCOUNT_NAME_KEY];
  const key = data[ACCOUNT_KEY_KEY];
  if (name) out.push(...accountNameRules(at.key(ACCOUNT_NAME_KEY), name));
  if (key && !BASE64.test(key)) {
    out.push(invalid(at.key(ACCOUNT_KEY_KEY), REDACTED, 'must be one of the storage account\'s access keys, in base64 as the Azure portal shows it under "Access keys" (not a connection string or SAS token)'));
  }
  return out;
}

/** The name of an existing Secret the credentials refer to, where a StorageClass writes it. */
export function credentialReferenceRules(at: FieldPath, creds: AzureFileCredentials): Finding[] {
  if (creds._generated) return [];
  const name = creds._secretRef.name;
  return name ? nameErrors(at, name, NameRule.DNS_SUBDOMAIN) : [required(at)];
}
