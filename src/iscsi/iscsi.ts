import { Construct } from 'constructs';
import { IscsiPersistentVolumeProps, IscsiVolumeProps } from './options';
import { chapSecret, csiAttributes, iscsiCapabilities, iscsiModel, iscsiRules, iscsiShapes, renderInTree, site } from './source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { StorageVolume } from '../core/objects/storage-volume';
import { Plugin } from '../core/policy/plugin-policy';
import { Finding, required } from '../core/rules/errors';
import { textRules } from '../core/rules/manifest-text';
import { isPlainObject, isString, stringShape } from '../core/rules/shapes';

/**
 * The iSCSI source, carried by a Pod volume or a PersistentVolume: the inline `iscsi` source, or
 * the `iscsi.csi.k8s.io` driver's (inline in a Pod; a static volume with a handle in a
 * PersistentVolume, `<iqn>-lun-<lun>` unless given).
 */
function iscsiSource(props: unknown): VolumeSource {
  const m = iscsiModel(props as IscsiVolumeProps);
  const handle: unknown = isPlainObject(props) ? props.volumeHandle ?? undefined : undefined;
  return {
    ...pluginPolicy(Plugin.ISCSI, m.implementation),
    bind: (at: SourceSite): BoundSource => {
      const form = at.form;
      const pod = at.persistentVolume === undefined;
      const csi = form.kind === 'csi';
      const secret = chapSecret(at.scope, m, form);
      // kube-apiserver reports the initiatorName length rule at the Pod volume's name, or at a PersistentVolume's portal
      const s = site(at.root, form, pod, at.name, pod ? at.root.child('name') : at.root.child('iscsi', 'targetportal'));
      const shapes = iscsiShapes(props, m, s); // the props do not change: checked once
      const volumeHandle = handle ?? `${m.iqn}-lun-${m.lun}`;
      const handleAt = s.source.child('volumeHandle');
      const handleRules = (): Finding[] => {
        if (pod || !csi) return [];
        if (!volumeHandle) return [required(handleAt)];
        return isString(volumeHandle) ? textRules(handleAt, volumeHandle) : stringShape(handleAt, volumeHandle);
      };
      const field = csi ? 'csi' : 'iscsi';
      return {
        field,
        readOnly: m.readOnly ?? false,
        facts: secret && pod ? { secret: { ...secret, field: 'iscsi.secretRef.name' } } : undefined,
        capabilities: () => iscsiCapabilities(form),
        rules: () => [...handleRules(), ...shapes, ...iscsiRules(m, form, s)],
        render: () => {
          if (form.kind !== 'csi') return { iscsi: renderInTree(m, secret, pod) };
          const handleField = pod ? undefined : volumeHandle as string; // an inline CSI volume has no handle
          const attributes = csiAttributes(m);
          return { csi: { driver: form.driver, volumeHandle: handleField, fsType: m.fsType, readOnly: m.readOnly, volumeAttributes: attributes } };
        },
      };
    },
  };
}

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
export class IscsiVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: IscsiVolumeProps) {
    super(scope, id, props);
    this._carry(iscsiSource(props));
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
  constructor(scope: Construct, id: string, props: IscsiPersistentVolumeProps) {
    super(scope, id, props);
    this._carry(iscsiSource(props));
  }
}
