import { Construct } from 'constructs';
import { IscsiVolumeProps } from './options';
import { iscsiSource } from './source';
import { StorageVolume } from '../core/objects/storage-volume';

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
    this._carrySource(iscsiSource(props));
  }
}
