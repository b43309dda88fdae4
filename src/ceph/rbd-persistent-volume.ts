import { Construct } from 'constructs';
import { rbdSource } from './rbd';
import { CephRbdPersistentVolumeProps } from './rbd-source';
import { StoragePersistentVolume } from '../core/objects/persistent';

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
    this._carrySource(rbdSource(props));
  }
}
