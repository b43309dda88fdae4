import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AZURE_FILE_CSI } from './names';
import { azureFileCapabilities } from './pv-rules';
import { AzureFileModel, AzureFileVolumeProps, azureFileModel, azureFileShapes, mountOptionRules, renderInTree, site, sourceRules } from './source';
import { SecretRef } from '../core/objects/secrets';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { StorageVolume } from '../core/objects/storage-volume';
import { Plugin } from '../core/policy/plugin-policy';
import { isPlainObject, isString, listOf, stringListShape } from '../core/rules/shapes';

/** The Pod volume's source, and its mount options as given (a copy when they are a list). */
interface AzureFilePodSource extends VolumeSource {
  readonly mountOptions: unknown;
}

/**
 * The Azure File source of a Pod volume: the in-tree `azureFile` source, or an inline
 * `file.csi.azure.com` volume; both read the credentials' Secret from the Pod's namespace.
 */
function azureFilePodSource(props: unknown): AzureFilePodSource {
  const m = azureFileModel(props);
  const p: Record<string, unknown> = isPlainObject(props) ? props : {};
  const mountOptions: unknown = Array.isArray(p.mountOptions) ? [...p.mountOptions] : p.mountOptions ?? undefined;
  return {
    ...pluginPolicy(Plugin.AZURE_FILE, m.implementation),
    mountOptions,
    bind: (at: SourceSite): BoundSource => {
      const csi = at.form.kind === 'csi';
      const s = site(at.root, at.form, true);
      const ref = m.credentials?._bind(at.scope);
      // the in-tree Pod volume has no field for them: its errors name the prop
      const mountOptionsAt = csi ? s.source.child('volumeAttributes').key('mountOptions') : s.source.child('mountOptions');
      // the props do not change: their shapes are checked once
      const shapes = [
        ...azureFileShapes(props, m, s),
        ...stringListShape(mountOptionsAt, p.mountOptions, 'a string such as "uid=1000"', 'a list of mount options, such as ["uid=1000", "mfsymlinks"]'),
      ];
      return {
        field: csi ? 'csi' : 'azureFile',
        readOnly: m.readOnly === true,
        // the kubelet (in-tree) and the driver (inline CSI) read the Secret from the Pod's namespace
        facts: ref ? { secret: { ...ref, field: csi ? 'csi.volumeAttributes[secretName]' : 'azureFile.secretName' } } : undefined,
        capabilities: () => azureFileCapabilities(at.form),
        rules: () => [...shapes, ...sourceRules(m, ref, s), ...mountOptionRules(mountOptions, s)],
        render: () => (csi ? { csi: renderCsi(m, ref, mountOptions) } : { azureFile: renderInTree(m, ref, true) }),
      };
    },
  };
}

function renderCsi(m: AzureFileModel, ref: SecretRef | undefined, options: unknown): k8s.CsiVolumeSource {
  const attributes: Record<string, string> = { shareName: m.shareName, secretName: ref?.name ?? '' };
  // options that are no list of strings are reported by their shape rule, and not written
  if (Array.isArray(options) && options.length > 0 && options.every(isString)) attributes.mountOptions = options.join(',');
  return { driver: AZURE_FILE_CSI, readOnly: m.readOnly, volumeAttributes: attributes };
}

/**
 * An Azure File share as a Pod volume: mount it with `container.mount(path, volume)`. Through
 * Kubernetes 1.25 the in-tree `azureFile` source (`secretName`, `shareName`, `readOnly`; deprecated,
 * with a warning); from 1.26 an inline `file.csi.azure.com` CSI volume (`volumeAttributes`
 * `shareName`, `secretName`, `mountOptions`), which the driver serves without a PersistentVolume.
 * Both read the credentials' Secret from the Pod's namespace (the library creates its own Secret
 * in the volume's Chart). Install the Azure File CSI driver before targeting 1.26.
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
export class AzureFileVolume extends StorageVolume {
  private readonly source: AzureFilePodSource;

  constructor(scope: Construct, id: string, props: AzureFileVolumeProps) {
    super(scope, id, props);
    this._carrySource(this.source = azureFilePodSource(props));
  }

  /** SMB mount options of the CSI form (a copy). */
  public get mountOptions(): string[] {
    return [...listOf(this.source.mountOptions as string[] | undefined)];
  }
}
