import { Construct } from 'constructs';
import { azureFileClassSource } from './class-source';
import { AzureFileCredentials } from './credentials';
import { AZURE_FILE_CSI } from './names';
import { Finding, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { isString, oneOfShape, shown } from '../core/rules/shapes';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions, StorageClassProps } from '../generic/storage-class-props';

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
    return isString(this.name) && this.name.toLowerCase().startsWith('premium');
  }

  /** The SKU as written in the StorageClass. */
  public toString(): string {
    // a name of another type (from JavaScript) prints as an error message shows it
    return isString(this.name) ? this.name : String(shown(this.name));
  }
}

/** The protocol of provisioned Azure file shares. */
export enum AzureFileProtocol {
  /** SMB (CIFS), mounted with the storage account key. */
  SMB = 'smb',
  /** NFS 4.1, without account keys; needs a Premium SKU and network access to the account. */
  NFS = 'nfs',
}

/**
 * The protocol as the driver reads it: "smb" or "nfs", case-sensitive; "" is its default, SMB
 * (azurefile.go isSupportedProtocol, called by NodeStageVolume and CreateVolume).
 */
export function protocolShape(at: FieldPath, v: unknown): Finding[] {
  if (v === '') return [warning(at, `"" is the same as unset: ${AZURE_FILE_CSI} mounts the share over SMB; give AzureFileProtocol.SMB or AzureFileProtocol.NFS, or leave protocol unset`)];
  return oneOfShape(at, v, Object.values(AzureFileProtocol), `${AZURE_FILE_CSI} mounts smb and nfs shares (AzureFileProtocol.SMB, NFS)`);
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
   * The share protocol. NFS needs a Premium SKU (the driver refuses a Standard one).
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
   * A directory of each provisioned share to mount instead of its root (`folderName`), such as
   * `${pvc.metadata.namespace}/${pvc.metadata.name}`: the driver replaces `${pvc.metadata.name}`,
   * `${pvc.metadata.namespace}` and `${pv.metadata.name}` at provisioning, and refuses `.` and `..`
   * segments and the characters `\:*?"<>|`. The folder must exist unless `parameters` set
   * `createFolderIfNotExist: "true"`.
   *
   * @default - the share's root
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly folderName?: string;

  /**
   * The host the nodes mount instead of `<account>.file.<storageEndpointSuffix>` (`server`), such
   * as a private endpoint: a host name or IP address, without scheme, port or path.
   *
   * @default - `<account>.file.<storageEndpointSuffix>`
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly server?: string;

  /**
   * The storage domain of the account's cloud (`storageEndpointSuffix`), such as
   * `core.chinacloudapi.cn` or `core.usgovcloudapi.net`.
   *
   * @default - the cloud the driver runs in (`core.windows.net` in Azure's public cloud)
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly storageEndpointSuffix?: string;

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
 * `location`, `shareName`, `folderName`, `server`, `storageEndpointSuffix`, the Secret parameters
 * and any other driver parameter.
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
    super(scope, id, props as unknown as StorageClassProps); // the props every class takes, the user's parameters among them
    this._carrySource(azureFileClassSource(props));
  }
}
