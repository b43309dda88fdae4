import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { cephVolumeSecret } from './consumer';
import { CephSecretUse } from './credentials';
import { CSI_BLOCK, CSI_FILESYSTEM, CephRbdPersistentVolumeProps, CephRbdVolumeProps, IN_TREE, ROX, RbdModel, Site, csiRules, inTreeRules, propsOf, rbdModel, rbdShapes, renderCsi, renderInTree, site } from './rbd-source';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef } from '../core/objects/secrets';
import { Plugin, PluginForm, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import {
  sizeShape,
} from '../core/rules/shapes';

/**
 * A Ceph RBD image as a PersistentVolume (a `StoragePersistentVolume`: `bind()`,
 * `reserve()`, `asVolume()`). Through Kubernetes 1.30 the in-tree `rbd` source (deprecated from
 * 1.28, with a warning); from 1.31 a static `rbd.csi.ceph.com` volume (`volumeHandle` = the image,
 * `clusterID`, `pool`, `staticVolume`, `imageFeatures`, the node options, the node-stage Secret,
 * Retain). Access modes: ReadWriteOnce and ReadOnlyMany in-tree; ReadWriteOnce, ReadWriteOncePod,
 * ReadOnlyMany (ceph-csi maps the image read-only) and ReadWriteMany for Block, with ceph-csi.
 *
 * @example
 *
 * const pv = new CephRbdPersistentVolume(chart, 'Data', {
 *   cluster: ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10), credentials,
 * });
 */
export class CephRbdPersistentVolume extends StoragePersistentVolume {
  private readonly model: RbdModel;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;
  private readonly site: Site;
  private readonly sourceShapes: FieldError[];

  constructor(scope: Construct, id: string, props: CephRbdPersistentVolumeProps) {
    super(scope, id, props);
    const p = propsOf(props);
    this.model = rbdModel(p);
    this.form = pluginForm(Plugin.RBD, this.kubernetesVersion, this.model.implementation);
    this.secret = cephVolumeSecret(this.form, this.model.cluster, this.model.credentials);
    this.site = site(FieldPath.root('spec'), this.form);
    this.sourceShapes = rbdShapes(p, this.site); // the props do not change: checked once
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    if (this.form.kind !== 'csi') return IN_TREE;
    return this.mode === kplus.PersistentVolumeMode.BLOCK ? CSI_BLOCK : CSI_FILESYSTEM;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const out = [...pluginRules(Plugin.RBD, this.kubernetesVersion, this.model.implementation, this.site.source), ...this.sourceShapes];
    // a removed form still writes the in-tree source: its rules apply to what is written
    out.push(...(this.form.kind === 'csi' ? csiRules(this.model, this.site, this.secret, this.reclaimPolicy) : inTreeRules(this.model, this.site)));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    return this.form.kind === 'csi' ? { csi: renderCsi(this.model, this.secret) } : { rbd: renderInTree(this.model, this.secret, false) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }
}

/**
 * A Ceph RBD image for a workload: `container.mount(path, volume)` works at every target version.
 * Through 1.30 it is the seed's inline `rbd` Pod volume (and the `kubernetes.io/rbd` Secret when
 * the library creates it); ceph-csi serves no inline volumes, so from 1.31 it is a static
 * `rbd.csi.ceph.com` PersistentVolume, a claim bound to it, and a Pod volume from that claim —
 * without a change to the code that uses it. A read-only volume's PersistentVolume and claim are
 * ReadOnlyMany (Pods on several nodes share the image), a writable one's ReadWriteOnce.
 *
 * @example
 *
 * const data = new CephRbdVolume(chart, 'Data', {
 *   cluster: ceph, pool: 'kube', image: 'foo', storage: Size.gibibytes(10),
 *   credentials, fsType: FsType.EXT4, readOnly: true,
 * });
 * deployment.containers[0].mount('/var/lib/postgresql', data);
 */
export class CephRbdVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The PersistentVolume behind the Pod volume, where the target needs one (ceph-csi). */
  public readonly persistentVolume?: CephRbdPersistentVolume;

  private readonly model: RbdModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: CephRbdVolumeProps) {
    super(scope, id);
    const p = propsOf(props);
    this.model = rbdModel(p);
    this.pod = new PodStorage(this, {
      plugin: Plugin.RBD,
      implementation: this.model.implementation,
      name: p.name as string | undefined,
      kubernetesVersion: p.kubernetesVersion as KubernetesVersion | undefined,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    if (this.pod.needsPersistentVolume) {
      // the PersistentVolume carries the source, and checks every prop of it; a read-only image is
      // ReadOnlyMany, so that Pods on several nodes share it as the inline volume did
      this.persistentVolume = new CephRbdPersistentVolume(this, 'PersistentVolume', {
        ...p,
        kubernetesVersion: this.kubernetesVersion,
        accessModes: this.model.readOnly === true ? [ROX] : undefined,
      } as CephRbdPersistentVolumeProps);
      addRules(this, () => this.pod.rules('rbd'));
      return;
    }
    this.secret = this.model.credentials?._secret(CephSecretUse.IN_TREE);
    const s = site(this.pod.root, this.pod.form);
    const shapes = [...rbdShapes(p, s), ...sizeShape(FieldPath.root('storage'), p.storage)]; // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('rbd'), ...shapes, ...inTreeRules(this.model, s)]);
  }

  /** The Pod volume (created once): inline `rbd`, or the claim of the ceph-csi PersistentVolume. */
  public asVolume(): kplus.Volume {
    const secret = this.secret ? { ...this.secret, field: 'rbd.secretRef.name' } : undefined;
    return this.pod.asVolume('rbd', () => renderInTree(this.model, this.secret, true), { secret }, this.persistentVolume, this.model.readOnly === true);
  }
}
