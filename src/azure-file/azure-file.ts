import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AZURE_FILE_CSI, AzureFileCredentials, NAMESPACE_FIX, SecretReferenceSite, accountNameRules, endpointSuffixRules, folderNameRules,
  secretReferenceFindings, serverRules, shareNameRules,
} from './credentials';
import { AzureFileProtocol, protocolShape } from './storage-class';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { Plugin, PluginForm, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding, forbidden, invalid, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, given, instanceShape, isPlainObject, isString, listOf, stringListShape, stringShape } from '../core/rules/shapes';

/** Where CSI translation and the in-tree plugin read a PersistentVolume's resource group. */
const RESOURCE_GROUP_ANNOTATION = 'kubernetes.io/azure-file-resource-group';

/** The fields of an Azure File share, shared by the Pod volume and the PersistentVolume. */
export interface AzureFileSourceOptions {
  /**
   * The name of the share in the storage account (not a path): 3 to 63 lower case letters, digits
   * and single hyphens.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#azurefile
   */
  readonly shareName: string;

  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly readOnly?: boolean;

  /**
   * The in-tree `azureFile` source or the `file.csi.azure.com` driver. AUTO follows the target
   * version: the in-tree field through 1.25 (deprecated; CSI migration serves it where the driver is
   * installed), the CSI driver from 1.26 (migration GA: only the driver mounts shares). IN_TREE at
   * 1.26 or later still works through CSI migration, with a warning.
   *
   * @default VolumeImplementation.AUTO
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver
   */
  readonly implementation?: VolumeImplementation;
}

/** Props for `AzureFileVolume`. */
export interface AzureFileVolumeProps extends AzureFileSourceOptions {
  /**
   * The storage account's credentials: the Secret the share is mounted with, read from the Pod's namespace.
   *
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly credentials: AzureFileCredentials;

  /**
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * SMB mount options (`dir_mode=0777`, `file_mode=0777`, `uid=1000`, `gid=1000`, `mfsymlinks`, …),
   * written as one comma-separated `volumeAttributes[mountOptions]`. CSI form only: the in-tree Pod
   * volume has no field for them. The driver refuses `bind` and `rbind` in inline volumes.
   *
   * @default - none; the driver's defaults
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/deploy/example/nginx-pod-azurefile-inline-volume.yaml
   */
  readonly mountOptions?: string[];

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#azurefile
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `AzureFilePersistentVolume`. */
export interface AzureFilePersistentVolumeProps extends AzureFileSourceOptions, StoragePersistentVolumeProps {
  /**
   * The storage account's credentials: the Secret an SMB share is mounted with (`nodeStageSecretRef`
   * in the CSI form, `secretName` and `secretNamespace` in-tree).
   *
   * @default - none: only an NFS share (protocol NFS) mounts without the account key
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly credentials?: AzureFileCredentials;

  /**
   * The share's protocol (CSI form only; `volumeAttributes.protocol`). An NFS share (in a Premium
   * account) mounts as `<server>:/<account>/<share>` without the account key: name the account in
   * `storageAccount`; the driver mounts it with `vers=4,minorversion=1,sec=sys`, which mountOptions
   * may not change, and the nodes need network access to the account (service or private endpoint).
   *
   * @default AzureFileProtocol.SMB (not written: the driver's default)
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/deploy/example/pv-azurefile-nfs.yaml
   */
  readonly protocol?: AzureFileProtocol;

