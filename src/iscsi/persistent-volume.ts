import { Construct } from 'constructs';
import { IscsiPersistentVolumeProps } from './options';
import { iscsiSource } from './source';
import { StoragePersistentVolume } from '../core/objects/persistent';

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
    this._carrySource(iscsiSource(props));
  }
}
