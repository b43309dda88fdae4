import { Construct } from 'constructs';
import { ICephCluster } from './cluster';
import { CephCredentials } from './credentials';
import { rbdClassSource } from './rbd-class-source';
import { CephRbdEncryptionType, CephRbdNodeOptions, CephRbdTopologyPool } from './rbd-options';
import { VolumeImplementation } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { FsType } from '../core/rules/fs-type';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions, StorageClassProps } from '../generic/storage-class-props';

/** Props for `CephRbdStorageClass`. */
export interface CephRbdStorageClassProps extends StorageClassOptions, CephRbdNodeOptions {
  /**
   * The Ceph cluster images are created in.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly cluster: ICephCluster;

  /**
   * The RADOS pool new images go into.
   *
   * @default "rbd"
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly pool?: string;

  /**
   * The credentials the provisioner and the nodes use: a user allowed to create images in the pool.
   * Required; file-based credentials cannot serve a provisioner.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly credentials: CephCredentials;

  /**
   * Features of new images (in-tree: `layering` only; ceph-csi: `journaling` only with
   * `mounter: CephRbdMounter.RBD_NBD`). An empty list writes no parameter: images without features.
   *
   * @default ["layering"]
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly imageFeatures?: string[];

  /**
   * The filesystem new volumes are formatted with.
   *
   * @default - the provisioner's default, ext4
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly fsType?: FsType;

  /**
   * Whether ceph-csi encrypts new volumes (`encrypted`). Without `encryptionKMSID` the passphrase
   * comes from the Secret: give `encryptionPassphrase` to `CephCredentials.fromUserKey` (an existing
   * Secret must hold it). ceph-csi only.
   *
   * @default false
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/deploy-rbd.md#encryption-for-rbd-volumes
   */
  readonly encrypted?: boolean;

  /**
   * How ceph-csi encrypts (`encryptionType`); only with `encrypted: true`.
   *
   * @default CephRbdEncryptionType.BLOCK
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly encryptionType?: CephRbdEncryptionType;

  /**
   * The id of a KMS in ceph-csi's KMS configuration (`encryptionKMSID`); only with `encrypted: true`.
   *
   * @default - ceph-csi's default KMS: the Secret's `encryptionPassphrase`
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/kms/vault/kms-config.yaml
   */
  readonly encryptionKMSID?: string;

  /**
   * Pools by topology (`topologyConstrainedPools`): ceph-csi creates each image in the pool whose
   * domains match the node the Pod is scheduled to. Needs `volumeBindingMode:
   * VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER`, and the node plugin's `--domainlabels`. An empty
   * list writes no parameter.
   *
   * @default - none: every image in `pool`
   * @see https://github.com/ceph/ceph-csi/blob/devel/docs/design/proposals/topology.md
   */
  readonly topologyConstrainedPools?: CephRbdTopologyPool[];

  /**
   * More provisioner parameters, written as given, after the library's (e.g. `dataPool`,
   * `mkfsOptions`, `cephLogStrategy`).
   *
   * @default - none
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly parameters?: { [key: string]: string };

  /**
   * ceph-csi's `rbd.csi.ceph.com` provisioner, or the in-tree `kubernetes.io/rbd` (through 1.30).
   * CSI is the default at every version: volumes it provisions keep working past 1.30, and a
   * StorageClass's provisioner cannot change later.
   *
   * @default VolumeImplementation.CSI
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi-migration
   */
  readonly implementation?: VolumeImplementation;

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#rbd
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A StorageClass for dynamically provisioned Ceph RBD images: ceph-csi's `rbd.csi.ceph.com` with
 * `clusterID`, `pool`, `imageFeatures`, `csi.storage.k8s.io/fstype`, the node options (`mounter`,
 * `mapOptions`, …), encryption, topology-constrained pools and the provisioner, node-stage and
 * controller-expand Secret parameters; or the in-tree `kubernetes.io/rbd` provisioner
 * (`monitors`, `adminId`, `adminSecretName`, … ) where it still works, with a warning.
 * With ceph-csi a claim of the class may not be ReadOnlyMany unless it is restored from a snapshot or
 * cloned, nor ReadWriteMany unless its volumeMode is Block (what ceph-csi provisions).
 *
 * @example
 *
 * const fast = new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, pool: 'kube', credentials });
 * const claim = fast.createClaim(chart, 'Data', { storage: Size.gibibytes(20) });
 */
export class CephRbdStorageClass extends StorageClass {
  constructor(scope: Construct, id: string, props: CephRbdStorageClassProps) {
    super(scope, id, props as unknown as StorageClassProps); // the props every class takes, the user's parameters among them
    this._carrySource(rbdClassSource(props));
  }
}
