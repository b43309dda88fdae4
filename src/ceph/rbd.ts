import * as kplus from 'cdk8s-plus-27';
import { bindCephSource } from './consumer';
import { CSI_BLOCK, CSI_FILESYSTEM, IN_TREE, ROX } from './rbd-features';
import { csiRules, inTreeRules, propsOf, rbdModel, rbdShapes, renderCsi, renderInTree, site } from './rbd-source';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { Plugin } from '../core/policy/plugin-policy';

/**
 * The RBD source, carried by a Pod volume or a PersistentVolume: the in-tree `rbd` source, or a
 * static `rbd.csi.ceph.com` volume, which serves no inline volumes (a Pod volume then stands on a
 * PersistentVolume and claim: ReadOnlyMany for a read-only image, so that Pods on several nodes
 * share it as the inline volume did).
 */
export function rbdSource(props: unknown): VolumeSource {
  const p = propsOf(props);
  const m = rbdModel(p);
  return {
    ...pluginPolicy(Plugin.RBD, m.implementation),
    claim: { storage: p.storage, accessModes: m.readOnly === true ? [ROX] : undefined },
    bind: (at: SourceSite): BoundSource => {
      const { csi, pv, secret, s } = bindCephSource(at, m, site);
      const shapes = rbdShapes(p, s); // the props do not change: checked once
      return {
        field: csi ? 'csi' : 'rbd',
        readOnly: m.readOnly === true,
        facts: secret && !pv ? { secret: { ...secret, field: 'rbd.secretRef.name' } } : undefined,
        capabilities: () => {
          if (!csi) return IN_TREE;
          return pv?.mode === kplus.PersistentVolumeMode.BLOCK ? CSI_BLOCK : CSI_FILESYSTEM;
        },
        // a removed form still writes the in-tree source: its rules apply to what is written
        rules: () => [...shapes, ...(csi ? csiRules(m, s, secret, pv?.reclaimPolicy) : inTreeRules(m, s))],
        render: () => (csi ? { csi: renderCsi(m, secret) } : { rbd: renderInTree(m, secret, !pv) }),
      };
    },
  };
}
