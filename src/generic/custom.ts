import { Construct } from 'constructs';
import { IVolumeSource } from '../core/objects/custom-source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { StorageVolume, StorageVolumeProps } from '../core/objects/storage-volume';
import { isPlainObject } from '../core/rules/shapes';

/** Props for `CustomVolume`. */
export interface CustomVolumeProps extends StorageVolumeProps {
  /** The source the Pod volume carries: its `bind` returns the volume, in the generated `k8s` types. */
  readonly source: IVolumeSource;
}

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
    this.carry((isPlainObject(props) ? props : {} as Partial<CustomVolumeProps>).source!);
  }
}

/** Props for `CustomPersistentVolume`. */
export interface CustomPersistentVolumeProps extends StoragePersistentVolumeProps {
  /** The source the PersistentVolume carries: its `bind` returns the spec's source field, in the generated `k8s` types. */
  readonly source: IVolumeSource;
}

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
    this.carry((isPlainObject(props) ? props : {} as Partial<CustomPersistentVolumeProps>).source!);
  }
}
