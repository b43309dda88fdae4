import { CEPHFS_CSI, MOUNTERS } from './cephfs';
import type { CephFsStorageClassProps } from './cephfs-storage-class';
import { useCsi } from './cluster';
import { cephConsumer, cephCsiClassRules, clusterShape, credentialsShape, joinedOptions, optionListRules, stringParameters } from './consumer';
import { CephSecretUse } from './credentials';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { Finding } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { isPlainObject, isString, oneOfShape, requiredStringShape, stringListShape, stringShape } from '../core/rules/shapes';
import { EVERY_ACCESS_MODE, fileSystemClaimFacts } from '../generic/claim-facts';
import { BoundClassSource, ClassSite, ClassSource } from '../generic/class-source';

const PARAMS = FieldPath.root('parameters');

/**
 * The CephFS provisioner, carried by a `CephFsStorageClass`: ceph-csi's `cephfs.csi.ceph.com` (CephFS
 * never had an in-tree provisioner). The model is built once from the props; the Secret, with both
 * the admin and the user pair, is created once, in the class, when bound.
 */
export function cephFsClassSource(props: unknown): ClassSource {
  // a JavaScript or Python caller can pass anything: only strings are written into parameters
  const p: Partial<Record<keyof CephFsStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
  const m = cephConsumer(p);
  const kernelOptions = Array.isArray(p.kernelMountOptions) ? [...p.kernelMountOptions] : p.kernelMountOptions;
  const fuseOptions = Array.isArray(p.fuseMountOptions) ? [...p.fuseMountOptions] : p.fuseMountOptions;
  const kernel = joinedOptions(kernelOptions);
  const fuse = joinedOptions(fuseOptions);
  const shapes: Finding[] = [ // the props do not change: checked once
    ...clusterShape(PARAMS.key('clusterID'), p.cluster),
    ...credentialsShape(PARAMS.key('csi.storage.k8s.io/provisioner-secret-name'), p.credentials),
    ...requiredStringShape(PARAMS.key('fsName'), p.fsName, 'a string, the filesystem name'),
    ...stringShape(PARAMS.key('pool'), p.pool),
    ...oneOfShape(PARAMS.key('mounter'), p.mounter, MOUNTERS),
    ...stringListShape(PARAMS.key('kernelMountOptions'), p.kernelMountOptions, 'a string, a mount option', 'a list of mount options, such as ["norbytes"]'),
    ...stringListShape(PARAMS.key('fuseMountOptions'), p.fuseMountOptions, 'a string, a mount option', 'a list of mount options, such as ["debug"]'),
  ];
  return {
    kubernetesVersion: p.kubernetesVersion,
    bind: ({ storageClass }: ClassSite): BoundClassSource => {
      useCsi(m.cluster, true);
      // one Secret with both pairs serves every ceph-csi version: before 3.13 it provisions and stages
      // provisioned volumes with adminID/adminKey, from 3.13 with userID/userKey (internal/cephfs/nodeserver.go getCredentialsForVolume)
      const secret = m.credentials?._secret(storageClass, CephSecretUse.CSI_USER_AND_ADMIN);
      return {
        provisioner: CEPHFS_CSI,
        // the library's parameters, the Secret's among them, then the user's, which win
        parameters: (user) => ({
          clusterID: m.cluster?.clusterId ?? '',
          ...(isString(p.fsName) ? { fsName: p.fsName } : {}),
          ...(isString(p.pool) && p.pool !== '' ? { pool: p.pool } : {}),
          ...(isString(p.mounter) ? { mounter: p.mounter } : {}),
          ...(kernel !== undefined ? { kernelMountOptions: kernel } : {}),
          ...(fuse !== undefined ? { fuseMountOptions: fuse } : {}),
          ...csiSecretParameters('provisioner', secret),
          ...csiSecretParameters('controller-expand', secret),
          ...csiSecretParameters('node-stage', secret),
          ...stringParameters(user),
        }),
        rules: () => [
          ...shapes,
          ...cephCsiClassRules(m, [secret], CEPHFS_CSI),
          ...optionListRules(PARAMS.key('kernelMountOptions'), kernelOptions),
          ...optionListRules(PARAMS.key('fuseMountOptions'), fuseOptions),
        ],
        /**
         * ceph-csi's CephFS driver takes snapshots and clones (internal/cephfs/driver.go:
         * CREATE_DELETE_SNAPSHOT, CLONE_VOLUME), but not of a snapshot-backed volume ("cannot snapshot a
         * snapshot-backed volume", internal/cephfs/controllerserver.go CreateSnapshot). It snapshots with
         * the admin pair (NewAdminCredentials), which the class's Secret holds.
         */
        dataSourceFacts: () => {
          const backed = storageClass.parameters.backingSnapshot === 'true';
          return {
            driver: CEPHFS_CSI,
            snapshots: !backed,
            clones: true,
            why: backed ? 'the class provisions snapshot-backed volumes (backingSnapshot "true"), and ceph-csi cannot snapshot a snapshot-backed volume' : undefined,
            snapshotParameters: { clusterID: m.cluster?.clusterId ?? '', ...csiSecretParameters('snapshotter', secret) },
          };
        },
        // ceph-csi's cephfs driver serves every access mode, and no raw block devices
        claimFacts: () => fileSystemClaimFacts(EVERY_ACCESS_MODE, 'ceph-csi\'s cephfs driver serves these', 'CephFS is a shared filesystem; use a Ceph RBD class for a raw block device'),
      };
    },
  };
}
