import { Construct } from 'constructs';
import {
  AZURE_FILE_CSI, AzureFileCredentials, NAMESPACE_FIX, accountNameRules, endpointSuffixRules, folderNameRules, secretReferenceFindings, serverRules,
  shareNameRules,
} from './credentials';
import { addRules } from '../core/app/validation';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { DataSourceFacts } from '../core/objects/data-source';
import { Capabilities } from '../core/rules/access';
import { Finding, invalid, required, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { NameRule, nameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, isBoolean, isPlainObject, isString, oneOfShape, shown, stringMapShape, stringShape } from '../core/rules/shapes';
import { EVERY_ACCESS_MODE, fileSystemClaimFacts } from '../generic/claim-facts';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions } from '../generic/storage-class-props';

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
    // a JavaScript or Python caller can pass anything: a parameter that is no string is left out
    // (StorageClass parameters are strings) and reported by its shape rule
    const p: Partial<Record<keyof AzureFileStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
    const model = classModel(p);
    const secret = model.credentials?._secretRef;
    const parameters: Record<string, string> = {};
    const put = (key: string, value: unknown) => {
      if (isString(value)) parameters[key] = value;
    };
    put('skuName', model.skuName);
    put('protocol', p.protocol);
    put('storageAccount', p.storageAccount);
    put('resourceGroup', p.resourceGroup);
    put('subscriptionID', p.subscriptionId);
    put('location', p.location);
    put('shareName', p.shareName);
    put('secretName', p.secretName);
    put('secretNamespace', p.secretNamespace);
    // joined as the driver splits them: at tagValueDelimiter when the parameters set one
    const delimiter = tagDelimiter(model.parameters);
    if (isPlainObject(p.tags)) put('tags', Object.entries(p.tags).filter(([, v]) => isString(v)).map(([k, v]) => `${k}=${v}`).join(delimiter));
    put('enableLargeFileShares', isBoolean(p.enableLargeFileShares) ? String(p.enableLargeFileShares) : p.enableLargeFileShares);
    put('folderName', p.folderName);
    put('server', p.server);
    put('storageEndpointSuffix', p.storageEndpointSuffix);
    super(scope, id, {
      ...(p as StorageClassOptions),
      provisioner: AZURE_FILE_CSI,
      parameters: {
        ...parameters,
        ...csiSecretParameters('provisioner', secret),
        ...csiSecretParameters('node-stage', secret),
        ...model.parameters,
      },
    });
    const shapes = classShapes(p); // the props do not change: checked once
    addRules(this, () => [...shapes, ...classRules(p, model)]);
  }

  /**
   * @internal azurefile-csi-driver takes share snapshots, restores them and clones shares
   * (pkg/azurefile/azurefile.go: CREATE_DELETE_SNAPSHOT, CLONE_VOLUME; controllerserver.go copyVolume);
   * its VolumeSnapshotClass needs no parameters (CreateSnapshot reads useDataPlaneAPI and metadata only).
   */
  public _dataSourceFacts(): DataSourceFacts | undefined {
    return { driver: AZURE_FILE_CSI, snapshots: true, clones: true, snapshotParameters: {} };
  }

  /** @internal An Azure file share serves every access mode, and no raw block devices. */
  public _claimFacts(): Capabilities {
    return fileSystemClaimFacts(EVERY_ACCESS_MODE, 'an Azure file share is mounted over SMB or NFS by any number of nodes',
      'an Azure file share is a file system; use an Azure Disk for a raw block device');
  }
}

/** The props as the rules read them: the SKU's name, the credentials, the user's string parameters. */
interface ClassModel {
  readonly skuName: unknown;
  readonly credentials?: AzureFileCredentials;
  readonly parameters: Readonly<Record<string, string>>;
}

function classModel(p: Partial<Record<keyof AzureFileStorageClassProps, unknown>>): ClassModel {
  const parameters: Record<string, string> = {};
  if (isPlainObject(p.parameters)) for (const [k, v] of Object.entries(p.parameters)) if (isString(v)) parameters[k] = v;
  return {
    skuName: p.skuName instanceof AzureFileSkuName ? p.skuName.name : p.skuName,
    credentials: p.credentials instanceof AzureFileCredentials ? p.credentials : undefined,
    parameters,
  };
}

const PARAMS = FieldPath.root('parameters');
const SECRET_NAME_AT = PARAMS.key('csi.storage.k8s.io/provisioner-secret-name');
const SECRET_NAMESPACE_AT = PARAMS.key('csi.storage.k8s.io/provisioner-secret-namespace');

