import { Construct } from 'constructs';
import { FlockerPersistentVolumeProps, flockerSource } from './source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { isPlainObject } from '../core/rules/shapes';

/**
 * A Flocker dataset as a PersistentVolume (a `StoragePersistentVolume`, so `bind()`,
 * `reserve()` and `asVolume()` work): `spec.flocker`. Access mode ReadWriteOnce only; no raw block
 * devices; no mount options (neither `mountOptions` nor the legacy annotation). Works through
 * Kubernetes 1.24; from 1.25 synthesis fails, since the plugin is gone and nothing replaces it.
 *
 * @example
 *
 * const pv = new FlockerPersistentVolume(chart, 'Data', {
 *   datasetUUID: '1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f',
 *   storage: Size.gibibytes(10),
 * });
 * const claim = pv.reserve();
 */
export class FlockerPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: FlockerPersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: every required prop is then reported missing
    super(scope, id, isPlainObject(props) ? props : {} as FlockerPersistentVolumeProps);
    this._carrySource(flockerSource(props));
  }
}
