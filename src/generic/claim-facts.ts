import * as kplus from 'cdk8s-plus-27';
import { Capabilities } from '../core/rules/access';

/**
 * What a provisioner of file systems serves a claim (a backend's `StorageClass._claimFacts`): the
 * access modes it serves and why, no raw block devices and why, and mount options.
 */
export function fileSystemClaimFacts(
  accessModes: readonly kplus.PersistentVolumeAccessMode[], accessModesWhy: string, blockWhy: string,
): Capabilities {
  return { accessModes, accessModesWhy, block: false, blockWhy, mountOptions: true };
}

/** Every access mode: ReadWriteOnce, ReadOnlyMany, ReadWriteMany and ReadWriteOncePod. */
export const EVERY_ACCESS_MODE: readonly kplus.PersistentVolumeAccessMode[] = [
  kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
  kplus.PersistentVolumeAccessMode.READ_WRITE_MANY, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD,
];
