import * as kplus from 'cdk8s-plus-27';
import { useCsi } from './cluster';
import { CephConsumer, cephConsumer, cephCsiClassRules, clusterShape, credentialsShape, stringParameters } from './consumer';
import { CephSecretUse } from './credentials';
import { inTreeProvisionerRules, rbdClassModel, rbdClassParameters, rbdClassRules, rbdClassShapes } from './rbd-class-options';
import { DEFAULT_FEATURES, RBD_CSI, ROX, RWO, RWOP, RWX, featuresText, imageFeatureRules } from './rbd-features';
import { mapsWithNbd, rbdNodeAttributes, rbdNodeModel, rbdNodeRules, rbdNodeShapes } from './rbd-options';
import type { CephRbdStorageClassProps } from './rbd-storage-class';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { isClaimDataSource } from '../core/objects/data-source';
import { Plugin, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { Finding, unsupported, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { given, isPlainObject, isString, listOf, stringListShape, stringShape } from '../core/rules/shapes';
import { BoundClassSource, ClassSite, ClassSource } from '../generic/class-source';

const PARAMS = FieldPath.root('parameters');
const paramAt = (key: string) => PARAMS.key(key);
const IN_TREE = 'kubernetes.io/rbd';
const IN_TREE_PROVISIONER_WARNING = 'the in-tree kubernetes.io/rbd provisioner runs the rbd command inside kube-controller-manager, which the stock ' +
  'kube-controller-manager images do not have: claims stay Pending unless the control plane\'s image carries ceph-common; ceph-csi (implementation CSI) has no such need';

/**
 * The RBD provisioner, carried by a `CephRbdStorageClass`: ceph-csi's `rbd.csi.ceph.com`, or the
 * in-tree `kubernetes.io/rbd` where it still works. The model is built once from the props; the
 * form is the class's target version's, and the Secret is created once, in the class, when bound.
 */
export function rbdClassSource(props: unknown): ClassSource {
  // a JavaScript or Python caller can pass anything: only strings are written into parameters
  const p: Partial<Record<keyof CephRbdStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
  const impl = given(p.implementation) ? implementationOf(p.implementation) : VolumeImplementation.CSI;
  const m: CephConsumer = cephConsumer(p);
  const node = rbdNodeModel(p);
  const options = rbdClassModel(p);
  const features = Array.isArray(p.imageFeatures) ? [...p.imageFeatures] : p.imageFeatures ?? DEFAULT_FEATURES;
  const featuresParam = featuresText(features);
  const pool = p.pool ?? 'rbd';
  const fsType = fsTypeOf(p.fsType);
  const userMounter = stringParameters(p.parameters).mounter;
  const poolParam: Record<string, string> = isString(pool) ? { pool } : {};
  const featuresParams: Record<string, string> = isString(featuresParam) ? { imageFeatures: featuresParam } : {};
  return {
    kubernetesVersion: p.kubernetesVersion,
    bind: ({ storageClass, version }: ClassSite): BoundClassSource => {
      const form = pluginForm(Plugin.RBD, version, impl);
      const csi = form.kind === 'csi';
      const fsTypeKey = csi ? 'csi.storage.k8s.io/fstype' : 'fsType';
      const fsTypeParam: Record<string, string> = isString(fsType) && fsType !== '' ? { [fsTypeKey]: fsType } : {};
      if (csi) useCsi(m.cluster, true);
      // the Secret, created in the class's scope
      const secret = m.credentials?._secret(storageClass, csi ? CephSecretUse.CSI_USER : CephSecretUse.IN_TREE);
      const creds = m.credentials;
      // the library's parameters, the Secret's among them
      const backend: Record<string, string> = csi
        ? {
          clusterID: m.cluster?.clusterId ?? '',
          ...poolParam,
          ...featuresParams,
          ...fsTypeParam,
          ...rbdNodeAttributes(node),
          ...rbdClassParameters(options),
          ...csiSecretParameters('provisioner', secret),
          ...csiSecretParameters('controller-expand', secret),
          ...csiSecretParameters('node-stage', secret),
        }
        : {
          ...poolParam,
          imageFormat: '2',
          ...featuresParams,
          ...(creds?.user ? { adminId: creds.user, userId: creds.user } : {}),
          ...(secret ? { adminSecretName: secret.name, userSecretName: secret.name } : {}),
          ...(secret?.namespace ? { adminSecretNamespace: secret.namespace, userSecretNamespace: secret.namespace } : {}),
          ...fsTypeParam,
        };
      const shapes: Finding[] = [ // the props do not change: checked once
        ...clusterShape(PARAMS.key(csi ? 'clusterID' : 'monitors'), p.cluster),
        ...credentialsShape(PARAMS.key(csi ? 'csi.storage.k8s.io/provisioner-secret-name' : 'adminSecretName'), p.credentials),
        ...stringShape(PARAMS.key('pool'), p.pool),
        ...stringListShape(PARAMS.key('imageFeatures'), p.imageFeatures, 'a string, an image feature', 'a list of image features, such as ["layering"]'),
        ...fsTypeRules(PARAMS.key(fsTypeKey), fsType),
        ...rbdNodeShapes(paramAt, p),
        ...rbdClassShapes(paramAt, p),
        ...implementationRules(FieldPath.root('provisioner'), p.implementation),
      ];
      const nbd = mapsWithNbd(node, userMounter);
      const bound: BoundClassSource = {
        provisioner: csi ? RBD_CSI : IN_TREE,
        // the library's, the user's (which win), and the in-tree provisioner's monitors, read at synth (monitors may be added later)
        parameters: (user) => ({
          ...backend,
          ...stringParameters(user),
          ...(!csi && m.cluster ? { monitors: m.cluster.monitors.join(',') } : {}),
        }),
        rules: () => {
          const out: Finding[] = [...pluginRules(Plugin.RBD, version, impl, FieldPath.root('provisioner')), ...shapes];
          if (csi) {
            out.push(...cephCsiClassRules(m, [secret], RBD_CSI), ...imageFeatureRules(PARAMS.key('imageFeatures'), features, nbd));
            out.push(...rbdNodeRules(paramAt, node));
            const passphrase = m.credentials?._encryptionPassphrase;
            out.push(...rbdClassRules(options, { at: paramAt, bindingMode: storageClass.volumeBindingMode, passphrase }));
            return out;
          }
          if (form.kind === 'in-tree') out.push(warning(FieldPath.root('provisioner'), IN_TREE_PROVISIONER_WARNING));
          out.push(...inTreeProvisionerRules(p, m, features));
          return out;
        },
      };
      if (!csi) return bound; // the in-tree provisioner: the core's facts, and the API server's rules on claims
      return {
        ...bound,
        /**
         * ceph-csi's RBD driver takes snapshots and clones (internal/rbd/driver/driver.go:
         * CREATE_DELETE_SNAPSHOT, CLONE_VOLUME); its VolumeSnapshotClass names the cluster and the
         * snapshotter Secret, the user pair it snapshots with (internal/rbd/controllerserver.go
         * CreateSnapshot, NewUserCredentials; examples/rbd/snapshotclass.yaml).
         */
        dataSourceFacts: () => ({
          driver: RBD_CSI,
          snapshots: true,
          clones: true,
          snapshotParameters: { clusterID: m.cluster?.clusterId ?? '', ...csiSecretParameters('snapshotter', secret) },
        }),
        // ceph-csi provisions ReadWriteMany RBD volumes only as raw block devices, and ReadOnlyMany
        // only from a content source (internal/util/validate.go CheckReadOnlyManyIsSupported)
        claimFacts: (volumeMode, fromContent) => {
          const rox = fromContent ? [ROX] : [];
          return {
            accessModes: volumeMode === kplus.PersistentVolumeMode.BLOCK ? [RWO, ...rox, RWOP, RWX] : [RWO, ...rox, RWOP],
            accessModesWhy: 'ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block), and ReadOnlyMany only restored from a snapshot or cloned',
            block: true,
            mountOptions: true,
          };
        },
        // a claim may not be ReadOnlyMany, which ceph-csi provisions only as a clone ("readOnly accessMode is
        // supported only with content source"), nor ReadWriteMany unless its volumeMode is Block
        // (internal/rbd/controllerserver.go parseVolCreateRequest)
        claimRules: (o) => {
          const block = o.volumeMode === kplus.PersistentVolumeMode.BLOCK;
          const fromContent = isClaimDataSource(o.dataSource);
          return listOf(o.accessModes as unknown[]).flatMap((mode, i) => {
            const at = FieldPath.root('spec', 'accessModes').index(i);
            if (mode === ROX && !fromContent) return [unsupported(at, mode, [RWO, RWOP, RWX], 'rbd.csi.ceph.com provisions ReadOnlyMany only as a clone of a snapshot or volume; use a static CephRbdPersistentVolume')];
            if (mode === RWX && !block) return [unsupported(at, mode, [RWO, RWOP], 'rbd.csi.ceph.com provisions ReadWriteMany only for volumeMode Block')];
            return [];
          });
        },
      };
    },
  };
}
