import { Construct } from 'constructs';
import { CephFsMounter } from './cephfs';
import { cephFsClassSource } from './cephfs-class-source';
import { ICephCluster } from './cluster';
import { CephCredentials } from './credentials';
import { KubernetesVersion } from '../core/policy/version';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions, StorageClassProps } from '../generic/storage-class-props';

/** Props for `CephFsStorageClass`. */
export interface CephFsStorageClassProps extends StorageClassOptions {
  /**
   * The Ceph cluster subvolumes are created in.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly cluster: ICephCluster;

  /**
   * The CephFS filesystem new subvolumes go into.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly fsName: string;

  /**
   * The data pool of new subvolumes.
   *
   * @default - the filesystem's default data pool
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly pool?: string;

  /**
   * The credentials of the user that provisions and mounts. From a user and key the library
   * writes one Secret with both `adminID`/`adminKey` and `userID`/`userKey` of that user, for the
   * provisioner, controller-expand and node-stage parameters: ceph-csi before 3.13 uses the admin
   * pair, from 3.13 the user pair. An existing Secret must hold both pairs to serve both. Required;
   * file-based credentials cannot serve a provisioner.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly credentials: CephCredentials;

  /**
   * How ceph-csi mounts the class's volumes (`mounter`).
   *
   * @default - ceph-csi's choice: the kernel client where the node has it, else ceph-fuse
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly mounter?: CephFsMounter;

  /**
   * Options of the kernel client's mount (`kernelMountOptions`), each one option.
   *
   * @default - ceph-csi's: those of its configuration entry or its command line
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly kernelMountOptions?: string[];

  /**
   * Options of `ceph-fuse` (`fuseMountOptions`), each one option.
   *
   * @default - ceph-csi's: those of its configuration entry or its command line
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly fuseMountOptions?: string[];

  /**
   * More provisioner parameters, written as given, after the library's.
   *
   * @default - none
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly parameters?: { [key: string]: string };

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#cephfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A StorageClass for dynamically provisioned CephFS subvolumes: ceph-csi's `cephfs.csi.ceph.com`
 * with `clusterID`, `fsName`, `pool`, the mounter and its options, and the provisioner,
 * controller-expand and node-stage Secret parameters, all three naming one Secret with both the
 * admin and the user pair. CephFS never had an in-tree provisioner.
 *
 * @example
 *
 * const shared = new CephFsStorageClass(chart, 'Shared', { cluster: ceph, fsName: 'cephfs', credentials });
 */
export class CephFsStorageClass extends StorageClass {
  constructor(scope: Construct, id: string, props: CephFsStorageClassProps) {
    super(scope, id, props as unknown as StorageClassProps); // the props every class takes, the user's parameters among them
    this._carrySource(cephFsClassSource(props));
  }
}
