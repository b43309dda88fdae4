import * as kplus from 'cdk8s-plus-27';
import { Capabilities } from '../core/rules/access';
import { Finding, forbidden, unsupported } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { isString, listOf } from '../core/rules/shapes';

/*
 * What an RBD image serves: the image features ceph-csi knows, and the access modes of each form.
 */

export const RBD_CSI = 'rbd.csi.ceph.com';
export const DEFAULT_FEATURES: readonly string[] = ['layering'];

/** The image features ceph-csi knows, and the feature each one needs (ceph-csi internal/rbd/rbd_util.go supportedFeatures). */
const IMAGE_FEATURES: Record<string, string | undefined> = {
  'layering': undefined,
  'exclusive-lock': undefined,
  'object-map': 'exclusive-lock',
  'fast-diff': 'object-map',
  'deep-flatten': undefined,
  'journaling': 'exclusive-lock',
};

/**
 * imageFeatures as ceph-csi checks them (validateImageFeatures): known features, each with the one
 * it needs, and journaling only with the rbd-nbd mounter. Elements of another type are reported by
 * the shape rule.
 */
export function imageFeatureRules(at: FieldPath, features: unknown, nbd: boolean): Finding[] {
  const list = listOf(features as unknown[]).filter(isString);
  const out: Finding[] = [];
  for (const f of list) {
    if (!Object.prototype.hasOwnProperty.call(IMAGE_FEATURES, f)) out.push(unsupported(at, f, Object.keys(IMAGE_FEATURES)));
    const needs = IMAGE_FEATURES[f];
    if (needs && !list.includes(needs)) out.push(forbidden(at, `${f} needs ${needs}`));
    if (f === 'journaling' && !nbd) out.push(forbidden(at, 'journaling needs the rbd-nbd mounter: give mounter CephRbdMounter.RBD_NBD (ceph-csi maps with krbd by default)'));
  }
  return out;
}

/**
 * The image features as the CSI attribute and parameter write them: a list joined, anything else
 * as given; an empty list not at all. ceph-csi refuses an empty imageFeatures parameter
 * (internal/rbd/controllerserver.go parseVolCreateRequest, "empty imageFeatures parameter") and
 * reads a missing one as no features; the in-tree provisioner splits "" into one empty feature.
 */
export function featuresText(features: unknown): unknown {
  if (!Array.isArray(features)) return features;
  return features.length === 0 ? undefined : features.join(',');
}

export const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
export const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
export const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
export const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const CSI_MODES_WHY = 'ceph-csi serves ReadWriteMany RBD volumes only as raw block devices (volumeMode Block)';
/*
 * A static volume may be ReadOnlyMany: ceph-csi's node server maps the image read-only on every
 * node and mounts it "ro" (internal/rbd/nodeserver.go stageTransaction, mountVolumeToStagePath).
 * Only provisioning refuses ReadOnlyMany without a content source (internal/util/validate.go
 * CheckReadOnlyManyIsSupported): see the claim rules of rbdClassSource (rbd-class-source.ts).
 */
export const CSI_FILESYSTEM: Capabilities = { accessModes: [RWO, RWOP, ROX], accessModesWhy: CSI_MODES_WHY, block: true, mountOptions: true };
export const CSI_BLOCK: Capabilities = { ...CSI_FILESYSTEM, accessModes: [RWO, RWOP, ROX, RWX] };
export const IN_TREE: Capabilities = {
  accessModes: [RWO, ROX],
  accessModesWhy: 'an RBD image is mapped read-write by one node at a time; use ReadOnlyMany to share it read-only',
  block: true,
  mountOptions: true,
};
