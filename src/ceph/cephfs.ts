import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CephFsPersistentVolumeProps, CephFsVolumeProps, CAPABILITIES, CSI_CAPABILITIES, CephFsModel, cephFsModel, cephFsShapes, Site, inTreeRules, propsOf, renderInTree, site } from './cephfs-source';
import { cephCsiVolumeRules, cephVolumeSecret, joinedOptions, optionListRules } from './consumer';
import { CephSecretUse } from './credentials';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { Plugin, PluginForm, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import {
  isString,
  sizeShape,
  stringShape,
} from '../core/rules/shapes';

export const CEPHFS_CSI = 'cephfs.csi.ceph.com';

/** How ceph-csi mounts a CephFS volume on the node (internal/cephfs/store/volumeoptions.go validateMounter). */
export enum CephFsMounter {
  /** The kernel client, `mount -t ceph`. */
  KERNEL = 'kernel',
  /** `ceph-fuse`. */
  FUSE = 'fuse',
}
export const MOUNTERS = Object.values(CephFsMounter) as string[];

/**
 * A CephFS directory as a PersistentVolume (a `StoragePersistentVolume`). Through
 * Kubernetes 1.30 the in-tree `cephfs` source (deprecated from 1.28); from 1.31 a static
 * `cephfs.csi.ceph.com` volume (`clusterID`, `rootPath`, `fsName`, `staticVolume`, the node-stage
 * Secret, Retain). ReadWriteOnce, ReadOnlyMany and ReadWriteMany (and ReadWriteOncePod with
 * ceph-csi); never Block.
 *
 * @example
 *
 * const shared = new CephFsPersistentVolume(chart, 'Shared', {
 *   cluster: ceph, path: '/volumes/csi/shared', credentials, storage: Size.gibibytes(50),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 * });
 */
export class CephFsPersistentVolume extends StoragePersistentVolume {
  private readonly model: CephFsModel;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;
  private readonly volumeHandle: unknown;
  private readonly site: Site;
  private readonly sourceShapes: FieldError[];

  constructor(scope: Construct, id: string, props: CephFsPersistentVolumeProps) {
    super(scope, id, props);
    const p = propsOf(props);
    this.model = cephFsModel(p);
    this.volumeHandle = p.volumeHandle ?? undefined;
    this.form = pluginForm(Plugin.CEPHFS, this.kubernetesVersion, this.model.implementation);
    this.secret = cephVolumeSecret(this.form, this.model.cluster, this.model.credentials);
    this.site = site(FieldPath.root('spec'), this.form);
    this.sourceShapes = [ // the props do not change: checked once
      ...cephFsShapes(p, this.site),
      ...(this.form.kind === 'csi' ? stringShape(this.site.source.child('volumeHandle'), p.volumeHandle) : []),
    ];
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return this.form.kind === 'csi' ? CSI_CAPABILITIES : CAPABILITIES;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const s = this.site;
    const m = this.model;
    const out = [...pluginRules(Plugin.CEPHFS, this.kubernetesVersion, m.implementation, s.source), ...this.sourceShapes];
    // a removed form still writes the in-tree source: its rules apply to what is written
    if (this.form.kind !== 'csi') return [...out, ...inTreeRules(m, s)];
    out.push(...cephCsiVolumeRules(s.source, m, this.secret, this.reclaimPolicy, CEPHFS_CSI));
    // ceph-csi takes a static volume's rootPath, and its fsName when given, only when they are not empty
    if (m.path === '') out.push(required(s.path, 'give the subvolume\'s path: ceph-csi mounts a static volume at rootPath'));
    else if (isString(m.path)) out.push(...textRules(s.path, m.path));
    if (m.fsName === '') out.push(required(s.fsName, 'give the filesystem\'s name, or leave fsName unset for the default filesystem'));
    else if (isString(m.fsName)) out.push(...textRules(s.fsName, m.fsName));
    out.push(...optionListRules(s.kernelMountOptions, m.kernelMountOptions), ...optionListRules(s.fuseMountOptions, m.fuseMountOptions));
    // the default handle is the PersistentVolume's name: kube-apiserver requires either to be non-empty
    const handle = this.volumeHandle ?? this.name;
    if (handle === '') out.push(required(s.source.child('volumeHandle')));
    else if (isString(handle)) out.push(...textRules(s.source.child('volumeHandle'), handle));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    const m = this.model;
    if (this.form.kind !== 'csi') return { cephfs: renderInTree(m, this.secret, false) };
    const attributes: Record<string, string> = { clusterID: m.cluster?.clusterId ?? '', staticVolume: 'true', rootPath: (m.path ?? '/') as string };
    if (m.fsName !== undefined) attributes.fsName = m.fsName as string;
    if (isString(m.mounter)) attributes.mounter = m.mounter;
    const kernel = joinedOptions(m.kernelMountOptions);
    const fuse = joinedOptions(m.fuseMountOptions);
    if (kernel !== undefined) attributes.kernelMountOptions = kernel;
    if (fuse !== undefined) attributes.fuseMountOptions = fuse;
    return {
      csi: {
        driver: CEPHFS_CSI,
        volumeHandle: (this.volumeHandle ?? this.name) as string,
        readOnly: m.readOnly as boolean | undefined,
        nodeStageSecretRef: secretRefAt(this.secret, SecretRefSite.PERSISTENT_VOLUME),
        volumeAttributes: attributes,
      },
    };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }
}

/**
 * A CephFS directory for a workload: `container.mount(path, volume)` works at every target
 * version. Through 1.30 it is the seed's inline `cephfs` Pod volume; from 1.31 a static
 * `cephfs.csi.ceph.com` PersistentVolume (ReadWriteMany), a claim bound to it, and a Pod volume
 * from that claim.
 *
 * @example
 *
 * const shared = new CephFsVolume(chart, 'Shared', {
 *   cluster: ceph, credentials, storage: Size.gibibytes(50), readOnly: true,
 * });
 */
export class CephFsVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The PersistentVolume behind the Pod volume, where the target needs one (ceph-csi). */
  public readonly persistentVolume?: CephFsPersistentVolume;

  private readonly model: CephFsModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephFsVolumeProps) {
    super(scope, id);
    const p = propsOf(props);
    this.model = cephFsModel(p);
    this.pod = new PodStorage(this, {
      plugin: Plugin.CEPHFS,
      implementation: this.model.implementation,
      name: p.name as string | undefined,
      kubernetesVersion: p.kubernetesVersion as KubernetesVersion | undefined,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    if (this.pod.needsPersistentVolume) {
      // the PersistentVolume carries the source, and checks every prop of it
      this.persistentVolume = new CephFsPersistentVolume(this, 'PersistentVolume', {
        ...p,
        kubernetesVersion: this.kubernetesVersion,
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      } as CephFsPersistentVolumeProps);
      addRules(this, () => this.pod.rules('cephfs'));
      return;
    }
    this.secret = this.model.credentials?._secret(CephSecretUse.IN_TREE);
    const s = site(this.pod.root, this.pod.form);
    const shapes = [...cephFsShapes(p, s), ...sizeShape(FieldPath.root('storage'), p.storage)]; // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('cephfs'), ...shapes, ...inTreeRules(this.model, s)]);
  }

  /** The Pod volume (created once): inline `cephfs`, or the claim of the ceph-csi PersistentVolume. */
  public asVolume(): kplus.Volume {
    const secret = this.secret ? { ...this.secret, field: 'cephfs.secretRef.name' } : undefined;
    return this.pod.asVolume('cephfs', () => renderInTree(this.model, this.secret, true), { secret }, this.persistentVolume, this.model.readOnly === true);
  }
}
