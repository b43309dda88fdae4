import { Construct } from 'constructs';
import { AZURE_FILE_CSI, AzureFileCredentials, NAMESPACE_FIX, accountNameRules, credentialReferenceRules, shareNameRules } from './azure-file-credentials';
import { csiSecretParameters } from './core/csi-parameters';
import { Finding, forbidden, invalid, required } from './core/errors';
import { FieldPath } from './core/field-path';
import { NameRule, nameErrors } from './core/names';
import { addRules } from './core/validation';
import { StorageClass, StorageClassOptions } from './storage-class';

/**
 * The redundancy and performance tier of the storage account a StorageClass provisions shares in
 * (`skuName`). An open set: `AzureFileSkuName.of('PremiumV2_LRS')` for any other SKU the driver knows.
 *
 * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
 */
export class AzureFileSkuName {
  /** Standard, locally redundant: the driver's default. */
  public static readonly STANDARD_LRS = new AzureFileSkuName('Standard_LRS');
  /** Standard, zone redundant (some regions only). */
  public static readonly STANDARD_ZRS = new AzureFileSkuName('Standard_ZRS');
  /** Standard, geo redundant. */
  public static readonly STANDARD_GRS = new AzureFileSkuName('Standard_GRS');
  /** Standard, geo redundant with read access to the secondary region. */
  public static readonly STANDARD_RAGRS = new AzureFileSkuName('Standard_RAGRS');
  /** Standard, geo and zone redundant with read access to the secondary region. */
  public static readonly STANDARD_RAGZRS = new AzureFileSkuName('Standard_RAGZRS');
  /** Premium (SSD), locally redundant; shares of at least 100 GiB; serves NFS. */
  public static readonly PREMIUM_LRS = new AzureFileSkuName('Premium_LRS');
  /** Premium (SSD), zone redundant; shares of at least 100 GiB; serves NFS. */
  public static readonly PREMIUM_ZRS = new AzureFileSkuName('Premium_ZRS');

  /** Any SKU the driver accepts; it is only checked to be non-empty. */
  public static of(name: string): AzureFileSkuName {
    return new AzureFileSkuName(name);
  }

  /** The SKU as written in the StorageClass. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** Whether Azure serves NFS shares from accounts of this SKU (a Premium one). */
  public get premium(): boolean {
    return this.name.toLowerCase().startsWith('premium');
  }

  /** The SKU as written in the StorageClass. */
  public toString(): string {
    return this.name;
  }
}

/** The protocol of provisioned Azure file shares. */
export enum AzureFileProtocol {
  /** SMB (CIFS), mounted with the storage account key. */
  SMB = 'smb',
  /** NFS 4.1, without account keys; needs a Premium SKU and network access to the account. */
  NFS = 'nfs',
}

/** Props for `AzureFileStorageClass`. */
export interface AzureFileStorageClassProps extends StorageClassOptions {
  /**
   * The storage account SKU (`skuName`).
   *
   * @default - the driver's default, Standard_LRS
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly skuName?: AzureFileSkuName;

  /**
   * The share protocol. NFS needs a Premium SKU.
   *
   * @default - the driver's default, SMB
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly protocol?: AzureFileProtocol;

  /**
   * An existing storage account to create shares in (3 to 24 lower case letters and digits).
   *
   * @default - the driver finds or creates an account that matches the other parameters
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly storageAccount?: string;

  /**
   * The resource group of the storage account.
   *
   * @default - the cluster's node resource group
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly resourceGroup?: string;

  /**
   * The Azure subscription of the storage account (`subscriptionID`); needs `resourceGroup`.
   *
   * @default - the cluster's subscription
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly subscriptionId?: string;

  /**
   * The Azure region of a storage account the driver creates (`eastus`, `westeurope`, …).
   *
   * @default - the cluster's region
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly location?: string;

  /**
   * The name of the share to create, for one share per class; may use `${pvc.metadata.name}`,
   * `${pvc.metadata.namespace}` and `${pv.metadata.name}`.
   *
   * @default - a generated name per volume
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly shareName?: string;

  /**
   * The name of the Secret the driver stores the account key in (SMB only).
   *
   * @default - `azure-storage-account-<account>-secret`
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly secretName?: string;

  /**
   * The namespace of the Secret the driver stores the account key in (SMB only).
   *
   * @default - the driver's default
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly secretNamespace?: string;

  /**
   * Credentials the driver provisions and mounts with, instead of its cloud identity (SMB only):
   * the provisioner and node-stage Secret parameters. Useful for clusters outside Azure.
   *
   * @default - the driver's cloud identity, and the key it stores in `secretName`
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/deploy/example/storageclass-azurefile-secret.yaml
   */
  readonly credentials?: AzureFileCredentials;

