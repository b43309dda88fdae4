import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephCluster, isCephCluster } from './cluster';
import { CephConsumer, cephCsiClassRules, clusterShape, credentialsShape, stringParameters } from './consumer';
import { CephCredentials, CephSecretUse, isCephCredentials } from './credentials';
import { inTreeProvisionerRules, rbdClassModel, rbdClassParameters, rbdClassRules, rbdClassShapes } from './rbd-class-options';
import { DEFAULT_FEATURES, RBD_CSI, ROX, RWO, RWOP, RWX, featuresText, imageFeatureRules } from './rbd-features';
import {
  CephRbdEncryptionType, CephRbdNodeOptions, CephRbdTopologyPool, mapsWithNbd, rbdNodeAttributes, rbdNodeModel, rbdNodeRules, rbdNodeShapes,
} from './rbd-options';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { VolumeClaim } from '../core/objects/claim';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { DataSourceFacts, isClaimDataSource } from '../core/objects/data-source';
import { SecretRef } from '../core/objects/secrets';
import { Plugin, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding, unsupported, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import {
  given, isPlainObject, isString, listOf,
  stringListShape, stringMapShape, stringShape,
} from '../core/rules/shapes';
import { StorageClass } from '../generic/storage-class';
import { StorageClassClaimOptions, StorageClassOptions, StorageClassProps } from '../generic/storage-class-props';

/** Props for `CephRbdStorageClass`. */
export interface CephRbdStorageClassProps extends StorageClassOptions, CephRbdNodeOptions {
  /**
   * The Ceph cluster images are created in.
   *
   * @see https://github.com/ceph/ceph-csi/blob/devel/examples/rbd/storageclass.yaml
   */
  readonly cluster: CephCluster;

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

const PARAMS = FieldPath.root('parameters');
const paramAt = (key: string) => PARAMS.key(key);
const IN_TREE_PROVISIONER_WARNING = 'the in-tree kubernetes.io/rbd provisioner runs the rbd command inside kube-controller-manager, which the stock ' +
  'kube-controller-manager images do not have: claims stay Pending unless the control plane\'s image carries ceph-common; ceph-csi (implementation CSI) has no such need';

/**
 * A StorageClass for dynamically provisioned Ceph RBD images: ceph-csi's `rbd.csi.ceph.com` with
 * `clusterID`, `pool`, `imageFeatures`, `csi.storage.k8s.io/fstype`, the node options (`mounter`,
 * `mapOptions`, …), encryption, topology-constrained pools and the provisioner, node-stage and
 * controller-expand Secret parameters; or the in-tree `kubernetes.io/rbd` provisioner
 * (`monitors`, `adminId`, `adminSecretName`, … ) where it still works, with a warning.
 *
 * @example
 *
 * const fast = new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, pool: 'kube', credentials });
 * const claim = fast.createClaim(chart, 'Data', { storage: Size.gibibytes(20) });
 */
export class CephRbdStorageClass extends StorageClass {
  private readonly inTreeCluster?: CephCluster;
  private readonly csi: boolean;
  private readonly csiConsumer?: CephConsumer;
  private readonly csiSecret?: SecretRef;
  private readonly secretParameters: Record<string, string>;

  constructor(scope: Construct, id: string, props: CephRbdStorageClassProps) {
    // a JavaScript or Python caller can pass anything: only strings are written into parameters
    const p: Partial<Record<keyof CephRbdStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
    const target = resolveTarget(scope, p.kubernetesVersion as KubernetesVersion | undefined);
    const impl = given(p.implementation) ? implementationOf(p.implementation) : VolumeImplementation.CSI;
    const form = pluginForm(Plugin.RBD, target.version, impl);
    const csi = form.kind === 'csi';
    const m: CephConsumer = {
      cluster: isCephCluster(p.cluster) ? p.cluster : undefined,
      credentials: isCephCredentials(p.credentials) ? p.credentials : undefined,
      credentialsGiven: given(p.credentials),
    };
    const node = rbdNodeModel(p);
    const options = rbdClassModel(p);
    const features = Array.isArray(p.imageFeatures) ? [...p.imageFeatures] : p.imageFeatures ?? DEFAULT_FEATURES;
    const featuresParam = featuresText(features);
    const pool = p.pool ?? 'rbd';
    const fsType = fsTypeOf(p.fsType);
    const fsTypeKey = csi ? 'csi.storage.k8s.io/fstype' : 'fsType';
    const user = stringParameters(p.parameters);
    const poolParam: Record<string, string> = isString(pool) ? { pool } : {};
    const featuresParams: Record<string, string> = isString(featuresParam) ? { imageFeatures: featuresParam } : {};
    const fsTypeParam: Record<string, string> = isString(fsType) && fsType !== '' ? { [fsTypeKey]: fsType } : {};
    let parameters: Record<string, string>;
    if (csi) {
      m.cluster?._useCsi(true);
      parameters = {
        clusterID: m.cluster?.clusterId ?? '',
        ...poolParam,
        ...featuresParams,
        ...fsTypeParam,
        ...rbdNodeAttributes(node),
        ...rbdClassParameters(options),
      };
    } else {
      const creds = m.credentials;
      parameters = {
        ...poolParam,
        imageFormat: '2',
        ...featuresParams,
        ...(creds?.user ? { adminId: creds.user, userId: creds.user } : {}),
        ...fsTypeParam,
      };
    }
    super(scope, id, { ...p, provisioner: csi ? RBD_CSI : 'kubernetes.io/rbd', parameters: { ...parameters, ...user } } as StorageClassProps);
    this.csi = csi;
    this.inTreeCluster = csi ? undefined : m.cluster;
    this.csiConsumer = csi ? m : undefined;
    registerStorageObject(this, target);
    // the Secret, created in this class's scope; its parameters, then the user's, which win over the library's
    const secret = m.credentials?._secret(this, csi ? CephSecretUse.CSI_USER : CephSecretUse.IN_TREE);
    const secrets = [secret];
    this.csiSecret = csi ? secret : undefined;
    this.secretParameters = csi
      ? {
        ...csiSecretParameters('provisioner', secret),
        ...csiSecretParameters('controller-expand', secret),
        ...csiSecretParameters('node-stage', secret),
        ...user,
      }
      : {
        ...(secret ? { adminSecretName: secret.name, userSecretName: secret.name } : {}),
        ...(secret?.namespace ? { adminSecretNamespace: secret.namespace, userSecretNamespace: secret.namespace } : {}),
        ...user,
      };
    const shapes: Finding[] = [ // the props do not change: checked once
      ...clusterShape(PARAMS.key(csi ? 'clusterID' : 'monitors'), p.cluster),
      ...credentialsShape(PARAMS.key(csi ? 'csi.storage.k8s.io/provisioner-secret-name' : 'adminSecretName'), p.credentials),
      ...stringShape(PARAMS.key('pool'), p.pool),
      ...stringListShape(PARAMS.key('imageFeatures'), p.imageFeatures, 'a string, an image feature', 'a list of image features, such as ["layering"]'),
      ...fsTypeRules(PARAMS.key(fsTypeKey), fsType),
      ...rbdNodeShapes(paramAt, p),
      ...rbdClassShapes(paramAt, p),
      ...stringMapShape(PARAMS, p.parameters),
      ...implementationRules(FieldPath.root('provisioner'), p.implementation),
    ];
    const nbd = mapsWithNbd(node, user.mounter);
    const bindingMode = this.volumeBindingMode;
    addRules(this, () => {
      const out: Finding[] = [...pluginRules(Plugin.RBD, target.version, impl, FieldPath.root('provisioner')), ...shapes];
      if (csi) {
        out.push(...cephCsiClassRules(m, secrets, RBD_CSI), ...imageFeatureRules(PARAMS.key('imageFeatures'), features, nbd));
        out.push(...rbdNodeRules(paramAt, node));
        out.push(...rbdClassRules(options, { at: paramAt, bindingMode, passphrase: m.credentials?._encryptionPassphrase }));
        return out;
      }
      if (form.kind === 'in-tree') out.push(warning(FieldPath.root('provisioner'), IN_TREE_PROVISIONER_WARNING));
      out.push(...inTreeProvisionerRules(p, m, features));
      return out;
    });
  }

  /**
   * A claim of this class. With ceph-csi it may not be ReadOnlyMany, which ceph-csi provisions only
   * as a clone (internal/util/validate.go CheckReadOnlyManyIsSupported: "readOnly accessMode is
   * supported only with content source": a claim restored from a snapshot or cloned may be), nor ReadWriteMany unless its volumeMode is Block
   * (internal/rbd/controllerserver.go parseVolCreateRequest).
   */
  public createClaim(scope: Construct, id: string, options: StorageClassClaimOptions): VolumeClaim {
    const claim = super.createClaim(scope, id, options);
    if (!this.csi) return claim;
    const o: Partial<Record<keyof StorageClassClaimOptions, unknown>> = isPlainObject(options) ? options : {};
    const modes = listOf(o.accessModes as unknown[]);
    const block = o.volumeMode === kplus.PersistentVolumeMode.BLOCK;
    const fromContent = isClaimDataSource(o.dataSource);
    addRules(claim, () => modes.flatMap((mode, i) => {
      const at = FieldPath.root('spec', 'accessModes').index(i);
      if (mode === ROX && !fromContent) return [unsupported(at, mode, [RWO, RWOP, RWX], 'rbd.csi.ceph.com provisions ReadOnlyMany only as a clone of a snapshot or volume; use a static CephRbdPersistentVolume')];
      if (mode === RWX && !block) return [unsupported(at, mode, [RWO, RWOP], 'rbd.csi.ceph.com provisions ReadWriteMany only for volumeMode Block')];
      return [];
    }));
    return claim;
  }

  /**
   * @internal ceph-csi's RBD driver takes snapshots and clones (internal/rbd/driver/driver.go:
   * CREATE_DELETE_SNAPSHOT, CLONE_VOLUME); its VolumeSnapshotClass names the cluster and the
   * snapshotter Secret, the user pair it snapshots with (internal/rbd/controllerserver.go
   * CreateSnapshot, NewUserCredentials; examples/rbd/snapshotclass.yaml).
   */
  public _dataSourceFacts(): DataSourceFacts | undefined {
    if (!this.csi) return super._dataSourceFacts();
    return {
      driver: RBD_CSI,
      snapshots: true,
      clones: true,
      snapshotParameters: {
        clusterID: this.csiConsumer?.cluster?.clusterId ?? '',
        ...csiSecretParameters('snapshotter', this.csiSecret),
      },
    };
  }

  /**
   * @internal ceph-csi provisions ReadWriteMany RBD volumes only as raw block devices, and ReadOnlyMany
   * only from a content source (internal/util/validate.go CheckReadOnlyManyIsSupported); the in-tree
   * provisioner: the API server's rules.
   */
  public _claimFacts(volumeMode: kplus.PersistentVolumeMode, fromContent: boolean): Capabilities | undefined {
    if (!this.csi) return super._claimFacts(volumeMode, fromContent);
    const rox = fromContent ? [ROX] : [];
    return {
      accessModes: volumeMode === kplus.PersistentVolumeMode.BLOCK ? [RWO, ...rox, RWOP, RWX] : [RWO, ...rox, RWOP],
      accessModesWhy: 'ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block), and ReadOnlyMany only restored from a snapshot or cloned',
      block: true,
      mountOptions: true,
    };
  }

  /**
   * @internal The Secret's parameters (the Secret is created in this class's scope, once its
   * construct exists), and the in-tree provisioner's monitors, read at synth (monitors may be added later).
   */
  protected _computedParameters(): Record<string, string> {
    return { ...this.secretParameters, ...(this.inTreeCluster ? { monitors: this.inTreeCluster.monitors.join(',') } : {}) };
  }
}
