import * as kplus from 'cdk8s-plus-27';
import { FlexVolumeProps, flexModel, flexRules, flexSecret, flexShapes, renderFlex } from './model';
import { SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { Plugin, VolumeImplementation } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { FieldPath } from '../core/rules/field-path';
import { mountOptionsAnnotationRules } from '../core/rules/mount-options';
import { booleanShape, isPlainObject } from '../core/rules/shapes';

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
export function flexSource(props: unknown, optionShapes = true): VolumeSource {
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
