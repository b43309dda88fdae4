import { Construct } from 'constructs';
import { CustomSourceOptions, sourceOf } from '../core/objects/custom-source';
import { StorageVolume, StorageVolumeProps } from '../core/objects/storage-volume';

/** Props for `CustomVolume`: a Pod volume's, and the source. */
export interface CustomVolumeProps extends StorageVolumeProps, CustomSourceOptions {}

/**
 * A Pod volume of a plugin the library has no construct for, from a source you write (in any of
 * jsii's languages): a `StorageVolume`, so `container.mount(path, volume)` works. Its name is
 * checked as kube-apiserver checks it; what the source binds is checked against the generated
 * `k8s.Volume` type (one source field, the fields it declares, their types), and the source's
 * own problems are reported with the rest, all at synth.
 *
 * @example
 *
 * class FibreChannel implements IVolumeSource {
 *   bind(_scope: Construct, options: VolumeSourceBindOptions): VolumeSourceBinding {
 *     return {
 *       volume: { name: options.name, fc: { targetWwNs: ['500a0982991b8dc5'], lun: 2, fsType: 'xfs' } },
 *       accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
 *     };
 *   }
 * }
 * const data = new CustomVolume(chart, 'Data', { name: 'data', source: new FibreChannel() });
 * pod.containers[0].mount('/data', data);
 */
export class CustomVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: CustomVolumeProps) {
    super(scope, id, props);
    this.carry(sourceOf(props));
  }
}
