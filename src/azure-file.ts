import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AZURE_FILE_CSI, AzureFileCredentials, NAMESPACE_FIX, shareNameRules } from './azure-file-credentials';
import { Capabilities } from './core/access';
import { Finding, forbidden, invalid, required, warning } from './core/errors';
import { FieldPath, quote } from './core/field-path';
import { textRules } from './core/manifest-text';
import { NameRule, nameErrors } from './core/names';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { addRules } from './core/validation';
import { KubernetesVersion } from './core/version';

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
