import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FlexPersistentVolumeProps, FlexVolumeProps, flexModel, flexRules, flexSecret, flexShapes, renderFlex } from './source';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { StorageVolume } from '../core/objects/storage-volume';
import { Plugin, VolumeImplementation } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { FieldPath } from '../core/rules/field-path';
import { mountOptionsAnnotationRules } from '../core/rules/mount-options';
import { booleanShape, isPlainObject } from '../core/rules/shapes';

const PLUGIN_DIR = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/';
/** Why the driver must be a qualified name: the kubelet's plugin manager loads no other. */
export const DRIVER_WHY = 'the kubelet loads a flexVolume driver only under a qualified name, "<driver>" or "<vendor>/<driver>" (e.g. "coreos.com/torus"), '
  + `installed as the executable <driver> in the directory <vendor>~<driver> of its volume-plugin directory (default ${PLUGIN_DIR})`;
/** Linux's NAME_MAX: the longest file name, here the directory `<vendor>~<driver>`. */
export const DIRECTORY_NAME_MAX = 255;

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
 * The flexVolume source, carried by a Pod volume or a PersistentVolume. `optionShapes: false`: a
 * preset that writes the options from props of its own (TorusVolume) checks those props instead,
 * in their words.
 */
function flexSource(props: unknown, optionShapes = true): VolumeSource {
  const m = flexModel(props as FlexVolumeProps);
  const readWriteMany: unknown = isPlainObject(props) ? props.driverSupportsReadWriteMany : undefined;
  return {
    ...pluginPolicy(Plugin.FLEX, VolumeImplementation.AUTO),
    bind: (at: SourceSite): BoundSource => {
      const pv = at.persistentVolume;
      const src = at.root.child('flexVolume');
      const secret = flexSecret(at.scope, m);
      const capabilities = flexCapabilities(readWriteMany === true);
      // the props do not change: checked once
      const shapes = [...flexShapes(props, src, optionShapes), ...(pv ? booleanShape(FieldPath.root('driverSupportsReadWriteMany'), readWriteMany) : [])];
      return {
        field: 'flexVolume',
        readOnly: m.readOnly === true,
        facts: secret && !pv ? { secret: { ...secret, field: 'flexVolume.secretRef.name' } } : undefined,
        capabilities: () => capabilities,
        rules: () => [...shapes, ...flexRules(m, src), ...(pv ? mountOptionsAnnotationRules(pv.metadata, capabilities) : [])],
        // a Pod reads the Secret from its own namespace (a name only); a PersistentVolume names the
        // Secret's namespace when the app knows it, else the kubelet uses the Pod's
        render: () => ({ flexVolume: renderFlex(m, secretRefAt(secret, pv ? SecretRefSite.PERSISTENT_VOLUME : SecretRefSite.POD)) }),
      };
    },
  };
}

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
 *   secret: FlexCredentials.fromData({ data: { username: 'kube', password: 's3cret' } }),
 * });
 * deployment.containers[0].mount('/share', share);
 */
export class FlexVolume extends StorageVolume {
  constructor(scope: Construct, id: string, props: FlexVolumeProps) {
    super(scope, id, props);
    this._carry(flexSource(props, this._checksOptionShapes()));
  }

  /**
   * @internal Whether the options' shapes are checked here; a preset that writes the options from
   * props of its own (TorusVolume) checks those props instead, in their words.
   */
  protected _checksOptionShapes(): boolean {
    return true;
  }
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
 *   secret: FlexCredentials.fromData({ data: { username: 'kube', password: 's3cret' } }),
 *   storage: Size.gibibytes(100),
 * });
 * const claim = pv.reserve();
 */
export class FlexPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: FlexPersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: every required prop is then reported missing
    super(scope, id, isPlainObject(props) ? props : {} as FlexPersistentVolumeProps);
    this._carry(flexSource(props));
  }
}
