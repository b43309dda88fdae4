import { Construct } from 'constructs';
import { CEPHFS_CSI, CephFsMounter, MOUNTERS } from './cephfs';
import { CephCluster, isCephCluster } from './cluster';
import { CephConsumer, cephCsiClassRules, clusterShape, credentialsShape, joinedOptions, optionListRules, stringParameters } from './consumer';
import { CephCredentials, CephSecretUse, isCephCredentials } from './credentials';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { DataSourceFacts } from '../core/objects/data-source';
import { SecretRef } from '../core/objects/secrets';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import {
  given, isPlainObject, isString, oneOfShape, requiredStringShape,
  stringListShape, stringMapShape, stringShape,
} from '../core/rules/shapes';
import { EVERY_ACCESS_MODE, fileSystemClaimFacts } from '../generic/claim-facts';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions, StorageClassProps } from '../generic/storage-class-props';

/** Props for `CephFsStorageClass`. */
export interface CephFsStorageClassProps extends StorageClassOptions {
  /**
   * The Ceph cluster subvolumes are created in.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/cephfs/storageclass.yaml
   */
  readonly cluster: CephCluster;

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

const PARAMS = FieldPath.root('parameters');

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
  private readonly consumer: CephConsumer;
  private readonly secret?: SecretRef;
  private readonly secretParameters: Record<string, string>;

  constructor(scope: Construct, id: string, props: CephFsStorageClassProps) {
    // a JavaScript or Python caller can pass anything: only strings are written into parameters
    const p: Partial<Record<keyof CephFsStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
    const target = resolveTarget(scope, p.kubernetesVersion as KubernetesVersion | undefined);
    const m: CephConsumer = {
      cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
      credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
      credentialsGiven: given(p.credentials),
    };
    m.cluster?._useCsi(true);
    const user = stringParameters(p.parameters);
    const kernelOptions = Array.isArray(p.kernelMountOptions) ? [...p.kernelMountOptions] : p.kernelMountOptions;
    const fuseOptions = Array.isArray(p.fuseMountOptions) ? [...p.fuseMountOptions] : p.fuseMountOptions;
    const kernel = joinedOptions(kernelOptions);
    const fuse = joinedOptions(fuseOptions);
    super(scope, id, {
      ...p,
      provisioner: CEPHFS_CSI,
      parameters: {
        clusterID: m.cluster?.clusterId ?? '',
        ...(isString(p.fsName) ? { fsName: p.fsName } : {}),
        ...(isString(p.pool) && p.pool !== '' ? { pool: p.pool } : {}),
        ...(isString(p.mounter) ? { mounter: p.mounter } : {}),
        ...(kernel !== undefined ? { kernelMountOptions: kernel } : {}),
        ...(fuse !== undefined ? { fuseMountOptions: fuse } : {}),
        ...user,
      },
    } as StorageClassProps);
    registerStorageObject(this, target);
    // one Secret with both pairs serves every ceph-csi version: before 3.13 it provisions and stages
    // provisioned volumes with adminID/adminKey, from 3.13 with userID/userKey (internal/cephfs/nodeserver.go getCredentialsForVolume)
    const secret = m.credentials?._secret(this, CephSecretUse.CSI_USER_AND_ADMIN);
    // the Secret's parameters, then the user's, which win over the library's
    this.secretParameters = {
      ...csiSecretParameters('provisioner', secret),
      ...csiSecretParameters('controller-expand', secret),
      ...csiSecretParameters('node-stage', secret),
      ...user,
    };
    const shapes: Finding[] = [ // the props do not change: checked once
      ...clusterShape(PARAMS.key('clusterID'), p.cluster),
      ...credentialsShape(PARAMS.key('csi.storage.k8s.io/provisioner-secret-name'), p.credentials),
      ...requiredStringShape(PARAMS.key('fsName'), p.fsName, 'a string, the filesystem name'),
      ...stringShape(PARAMS.key('pool'), p.pool),
      ...oneOfShape(PARAMS.key('mounter'), p.mounter, MOUNTERS),
      ...stringListShape(PARAMS.key('kernelMountOptions'), p.kernelMountOptions, 'a string, a mount option', 'a list of mount options, such as ["norbytes"]'),
      ...stringListShape(PARAMS.key('fuseMountOptions'), p.fuseMountOptions, 'a string, a mount option', 'a list of mount options, such as ["debug"]'),
      ...stringMapShape(PARAMS, p.parameters),
    ];
    this.consumer = m;
    this.secret = secret;
    addRules(this, () => [
      ...shapes,
      ...cephCsiClassRules(m, [secret], CEPHFS_CSI),
      ...optionListRules(PARAMS.key('kernelMountOptions'), kernelOptions),
      ...optionListRules(PARAMS.key('fuseMountOptions'), fuseOptions),
    ]);
  }

  /** @internal The Secret's parameters: the Secret is created in this class's scope, once its construct exists. */
  protected _computedParameters(): Record<string, string> {
    return this.secretParameters;
  }

  /**
   * @internal ceph-csi's CephFS driver takes snapshots and clones (internal/cephfs/driver.go:
   * CREATE_DELETE_SNAPSHOT, CLONE_VOLUME), but not of a snapshot-backed volume ("cannot snapshot a
   * snapshot-backed volume", internal/cephfs/controllerserver.go CreateSnapshot). It snapshots with
   * the admin pair (NewAdminCredentials), which the class's Secret holds.
   */
  public _dataSourceFacts(): DataSourceFacts | undefined {
    const backed = this.parameters.backingSnapshot === 'true';
    return {
      driver: CEPHFS_CSI,
      snapshots: !backed,
      clones: true,
      why: backed ? 'the class provisions snapshot-backed volumes (backingSnapshot "true"), and ceph-csi cannot snapshot a snapshot-backed volume' : undefined,
      snapshotParameters: {
        clusterID: this.consumer.cluster?.clusterId ?? '',
        ...csiSecretParameters('snapshotter', this.secret),
      },
    };
  }

  /** @internal ceph-csi's cephfs driver serves every access mode, and no raw block devices. */
  public _claimFacts(): Capabilities {
    return fileSystemClaimFacts(EVERY_ACCESS_MODE, 'ceph-csi\'s cephfs driver serves these', 'CephFS is a shared filesystem; use a Ceph RBD class for a raw block device');
  }
}
