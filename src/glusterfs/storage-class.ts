import { Construct } from 'constructs';
import { glusterClassSource } from './class-source';
import { Counts, HeketiCredentials } from './heketi';
import { KubernetesVersion } from '../core/policy/version';
import { StorageClass } from '../generic/storage-class';
import { StorageClassOptions, StorageClassProps } from '../generic/storage-class-props';

/*
 * GlusterFS dynamic provisioning through heketi: its Secret and the StorageClass. The cluster and
 * its volumes are in glusterfs.ts. Sources of the rules: the in-tree provisioner's
 * parseClassParameters (pkg/volume/glusterfs/glusterfs.go, last in v1.25) and Heketi's REST API
 * (heketi apps/glusterfs/app_volume.go VolumeCreate, middleware/jwt.go).
 */

/**
 * The durability of the Gluster volumes a StorageClass provisions (`volumetype`). Heketi creates
 * replica 1 to 3, and the disperse layouts 2+1, 4+2, 8+3 and 8+4.
 */
export class GlusterVolumeType {
  /** Distributed only, without redundancy (`none`). */
  public static readonly NONE = new GlusterVolumeType('none', []);

  /** Replicated over `replicas` bricks (`replicate:<replicas>`), 1 to 3. */
  public static replicate(replicas: number): GlusterVolumeType {
    return new GlusterVolumeType('replicate', [replicas]);
  }

  /**
   * Erasure-coded over `data` + `redundancy` bricks (`disperse:<data>:<redundancy>`): 2+1, 4+2,
   * 8+3 or 8+4.
   */
  public static disperse(data: number, redundancy: number): GlusterVolumeType {
    return new GlusterVolumeType('disperse', [data, redundancy]);
  }

  /** The parameter value: `replicate:3`, `disperse:4:2` or `none`. */
  public readonly value: string;

  private constructor(/** @internal */ public readonly _kind: string, /** @internal */ public readonly _counts: Counts) {
    this.value = [_kind, ...this._counts.map((c) => String(c))].join(':');
  }
}

/** Props for `GlusterStorageClass`. */
export interface GlusterStorageClassProps extends StorageClassOptions {
  /**
   * The Heketi REST URL the provisioner creates volumes through (`resturl`), e.g.
   * `http://heketi.storage.svc:8080`.
   *
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly resturl: string;

  /**
   * The Heketi user (`restuser`); with `credentials`, `admin` (Heketi's only user that may create
   * volumes and read the cluster's nodes).
   *
   * @default - none: Heketi without authentication
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly restuser?: string;

  /**
   * The Heketi user's password: the Secret the provisioner reads it from (`secretName`, `secretNamespace`).
   *
   * @default - none: an empty password
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly credentials?: HeketiCredentials;

  /**
   * The Heketi clusters volumes may be created in (`clusterid`): Heketi ids, 32 hexadecimal digits.
   *
   * @default - any cluster Heketi manages
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly clusterIds?: string[];

  /**
   * The lowest GID the provisioner gives a volume (`gidMin`), 2000 to 2147483647.
   *
   * @default 2000
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly gidMin?: number;

  /**
   * The highest GID the provisioner gives a volume (`gidMax`), 2000 to 2147483647, at least `gidMin`.
   *
   * @default 2147483647
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly gidMax?: number;

  /**
   * The durability of new volumes (`volumetype`).
   *
   * @default - the provisioner's default, replicate:3
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly volumeType?: GlusterVolumeType;

  /**
   * Gluster volume options set on new volumes (`volumeoptions`), e.g. `{ 'client.ssl': 'on' }`.
   *
   * @default - none
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly volumeOptions?: { [option: string]: string };

  /**
   * A prefix for the names of new Gluster volumes (`volumenameprefix`): `<prefix>_<namespace>_<claim>_<uuid>`.
   * Letters, digits and `-` only (no `_`).
   *
   * @default - Heketi's `vol_<id>`
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly volumeNamePrefix?: string;

  /**
   * The thin-pool snapshot factor (`snapfactor`), 1 to 100: a volume's thin pool is this many times its size.
   *
   * @default 1
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly snapFactor?: number;

  /**
   * The prefix of the Endpoints and Service the provisioner creates for each claim
   * (`customepnameprefix`): `<prefix>-<claim UID>`; at most 26 characters.
   *
   * @default "glusterfs-dynamic"
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly customEpNamePrefix?: string;

  /**
   * The Kubernetes version this class is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#glusterfs
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * A StorageClass for the heketi-backed in-tree provisioner `kubernetes.io/glusterfs`: `resturl`,
 * `restuser`, the `kubernetes.io/glusterfs` Secret with the Heketi password (`secretName` and
 * `secretNamespace`, always both), `clusterid`, `gidMin`/`gidMax`, `volumetype`, `volumeoptions`,
 * `volumenameprefix`, `snapfactor` and `customepnameprefix`. The provisioner creates an Endpoints and
 * Service per claim itself. Works through 1.25 (deprecated in 1.25: a warning); from 1.26 an error.
 *
 * @example
 *
 * const heketi = HeketiCredentials.fromPassword({ password: process.env.HEKETI_KEY! });
 * const gold = new GlusterStorageClass(chart, 'Gold', {
 *   resturl: 'http://heketi.storage.svc:8080', restuser: 'admin', credentials: heketi,
 *   volumeType: GlusterVolumeType.replicate(3),
 * });
 * const claim = gold.createClaim(chart, 'Data', { storage: Size.gibibytes(20) });
 */
export class GlusterStorageClass extends StorageClass {
  constructor(scope: Construct, id: string, props: GlusterStorageClassProps) {
    super(scope, id, props as unknown as StorageClassProps); // the props every class takes
    this._carrySource(glusterClassSource(props));
  }
}
