import { chapSecret, csiAttributes, iscsiCapabilities, iscsiModel, iscsiShapes, renderInTree } from './model';
import { IscsiVolumeProps } from './options';
import { iscsiRules, site } from './rules';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { Plugin } from '../core/policy/plugin-policy';
import { Finding, required } from '../core/rules/errors';
import { textRules } from '../core/rules/manifest-text';
import { isPlainObject, isString, stringShape } from '../core/rules/shapes';

/**
 * The iSCSI source, carried by a Pod volume or a PersistentVolume: the inline `iscsi` source, or
 * the `iscsi.csi.k8s.io` driver's (inline in a Pod; a static volume with a handle in a
 * PersistentVolume, `<iqn>-lun-<lun>` unless given).
 */
export function iscsiSource(props: unknown): VolumeSource {
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
      // only a CSI PersistentVolume writes a handle: the others neither build nor check one
      const volumeHandle = pod || !csi ? undefined : handle ?? `${m.iqn}-lun-${m.lun}`;
      const handleRules = (): Finding[] => {
        if (pod || !csi) return [];
        const handleAt = s.source.child('volumeHandle');
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
          const handleField = volumeHandle as string | undefined; // an inline CSI volume has none (above)
          const attributes = csiAttributes(m);
          return { csi: { driver: form.driver, volumeHandle: handleField, fsType: m.fsType, readOnly: m.readOnly, volumeAttributes: attributes } };
        },
      };
    },
  };
}
