import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { cephVolumeSecret } from './consumer';
import { CSI_BLOCK, CSI_FILESYSTEM, IN_TREE, ROX } from './rbd-features';
import { CephRbdPersistentVolumeProps, CephRbdVolumeProps, csiRules, inTreeRules, propsOf, rbdModel, rbdShapes, renderCsi, renderInTree, site } from './rbd-source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { StorageVolume } from '../core/objects/storage-volume';
import { Plugin } from '../core/policy/plugin-policy';

/**
 * The RBD source, carried by a Pod volume or a PersistentVolume: the in-tree `rbd` source, or a
 * static `rbd.csi.ceph.com` volume, which serves no inline volumes (a Pod volume then stands on a
 * PersistentVolume and claim: ReadOnlyMany for a read-only image, so that Pods on several nodes
 * share it as the inline volume did).
 */
function rbdSource(props: unknown): VolumeSource {
  const p = propsOf(props);
  const m = rbdModel(p);
  return {
    ...pluginPolicy(Plugin.RBD, m.implementation),
    claim: { storage: p.storage, accessModes: m.readOnly === true ? [ROX] : undefined },
    bind: (at: SourceSite): BoundSource => {
      const form = at.form;
      const csi = form.kind === 'csi';
      const pv = at.persistentVolume;
      const secret = cephVolumeSecret(at.scope, form, m.cluster, m.credentials);
      const s = site(at.root, form);
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

/**
 * A Ceph RBD image as a PersistentVolume (a `StoragePersistentVolume`: `bind()`,
 * `reserve()`, `asVolume()`). Through Kubernetes 1.30 the in-tree `rbd` source (deprecated from
 * 1.28, with a warning); from 1.31 a static `rbd.csi.ceph.com` volume (`volumeHandle` = the image,
 * `clusterID`, `pool`, `staticVolume`, `imageFeatures`, the node options, the node-stage Secret,
 * Retain). Access modes: ReadWriteOnce and ReadOnlyMany in-tree; ReadWriteOnce, ReadWriteOncePod,
 * ReadOnlyMany (ceph-csi maps the image read-only) and ReadWriteMany for Block, with ceph-csi.
 * The Secret the credentials need is created in the volume's Chart, once per namespace.
 *
 * @example
 *
 * const pv = new CephRbdPersistentVolume(chart, 'Data', {
 *   cluster: ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10), credentials,
 * });
 */
export class CephRbdPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: CephRbdPersistentVolumeProps) {
    super(scope, id, props);
    this._carry(rbdSource(props));
  }
}

/**
 * A Ceph RBD image for a workload: `container.mount(path, volume)` works at every target version.
 * Through 1.30 it is the seed's inline `rbd` Pod volume (and the `kubernetes.io/rbd` Secret when
 * the library creates it); ceph-csi serves no inline volumes, so from 1.31 it is a static
 * `rbd.csi.ceph.com` PersistentVolume, a claim bound to it, and a Pod volume from that claim —
 * without a change to the code that uses it. A read-only volume's PersistentVolume and claim are
 * ReadOnlyMany (Pods on several nodes share the image), a writable one's ReadWriteOnce.
 *
 * @example
 *
 * const data = new CephRbdVolume(chart, 'Data', {
 *   cluster: ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10),
 *   credentials, fsType: FsType.EXT4, readOnly: true,
 * });
 * deployment.containers[0].mount('/var/lib/postgresql', data);
 */
export class CephRbdVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: CephRbdVolumeProps) {
    super(scope, id, props);
    this._carry(rbdSource(props));
  }
}
