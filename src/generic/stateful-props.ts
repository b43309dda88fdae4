import * as kplus from 'cdk8s-plus-27';
import { ClaimSpecOptions } from './claim-spec';

/** What happens to the claims of a StatefulSet's replicas when the StatefulSet is deleted or scaled down. */
export enum ClaimRetentionPolicy {
  /** The claims stay (and so do their volumes): a replica that comes back finds its data. */
  RETAIN = 'Retain',
  /** The claims are deleted, and their volumes follow the StorageClass's reclaim policy. */
  DELETE = 'Delete',
}

/** `spec.persistentVolumeClaimRetentionPolicy` of a StatefulSet. */
export interface ClaimRetentionOptions {
  /**
   * What happens to the claims when the StatefulSet is deleted.
   *
   * @default ClaimRetentionPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
   */
  readonly whenDeleted?: ClaimRetentionPolicy;

  /**
   * What happens to the claims of the replicas a scale-down removes.
   *
   * @default ClaimRetentionPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
   */
  readonly whenScaled?: ClaimRetentionPolicy;
}

/** How a container mounts the claim of its replica. */
export interface ClaimTemplateMountOptions {
  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#volumes-1
   */
  readonly readOnly?: boolean;
}

/** Props for `ClaimTemplate`. */
export interface ClaimTemplateProps extends ClaimSpecOptions {
  /**
   * The template's name: the name of the Pod volume each replica mounts, and the prefix of each
   * replica's claim (`<name>-<StatefulSet name>-<ordinal>`). A DNS label.
   *
   * @default - the construct id in lower case when that is a DNS label, else derived from the construct path
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
   */
  readonly name?: string;

  /**
   * Where `container` mounts the claim of its replica.
   *
   * @default - not mounted here; call `mount(container, path)`
   */
  readonly mountPath?: string;

  /**
   * The container that mounts the claim at `mountPath`.
   *
   * @default - the StatefulSet's first container
   */
  readonly container?: kplus.Container;

  /**
   * Mount at `mountPath` read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}
