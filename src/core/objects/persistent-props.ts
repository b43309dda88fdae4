import { ApiObjectMetadata, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KubernetesVersion } from '../policy/version';
import { TopologySelectorTerm } from '../rules/topology';

/** Options for `reserve()`: the claim it creates. */
export interface ReserveOptions {
  /**
   * The claim's metadata: its name, labels, annotations.
   *
   * @default - a name derived from the construct path, the namespace of the volume's Chart
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Props every cdk8s-storage PersistentVolume takes. */
export interface StoragePersistentVolumeProps extends kplus.ResourceProps {
  /** The volume's size; written exactly as given (512Mi stays 512Mi). */
  readonly storage: Size;

  /**
   * The access modes the volume offers; each must be one the backend serves.
   *
   * @default - ReadWriteOnce
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Reserve the volume for this claim (`claimRef`, with the claim's namespace).
   *
   * @default - not reserved; call `reserve()` or `bind()` later, or let a claim name it
   */
  readonly claim?: kplus.IPersistentVolumeClaim;

  /**
   * Mount options, for backends whose plugin accepts them.
   *
   * @default - none
   */
  readonly mountOptions?: string[];

  /**
   * What happens to the volume when its claim is deleted.
   *
   * @default kplus.PersistentVolumeReclaimPolicy.RETAIN
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * The class the volume belongs to; only claims of this class bind it.
   *
   * @default - no class: binds claims with `storageClassName: ""`
   */
  readonly storageClassName?: string;

  /**
   * Filesystem or raw block device.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;

  /**
   * The nodes that can reach the volume (`spec.nodeAffinity.required`): a node qualifies when it
   * matches any term, and matches a term when every requirement holds (its label `key` has one of
   * `values`). The scheduler places Pods that use the volume on those nodes only.
   *
   * @default - every node can reach the volume
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity
   */
  readonly nodeAffinity?: TopologySelectorTerm[];

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   */
  readonly kubernetesVersion?: KubernetesVersion;
}
