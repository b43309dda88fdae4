import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CSI_ATTRIBUTES, CsiOnly, NFS, NFS_FIXED, RESOURCE_GROUP_ANNOTATION, SMB_ONLY } from './azure-file';
import {
  AZURE_FILE_CSI,
  accountNameRules, endpointSuffixRules, folderNameRules,
  serverRules,
} from './credentials';
import { AzureFilePersistentVolumeProps, AzureFileModel, Site, azureFileModel, azureFileShapes, renderInTree, site, sourceRules } from './source';
import { AzureFileProtocol, protocolShape } from './storage-class';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { Plugin, PluginForm, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { Finding, forbidden, invalid, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, given, isPlainObject, isString, listOf, stringShape } from '../core/rules/shapes';

/**
 * An existing Azure File share as a PersistentVolume (a `StoragePersistentVolume`:
 * `bind()`, `reserve()`, `asVolume()`). Through Kubernetes 1.25 the in-tree `spec.azureFile`
 * (`secretName`, `secretNamespace`, `shareName`, `readOnly`); from 1.26 a static
 * `file.csi.azure.com` volume (`volumeHandle`, `volumeAttributes` `shareName` and the CSI-only
 * props, `nodeStageSecretRef` with the Secret's namespace). An SMB share mounts with the
 * credentials' Secret; an NFS share (protocol NFS, CSI form) with none, its account named in
 * `storageAccount`. Access modes ReadWriteOnce, ReadOnlyMany and ReadWriteMany (and
 * ReadWriteOncePod in the CSI form); mount options in `mountOptions`; never Block. Keep the
 * reclaim policy Retain: Delete deletes the share.
 *
 * @example
 *
 * const shared = new AzureFilePersistentVolume(chart, 'Shared', {
 *   shareName: 'azure-share',
 *   credentials: account,
 *   storage: Size.gibibytes(100),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 *   mountOptions: ['dir_mode=0777', 'file_mode=0777', 'mfsymlinks'],
 * });
 * const claim = shared.reserve();
 */
export class AzureFilePersistentVolume extends StoragePersistentVolume {
  private readonly model: AzureFileModel;
  private readonly form: PluginForm;
  /** As given. */
  private readonly resourceGroup?: string;
  /** As given. */
  private readonly userVolumeHandle?: string;
  /** As given. */
  private readonly csiOnly: CsiOnly;
  private readonly sourceShapes: Finding[];

  constructor(scope: Construct, id: string, props: AzureFilePersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: core/objects/persistent.ts reads props.kubernetesVersion unguarded
    const p: Partial<AzureFilePersistentVolumeProps> = isPlainObject(props) ? props : {};
    super(scope, id, p as AzureFilePersistentVolumeProps);
    this.model = azureFileModel(props);
    this.form = pluginForm(Plugin.AZURE_FILE, this.kubernetesVersion, this.model.implementation);
    this.resourceGroup = p.resourceGroup ?? undefined;
    this.userVolumeHandle = p.volumeHandle ?? undefined;
    this.csiOnly = {
      protocol: p.protocol ?? undefined,
      storageAccount: p.storageAccount ?? undefined,
      folderName: p.folderName ?? undefined,
      createFolderIfNotExist: p.createFolderIfNotExist ?? undefined,
      server: p.server ?? undefined,
      storageEndpointSuffix: p.storageEndpointSuffix ?? undefined,
    };
    if (this.form.kind !== 'csi' && isString(this.resourceGroup)) {
      this.metadata.addAnnotation(RESOURCE_GROUP_ANNOTATION, this.resourceGroup);
    }
    const s = this.site();
    const at = (prop: keyof CsiOnly) => this.csiOnlyAt(prop);
    const c = this.csiOnly;
    // the props do not change: their shapes are checked once
    this.sourceShapes = [
      ...azureFileShapes(props, this.model, s),
      ...stringShape(this.resourceGroupAt(), p.resourceGroup, 'a string such as "rg-files"'),
      ...(s.csi ? stringShape(s.source.child('volumeHandle'), p.volumeHandle) : []),
      ...protocolShape(at('protocol'), c.protocol),
      ...stringShape(at('storageAccount'), c.storageAccount, 'a string such as "mystorageaccount"'),
      ...stringShape(at('folderName'), c.folderName, 'a string such as "reports/2024"'),
      ...booleanShape(at('createFolderIfNotExist'), c.createFolderIfNotExist),
      ...stringShape(at('server'), c.server, 'a string such as "mystorageaccount.privatelink.file.core.windows.net"'),
      ...stringShape(at('storageEndpointSuffix'), c.storageEndpointSuffix, 'a string such as "core.chinacloudapi.cn"'),
    ];
  }

  /**
   * The CSI volume handle (CSI form): the user's; else, when the account is known,
   * `<resourceGroup>#<account>#<share>##<volume name>` (or `#<account>#<share>###<volume name>`
   * without a resource group); else the volume's name.
   */
  public get volumeHandle(): string {
    if (this.userVolumeHandle !== undefined) return this.userVolumeHandle;
    const account = this.account();
    if (account === undefined || !isString(this.model.shareName)) return this.name;
    // pkg/azurefile/azurefile.go GetFileShareInfo reads <rg>#<account>#<share>#<diskName>#<uuid>#<secretNamespace>#<subscription>,
    // but with an empty resource group the fifth part as the Secret's namespace (CSI migration's format) and no more:
    // the volume's name goes into the part the driver does not read, as CreateVolume puts it in "uuid" for a named share
    const rg = isString(this.resourceGroup) ? this.resourceGroup : '';
    return rg !== '' ? `${rg}#${account}#${this.model.shareName}##${this.name}` : `#${account}#${this.model.shareName}###${this.name}`;
  }

  /** The share's account as the handle and the driver's controller use it: storageAccount, else the credentials' (trimmed, as the driver reads the Secret). */
  private account(): string | undefined {
    const named = this.csiOnly.storageAccount;
    if (isString(named) && named !== '') return named;
    const fromCredentials = this.model.credentials?.accountName?.trim();
    return fromCredentials ? fromCredentials : undefined;
  }

  private nfs(): boolean {
    return this.form.kind === 'csi' && this.csiOnly.protocol === NFS;
  }

  private site(): Site {
    return site(FieldPath.root('spec'), this.form, false);
  }

  /** Where a CSI-only prop lands: its volume attribute; in-tree, the prop under `spec.azureFile` (which has no such field). */
  private csiOnlyAt(prop: keyof CsiOnly): FieldPath {
    return this.form.kind === 'csi' ? FieldPath.root('spec', 'csi', 'volumeAttributes').key(prop) : FieldPath.root('spec', 'azureFile', prop);
  }

  /** Where the resource group lands: a volume attribute (CSI), the annotation CSI migration reads (in-tree). */
  private resourceGroupAt(): FieldPath {
    return this.form.kind === 'csi'
      ? FieldPath.root('spec', 'csi', 'volumeAttributes').key('resourceGroup')
      : FieldPath.root('metadata', 'annotations').key(RESOURCE_GROUP_ANNOTATION);
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return this.form.kind === 'csi' ? CSI_CAPABILITIES : IN_TREE_CAPABILITIES;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const s = this.site();
    const out: Finding[] = [
      ...pluginRules(Plugin.AZURE_FILE, this.kubernetesVersion, this.model.implementation, s.source),
      ...this.sourceShapes,
      // an NFS share mounts without the account key (azurefile.go GetAccountInfo returns before it reads a Secret)
      ...sourceRules(this.model, s, !this.nfs()),
    ];
    out.push(...(this.form.kind === 'csi' ? [...this.csiRules(s.source), ...this.csiOnlyRules()] : this.inTreeRules(s.source)));
    if (isString(this.resourceGroup)) out.push(...resourceGroupRules(this.resourceGroupAt(), this.resourceGroup));
    if (this.reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE) {
      const share = isString(this.model.shareName) ? ` ${quote(this.model.shareName)}` : '';
      const folder = this.form.kind === 'csi' && isString(this.csiOnly.folderName) && this.csiOnly.folderName.replace(/\//g, '') !== ''
        ? ` (the whole share, not only the folder ${quote(this.csiOnly.folderName)})` : '';
      out.push(warning(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'),
        `Delete deletes the Azure file share${share}${folder} and its data when the claim is deleted; use Retain for a share that outlives the claim`));
    }
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    if (this.form.kind !== 'csi') return { azureFile: renderInTree(this.model, false) };
    const ref = this.model.credentials?._secretRef;
    const attributes: Record<string, string> = { shareName: this.model.shareName };
    if (this.resourceGroup !== undefined) attributes.resourceGroup = this.resourceGroup;
    // props that are no string (boolean) are reported by their shape rules, and not written
    for (const [prop, key] of CSI_ATTRIBUTES) {
      const v = this.csiOnly[prop];
      if (isString(v)) attributes[key] = v;
      else if (typeof v === 'boolean' && prop === 'createFolderIfNotExist') attributes[key] = String(v);
    }
    return {
      csi: {
        driver: AZURE_FILE_CSI,
        volumeHandle: this.volumeHandle,
        readOnly: this.model.readOnly,
        volumeAttributes: attributes,
        nodeStageSecretRef: ref ? { name: ref.name, namespace: ref.namespace } : undefined,
      },
    };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }

  /** The in-tree source has fields for the share, the Secret and readOnly only: the CSI-only props would be dropped. */
  private inTreeRules(at: FieldPath): Finding[] {
    const out: Finding[] = [];
    for (const [prop, key] of CSI_ATTRIBUTES) {
      const v = this.csiOnly[prop];
      // smb and false are what the in-tree plugin does anyway
      if (!given(v) || (prop === 'protocol' && (v === AzureFileProtocol.SMB || v === '')) || (prop === 'createFolderIfNotExist' && v === false)) continue;
      out.push(forbidden(at, `the in-tree azureFile source has no field for ${prop}: use implementation VolumeImplementation.CSI (${AZURE_FILE_CSI} reads volumeAttributes[${key}])`));
    }
    return out;
  }

  private csiRules(at: FieldPath): Finding[] {
    const handle = this.volumeHandle;
    const hp = at.child('volumeHandle');
    if (!isString(handle)) return []; // its shape rule reports it
    if (handle === '') return [required(hp)];
    const out: Finding[] = [...textRules(hp, handle)];
    // the driver's controller reads <resourceGroup>#<account>#<share> from a handle with two or more '#'
    // and deletes (reclaim policy Delete) or resizes that share (azurefile.go GetFileShareInfo; controllerserver.go DeleteVolume, ControllerExpandVolume)
    const parts = handle.split('#');
    if (this.userVolumeHandle === undefined || parts.length < 3) return out;
    const why = `${AZURE_FILE_CSI} reads a handle with two or more '#' as "<resourceGroup>#<account>#<share>"`;
    const fix = 'the driver deletes and resizes the share the handle names; use that format or a handle with fewer \'#\'';
    if (isString(this.model.shareName) && parts[2] !== this.model.shareName) {
      out.push(invalid(hp, handle, `${why}, and its share must be ${quote(this.model.shareName)}: ${fix}`));
    }
    const account = this.account();
    if (account !== undefined && parts[1] !== account) {
      out.push(invalid(hp, handle, `${why}, and its account must be ${quote(account)}: ${fix}`));
    }
    return out;
  }

  /** The CSI-only props as the driver reads them (nodeserver.go NodeStageVolume, azurefile.go GetAccountInfo). */
  private csiOnlyRules(): Finding[] {
    const c = this.csiOnly;
    const at = (prop: keyof CsiOnly) => this.csiOnlyAt(prop);
    const out: Finding[] = [];
    const nfs = this.nfs();
    const account = c.storageAccount;
    if (isString(account)) {
      if (account === '' && !nfs) out.push(warning(at('storageAccount'), '"" is the same as unset: the driver mounts with the account of the credentials\' Secret; name the account, or leave storageAccount unset'));
      else if (account === '') out.push(required(at('storageAccount'), NFS_ACCOUNT));
      else out.push(...accountNameRules(at('storageAccount'), account));
      // SMB: the Secret's account wins over the attribute (GetAccountInfo: getStorageAccount(secrets)), while delete and resize use the handle's
      const secretAccount = this.model.credentials?.accountName?.trim();
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
      } else if (nfs && !this.model.credentials && !given(this.model.credentialsProp)) {
        out.push(warning(at('createFolderIfNotExist'), `${AZURE_FILE_CSI} creates the folder with the account key, also for NFS: without credentials it looks for the Secret azure-storage-account-<account>-secret, then its cloud identity, and mounts anyway (failing where the folder does not exist); give credentials`));
      }
    }
    if (isString(c.server)) out.push(...serverRules(at('server'), c.server));
    if (isString(c.storageEndpointSuffix)) out.push(...endpointSuffixRules(at('storageEndpointSuffix'), c.storageEndpointSuffix));
    if (nfs) out.push(...this.nfsMountOptionRules());
    return out;
  }

  /** An NFS share's mount options: the driver adds vers=4,minorversion=1,sec=sys, and the kernel's NFS client knows no cifs options. */
  private nfsMountOptionRules(): Finding[] {
    const out: Finding[] = [];
    listOf(this.mountOptions).forEach((o, i) => {
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
}

const NFS_ACCOUNT = `${AZURE_FILE_CSI} mounts an NFS share as <server>:/<account>/<share> and reads no Secret for it: name the storage account`;

/** A resource group as the driver and CSI migration read it. */
function resourceGroupRules(at: FieldPath, rg: string): Finding[] {
  if (rg === '') return [warning(at, '"" is the same as unset: the cluster\'s node resource group is used; name the resource group, or leave resourceGroup unset')];
  const out: Finding[] = [...textRules(at, rg)];
  if (rg.includes('#')) {
    out.push(invalid(at, rg, `must not contain '#': ${AZURE_FILE_CSI} and CSI migration write and read volume handles "<resourceGroup>#<account>#<share>" split at '#'`));
  }
  return out;
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
