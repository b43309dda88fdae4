import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AZURE_FILE_CSI,
} from './credentials';
import { AzureFileVolumeProps, AzureFileModel, azureFileModel, azureFileShapes, mountOptionRules, renderInTree, site, sourceRules } from './source';
import { AzureFileProtocol } from './storage-class';
import { addRules } from '../core/app/validation';
import { PodStorage } from '../core/objects/pod-storage';
import { Plugin, PluginForm } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { isPlainObject, isString, listOf, stringListShape } from '../core/rules/shapes';

/** Where CSI translation and the in-tree plugin read a PersistentVolume's resource group. */
export const RESOURCE_GROUP_ANNOTATION = 'kubernetes.io/azure-file-resource-group';

/**
 * An Azure File share as a Pod volume: mount it with `container.mount(path, volume)`. Through
 * Kubernetes 1.25 the in-tree `azureFile` source (`secretName`, `shareName`, `readOnly`; deprecated,
 * with a warning); from 1.26 an inline `file.csi.azure.com` CSI volume (`volumeAttributes`
 * `shareName`, `secretName`, `mountOptions`), which the driver serves without a PersistentVolume.
 * Both read the credentials' Secret from the Pod's namespace. Install the Azure File CSI driver
 * before targeting 1.26.
 *
 * @example
 *
 * const share = new AzureFileVolume(chart, 'Share', {
 *   shareName: 'azure-share',
 *   credentials: account,
 *   readOnly: false,
 * });
 * deployment.containers[0].mount('/data', share);
 */
export class AzureFileVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: AzureFileModel;
  private readonly pod: PodStorage;
  private readonly form: PluginForm;
  /** As given: a copy when it is a list. */
  private readonly _mountOptions: unknown;

  constructor(scope: Construct, id: string, props: AzureFileVolumeProps) {
    super(scope, id);
    const p: Partial<AzureFileVolumeProps> = isPlainObject(props) ? props : {};
    this.model = azureFileModel(props);
    this._mountOptions = Array.isArray(p.mountOptions) ? [...p.mountOptions] : p.mountOptions ?? undefined;
    this.pod = new PodStorage(this, {
      plugin: Plugin.AZURE_FILE, implementation: this.model.implementation, name: p.name, kubernetesVersion: p.kubernetesVersion,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.form = this.pod.form;
    const s = site(this.pod.root, this.form, true);
    // the in-tree Pod volume has no field for them: its errors name the prop
    const mountOptionsAt = s.csi ? s.source.child('volumeAttributes').key('mountOptions') : s.source.child('mountOptions');
    // the props do not change: their shapes are checked once
    const shapes = [
      ...azureFileShapes(props, this.model, s),
      ...stringListShape(mountOptionsAt, p.mountOptions, 'a string such as "uid=1000"', 'a list of mount options, such as ["uid=1000", "mfsymlinks"]'),
    ];
    addRules(this, () => [
      ...this.pod.rules(this.sourceField()), ...shapes, ...sourceRules(this.model, s), ...mountOptionRules(this._mountOptions, s),
    ]);
  }

  /** SMB mount options of the CSI form (a copy). */
  public get mountOptions(): string[] {
    return [...listOf(this._mountOptions as string[] | undefined)];
  }

  /** The Pod volume (created once): inline `azureFile`, or an inline `file.csi.azure.com` volume. */
  public asVolume(): kplus.Volume {
    const ref = this.model.credentials?._secretRef;
    const csi = this.form.kind === 'csi';
    // the kubelet (in-tree) and the driver (inline CSI) read the Secret from the Pod's namespace
    const secret = ref ? { ...ref, field: csi ? 'csi.volumeAttributes[secretName]' : 'azureFile.secretName' } : undefined;
    return this.pod.asVolume(this.sourceField(), () => (csi ? this.renderCsi() : renderInTree(this.model, true)), { secret });
  }

  private sourceField(): string {
    return this.form.kind === 'csi' ? 'csi' : 'azureFile';
  }

  private renderCsi(): k8s.CsiVolumeSource {
    const attributes: Record<string, string> = { shareName: this.model.shareName, secretName: this.model.credentials?._secretRef.name ?? '' };
    const options = this._mountOptions;
    // options that are no list of strings are reported by their shape rule, and not written
    if (Array.isArray(options) && options.length > 0 && options.every(isString)) attributes.mountOptions = options.join(',');
    return { driver: AZURE_FILE_CSI, readOnly: this.model.readOnly, volumeAttributes: attributes };
  }
}

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

export const NFS = AzureFileProtocol.NFS as string;
/** NFS options the driver sets itself (nodeserver.go NodeStageVolume: "vers=4,minorversion=1,sec=sys"). */
export const NFS_FIXED = /^(?:vers|nfsvers|minorversion|sec)$|^v[234](?:\.\d)?$/;
/** cifs options an NFS mount does not know: the kernel's NFS client refuses unknown options. */
export const SMB_ONLY = new Set(['dir_mode', 'file_mode', 'uid', 'gid', 'forceuid', 'forcegid', 'mfsymlinks', 'nosharesock', 'cache', 'nobrl',
  'serverino', 'noserverino', 'closetimeo', 'username', 'password', 'domain', 'iocharset']);
