import { FieldError, Finding, invalid, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { isIPv4, isIPv6 } from '../core/rules/network';

/*
 * Azure File's names (shares, accounts, hosts, folders) as the driver and Azure take them, shared by
 * its volumes, its StorageClass and its credentials.
 */

export const AZURE_FILE_CSI = 'file.csi.azure.com';
export const ACCOUNT_NAME_KEY = 'azurestorageaccountname';
export const ACCOUNT_KEY_KEY = 'azurestorageaccountkey';

// Azure's naming rules, as the driver documents them (pkg/azurefile/azurefile.go getValidFileShareName) and
// as the Azure SDK it calls states them (armstorage accounts_client.go: "3 and 24 characters … lower-case letters only").
const SHARE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const SHARE_NAME_MSG = 'an Azure file share name must be 3 to 63 characters of lower case letters, digits and single \'-\', starting and ending with a letter or digit (e.g. \'azure-share\', regex used for validation is \'[a-z0-9]+(-[a-z0-9]+)*\')';
export const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
export const ACCOUNT_NAME_MSG = 'an Azure storage account name must be 3 to 24 characters of lower case letters and digits (e.g. \'mystorageaccount\', regex used for validation is \'[a-z0-9]{3,24}\')';
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
export const KEY_MSG = 'must be one of the storage account\'s access keys, in base64 as the Azure portal shows it under "Access keys" (not a connection string or SAS token)';

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
