import { Construct } from 'constructs';
import { FlexPersistentVolumeProps } from './model';
import { flexSource } from './source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { isPlainObject } from '../core/rules/shapes';

/**
 * A FlexVolume driver's volume as a PersistentVolume (a `StoragePersistentVolume`, so
 * `bind()`, `reserve()` and `asVolume()` work): `spec.flexVolume`, its only source (kube-apiserver
 * does not check that a flexVolume PV has no second source; this construct writes exactly one).
 * Access modes ReadWriteOnce and ReadOnlyMany, and ReadWriteMany when the driver serves it
 * (`driverSupportsReadWriteMany`); no raw block devices; no mount options (neither `mountOptions`
 * nor the legacy annotation). Deprecated since 1.23: synthesizes with a warning.
 *
 * @example
 *
 * const pv = new FlexPersistentVolume(chart, 'Share', {
 *   driver: 'fstab/cifs',
 *   options: { networkPath: '//server/share' },
 *   secret: FlexCredentials.fromData({ data: { username: 'kube', password: 's3cret' } }),
 *   storage: Size.gibibytes(100),
 * });
 * const claim = pv.reserve();
 */
export class FlexPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: FlexPersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: every required prop is then reported missing
    super(scope, id, isPlainObject(props) ? props : {} as FlexPersistentVolumeProps);
    this._carrySource(flexSource(props));
  }
}
