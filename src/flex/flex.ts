import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FlexModel, FlexPersistentVolumeProps, FlexVolumeProps, flexModel, flexRules, flexSecret, flexShapes, renderFlex } from './source';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { mountOptionsAnnotationRules } from '../core/rules/mount-options';
import {
  booleanShape,
  isPlainObject,
} from '../core/rules/shapes';

const PLUGIN_DIR = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/';
/** Why the driver must be a qualified name: the kubelet's plugin manager loads no other. */
export const DRIVER_WHY = 'the kubelet loads a flexVolume driver only under a qualified name, "<driver>" or "<vendor>/<driver>" (e.g. "coreos.com/torus"), '
  + `installed as the executable <driver> in the directory <vendor>~<driver> of its volume-plugin directory (default ${PLUGIN_DIR})`;
/** Linux's NAME_MAX: the longest file name, here the directory `<vendor>~<driver>`. */
export const DIRECTORY_NAME_MAX = 255;

/**
 * A FlexVolume driver's volume as a Pod volume: mount it with `container.mount(path, volume)` or
 * add it with `workload.addVolume(volume.asVolume())`. Emits the inline `flexVolume` source, and the
 * Secret of type = the driver name when the library creates it (in the volume's Chart; mount the
 * volume in a workload of the same namespace).
 *
 * FlexVolume is deprecated since Kubernetes 1.23 but not removed: it synthesizes at every version
 * and prints a deprecation warning. Move to a CSI driver for the same storage when there is one.
 *
 * @example
 *
 * const share = new FlexVolume(chart, 'Share', {
 *   driver: 'fstab/cifs',
 *   options: { networkPath: '//server/share', mountOptions: 'dir_mode=0755' },
 *   secret: FlexSecret.fromData({ data: { username: 'kube', password: 's3cret' } }),
 * });
 * deployment.containers[0].mount('/share', share);
 */
export class FlexVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: FlexModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: FlexVolumeProps) {
    super(scope, id);
    this.model = flexModel(props);
    this.pod = new PodStorage(this, { plugin: Plugin.FLEX, name: props?.name, kubernetesVersion: props?.kubernetesVersion });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.secret = flexSecret(this, this.model);
    const at = this.pod.root.child('flexVolume');
    const shapes = flexShapes(props, at, this._checksOptionShapes()); // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('flexVolume'), ...shapes, ...flexRules(this.model, at)]);
  }

  /** The Pod volume (created once). */
  public asVolume(): kplus.Volume {
    // a Pod reads the Secret from its own namespace: the reference is a name only
    const secretRef = secretRefAt(this.secret, SecretRefSite.POD);
    const secret = this.secret ? { ...this.secret, field: 'flexVolume.secretRef.name' } : undefined;
    return this.pod.asVolume('flexVolume', (): k8s.FlexVolumeSource => ({ ...renderFlex(this.model, undefined), secretRef }), { secret });
  }

  /**
   * @internal Whether the options' shapes are checked here; a preset that writes the options from
   * props of its own (TorusVolume) checks those props instead, in their words.
   */
  protected _checksOptionShapes(): boolean {
    return true;
  }
}

const PV_SOURCE = FieldPath.root('spec', 'flexVolume');
const RWO_ROX = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY];

/** What the flexVolume plugin serves (GetAccessModes), and ReadWriteMany where the driver does. */
function flexCapabilities(readWriteMany: boolean): Capabilities {
  return {
    accessModes: readWriteMany ? [...RWO_ROX, kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] : RWO_ROX,
    accessModesWhy: 'the flexVolume plugin serves ReadWriteOnce and ReadOnlyMany, and ReadWriteMany only where the driver does: '
      + 'set driverSupportsReadWriteMany when it does',
    block: false,
    blockWhy: 'the flexVolume plugin mounts filesystems only; a raw block device needs a CSI driver',
    mountOptions: false,
  };
}

/**
 * A FlexVolume driver's volume as a PersistentVolume (a `StoragePersistentVolume`, so
 * `bind()`, `reserve()` and `asVolume()` work): `spec.flexVolume`, its only source (kube-apiserver
 * does not check that a flexVolume PV has no second source; this construct writes exactly one).
 * Access modes ReadWriteOnce and ReadOnlyMany, and ReadWriteMany when the driver serves it
 * (`driverSupportsReadWriteMany`); no raw block devices; no mount options (neither `mountOptions`
 * nor the legacy annotation). Deprecated since 1.23: synthesizes with a warning.
 *
 * @example
 *
 * const pv = new FlexPersistentVolume(chart, 'Share', {
 *   driver: 'fstab/cifs',
 *   options: { networkPath: '//server/share' },
 *   secret: FlexSecret.fromData({ data: { username: 'kube', password: 's3cret' } }),
 *   storage: Size.gibibytes(100),
 * });
 * const claim = pv.reserve();
 */
export class FlexPersistentVolume extends StoragePersistentVolume {
  private readonly model: FlexModel;
  private readonly secret?: SecretRef;
  private readonly capabilities: Capabilities;
  private readonly sourceShapes: Finding[];

  constructor(scope: Construct, id: string, props: FlexPersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: every required prop is then reported missing
    super(scope, id, isPlainObject(props) ? props : {} as FlexPersistentVolumeProps);
    this.model = flexModel(props);
    const readWriteMany: unknown = isPlainObject(props) ? props.driverSupportsReadWriteMany : undefined;
    this.capabilities = flexCapabilities(readWriteMany === true);
    this.secret = flexSecret(this, this.model);
    // the props do not change: checked once
    this.sourceShapes = [...flexShapes(props, PV_SOURCE), ...booleanShape(FieldPath.root('driverSupportsReadWriteMany'), readWriteMany)];
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return this.capabilities;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    return [
      ...pluginRules(Plugin.FLEX, this.kubernetesVersion, VolumeImplementation.AUTO, PV_SOURCE),
      ...this.sourceShapes,
      ...flexRules(this.model, PV_SOURCE),
      ...mountOptionsAnnotationRules(this.metadata, this.capabilities),
    ];
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    // a PersistentVolume names the Secret's namespace when the app knows it; else the kubelet uses the Pod's
    return { flexVolume: renderFlex(this.model, secretRefAt(this.secret, SecretRefSite.PERSISTENT_VOLUME)) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }
}