function classShapes(p: Partial<Record<keyof AzureFileStorageClassProps, unknown>>): Finding[] {
  const str = (key: keyof AzureFileStorageClassProps, param: string, what?: string) => stringShape(PARAMS.key(param), p[key], what);
  return [
    ...instanceShape(PARAMS.key('skuName'), p.skuName, (v) => v instanceof AzureFileSkuName && isString(v.name),
      'an AzureFileSkuName, such as AzureFileSkuName.PREMIUM_LRS or AzureFileSkuName.of("PremiumV2_LRS")'),
    ...protocolShape(PARAMS.key('protocol'), p.protocol),
    ...str('storageAccount', 'storageAccount', 'a string such as "mystorageaccount"'),
    ...str('resourceGroup', 'resourceGroup'),
    ...str('subscriptionId', 'subscriptionID'),
    ...str('location', 'location', 'a string such as "westeurope"'),
    ...str('shareName', 'shareName', 'a string such as "azure-share"'),
    ...str('secretName', 'secretName', 'a string, a DNS subdomain'),
    ...str('secretNamespace', 'secretNamespace', 'a string, a namespace'),
    ...stringMapShape(PARAMS.key('tags'), p.tags),
    ...booleanShape(PARAMS.key('enableLargeFileShares'), p.enableLargeFileShares),
    ...str('folderName', 'folderName', 'a string such as "${pvc.metadata.name}"'),
    ...str('server', 'server', 'a string such as "mystorageaccount.privatelink.file.core.windows.net"'),
    ...str('storageEndpointSuffix', 'storageEndpointSuffix', 'a string such as "core.chinacloudapi.cn"'),
    ...instanceShape(SECRET_NAME_AT, p.credentials, (v) => v instanceof AzureFileCredentials,
      'AzureFileCredentials (AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...))'),
    ...stringMapShape(PARAMS, p.parameters),
  ];
}

/** `""` for a parameter the driver defaults: the same as leaving it out, most likely a value that went missing. */
function unset(at: FieldPath, instead: string): Finding {
  return warning(at, `"" is the same as unset: ${instead}; give a value, or leave it unset`);
}

/** The parameters file.csi.azure.com's CreateVolume reads (case-insensitive); it refuses any other. */
const DRIVER_PARAMETERS = new Set([
  'skuname', 'storageaccounttype', 'location', 'storageaccount', 'subscriptionid', 'resourcegroup', 'sharename', 'diskname', 'fstype',
  'storeaccountkey', 'selectrandommatchingaccount', 'secretname', 'secretnamespace', 'protocol', 'matchtags', 'tags', 'createaccount',
  'usesecretcache', 'enablelargefileshares', 'usedataplaneapi', 'disabledeleteretentionpolicy', 'storageendpointsuffix', 'networkendpointtype',
  'privatednszoneresourcegroup', 'accesstier', 'shareaccesstier', 'accountaccesstier', 'rootsquashtype', 'allowblobpublicaccess',
  'publicnetworkaccess', 'allowsharedkeyaccess', 'allowcrosstenantreplication', 'server', 'foldername', 'clientid', 'tenantid',
  'confidentialcontainerlabel', 'runtimeclasshandler', 'createfolderifnotexist', 'fsgroupchangepolicy', 'mountpermissions',
  'vnetresourcegroup', 'vnetname', 'vnetlinkname', 'subnetname', 'sharenameprefix', 'requireinfraencryption', 'enablemultichannel',
  'getlatestaccountkey', 'accountquota', 'tagvaluedelimiter', 'encryptintransit', 'provisionedbandwidth', 'provisionediops',
  'mountwithmanagedidentity', 'mountwithworkloadidentitytoken', 'mountwithoauthtoken',
]);

