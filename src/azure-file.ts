import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Capabilities } from './core/access';
import { csiSecretParameters } from './core/csi-parameters';
import { Finding, REDACTED, forbidden, invalid, required, warning } from './core/errors';
import { FieldPath, quote } from './core/field-path';
import { textRules } from './core/manifest-text';
import { NameRule, nameErrors } from './core/names';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { SecretRef, SecretSource, materialize } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion } from './core/version';
import { StorageClass, StorageClassOptions } from './storage-class';

const AZURE_FILE_CSI = 'file.csi.azure.com';
const ACCOUNT_NAME_KEY = 'azurestorageaccountname';
const ACCOUNT_KEY_KEY = 'azurestorageaccountkey';
/** Where CSI translation and the in-tree plugin read a PersistentVolume's resource group. */
const RESOURCE_GROUP_ANNOTATION = 'kubernetes.io/azure-file-resource-group';

// Azure's naming rules (Microsoft Learn: "Naming and referencing shares", "Storage account name").
const SHARE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const SHARE_NAME_MSG = 'an Azure file share name must be 3 to 63 characters of lower case letters, digits and single \'-\', starting and ending with a letter or digit (e.g. \'azure-share\', regex used for validation is \'[a-z0-9]+(-[a-z0-9]+)*\')';
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const ACCOUNT_NAME_MSG = 'an Azure storage account name must be 3 to 24 characters of lower case letters and digits (e.g. \'mystorageaccount\', regex used for validation is \'[a-z0-9]{3,24}\')';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function shareNameRules(at: FieldPath, share: string): Finding[] {
  if (share === '') return [required(at)];
  return SHARE_NAME.test(share) ? [] : [invalid(at, share, SHARE_NAME_MSG)];
}

function accountNameRules(at: FieldPath, account: string): Finding[] {
  if (account === '') return [required(at)];
  return ACCOUNT_NAME.test(account) ? [] : [invalid(at, account, ACCOUNT_NAME_MSG)];
}

// ---------------------------------------------------------------------------------------------

/** Options for credentials the library stores in a new Secret. */
export interface AzureFileAccountKeyOptions {
  /**
   * The storage account's name: 3 to 24 lower case letters and digits.
   *
   * @see https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name
   */
  readonly accountName: string;

  /**
   * One of the storage account's access keys, in base64. It goes only into the Secret's data.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#azurefile
   */
  readonly accountKey: string;

  /**
   * The Secret's name.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly secretName?: string;
}

/** Options for credentials in an existing Secret. */
export interface AzureFileSecretOptions {
  /**
   * The Secret: an Opaque Secret with the keys `azurestorageaccountname` and
   * `azurestorageaccountkey`. A cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`.
   *
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly secret: kplus.ISecret;

  /**
   * The Secret's namespace, written into PersistentVolumes and StorageClasses. A Pod volume always
   * reads the Secret from the Pod's namespace.
   *
   * @default - the Secret's own namespace when it is a Secret of this app; else unknown, which an
   * in-tree PersistentVolume tolerates (its claim's namespace is used) and a CSI one does not
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly namespace?: string;

  /**
   * The storage account's name, when known; it makes the default volume handle of CSI
   * PersistentVolumes (`<resourceGroup>#<account>#<share>`).
   *
   * @default - unknown; CSI PersistentVolumes default their volume handle to their own name
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly accountName?: string;
}

/**
 * The storage account credentials an Azure File share is mounted with: an Opaque Secret with the
 * keys `azurestorageaccountname` and `azurestorageaccountkey`, which the in-tree plugin and
 * `file.csi.azure.com` both read. The library creates that Secret from an account name and key (once,
 * under this construct, so volumes share it), or refers to an existing one.
 *
 * @example
 *
 * const account = AzureFileCredentials.fromAccountKey(chart, 'Account', {
 *   accountName: 'mystorageaccount',
 *   accountKey: process.env.AZURE_STORAGE_ACCOUNT_KEY!,
 *   secretName: 'azure-file-secret',
 * });
 */
export class AzureFileCredentials extends Construct {
  /** An Opaque Secret the library creates with the account's name and key. */
  public static fromAccountKey(scope: Construct, id: string, options: AzureFileAccountKeyOptions): AzureFileCredentials {
    const source: SecretSource = {
      kind: 'generated',
      data: { [ACCOUNT_NAME_KEY]: options.accountName, [ACCOUNT_KEY_KEY]: options.accountKey },
      metadata: options.secretName === undefined ? undefined : { name: options.secretName },
    };
    return new AzureFileCredentials(scope, id, source, options.accountName);
  }

