import { Construct } from 'constructs';
import { rbdSource } from './rbd';
import { CephRbdVolumeProps } from './rbd-source';
import { StorageVolume } from '../core/objects/storage-volume';

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
    this._carrySource(rbdSource(props));
  }
}
