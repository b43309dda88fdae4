import * as kplus from 'cdk8s-plus-27';
import { AZURE_FILE_CSI, accountNameRules, endpointSuffixRules, folderNameRules, serverRules } from './names';
import { AzureFileModel } from './source';
import { AzureFileProtocol } from './storage-class';
import { PluginForm } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { Finding, forbidden, invalid, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { given, isString, listOf } from '../core/rules/shapes';

/** Where CSI translation and the in-tree plugin read a PersistentVolume's resource group. */
export const RESOURCE_GROUP_ANNOTATION = 'kubernetes.io/azure-file-resource-group';

/** The PersistentVolume's props that only the CSI form carries, as given, and where they land. */
export interface CsiOnly {
  readonly protocol: unknown;
  readonly storageAccount: unknown;
  readonly folderName: unknown;
  readonly createFolderIfNotExist: unknown;
  readonly server: unknown;
  readonly storageEndpointSuffix: unknown;
}

/** Prop → `volumeAttributes` key, in the order they are written (after shareName and resourceGroup). */
export const CSI_ATTRIBUTES: ReadonlyArray<readonly [keyof CsiOnly, string]> = [
  ['storageAccount', 'storageAccount'],
  ['protocol', 'protocol'],
  ['folderName', 'folderName'],
  ['createFolderIfNotExist', 'createFolderIfNotExist'],
  ['server', 'server'],
  ['storageEndpointSuffix', 'storageEndpointSuffix'],
];

const NFS = AzureFileProtocol.NFS as string;
/** NFS options the driver sets itself (nodeserver.go NodeStageVolume: "vers=4,minorversion=1,sec=sys"). */
const NFS_FIXED = /^(?:vers|nfsvers|minorversion|sec)$|^v[234](?:\.\d)?$/;
/** cifs options an NFS mount does not know: the kernel's NFS client refuses unknown options. */
const SMB_ONLY = new Set(['dir_mode', 'file_mode', 'uid', 'gid', 'forceuid', 'forcegid', 'mfsymlinks', 'nosharesock', 'cache', 'nobrl',
  'serverino', 'noserverino', 'closetimeo', 'username', 'password', 'domain', 'iocharset']);
const NFS_ACCOUNT = `${AZURE_FILE_CSI} mounts an NFS share as <server>:/<account>/<share> and reads no Secret for it: name the storage account`;

/** The PersistentVolume's model: the share's, and the props only a PersistentVolume takes, as given. */
export interface AzureFilePvModel {
  readonly share: AzureFileModel;
  readonly resourceGroup?: string;
  readonly userVolumeHandle?: string;
  readonly csiOnly: CsiOnly;
}

/** Whether the volume mounts an NFS share (CSI form, protocol NFS). */
export function isNfs(pv: AzureFilePvModel, form: PluginForm): boolean {
  return form.kind === 'csi' && pv.csiOnly.protocol === NFS;
}

/** The share's account as the handle and the driver's controller use it: storageAccount, else the credentials' (trimmed, as the driver reads the Secret). */
export function accountOf(pv: AzureFilePvModel): string | undefined {
  const named = pv.csiOnly.storageAccount;
  if (isString(named) && named !== '') return named;
  const fromCredentials = pv.share.credentials?.accountName?.trim();
  return fromCredentials ? fromCredentials : undefined;
}

/** Where a CSI-only prop lands: its volume attribute; in-tree, the prop under `spec.azureFile` (which has no such field). */
export function csiOnlyAt(form: PluginForm, prop: keyof CsiOnly): FieldPath {
  return form.kind === 'csi' ? FieldPath.root('spec', 'csi', 'volumeAttributes').key(prop) : FieldPath.root('spec', 'azureFile', prop);
}

/** Where the resource group lands: a volume attribute (CSI), the annotation CSI migration reads (in-tree). */
export function resourceGroupAt(form: PluginForm): FieldPath {
  return form.kind === 'csi'
    ? FieldPath.root('spec', 'csi', 'volumeAttributes').key('resourceGroup')
    : FieldPath.root('metadata', 'annotations').key(RESOURCE_GROUP_ANNOTATION);
}

/** The in-tree source has fields for the share, the Secret and readOnly only: the CSI-only props would be dropped. */
export function inTreeRules(pv: AzureFilePvModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  for (const [prop, key] of CSI_ATTRIBUTES) {
    const v = pv.csiOnly[prop];
    // smb and false are what the in-tree plugin does anyway
    if (!given(v) || (prop === 'protocol' && (v === AzureFileProtocol.SMB || v === '')) || (prop === 'createFolderIfNotExist' && v === false)) continue;
    out.push(forbidden(at, `the in-tree azureFile source has no field for ${prop}: use implementation VolumeImplementation.CSI (${AZURE_FILE_CSI} reads volumeAttributes[${key}])`));
  }
  return out;
}

/** The CSI volume handle, as the driver's controller reads one with two or more '#'. */
export function handleRules(pv: AzureFilePvModel, handle: unknown, at: FieldPath): Finding[] {
  const hp = at.child('volumeHandle');
  if (!isString(handle)) return []; // its shape rule reports it
  if (handle === '') return [required(hp)];
  const out: Finding[] = [...textRules(hp, handle)];
  // the driver's controller reads <resourceGroup>#<account>#<share> from a handle with two or more '#'
  // and deletes (reclaim policy Delete) or resizes that share (azurefile.go GetFileShareInfo; controllerserver.go DeleteVolume, ControllerExpandVolume)
  const parts = handle.split('#');
  if (pv.userVolumeHandle === undefined || parts.length < 3) return out;
  const why = `${AZURE_FILE_CSI} reads a handle with two or more '#' as "<resourceGroup>#<account>#<share>"`;
  const fix = 'the driver deletes and resizes the share the handle names; use that format or a handle with fewer \'#\'';
  const share = pv.share.shareName;
  if (isString(share) && parts[2] !== share) out.push(invalid(hp, handle, `${why}, and its share must be ${quote(share)}: ${fix}`));
  const account = accountOf(pv);
  if (account !== undefined && parts[1] !== account) out.push(invalid(hp, handle, `${why}, and its account must be ${quote(account)}: ${fix}`));
  return out;
}

/** The CSI-only props as the driver reads them (nodeserver.go NodeStageVolume, azurefile.go GetAccountInfo). */
export function csiOnlyRules(pv: AzureFilePvModel, form: PluginForm, mountOptions: unknown): Finding[] {
  const c = pv.csiOnly;
  const at = (prop: keyof CsiOnly) => csiOnlyAt(form, prop);
  const out: Finding[] = [];
  const nfs = isNfs(pv, form);
  const account = c.storageAccount;
  if (isString(account)) {
    if (account === '' && !nfs) out.push(warning(at('storageAccount'), '"" is the same as unset: the driver mounts with the account of the credentials\' Secret; name the account, or leave storageAccount unset'));
    else if (account === '') out.push(required(at('storageAccount'), NFS_ACCOUNT));
    else out.push(...accountNameRules(at('storageAccount'), account));
    // SMB: the Secret's account wins over the attribute (GetAccountInfo: getStorageAccount(secrets)), while delete and resize use the handle's
    const secretAccount = pv.share.credentials?.accountName?.trim();
    if (!nfs && account !== '' && secretAccount && secretAccount !== account) {
      out.push(invalid(at('storageAccount'), account, `the credentials are of account ${quote(secretAccount)}, and ${AZURE_FILE_CSI} mounts an SMB share with the Secret's account (deleting and resizing the share of the handle's account): give the credentials' account, or leave storageAccount unset`));
    }
  } else if (nfs && !given(account)) {
    out.push(required(at('storageAccount'), NFS_ACCOUNT));
  }
  const folder = c.folderName;
  const hasFolder = isString(folder) && folder.replace(/\//g, '') !== '';
  if (isString(folder)) out.push(...folderNameRules(at('folderName'), folder, false));
  if (c.createFolderIfNotExist === true) {
    if (!hasFolder) {
      out.push(warning(at('createFolderIfNotExist'), `${AZURE_FILE_CSI} creates only the folder folderName names: without one, createFolderIfNotExist does nothing`));
    } else if (nfs && !pv.share.credentials && !given(pv.share.credentialsProp)) {
      out.push(warning(at('createFolderIfNotExist'), `${AZURE_FILE_CSI} creates the folder with the account key, also for NFS: without credentials it looks for the Secret azure-storage-account-<account>-secret, then its cloud identity, and mounts anyway (failing where the folder does not exist); give credentials`));
    }
  }
  if (isString(c.server)) out.push(...serverRules(at('server'), c.server));
  if (isString(c.storageEndpointSuffix)) out.push(...endpointSuffixRules(at('storageEndpointSuffix'), c.storageEndpointSuffix));
  if (nfs) out.push(...nfsMountOptionRules(mountOptions));
  return out;
}

/** An NFS share's mount options: the driver adds vers=4,minorversion=1,sec=sys, and the kernel's NFS client knows no cifs options. */
function nfsMountOptionRules(mountOptions: unknown): Finding[] {
  const out: Finding[] = [];
  listOf(mountOptions as string[] | undefined).forEach((o, i) => {
    if (!isString(o)) return;
    const at = FieldPath.root('spec', 'mountOptions').index(i);
    for (const part of o.split(',')) {
      const name = part.split('=')[0].trim().toLowerCase();
      if (NFS_FIXED.test(name)) {
        out.push(invalid(at, part.trim(), `${AZURE_FILE_CSI} mounts an NFS share with vers=4,minorversion=1,sec=sys (NFS 4.1, the one version Azure Files serves), and its documentation forbids giving these options`));
      } else if (SMB_ONLY.has(name)) {
        out.push(warning(at, `${quote(part.trim())} is an SMB (cifs) mount option: the kernel's NFS client refuses options it does not know, and the mount fails; remove it for an NFS share`));
      }
    }
  });
  return out;
}

/** A resource group as the driver and CSI migration read it. */
export function resourceGroupRules(at: FieldPath, rg: string): Finding[] {
  if (rg === '') return [warning(at, '"" is the same as unset: the cluster\'s node resource group is used; name the resource group, or leave resourceGroup unset')];
  const out: Finding[] = [...textRules(at, rg)];
  if (rg.includes('#')) {
    out.push(invalid(at, rg, `must not contain '#': ${AZURE_FILE_CSI} and CSI migration write and read volume handles "<resourceGroup>#<account>#<share>" split at '#'`));
  }
  return out;
}

/** What the share serves per form. */
export function azureFileCapabilities(form: PluginForm): Capabilities {
  return form.kind === 'csi' ? CSI_CAPABILITIES : IN_TREE_CAPABILITIES;
}

const IN_TREE_MODES = [
  kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
  kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
  kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
];
const BLOCK_WHY = 'an Azure file share is an SMB file system; use an Azure Disk for a raw block device';
const IN_TREE_CAPABILITIES: Capabilities = {
  accessModes: IN_TREE_MODES,
  accessModesWhy: 'the in-tree azureFile plugin serves these (an SMB share is mounted by any number of nodes); the CSI form (implementation CSI) also serves ReadWriteOncePod',
  block: false,
  blockWhy: BLOCK_WHY,
  mountOptions: true,
};
const CSI_CAPABILITIES: Capabilities = {
  accessModes: [...IN_TREE_MODES, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
  accessModesWhy: 'an Azure file share is mounted over SMB by any number of nodes',
  block: false,
  blockWhy: BLOCK_WHY,
  mountOptions: true,
};
