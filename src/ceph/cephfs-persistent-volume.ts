import { Construct } from 'constructs';
import { cephFsSource } from './cephfs';
import { CephFsPersistentVolumeProps } from './cephfs-source';
import { StoragePersistentVolume } from '../core/objects/persistent';

/**
 * A CephFS directory as a PersistentVolume (a `StoragePersistentVolume`). Through
 * Kubernetes 1.30 the in-tree `cephfs` source (deprecated from 1.28); from 1.31 a static
 * `cephfs.csi.ceph.com` volume (`clusterID`, `rootPath`, `fsName`, `staticVolume`, the node-stage
 * Secret, Retain). ReadWriteOnce, ReadOnlyMany and ReadWriteMany (and ReadWriteOncePod with
 * ceph-csi); never Block. The Secret the credentials need is created in the volume's Chart, once
 * per namespace.
 *
 * @example
 *
 * const shared = new CephFsPersistentVolume(chart, 'Shared', {
 *   cluster: ceph, path: '/volumes/csi/shared', credentials, storage: Size.gibibytes(50),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 * });
 */
export class CephFsPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: CephFsPersistentVolumeProps) {
    super(scope, id, props);
    this._carrySource(cephFsSource(props));
  }
}
