import { Construct } from 'constructs';
import { cephFsSource } from './cephfs';
import { CephFsVolumeProps } from './cephfs-source';
import { StorageVolume } from '../core/objects/storage-volume';

/**
 * A CephFS directory for a workload: `container.mount(path, volume)` works at every target
 * version. Through 1.30 it is the seed's inline `cephfs` Pod volume; from 1.31 a static
 * `cephfs.csi.ceph.com` PersistentVolume (ReadWriteMany), a claim bound to it, and a Pod volume
 * from that claim.
 *
 * @example
 *
 * const shared = new CephFsVolume(chart, 'Shared', {
 *   cluster: ceph, credentials, storage: Size.gibibytes(50), readOnly: true,
 * });
 */
export class CephFsVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: CephFsVolumeProps) {
    super(scope, id, props);
    this._carrySource(cephFsSource(props));
  }
}
