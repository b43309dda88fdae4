import { k8s } from 'cdk8s-plus-27';
import { AzureFileCredentials, NAMESPACE_FIX, SecretReferenceSite, secretReferenceFindings } from './credentials';
import { AZURE_FILE_CSI, shareNameRules } from './names';
import { AzureFileProtocol } from './storage-class';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { SecretRef } from '../core/objects/secrets';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { PluginForm, VolumeImplementation, implementationOf, implementationRules } from '../core/policy/plugin-policy';
import { Finding, forbidden, invalid, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, given, instanceShape, isPlainObject, isString, stringShape } from '../core/rules/shapes';

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
export interface AzureFileVolumeProps extends AzureFileSourceOptions, StorageVolumeProps {
  /**
   * The storage account's credentials: the Secret the share is mounted with, read from the Pod's namespace.
   *
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
   */
  readonly credentials: AzureFileCredentials;

  /**
   * SMB mount options (`dir_mode=0777`, `file_mode=0777`, `uid=1000`, `gid=1000`, `mfsymlinks`, …),
   * written as one comma-separated `volumeAttributes[mountOptions]`. CSI form only: the in-tree Pod
   * volume has no field for them. The driver refuses `bind` and `rbind` in inline volumes.
   *
   * @default - none; the driver's defaults
   * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/deploy/example/nginx-pod-azurefile-inline-volume.yaml
   */
  readonly mountOptions?: string[];
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
export interface AzureFileModel {
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

export function azureFileModel(props: unknown): AzureFileModel {
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
export interface Site {
  readonly source: FieldPath;
  readonly shareName: FieldPath;
  readonly secret: SecretReferenceSite;
  readonly csi: boolean;
}

export function site(root: FieldPath, form: PluginForm, pod: boolean): Site {
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
export function azureFileShapes(p: unknown, m: AzureFileModel, s: Site): Finding[] {
  const props: Partial<Record<keyof SourceProps, unknown>> = isPlainObject(p) ? p : {};
  return [
    ...stringShape(s.shareName, props.shareName, 'a string such as "azure-share"'),
    ...booleanShape(s.source.child('readOnly'), props.readOnly),
    ...instanceShape(s.secret.name, props.credentials, (v) => v instanceof AzureFileCredentials, CREDENTIALS),
    ...implementationRules(s.source, m.implementationProp),
  ];
}

/** kube-apiserver's rules for the source (§1.1), the share's format, and the Secret reference. */
export function sourceRules(m: AzureFileModel, ref: SecretRef | undefined, s: Site, credentialsRequired = true): Finding[] {
  const out: Finding[] = isString(m.shareName) ? [...shareNameRules(s.shareName, m.shareName)] : [];
  const creds = m.credentials;
  if (!creds) {
    if (!given(m.credentialsProp) && credentialsRequired) out.push(required(s.secret.name, `give credentials: ${FACTORIES}`));
    return out;
  }
  out.push(...secretReferenceFindings(creds, s.secret));
  // a CSI PersistentVolume names the Secret's namespace; the kubelet reads nodeStageSecretRef as written
  if (s.csi && s.secret.namespace && !given(creds._existing?.namespace) && !ref?.namespace) {
    out.push(required(s.secret.namespace, `a CSI volume names its Secret with a namespace: ${NAMESPACE_FIX}`));
  }
  return out;
}

export function renderInTree(m: AzureFileModel, ref: SecretRef | undefined, pod: boolean): k8s.AzureFilePersistentVolumeSource {
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
export function mountOptionRules(options: unknown, s: Site): Finding[] {
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
