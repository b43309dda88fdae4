// Public API. Core mechanisms are listed explicitly; their internals stay unexported.
import './core/binding';

export { KubernetesVersion } from './core/version';
export { VolumeImplementation } from './core/plugin-policy';
export { FsType } from './core/fs-type';
export { StoragePersistentVolume, VolumeClaim } from './core/persistent';
export type { StoragePersistentVolumeProps, VolumeClaimProps } from './core/persistent';
export * from './storage-class';
export * from './iscsi';
