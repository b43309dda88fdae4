import * as kplus from 'cdk8s-plus-27';
import { GlusterProps, classModel, classShapes, glusterClassParameters, glusterClassRules } from './storage-class-rules';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { FieldPath } from '../core/rules/field-path';
import { isPlainObject } from '../core/rules/shapes';
import { fileSystemClaimFacts } from '../generic/claim-facts';
import { BoundClassSource, ClassSite, ClassSource } from '../generic/class-source';

/**
 * The heketi-backed in-tree provisioner `kubernetes.io/glusterfs`, carried by a `GlusterStorageClass`.
 * The model is built once from the props; the Heketi Secret is created once (or the existing one
 * referred to), in the class, when bound. In-tree: it restores no snapshots and clones nothing (the core's facts).
 */
export function glusterClassSource(props: unknown): ClassSource {
  // a JavaScript or Python caller can pass anything: values are kept as given, and checked by shape once
  const p: GlusterProps = isPlainObject(props) ? props : {};
  const m = classModel(p);
  const shapes = classShapes(p);
  return {
    kubernetesVersion: p.kubernetesVersion,
    bind: ({ storageClass, version }: ClassSite): BoundClassSource => {
      // the Heketi Secret, created once in the class's scope (or the existing one)
      const secret = m.credentials?._bind(storageClass);
      const parameters = glusterClassParameters(m, secret);
      return {
        provisioner: 'kubernetes.io/glusterfs',
        // the props have no parameters of the user's: the provisioner's, as the model gives them
        parameters: () => ({ ...parameters }),
        rules: () => [
          ...pluginRules(Plugin.GLUSTERFS, version, VolumeImplementation.AUTO, FieldPath.root('provisioner')),
          ...shapes,
          ...glusterClassRules(m, secret),
        ],
        // the glusterfs plugin serves ReadWriteOnce, ReadOnlyMany and ReadWriteMany, and no raw block devices
        claimFacts: () => {
          const a = kplus.PersistentVolumeAccessMode;
          return fileSystemClaimFacts([a.READ_WRITE_ONCE, a.READ_ONLY_MANY, a.READ_WRITE_MANY], 'the glusterfs plugin serves these; ReadWriteOncePod is for CSI volumes only',
            'the glusterfs plugin mounts a Gluster volume as a filesystem and has no raw block mode');
        },
      };
    },
  };
}