function classRules(p: Partial<Record<keyof AzureFileStorageClassProps, unknown>>, m: ClassModel): Finding[] {
  const out: Finding[] = [];
  const sku = m.skuName;
  if (sku === '') out.push(unset(PARAMS.key('skuName'), 'the driver uses Standard_LRS (Premium_LRS for nfs)'));

  const account = p.storageAccount;
  if (account === '') out.push(unset(PARAMS.key('storageAccount'), 'the driver finds or creates a matching account'));
  else if (isString(account)) out.push(...accountNameRules(PARAMS.key('storageAccount'), account));

  const share = p.shareName;
  if (share === '') out.push(unset(PARAMS.key('shareName'), 'the driver names each share after its volume'));
  else if (isString(share) && !share.includes('${')) out.push(...shareNameRules(PARAMS.key('shareName'), share));

  if (p.secretName === '') out.push(unset(PARAMS.key('secretName'), 'the driver names the Secret azure-storage-account-<account>-secret'));
  else if (isString(p.secretName)) out.push(...nameErrors(PARAMS.key('secretName'), p.secretName, NameRule.DNS_SUBDOMAIN));
  if (p.secretNamespace === '') out.push(unset(PARAMS.key('secretNamespace'), 'the driver uses the claim\'s namespace'));
  else if (isString(p.secretNamespace)) out.push(...nameErrors(PARAMS.key('secretNamespace'), p.secretNamespace, NameRule.DNS_LABEL));

  if (p.resourceGroup === '') out.push(unset(PARAMS.key('resourceGroup'), 'the driver uses the cluster\'s node resource group'));
  if (p.subscriptionId === '') out.push(unset(PARAMS.key('subscriptionID'), 'the driver uses the cluster\'s subscription'));
  if (p.location === '') out.push(unset(PARAMS.key('location'), 'the driver uses the cluster\'s region'));
  if (isString(p.subscriptionId) && p.subscriptionId !== '' && !(isString(p.resourceGroup) && p.resourceGroup !== '')) {
    out.push(required(PARAMS.key('resourceGroup'), `${AZURE_FILE_CSI} needs the storage account's resource group when subscriptionID is given`));
  }
  if (isPlainObject(p.tags)) out.push(...tagRules(p.tags, tagDelimiter(m.parameters)));

  // CreateVolume checks folderName (isValidFolderName, before it replaces the placeholders); NodeStageVolume mounts
  // //<server>/<share> or <account>.file.<storageEndpointSuffix> (controllerserver.go CreateVolume, nodeserver.go NodeStageVolume)
  if (isString(p.folderName)) out.push(...folderNameRules(PARAMS.key('folderName'), p.folderName, true));
  if (isString(p.server)) out.push(...serverRules(PARAMS.key('server'), p.server));
  if (isString(p.storageEndpointSuffix)) out.push(...endpointSuffixRules(PARAMS.key('storageEndpointSuffix'), p.storageEndpointSuffix));

  // the driver refuses an nfs share in a Standard account (CreateVolume), and defaults to Premium_LRS
  if (p.protocol === AzureFileProtocol.NFS && isString(sku) && sku.toLowerCase().startsWith('standard')) {
    out.push(invalid(PARAMS.key('skuName'), sku, 'must be a Premium SKU for protocol "nfs": Azure serves NFS shares from premium storage accounts only'));
  }

  const creds = m.credentials;
  if (creds) {
    out.push(...secretReferenceFindings(creds, { name: SECRET_NAME_AT, namespace: SECRET_NAMESPACE_AT }));
    if (!given(creds._existing?.namespace) && !creds._secretRef.namespace) {
      out.push(required(SECRET_NAMESPACE_AT, `a StorageClass names its Secrets with a namespace: ${NAMESPACE_FIX}`));
    }
  }

  for (const k of Object.keys(m.parameters)) {
    if (!DRIVER_PARAMETERS.has(k.toLowerCase()) && !k.startsWith('csi.storage.k8s.io/')) {
      out.push(warning(PARAMS.key(k), `${AZURE_FILE_CSI} knows no parameter of this name: its CreateVolume refuses every claim of the class ("invalid parameter"); see docs/driver-parameters.md of the driver`));
    }
  }
  return out;
}

/** The separator of tags: `tagValueDelimiter` when the parameters set one, else ','. */
function tagDelimiter(parameters: Readonly<Record<string, string>>): string {
  const entry = Object.entries(parameters).find(([k]) => k.toLowerCase() === 'tagvaluedelimiter');
  return entry && entry[1] !== '' ? entry[1] : ',';
}

/**
 * Tags as the driver reads them (ConvertTagsToMap): split at the delimiter, then each at its first
 * '=', the key trimmed and non-empty. A key with '=' or a delimiter in either part reads as other tags.
 */
function tagRules(tags: Record<string, unknown>, delimiter: string): Finding[] {
  const at = PARAMS.key('tags');
  const why = `tag keys must be non-empty and hold no '=' or ${JSON.stringify(delimiter)}, and values no ${JSON.stringify(delimiter)}: ${AZURE_FILE_CSI} reads tags as "key=value${delimiter}key=value"`;
  const out: Finding[] = [];
  for (const [k, v] of Object.entries(tags)) {
    if (!isString(v)) continue;
    if (k.trim() === '' || k.includes('=') || k.includes(delimiter) || v.includes(delimiter)) out.push(invalid(at, `${k}=${v}`, why));
  }
  return out;
}
