import { ApiObjectMetadata, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClaimDataSource } from '../core/objects/data-source';
import { TopologySelectorTerm } from '../core/rules/topology';

/**
 * When a claim of a StorageClass is bound and provisioned.
 */
export enum VolumeBindingMode {
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /** When the first Pod that uses the claim is scheduled, so topology can follow the Pod. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** A StorageClass in the cluster, made by this app or referenced by name. */
export interface IStorageClass extends kplus.IResource {}

/** What every StorageClass takes, whoever decides its provisioner. */
export interface StorageClassOptions extends kplus.ResourceProps {

  /**
   * What happens to a provisioned volume when its claim is deleted.
   *
   * @default kplus.PersistentVolumeReclaimPolicy.DELETE
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * When claims of this class are bound and provisioned.
   *
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Whether claims of this class may grow by editing their request.
   *
   * @default - not allowed
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * Mount options of the volumes this class provisions, e.g. `discard`.
   *
   * @default - none
   */
  readonly mountOptions?: string[];

  /**
   * Where provisioned volumes may live; a volume qualifies if any term matches.
   *
   * @default - anywhere
   */
  readonly allowedTopologies?: TopologySelectorTerm[];

  /**
   * Marks this class as the cluster's default, used by claims that set no `storageClassName`.
   *
   * @default false
   */
  readonly isDefault?: boolean;
}

/** Props for `StorageClass`. */
export interface StorageClassProps extends StorageClassOptions {
  /**
   * The provisioner that creates volumes of this class, a qualified name such as
   * `rbd.csi.ceph.com`, or `kubernetes.io/no-provisioner` for a class of static volumes only.
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#provisioner
   */
  readonly provisioner: string;

  /**
   * Parameters passed to the provisioner. At most 512 entries and 256 KiB in all.
   *
   * @default - no parameters
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#parameters
   */
  readonly parameters?: { [key: string]: string };
}

/** Options for a claim of a StorageClass. */
export interface StorageClassClaimOptions {
  /**
   * The access modes the claim asks for.
   *
   * @default - ReadWriteOnce
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /** The size the claim asks for; written exactly as given (512Mi stays 512Mi). */
  readonly storage: Size;

  /**
   * Filesystem or raw block device.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;

  /**
   * Metadata of the claim.
   *
   * @default - a name derived from the construct path, the namespace of the claim's Chart
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Where the volume gets its first data: a VolumeSnapshot to restore or a claim to clone, both in
   * the claim's namespace; this class's driver must restore snapshots or clone volumes.
   *
   * @default - an empty volume
   */
  readonly dataSource?: ClaimDataSource;
}
