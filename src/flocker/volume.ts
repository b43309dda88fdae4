import { Construct } from 'constructs';
import { FlockerVolumeProps, flockerSource } from './source';
import { StorageVolume } from '../core/objects/storage-volume';

/**
 * A Flocker dataset as a Pod volume: mount it with `container.mount(path, volume)` or add it with
 * `workload.addVolume(volume.asVolume())`. Emits the inline `flocker` source; creates no other object.
 *
 * The in-tree flocker plugin was deprecated in Kubernetes 1.22 (a warning at synth) and removed in
 * 1.25; no CSI driver replaces it, so at a 1.25+ target synthesis fails and says so.
 *
 * @example
 *
 * const data = new FlockerVolume(chart, 'Data', { name: 'flocker-volume', datasetName: 'some-flocker-dataset' });
 * pod.containers[0].mount('/flocker', data);
 */
export class FlockerVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: FlockerVolumeProps) {
    super(scope, id, props);
    this._carrySource(flockerSource(props));
  }
}
