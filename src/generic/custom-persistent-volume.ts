import { Construct } from 'constructs';
import { CustomSourceOptions, sourceOf } from '../core/objects/custom-source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';

/** Props for `CustomPersistentVolume`: a PersistentVolume's, and the source. */
export interface CustomPersistentVolumeProps extends StoragePersistentVolumeProps, CustomSourceOptions {}

/**
 * A PersistentVolume of a plugin the library has no construct for (`local`, `fc`, `cinder`, …),
 * from a source you write in any of jsii's languages: a `StoragePersistentVolume`, so `bind()`,
 * `reserve()` and `asVolume()` work, and claims, StorageClasses and the binding check treat it as
 * any other volume. Capacity, access modes, volume mode, mount options and node affinity are its
 * props, checked against what the source says its plugin serves; the source field is checked
 * against the generated `k8s.PersistentVolumeSpec` type.
 *
 * @example
 *
 * class LocalDisk implements IVolumeSource {
 *   constructor(private readonly path: string) {}
 *   bind(): VolumeSourceBinding {
 *     return { persistentVolumeSpec: { local: { path: this.path, fsType: 'ext4' } }, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] };
 *   }
 * }
 * new CustomPersistentVolume(chart, 'Ssd', {
 *   source: new LocalDisk('/mnt/disks/ssd1'),
 *   storage: Size.gibibytes(375),
 *   nodeAffinity: [{ matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: ['node-1'] }] }],
 * });
 */
export class CustomPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: CustomPersistentVolumeProps) {
    super(scope, id, props);
    this.carry(sourceOf(props));
  }
}