  /**
   * Tags of a storage account the driver creates.
   *
   * @default - none
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly tags?: { [key: string]: string };

  /**
   * Whether to use (or create) a storage account with large file shares (up to 100 TiB) enabled.
   *
   * @default - the driver's default, false
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly enableLargeFileShares?: boolean;

  /**
   * More driver parameters, written as given (e.g. `networkEndpointType`, `shareAccessTier`).
   *
   * @default - none
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly parameters?: { [key: string]: string };
}

/**
 * A StorageClass for dynamically provisioned Azure file shares: the `file.csi.azure.com` provisioner
 * (install the Azure File CSI driver) with `skuName`, `protocol`, `storageAccount`, `resourceGroup`,
 * `location`, `shareName`, the Secret parameters and any other driver parameter.
 *
 * @example
 *
 * const files = new AzureFileStorageClass(chart, 'Files', {
 *   skuName: AzureFileSkuName.PREMIUM_LRS,
 *   mountOptions: ['dir_mode=0777', 'file_mode=0777', 'mfsymlinks'],
 *   allowVolumeExpansion: true,
 * });
 * const claim = files.createClaim(chart, 'Data', {
 *   storage: Size.gibibytes(100),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 * });
 */
export class AzureFileStorageClass extends StorageClass {
  constructor(scope: Construct, id: string, props: AzureFileStorageClassProps = {}) {
    const secret = props.credentials?._secretRef;
    const parameters: Record<string, string> = {};
    const put = (key: string, value: string | undefined) => {
      if (value !== undefined) parameters[key] = value;
    };
    put('skuName', props.skuName?.name);
    put('protocol', props.protocol);
    put('storageAccount', props.storageAccount);
    put('resourceGroup', props.resourceGroup);
    put('subscriptionID', props.subscriptionId);
    put('location', props.location);
    put('shareName', props.shareName);
    put('secretName', props.secretName);
    put('secretNamespace', props.secretNamespace);
    put('tags', props.tags && Object.entries(props.tags).map(([k, v]) => `${k}=${v}`).join(','));
    put('enableLargeFileShares', props.enableLargeFileShares === undefined ? undefined : String(props.enableLargeFileShares));
    super(scope, id, {
      ...props,
      provisioner: AZURE_FILE_CSI,
      parameters: {
        ...parameters,
        ...csiSecretParameters('provisioner', secret),
        ...csiSecretParameters('node-stage', secret),
        ...props.parameters,
      },
    });
    addRules(this, () => classRules(props));
  }
}

function classRules(p: AzureFileStorageClassProps): Finding[] {
  const at = FieldPath.root('parameters');
  const out: Finding[] = [];
  if (p.skuName && p.skuName.name === '') out.push(required(at.key('skuName'), 'name a SKU, or leave skuName unset for Standard_LRS'));
  if (p.storageAccount !== undefined) out.push(...accountNameRules(at.key('storageAccount'), p.storageAccount));
  if (p.shareName !== undefined && !p.shareName.includes('${')) out.push(...shareNameRules(at.key('shareName'), p.shareName));
  if (p.secretName !== undefined) out.push(...nameErrors(at.key('secretName'), p.secretName, NameRule.DNS_SUBDOMAIN));
  if (p.secretNamespace !== undefined) out.push(...nameErrors(at.key('secretNamespace'), p.secretNamespace, NameRule.DNS_LABEL));
  if (p.subscriptionId !== undefined && !p.resourceGroup) {
    out.push(required(at.key('resourceGroup'), `${AZURE_FILE_CSI} needs the storage account's resource group when subscriptionID is given`));
  }
  for (const [k, v] of Object.entries(p.tags ?? {})) {
    if (k === '' || /[,=]/.test(k) || /[,=]/.test(v)) {
      out.push(invalid(at.key('tags'), `${k}=${v}`, `tag keys must be non-empty, and keys and values must not contain ',' or '=': ${AZURE_FILE_CSI} reads tags as "key=value,key=value"`));
    }
  }
  const secretAt = at.key('csi.storage.k8s.io/provisioner-secret-name');
  if (p.protocol === AzureFileProtocol.NFS) {
    if (p.skuName && !p.skuName.premium) {
      out.push(invalid(at.key('skuName'), p.skuName.name, 'must be a Premium SKU for protocol "nfs": Azure serves NFS shares from premium storage accounts only'));
    }
    const smbOnly = 'only for protocol "smb": NFS shares are mounted without the account key';
    if (p.secretName !== undefined) out.push(forbidden(at.key('secretName'), smbOnly));
    if (p.secretNamespace !== undefined) out.push(forbidden(at.key('secretNamespace'), smbOnly));
    if (p.credentials) out.push(forbidden(secretAt, smbOnly));
  } else if (p.credentials) {
    out.push(...credentialReferenceRules(secretAt, p.credentials));
    if (!p.credentials._secretRef.namespace) {
      out.push(required(at.key('csi.storage.k8s.io/provisioner-secret-namespace'), `a StorageClass names its Secrets with a namespace: ${NAMESPACE_FIX}`));
    }
  }
  return out;
}
