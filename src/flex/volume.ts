import { Construct } from 'constructs';
import { FlexVolumeProps } from './model';
import { flexSource } from './source';
import { StorageVolume } from '../core/objects/storage-volume';

/**
 * A FlexVolume driver's volume as a Pod volume: mount it with `container.mount(path, volume)` or
 * add it with `workload.addVolume(volume.asVolume())`. Emits the inline `flexVolume` source, and the
 * Secret of type = the driver name when the library creates it (in the volume's Chart; mount the
 * volume in a workload of the same namespace).
 *
 * FlexVolume is deprecated since Kubernetes 1.23 but not removed: it synthesizes at every version
 * and prints a deprecation warning. Move to a CSI driver for the same storage when there is one.
 *
 * @example
 *
 * const share = new FlexVolume(chart, 'Share', {
 *   driver: 'fstab/cifs',
 *   options: { networkPath: '//server/share', mountOptions: 'dir_mode=0755' },
 *   secret: FlexCredentials.fromData({ data: { username: 'kube', password: 's3cret' } }),
 * });
 * deployment.containers[0].mount('/share', share);
 */
export class FlexVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: FlexVolumeProps) {
    super(scope, id, props);
    this._carrySource(flexSource(props, this._checksOptionShapes()));
  }

  /**
   * @internal Whether the options' shapes are checked here; a preset that writes the options from
   * props of its own (TorusVolume) checks those props instead, in their words.
   */
  protected _checksOptionShapes(): boolean {
    return true;
  }
}
