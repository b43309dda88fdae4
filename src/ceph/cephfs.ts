import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import {
  CAPABILITIES, CSI_CAPABILITIES, CephFsModel, Site,
  cephFsModel, cephFsShapes, inTreeRules, propsOf, renderInTree, site,
} from './cephfs-source';
import { bindCephSource, cephCsiVolumeRules, joinedOptions, optionListRules } from './consumer';
import { SecretRef, SecretRefSite, secretRefAt } from '../core/objects/secrets';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { Plugin } from '../core/policy/plugin-policy';
import { Finding, required } from '../core/rules/errors';
import { textRules } from '../core/rules/manifest-text';
import { isString, stringShape } from '../core/rules/shapes';

export const CEPHFS_CSI = 'cephfs.csi.ceph.com';

/** How ceph-csi mounts a CephFS volume on the node (internal/cephfs/store/volumeoptions.go validateMounter). */
export enum CephFsMounter {
  /** The kernel client, `mount -t ceph`. */
  KERNEL = 'kernel',
  /** `ceph-fuse`. */
  FUSE = 'fuse',
}
export const MOUNTERS = Object.values(CephFsMounter) as string[];

/** The static ceph-csi volume's rules, at `spec.csi`; `handle` is the volume handle written (given, or the PersistentVolume's name). */
function csiRules(m: CephFsModel, s: Site, secret: SecretRef | undefined, reclaimPolicy: unknown, handle: unknown): Finding[] {
  const out: Finding[] = [...cephCsiVolumeRules(s.source, m, secret, reclaimPolicy, CEPHFS_CSI)];
  // ceph-csi takes a static volume's rootPath, and its fsName when given, only when they are not empty
  if (m.path === '') out.push(required(s.path, 'give the subvolume\'s path: ceph-csi mounts a static volume at rootPath'));
  else if (isString(m.path)) out.push(...textRules(s.path, m.path));
  if (m.fsName === '') out.push(required(s.fsName, 'give the filesystem\'s name, or leave fsName unset for the default filesystem'));
  else if (isString(m.fsName)) out.push(...textRules(s.fsName, m.fsName));
  out.push(...optionListRules(s.kernelMountOptions, m.kernelMountOptions), ...optionListRules(s.fuseMountOptions, m.fuseMountOptions));
  // the default handle is the PersistentVolume's name: kube-apiserver requires either to be non-empty
  if (handle === '') out.push(required(s.source.child('volumeHandle')));
  else if (isString(handle)) out.push(...textRules(s.source.child('volumeHandle'), handle));
  return out;
}

function renderCsi(m: CephFsModel, secret: SecretRef | undefined, handle: unknown): k8s.CsiPersistentVolumeSource {
  const attributes: Record<string, string> = { clusterID: m.cluster?.clusterId ?? '', staticVolume: 'true', rootPath: (m.path ?? '/') as string };
  if (m.fsName !== undefined) attributes.fsName = m.fsName as string;
  if (isString(m.mounter)) attributes.mounter = m.mounter;
  const kernel = joinedOptions(m.kernelMountOptions);
  const fuse = joinedOptions(m.fuseMountOptions);
  if (kernel !== undefined) attributes.kernelMountOptions = kernel;
  if (fuse !== undefined) attributes.fuseMountOptions = fuse;
  return {
    driver: CEPHFS_CSI,
    volumeHandle: handle as string,
    readOnly: m.readOnly as boolean | undefined,
    nodeStageSecretRef: secretRefAt(secret, SecretRefSite.PERSISTENT_VOLUME),
    volumeAttributes: attributes,
  };
}

/**
 * The CephFS source, carried by a Pod volume or a PersistentVolume: the in-tree `cephfs` source,
 * or a static `cephfs.csi.ceph.com` volume, which serves no inline volumes (a Pod volume then
 * stands on a ReadWriteMany PersistentVolume and claim).
 */
export function cephFsSource(props: unknown): VolumeSource {
  const p = propsOf(props);
  const m = cephFsModel(p);
  const volumeHandle: unknown = p.volumeHandle ?? undefined;
  return {
    ...pluginPolicy(Plugin.CEPHFS, m.implementation),
    claim: { storage: p.storage, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] },
    bind: (at: SourceSite): BoundSource => {
      const { csi, pv, secret, s } = bindCephSource(at, m, site);
      const handle = volumeHandle ?? at.name;
      const shapes = [ // the props do not change: checked once
        ...cephFsShapes(p, s),
        ...(csi ? stringShape(s.source.child('volumeHandle'), p.volumeHandle) : []),
      ];
      return {
        field: csi ? 'csi' : 'cephfs',
        readOnly: m.readOnly === true,
        facts: secret && !pv ? { secret: { ...secret, field: 'cephfs.secretRef.name' } } : undefined,
        capabilities: () => (csi ? CSI_CAPABILITIES : CAPABILITIES),
        // a removed form still writes the in-tree source: its rules apply to what is written
        rules: () => [...shapes, ...(csi ? csiRules(m, s, secret, pv?.reclaimPolicy, handle) : inTreeRules(m, s))],
        render: () => (csi ? { csi: renderCsi(m, secret, handle) } : { cephfs: renderInTree(m, secret, !pv) }),
      };
    },
  };
}
