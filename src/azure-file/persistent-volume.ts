import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AZURE_FILE_CSI } from './names';
import {
  AzureFilePvModel, CSI_ATTRIBUTES, RESOURCE_GROUP_ANNOTATION, accountOf, azureFileCapabilities, csiOnlyAt, csiOnlyRules, handleRules,
  inTreeRules, isNfs, resourceGroupAt, resourceGroupRules,
} from './pv-rules';
import { AzureFilePersistentVolumeProps, azureFileModel, azureFileShapes, renderInTree, site, sourceRules } from './source';
import { protocolShape } from './storage-class';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { Plugin } from '../core/policy/plugin-policy';
import { Finding, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { booleanShape, isPlainObject, isString, stringShape } from '../core/rules/shapes';

/** The PersistentVolume's source, and the volume handle it writes for a volume of a name. */
interface AzureFilePvSource extends VolumeSource {
  volumeHandle(name: string): string;
}

function pvModel(props: unknown): AzureFilePvModel {
  const p: Partial<AzureFilePersistentVolumeProps> = isPlainObject(props) ? props : {};
  return {
    share: azureFileModel(props),
    resourceGroup: p.resourceGroup ?? undefined,
    userVolumeHandle: p.volumeHandle ?? undefined,
    csiOnly: {
      protocol: p.protocol ?? undefined,
      storageAccount: p.storageAccount ?? undefined,
      folderName: p.folderName ?? undefined,
      createFolderIfNotExist: p.createFolderIfNotExist ?? undefined,
      server: p.server ?? undefined,
      storageEndpointSuffix: p.storageEndpointSuffix ?? undefined,
    },
  };
}

/**
 * The Azure File source of a PersistentVolume: `spec.azureFile` in-tree, or a static
 * `file.csi.azure.com` volume with the CSI-only props and the Secret's namespace.
 */
function azureFilePvSource(props: unknown): AzureFilePvSource {
  const pv = pvModel(props);
  const m = pv.share;
  const p: Partial<Record<keyof AzureFilePersistentVolumeProps, unknown>> = isPlainObject(props) ? props : {};
  /**
   * The CSI volume handle: the user's; else, when the account is known,
   * `<resourceGroup>#<account>#<share>##<volume name>` (or `#<account>#<share>###<volume name>`
   * without a resource group); else the volume's name.
   */
  const volumeHandle = (name: string): string => {
    if (pv.userVolumeHandle !== undefined) return pv.userVolumeHandle;
    const account = accountOf(pv);
    if (account === undefined || !isString(m.shareName)) return name;
    // pkg/azurefile/azurefile.go GetFileShareInfo reads <rg>#<account>#<share>#<diskName>#<uuid>#<secretNamespace>#<subscription>,
    // but with an empty resource group the fifth part as the Secret's namespace (CSI migration's format) and no more:
    // the volume's name goes into the part the driver does not read, as CreateVolume puts it in "uuid" for a named share
    const rg = isString(pv.resourceGroup) ? pv.resourceGroup : '';
    return rg !== '' ? `${rg}#${account}#${m.shareName}##${name}` : `#${account}#${m.shareName}###${name}`;
  };
  return {
    ...pluginPolicy(Plugin.AZURE_FILE, m.implementation),
    volumeHandle,
    bind: (at: SourceSite): BoundSource => {
      const form = at.form;
      const csi = form.kind === 'csi';
      const volume = at.persistentVolume!;
      const s = site(at.root, form, false);
      const ref = m.credentials?._bind(at.scope);
      if (!csi && isString(pv.resourceGroup)) volume.metadata.addAnnotation(RESOURCE_GROUP_ANNOTATION, pv.resourceGroup);
      const only = (prop: Parameters<typeof csiOnlyAt>[1]) => csiOnlyAt(form, prop);
      // the props do not change: their shapes are checked once
      const shapes = [
        ...azureFileShapes(props, m, s),
        ...stringShape(resourceGroupAt(form), p.resourceGroup, 'a string such as "rg-files"'),
        ...(csi ? stringShape(s.source.child('volumeHandle'), p.volumeHandle) : []),
        ...protocolShape(only('protocol'), pv.csiOnly.protocol),
        ...stringShape(only('storageAccount'), pv.csiOnly.storageAccount, 'a string such as "mystorageaccount"'),
        ...stringShape(only('folderName'), pv.csiOnly.folderName, 'a string such as "reports/2024"'),
        ...booleanShape(only('createFolderIfNotExist'), pv.csiOnly.createFolderIfNotExist),
        ...stringShape(only('server'), pv.csiOnly.server, 'a string such as "mystorageaccount.privatelink.file.core.windows.net"'),
        ...stringShape(only('storageEndpointSuffix'), pv.csiOnly.storageEndpointSuffix, 'a string such as "core.chinacloudapi.cn"'),
      ];
      const rules = (): Finding[] => {
        const out: Finding[] = [
          ...shapes,
          // an NFS share mounts without the account key (azurefile.go GetAccountInfo returns before it reads a Secret)
          ...sourceRules(m, ref, s, !isNfs(pv, form)),
          ...(csi
            ? [...handleRules(pv, volumeHandle(at.name), s.source), ...csiOnlyRules(pv, form, volume.mountOptions)]
            : inTreeRules(pv, s.source)),
        ];
        if (isString(pv.resourceGroup)) out.push(...resourceGroupRules(resourceGroupAt(form), pv.resourceGroup));
        if (volume.reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE) out.push(deleteWarning(pv, csi));
        return out;
      };
      return {
        field: csi ? 'csi' : 'azureFile',
        readOnly: m.readOnly === true,
        capabilities: () => azureFileCapabilities(form),
        rules,
        render: () => (csi ? { csi: renderCsi(pv, volumeHandle(at.name), ref) } : { azureFile: renderInTree(m, ref, false) }),
      };
    },
  };
}

function deleteWarning(pv: AzureFilePvModel, csi: boolean): Finding {
  const share = isString(pv.share.shareName) ? ` ${quote(pv.share.shareName)}` : '';
  const folder = pv.csiOnly.folderName;
  const only = csi && isString(folder) && folder.replace(/\//g, '') !== '' ? ` (the whole share, not only the folder ${quote(folder)})` : '';
  return warning(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'),
    `Delete deletes the Azure file share${share}${only} and its data when the claim is deleted; use Retain for a share that outlives the claim`);
}

function renderCsi(pv: AzureFilePvModel, volumeHandle: string, ref: { name: string; namespace?: string } | undefined) {
  const attributes: Record<string, string> = { shareName: pv.share.shareName };
  if (pv.resourceGroup !== undefined) attributes.resourceGroup = pv.resourceGroup;
  // props that are no string (boolean) are reported by their shape rules, and not written
  for (const [prop, key] of CSI_ATTRIBUTES) {
    const v = pv.csiOnly[prop];
    if (isString(v)) attributes[key] = v;
    else if (typeof v === 'boolean' && prop === 'createFolderIfNotExist') attributes[key] = String(v);
  }
  return {
    driver: AZURE_FILE_CSI,
    volumeHandle,
    readOnly: pv.share.readOnly,
    volumeAttributes: attributes,
    nodeStageSecretRef: ref ? { name: ref.name, namespace: ref.namespace } : undefined,
  };
}

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
  private readonly source: AzureFilePvSource;

  constructor(scope: Construct, id: string, props: AzureFilePersistentVolumeProps) {
    super(scope, id, props);
    this._carrySource(this.source = azureFilePvSource(props));
  }

  /**
   * The CSI volume handle (CSI form): the user's; else, when the account is known,
   * `<resourceGroup>#<account>#<share>##<volume name>` (or `#<account>#<share>###<volume name>`
   * without a resource group); else the volume's name.
   */
  public get volumeHandle(): string {
    return this.source.volumeHandle(this.name);
  }
}