  /** An existing Secret holding `azurestorageaccountname` and `azurestorageaccountkey`. */
  public static fromSecret(scope: Construct, id: string, options: AzureFileSecretOptions): AzureFileCredentials {
    return new AzureFileCredentials(scope, id, { kind: 'existing', secret: options.secret, namespace: options.namespace }, options.accountName);
  }

  /** The storage account's name, if known. */
  public readonly accountName?: string;

  /** @internal The Secret as volumes and classes refer to it. */
  public readonly _secretRef: SecretRef;

  /** @internal Whether the library created the Secret (its name was checked on the Secret itself). */
  public readonly _generated: boolean;

  private constructor(scope: Construct, id: string, source: SecretSource, accountName: string | undefined) {
    super(scope, id);
    this.accountName = accountName;
    this._generated = source.kind === 'generated';
    this._secretRef = materialize(this, 'Secret', source, {
      type: 'Opaque',
      requiredKeys: [
        { key: ACCOUNT_NAME_KEY, detail: 'give the storage account\'s name' },
        { key: ACCOUNT_KEY_KEY, detail: 'give one of the storage account\'s access keys' },
      ],
    });
    if (source.kind === 'generated') {
      const secret = this.node.findChild('Secret');
      addRules(secret, () => accountSecretRules(source.data));
    } else if (accountName !== undefined) {
      addRules(this, () => accountNameRules(FieldPath.root('accountName'), accountName));
    }
  }
}

/** The account name's format and the key's encoding, on the Secret the library creates. */
function accountSecretRules(data: Readonly<Record<string, string>>): Finding[] {
  const at = FieldPath.root('stringData');
  const out: Finding[] = [];
  const name = data[ACCOUNT_NAME_KEY];
  const key = data[ACCOUNT_KEY_KEY];
  if (name) out.push(...accountNameRules(at.key(ACCOUNT_NAME_KEY), name));
  if (key && !BASE64.test(key)) {
    out.push(invalid(at.key(ACCOUNT_KEY_KEY), REDACTED, 'must be one of the storage account\'s access keys, in base64 as the Azure portal shows it under "Access keys" (not a connection string or SAS token)'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

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
   * The storage account's credentials: the Secret the share is mounted with.
   *
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly credentials: AzureFileCredentials;

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
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * SMB mount options (`dir_mode=0777`, `file_mode=0777`, `uid=1000`, `gid=1000`, `mfsymlinks`, …),
   * written as one comma-separated `volumeAttributes[mountOptions]`. CSI form only: the in-tree Pod
   * volume has no field for them.
   *
   * @default - none; the driver's defaults
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/deploy/example/nginx-pod-azurefile-inline-volume.yaml
   */
  readonly mountOptions?: string[];

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#azurefile
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `AzureFilePersistentVolume`. */
export interface AzureFilePersistentVolumeProps extends AzureFileSourceOptions, StoragePersistentVolumeProps {
  /**
   * The CSI volume handle, unique for the share in the cluster (CSI form only). A handle with `#`
   * must be the driver's own format `<resourceGroup>#<account>#<share>`.
   *
   * @default - `<resourceGroup>#<account>#<share>` when the credentials know the account (the
   * driver's format, which resize needs); else the PersistentVolume's name
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

/** The model: every default applied once. */
interface AzureFileModel {
  readonly shareName: string;
  readonly readOnly?: boolean;
  readonly credentials?: AzureFileCredentials;
  readonly implementation: VolumeImplementation;
}

function azureFileModel(p: AzureFileSourceOptions): AzureFileModel {
  return {
    shareName: p.shareName ?? '',
    readOnly: p.readOnly,
    credentials: p.credentials,
    implementation: p.implementation ?? VolumeImplementation.AUTO,
  };
}

/**
 * Where the rules point, per form. In-tree: `<root>.azureFile.<field>`. CSI Pod volume:
 * `<root>.csi.volumeAttributes[<field>]`. CSI PersistentVolume: the share in `volumeAttributes`, the
 * Secret in `nodeStageSecretRef`. `secretNamespace` is absent for Pod volumes (the Pod's namespace).
 */
interface Site {
  readonly source: FieldPath;
  readonly shareName: FieldPath;
  readonly secretName: FieldPath;
  readonly secretNamespace?: FieldPath;
}

function site(root: FieldPath, form: PluginForm, pod: boolean): Site {
  if (form.kind === 'csi') {
    const source = root.child('csi');
    const attrs = source.child('volumeAttributes');
    if (pod) return { source, shareName: attrs.key('shareName'), secretName: attrs.key('secretName') };
    const ref = source.child('nodeStageSecretRef');
    return { source, shareName: attrs.key('shareName'), secretName: ref.child('name'), secretNamespace: ref.child('namespace') };
  }
  const source = root.child('azureFile');
  return { source, shareName: source.child('shareName'), secretName: source.child('secretName'), secretNamespace: pod ? undefined : source.child('secretNamespace') };
}

const NAMESPACE_FIX = 'give the credentials\' Chart a namespace, or pass namespace to AzureFileCredentials.fromSecret';

/** kube-apiserver's rules for the source (§1.1), the share's format, and the Secret reference. */
function sourceRules(m: AzureFileModel, form: PluginForm, s: Site): Finding[] {
  const out: Finding[] = [...shareNameRules(s.shareName, m.shareName)];
  const creds = m.credentials;
  if (!creds) {
    out.push(required(s.secretName, 'give credentials: AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...)'));
    return out;
  }
  const ref = creds._secretRef;
  if (!creds._generated) {
    if (!ref.name) out.push(required(s.secretName));
    else out.push(...nameErrors(s.secretName, ref.name, NameRule.DNS_SUBDOMAIN));
  }
  if (s.secretNamespace) {
    if (form.kind === 'csi' && !ref.namespace) {
      out.push(required(s.secretNamespace, `a CSI volume names its Secret with a namespace: ${NAMESPACE_FIX}`));
    } else if (ref.namespace === '') {
      out.push(required(s.secretNamespace));
    } else if (ref.namespace !== undefined) {
      out.push(...nameErrors(s.secretNamespace, ref.namespace, NameRule.DNS_LABEL));
    }
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
  private readonly _mountOptions: string[];

  constructor(scope: Construct, id: string, props: AzureFileVolumeProps) {
    super(scope, id);
    this.model = azureFileModel(props);
    this._mountOptions = [...props.mountOptions ?? []];
    this.pod = new PodStorage(this, {
      plugin: Plugin.AZURE_FILE, implementation: this.model.implementation, name: props.name, kubernetesVersion: props.kubernetesVersion,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.form = this.pod.form;
    addRules(this, () => this.rules());
  }

  /** SMB mount options of the CSI form (a copy). */
  public get mountOptions(): string[] {
    return [...this._mountOptions];
  }

  /** The Pod volume (created once): inline `azureFile`, or an inline `file.csi.azure.com` volume. */
  public asVolume(): kplus.Volume {
    const ref = this.model.credentials?._secretRef;
    const csi = this.form.kind === 'csi';
    // the kubelet (in-tree) and the driver (inline CSI) read the Secret from the Pod's namespace
    const secret = ref ? { ...ref, field: csi ? 'csi.volumeAttributes[secretName]' : 'azureFile.secretName' } : undefined;
    return this.pod.asVolume(csi ? 'csi' : 'azureFile', () => (csi ? this.renderCsi() : renderInTree(this.model, true)), { secret });
  }

  private renderCsi(): k8s.CsiVolumeSource {
    const attributes: Record<string, string> = { shareName: this.model.shareName, secretName: this.model.credentials?._secretRef.name ?? '' };
    if (this._mountOptions.length > 0) attributes.mountOptions = this._mountOptions.join(',');
    return { driver: AZURE_FILE_CSI, readOnly: this.model.readOnly, volumeAttributes: attributes };
  }

  private rules(): Finding[] {
    const s = site(this.pod.root, this.form, true);
    const out: Finding[] = [...this.pod.rules(this.form.kind === 'csi' ? 'csi' : 'azureFile'), ...sourceRules(this.model, this.form, s)];
    if (this.form.kind !== 'csi' && this._mountOptions.length > 0) {
      out.push(forbidden(s.source, `the in-tree azureFile Pod volume takes no mount options: use implementation VolumeImplementation.CSI (${AZURE_FILE_CSI} reads them from volumeAttributes[mountOptions]), or an AzureFilePersistentVolume (spec.mountOptions)`));
    }
    if (this.form.kind === 'csi') {
      const at = s.source.child('volumeAttributes').key('mountOptions');
      this._mountOptions.forEach((o) => {
        if (o.includes(',')) out.push(invalid(at, o, `must not contain ',': ${AZURE_FILE_CSI} splits volumeAttributes[mountOptions] at commas; give each option on its own`));
        out.push(...textRules(at, o));
      });
    }
    return out;
  }
}

/**
 * An existing Azure File share as a PersistentVolume (a `StoragePersistentVolume`:
 * `bind()`, `reserve()`, `asVolume()`). Through Kubernetes 1.25 the in-tree `spec.azureFile`
 * (`secretName`, `secretNamespace`, `shareName`, `readOnly`); from 1.26 a static
 * `file.csi.azure.com` volume (`volumeHandle`, `volumeAttributes.shareName`, `nodeStageSecretRef`
 * with the Secret's namespace). Access modes ReadWriteOnce, ReadOnlyMany and ReadWriteMany; SMB
 * mount options in `mountOptions`; never Block. Keep the reclaim policy Retain: Delete deletes the
 * share.
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
  private readonly resourceGroup?: string;
  private readonly userVolumeHandle?: string;

  constructor(scope: Construct, id: string, props: AzureFilePersistentVolumeProps) {
    super(scope, id, props);
    this.model = azureFileModel(props);
    this.form = pluginForm(Plugin.AZURE_FILE, this.kubernetesVersion, this.model.implementation);
    this.resourceGroup = props.resourceGroup;
    this.userVolumeHandle = props.volumeHandle;
    if (this.form.kind !== 'csi' && props.resourceGroup !== undefined) {
      this.metadata.addAnnotation(RESOURCE_GROUP_ANNOTATION, props.resourceGroup);
    }
  }

  /** The CSI volume handle (CSI form). */
  public get volumeHandle(): string {
    if (this.userVolumeHandle !== undefined) return this.userVolumeHandle;
    const account = this.model.credentials?.accountName;
    return account ? `${this.resourceGroup ?? ''}#${account}#${this.model.shareName}` : this.name;
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return {
      accessModes: [
        kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
        kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
        kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
      ],
      accessModesWhy: 'an Azure file share is mounted over SMB by any number of nodes; Azure File does not offer ReadWriteOncePod',
      block: false,
      blockWhy: 'an Azure file share is an SMB file system; use an Azure Disk for a raw block device',
      mountOptions: true,
    };
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const spec = FieldPath.root('spec');
    const s = site(spec, this.form, false);
    const out: Finding[] = [
      ...pluginRules(Plugin.AZURE_FILE, this.kubernetesVersion, this.model.implementation, s.source),
      ...sourceRules(this.model, this.form, s),
    ];
    if (this.form.kind === 'csi') out.push(...this.csiRules(s.source));
    if (this.resourceGroup !== undefined) {
      const at = this.form.kind === 'csi'
        ? s.source.child('volumeAttributes').key('resourceGroup')
        : FieldPath.root('metadata', 'annotations').key(RESOURCE_GROUP_ANNOTATION);
      if (this.resourceGroup === '') out.push(required(at, 'name the resource group, or leave resourceGroup unset for the cluster\'s node resource group'));
      out.push(...textRules(at, this.resourceGroup));
    }
    if (this.reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE) {
      out.push(warning(spec.child('persistentVolumeReclaimPolicy'),
        `Delete deletes the Azure file share ${quote(this.model.shareName)} and its data when the claim is deleted; use Retain for a share that outlives the claim`));
    }
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    if (this.form.kind !== 'csi') return { azureFile: renderInTree(this.model, false) };
    const ref = this.model.credentials?._secretRef;
    const attributes: Record<string, string> = { shareName: this.model.shareName };
    if (this.resourceGroup !== undefined) attributes.resourceGroup = this.resourceGroup;
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
    return this.model.readOnly ?? false;
  }

  private csiRules(at: FieldPath): Finding[] {
    const handle = this.volumeHandle;
    const hp = at.child('volumeHandle');
    const out: Finding[] = [...textRules(hp, handle)];
    if (handle === '') out.push(required(hp));
    const parts = handle.split('#');
    if (this.userVolumeHandle !== undefined && parts.length > 1 && (parts.length < 3 || parts[2] !== this.model.shareName)) {
      out.push(invalid(hp, handle, `${AZURE_FILE_CSI} reserves '#' for its own format "<resourceGroup>#<account>#<share>", whose share must be ${quote(this.model.shareName)}: use that format or a handle without '#'`));
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------

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

/** The name of an existing Secret the credentials refer to, where a StorageClass writes it. */
function credentialReferenceRules(at: FieldPath, creds: AzureFileCredentials): Finding[] {
  if (creds._generated) return [];
  const name = creds._secretRef.name;
  return name ? nameErrors(at, name, NameRule.DNS_SUBDOMAIN) : [required(at)];
}
