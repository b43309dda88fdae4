import { AzureFileCredentials, NAMESPACE_FIX, secretReferenceFindings } from './credentials';
import { AZURE_FILE_CSI, accountNameRules, endpointSuffixRules, folderNameRules, serverRules, shareNameRules } from './names';
import { AzureFileProtocol, AzureFileSkuName, AzureFileStorageClassProps, protocolShape } from './storage-class';
import { SecretRef } from '../core/objects/secrets';
import { Finding, invalid, required, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { NameRule, nameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, isPlainObject, isString, stringMapShape, stringShape } from '../core/rules/shapes';

/* The rules of AzureFileStorageClass's props and parameters, as file.csi.azure.com's CreateVolume reads them. */

/** The props as the rules read them: the SKU's name, the credentials, the user's string parameters. */
export interface ClassModel {
  readonly skuName: unknown;
  readonly credentials?: AzureFileCredentials;
  readonly parameters: Readonly<Record<string, string>>;
}

export function classModel(p: Partial<Record<keyof AzureFileStorageClassProps, unknown>>): ClassModel {
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

export function classShapes(p: Partial<Record<keyof AzureFileStorageClassProps, unknown>>): Finding[] {
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
    // the user's parameters: the StorageClass checks their shape
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

export function classRules(p: Partial<Record<keyof AzureFileStorageClassProps, unknown>>, m: ClassModel, secret: SecretRef | undefined): Finding[] {
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
    if (!given(creds._existing?.namespace) && !secret?.namespace) {
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
export function tagDelimiter(parameters: Readonly<Record<string, string>>): string {
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
