import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IscsiPersistentVolumeProps, IscsiVolumeProps } from './options';
import { IscsiModel, Site, chapSecret, csiAttributes, iscsiCapabilities, iscsiModel, iscsiRules, iscsiShapes, renderInTree, site } from './source';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef } from '../core/objects/secrets';
import { Plugin, PluginForm, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { isString, stringShape } from '../core/rules/shapes';


/**
 * An iSCSI LUN as a Pod volume: mount it with `container.mount(path, volume)` or add it with
 * `workload.addVolume(volume.asVolume())`. Emits the inline `iscsi` source (or an inline
 * `iscsi.csi.k8s.io` CSI volume with `implementation: CSI`), and the CHAP Secret when the library
 * creates it (in the volume's Chart; mount the volume in a workload of the same namespace).
 *
 * @example
 *
 * const san = new IscsiVolume(chart, 'San', {
 *   targetPortal: '10.0.2.34:3260',
 *   iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
 *   lun: 0,
 *   fsType: FsType.EXT4,
 *   readOnly: true,
 * });
 * deployment.containers[0].mount('/data', san);
 */
export class IscsiVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: IscsiModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: IscsiVolumeProps) {
    super(scope, id);
    this.model = iscsiModel(props);
    this.pod = new PodStorage(this, {
      plugin: Plugin.ISCSI, implementation: this.model.implementation, name: props?.name, kubernetesVersion: props?.kubernetesVersion,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.secret = chapSecret(this, this.model, this.pod.form);
    const root = this.pod.root;
    const s = site(root, this.pod.form, true, this.name, root.child('name'));
    const shapes = iscsiShapes(props, this.model, s); // the props do not change: checked once
    addRules(this, () => [...this.pod.rules(this.sourceField()), ...shapes, ...iscsiRules(this.model, this.pod.form, s)]);
  }

  /** The Pod volume (created once): inline `iscsi`, or an inline `iscsi.csi.k8s.io` volume. */
  public asVolume(): kplus.Volume {
    const m = this.model;
    const form = this.pod.form;
    const secret = this.secret ? { ...this.secret, field: 'iscsi.secretRef.name' } : undefined;
    return this.pod.asVolume(this.sourceField(), () => (form.kind === 'csi'
      ? { driver: form.driver, fsType: m.fsType, readOnly: m.readOnly, volumeAttributes: csiAttributes(m) }
      : renderInTree(m, this.secret, true)), { secret });
  }

  private sourceField(): string {
    return this.pod.form.kind === 'csi' ? 'csi' : 'iscsi';
  }
}

/**
 * An iSCSI LUN as a PersistentVolume (a `StoragePersistentVolume`, so `bind()`,
 * `reserve()` and `asVolume()` work). Access modes ReadWriteOnce and ReadOnlyMany; volumeMode Block
 * is supported by the in-tree form. With `implementation: CSI` it is a static `iscsi.csi.k8s.io`
 * volume (without CHAP, which that driver only takes as a plain attribute).
 *
 * @example
 *
 * const lun = new IscsiPersistentVolume(chart, 'Lun', {
 *   targetPortal: '10.0.2.34:3260',
 *   iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
 *   storage: Size.gibibytes(100),
 * });
 * const claim = lun.reserve();
 */
export class IscsiPersistentVolume extends StoragePersistentVolume {
  private readonly model: IscsiModel;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;
  private readonly userVolumeHandle?: string;
  private readonly sourceShapes: Finding[];

  constructor(scope: Construct, id: string, props: IscsiPersistentVolumeProps) {
    super(scope, id, props);
    this.model = iscsiModel(props);
    this.form = pluginForm(Plugin.ISCSI, this.kubernetesVersion, this.model.implementation);
    this.userVolumeHandle = props?.volumeHandle ?? undefined;
    this.secret = chapSecret(this, this.model, this.form);
    this.sourceShapes = iscsiShapes(props, this.model, this.site()); // the props do not change: checked once
  }

  private site(): Site {
    const spec = FieldPath.root('spec');
    return site(spec, this.form, false, this.name, spec.child('iscsi', 'targetportal'));
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return iscsiCapabilities(this.form);
  }

  /** The CSI volume handle: the user's, else `<iqn>-lun-<lun>`. */
  private get volumeHandle(): string {
    return this.userVolumeHandle ?? `${this.model.iqn}-lun-${this.model.lun}`;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const s = this.site();
    const out: Finding[] = [...pluginRules(Plugin.ISCSI, this.kubernetesVersion, this.model.implementation, s.source)];
    if (this.form.kind === 'csi') {
      if (!this.volumeHandle) out.push(required(s.source.child('volumeHandle')));
      else if (!isString(this.volumeHandle)) out.push(...stringShape(s.source.child('volumeHandle'), this.volumeHandle));
      else out.push(...textRules(s.source.child('volumeHandle'), this.volumeHandle));
    }
    out.push(...this.sourceShapes, ...iscsiRules(this.model, this.form, s));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    if (this.form.kind === 'csi') {
      return {
        csi: {
          driver: this.form.driver,
          volumeHandle: this.volumeHandle,
          fsType: this.model.fsType,
          readOnly: this.model.readOnly,
          volumeAttributes: csiAttributes(this.model),
        },
      };
    }
    return { iscsi: renderInTree(this.model, this.secret, false) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly ?? false;
  }
}