  /**
   * The storage account of the share (CSI form only; `volumeAttributes.storageAccount`), 3 to 24 lower
   * case letters and digits; also the account part of the default volume handle. Required for NFS.
   * An SMB share is mounted with the account of the credentials' Secret, so it must be that account.
   *
   * @default - the credentials' account name, when they know it (not written: the driver reads the Secret)
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly storageAccount?: string;

  /**
   * A directory of the share to mount instead of its root (CSI form only; `volumeAttributes.folderName`),
   * such as `reports/2024`. The driver refuses `.` and `..` segments and the characters `\:*?"<>|`.
   * A reclaim policy Delete still deletes the whole share.
   *
   * @default - the share's root
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly folderName?: string;

  /**
   * Create `folderName` when the share lacks it, at mount time (CSI form only;
   * `volumeAttributes.createFolderIfNotExist`; driver v1.34.0 and later). Needs the account key, also for NFS.
   *
   * @default - the driver's default, false: the mount fails when the folder does not exist
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly createFolderIfNotExist?: boolean;

  /**
   * The host to mount instead of `<account>.file.<storageEndpointSuffix>` (CSI form only;
   * `volumeAttributes.server`): a private endpoint (`<account>.privatelink.file.core.windows.net`) or
   * another address of the account. A host name or IP address, without scheme, port or path.
   *
   * @default - `<account>.file.<storageEndpointSuffix>`
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly server?: string;

  /**
   * The storage domain of the account's cloud (CSI form only; `volumeAttributes.storageEndpointSuffix`),
   * such as `core.chinacloudapi.cn` or `core.usgovcloudapi.net`: the driver mounts `<account>.file.<suffix>`.
   *
   * @default - the cloud the driver runs in (`core.windows.net` in Azure's public cloud)
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly storageEndpointSuffix?: string;

  /**
   * The CSI volume handle (CSI form only): unique among the cluster's PersistentVolumes of the
   * driver, since the kubelet mounts a CSI volume once per node for each handle (a second volume with
   * the same handle would share the first one's mount, its mount options and read-only flag lost).
   * A handle with two or more `#` is read by the driver as
   * `<resourceGroup>#<account>#<share>#…`: the driver deletes (reclaim policy Delete) and resizes the
   * share it names, so its account and share must be this volume's.
   *
   * @default - when the account is known (`storageAccount`, or the credentials' account name):
   * `<resourceGroup>#<account>#<share>##<volume name>`, or `#<account>#<share>###<volume name>` without
   * a resource group (the driver's format, which delete and resize need, made unique by the
   * PersistentVolume's name in a part the driver does not read); else the PersistentVolume's name
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly volumeHandle?: string;

  /**
   * The resource group of the storage account, when it is not the cluster's node resource group.
   * CSI: `volumeAttributes.resourceGroup` and part of the default handle; in-tree: the annotation
   * `kubernetes.io/azure-file-resource-group`, which CSI migration reads.
   *
   * @default - the cluster's node resource group
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly resourceGroup?: string;
}

/**
 * The model: every default applied once. Values are kept as the caller gave them (a JavaScript
 * caller can pass anything); the shapes are checked before any rule reads them.
 */
interface AzureFileModel {
  readonly shareName: string;
  readonly readOnly?: boolean;
  /** The credentials, when the prop is AzureFileCredentials. */
  readonly credentials?: AzureFileCredentials;
  /** The props as given, for their rules; `credentials` and `implementation` are what they decide. */
  readonly credentialsProp: unknown;
  readonly implementationProp: unknown;
  readonly implementation: VolumeImplementation;
}

/** The props both constructs take: the share's and the credentials. */
type SourceProps = AzureFileSourceOptions & { readonly credentials?: AzureFileCredentials };

function azureFileModel(props: unknown): AzureFileModel {
  const p: Partial<SourceProps> = isPlainObject(props) ? props : {};
  return {
    shareName: p.shareName ?? '',
    readOnly: p.readOnly ?? undefined,
    credentials: p.credentials instanceof AzureFileCredentials ? p.credentials : undefined,
    credentialsProp: p.credentials,
    implementationProp: p.implementation,
    implementation: implementationOf(p.implementation),
  };
}

/**
 * Where the rules point, per form. In-tree: `<root>.azureFile.<field>`. CSI Pod volume:
 * `<root>.csi.volumeAttributes[<field>]`. CSI PersistentVolume: the share in `volumeAttributes`, the
 * Secret in `nodeStageSecretRef`. `secret.namespace` is absent for Pod volumes (the Pod's namespace).
 */
interface Site {
  readonly source: FieldPath;
  readonly shareName: FieldPath;
  readonly secret: SecretReferenceSite;
  readonly csi: boolean;
}

function site(root: FieldPath, form: PluginForm, pod: boolean): Site {
  if (form.kind === 'csi') {
    const source = root.child('csi');
    const attrs = source.child('volumeAttributes');
    if (pod) return { source, shareName: attrs.key('shareName'), secret: { name: attrs.key('secretName') }, csi: true };
    const ref = source.child('nodeStageSecretRef');
    return { source, shareName: attrs.key('shareName'), secret: { name: ref.child('name'), namespace: ref.child('namespace') }, csi: true };
  }
  const source = root.child('azureFile');
  const secret = { name: source.child('secretName'), namespace: pod ? undefined : source.child('secretNamespace') };
  return { source, shareName: source.child('shareName'), secret, csi: false };
}

const FACTORIES = 'AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...)';
const CREDENTIALS = `AzureFileCredentials (${FACTORIES})`;

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
function azureFileShapes(p: unknown, m: AzureFileModel, s: Site): Finding[] {
  const props: Partial<Record<keyof SourceProps, unknown>> = isPlainObject(p) ? p : {};
  return [
    ...stringShape(s.shareName, props.shareName, 'a string such as "azure-share"'),
    ...booleanShape(s.source.child('readOnly'), props.readOnly),
    ...instanceShape(s.secret.name, props.credentials, (v) => v instanceof AzureFileCredentials, CREDENTIALS),
    ...implementationRules(s.source, m.implementationProp),
  ];
}

/** kube-apiserver's rules for the source (§1.1), the share's format, and the Secret reference. */
function sourceRules(m: AzureFileModel, s: Site, credentialsRequired = true): Finding[] {
  const out: Finding[] = isString(m.shareName) ? [...shareNameRules(s.shareName, m.shareName)] : [];
  const creds = m.credentials;
  if (!creds) {
    if (!given(m.credentialsProp) && credentialsRequired) out.push(required(s.secret.name, `give credentials: ${FACTORIES}`));
    return out;
  }
  out.push(...secretReferenceFindings(creds, s.secret));
  // a CSI PersistentVolume names the Secret's namespace; the kubelet reads nodeStageSecretRef as written
  if (s.csi && s.secret.namespace && !given(creds._existing?.namespace) && !creds._secretRef.namespace) {
    out.push(required(s.secret.namespace, `a CSI volume names its Secret with a namespace: ${NAMESPACE_FIX}`));
  }
  return out;
}

function renderInTree(m: AzureFileModel, pod: boolean): k8s.AzureFilePersistentVolumeSource {
  const ref = m.credentials?._secretRef;
  return {
    secretName: ref?.name ?? '',
    shareName: m.shareName,
    readOnly: m.readOnly,
    secretNamespace: pod ? undefined : ref?.namespace,
  };
}

const LOCAL_MOUNT = /^(?:r?bind)$/i;

/**
 * The Pod volume's mount options: only the CSI form can carry them, one comma-separated
 * attribute that the driver splits and scans for local bind mounts.
 */
function mountOptionRules(options: unknown, s: Site): Finding[] {
  if (!Array.isArray(options) || options.length === 0) return [];
  if (!s.csi) {
    return [forbidden(s.source, `the in-tree azureFile Pod volume takes no mount options: use implementation VolumeImplementation.CSI (${AZURE_FILE_CSI} reads them from volumeAttributes[mountOptions]), or an AzureFilePersistentVolume (spec.mountOptions)`)];
  }
  const at = s.source.child('volumeAttributes').key('mountOptions');
  const out: Finding[] = [];
  for (const o of options) {
    if (!isString(o)) continue;
    out.push(...textRules(at, o));
    for (const part of o.split(',')) {
      if (LOCAL_MOUNT.test(part.trim())) {
        out.push(invalid(at, part.trim(), `${AZURE_FILE_CSI} refuses "bind" and "rbind" in an inline volume's mount options: the share is always mounted over SMB`));
      }
    }
  }
  return out;
}

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
interface CsiOnly {
  readonly protocol: unknown;
  readonly storageAccount: unknown;
  readonly folderName: unknown;
  readonly createFolderIfNotExist: unknown;
  readonly server: unknown;
  readonly storageEndpointSuffix: unknown;
}

/** Prop → `volumeAttributes` key, in the order they are written (after shareName and resourceGroup). */
const CSI_ATTRIBUTES: ReadonlyArray<readonly [keyof CsiOnly, string]> = [
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
