import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AZURE_FILE_CSI, AzureFileCredentials, NAMESPACE_FIX, SecretReferenceSite, secretReferenceFindings, shareNameRules } from './azure-file-credentials';
import { Capabilities } from './core/access';
import { Finding, forbidden, invalid, required, warning } from './core/errors';
import { FieldPath, quote } from './core/field-path';
import { textRules } from './core/manifest-text';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, PluginForm, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { booleanShape, given, instanceShape, isPlainObject, isString, listOf, stringListShape, stringShape } from './core/shapes';
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
   * The CSI volume handle, unique for the share in the cluster (CSI form only). A handle with two or
   * more `#` is read by the driver as `<resourceGroup>#<account>#<share>#…`: its share must be `shareName`.
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

function azureFileModel(props: unknown): AzureFileModel {
  const p: Partial<AzureFileSourceOptions> = isPlainObject(props) ? props : {};
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
  const props: Partial<Record<keyof AzureFileSourceOptions, unknown>> = isPlainObject(p) ? p : {};
  return [
    ...stringShape(s.shareName, props.shareName, 'a string such as "azure-share"'),
    ...booleanShape(s.source.child('readOnly'), props.readOnly),
    ...instanceShape(s.secret.name, props.credentials, (v) => v instanceof AzureFileCredentials, CREDENTIALS),
    ...implementationRules(s.source, m.implementationProp),
  ];
}

/** kube-apiserver's rules for the source (§1.1), the share's format, and the Secret reference. */
function sourceRules(m: AzureFileModel, s: Site): Finding[] {
  const out: Finding[] = isString(m.shareName) ? [...shareNameRules(s.shareName, m.shareName)] : [];
  const creds = m.credentials;
  if (!creds) {
    if (!given(m.credentialsProp)) out.push(required(s.secret.name, `give credentials: ${FACTORIES}`));
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

/**
 * An existing Azure File share as a PersistentVolume (a `StoragePersistentVolume`:
 * `bind()`, `reserve()`, `asVolume()`). Through Kubernetes 1.25 the in-tree `spec.azureFile`
 * (`secretName`, `secretNamespace`, `shareName`, `readOnly`); from 1.26 a static
 * `file.csi.azure.com` volume (`volumeHandle`, `volumeAttributes.shareName`, `nodeStageSecretRef`
 * with the Secret's namespace). Access modes ReadWriteOnce, ReadOnlyMany and ReadWriteMany (and
 * ReadWriteOncePod in the CSI form); SMB mount options in `mountOptions`; never Block. Keep the
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
  private readonly sourceShapes: Finding[];

  constructor(scope: Construct, id: string, props: AzureFilePersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: core/persistent.ts reads props.kubernetesVersion unguarded
    const p: Partial<AzureFilePersistentVolumeProps> = isPlainObject(props) ? props : {};
    super(scope, id, p as AzureFilePersistentVolumeProps);
    this.model = azureFileModel(props);
    this.form = pluginForm(Plugin.AZURE_FILE, this.kubernetesVersion, this.model.implementation);
    this.resourceGroup = p.resourceGroup ?? undefined;
    this.userVolumeHandle = p.volumeHandle ?? undefined;
    if (this.form.kind !== 'csi' && isString(this.resourceGroup)) {
      this.metadata.addAnnotation(RESOURCE_GROUP_ANNOTATION, this.resourceGroup);
    }
    const s = this.site();
    // the props do not change: their shapes are checked once
    this.sourceShapes = [
      ...azureFileShapes(props, this.model, s),
      ...stringShape(this.resourceGroupAt(), p.resourceGroup, 'a string such as "rg-files"'),
      ...(s.csi ? stringShape(s.source.child('volumeHandle'), p.volumeHandle) : []),
    ];
  }

  /** The CSI volume handle (CSI form): the user's, else `<resourceGroup>#<account>#<share>`, else the volume's name. */
  public get volumeHandle(): string {
    if (this.userVolumeHandle !== undefined) return this.userVolumeHandle;
    const account = this.model.credentials?.accountName;
    const rg = isString(this.resourceGroup) ? this.resourceGroup : '';
    return account && isString(this.model.shareName) ? `${rg}#${account}#${this.model.shareName}` : this.name;
  }

  private site(): Site {
    return site(FieldPath.root('spec'), this.form, false);
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
      ...sourceRules(this.model, s),
    ];
    if (this.form.kind === 'csi') out.push(...this.csiRules(s.source));
    if (isString(this.resourceGroup)) out.push(...resourceGroupRules(this.resourceGroupAt(), this.resourceGroup));
    if (this.reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE) {
      const share = isString(this.model.shareName) ? ` ${quote(this.model.shareName)}` : '';
      out.push(warning(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'),
        `Delete deletes the Azure file share${share} and its data when the claim is deleted; use Retain for a share that outlives the claim`));
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
    return this.model.readOnly === true;
  }

  private csiRules(at: FieldPath): Finding[] {
    const handle = this.volumeHandle;
    const hp = at.child('volumeHandle');
    if (!isString(handle)) return []; // its shape rule reports it
    if (handle === '') return [required(hp)];
    const out: Finding[] = [...textRules(hp, handle)];
    // the driver's controller reads <resourceGroup>#<account>#<share> from a handle with two or more '#'
    // and deletes (reclaim policy Delete) or resizes that share
    const parts = handle.split('#');
    if (this.userVolumeHandle !== undefined && parts.length >= 3 && isString(this.model.shareName) && parts[2] !== this.model.shareName) {
      out.push(invalid(hp, handle, `${AZURE_FILE_CSI} reads a handle with two or more '#' as "<resourceGroup>#<account>#<share>", and its share must be ${quote(this.model.shareName)}: the driver deletes and resizes the share the handle names; use that format or a handle with fewer '#'`));
    }
    return out;
  }
}

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
