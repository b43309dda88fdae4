import { KubernetesVersion } from './version';

/**
 * API features the storage objects use, by the minor version from which kube-apiserver accepts
 * them by default (their feature gate on): ReadWriteOncePod is alpha (off) through 1.26, beta
 * (on) from 1.27, GA from 1.29; a StatefulSet's persistentVolumeClaimRetentionPolicy
 * (StatefulSetAutoDeletePVC) is alpha (off, the API server drops the field) through 1.26, beta (on)
 * from 1.27, GA from 1.32.
 */
const API_FEATURES = {
  readWriteOncePod: 27,
  statefulSetAutoDeletePVC: 27,
} as const;

/** How a message names each feature. */
const API_FEATURE_TITLES: Record<keyof typeof API_FEATURES, string> = {
  readWriteOncePod: 'ReadWriteOncePod',
  statefulSetAutoDeletePVC: 'persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC)',
};

/** An API feature of the table above. Internal. */
export type ApiFeature = keyof typeof API_FEATURES;

/** Whether kube-apiserver of the target accepts the feature (by default). */
export function apiFeatureServed(feature: ApiFeature, target: KubernetesVersion): boolean {
  return target.minor >= API_FEATURES[feature];
}

/** Why a feature is refused at the target, for a message. */
export function apiFeatureWhy(feature: ApiFeature, target: KubernetesVersion): string {
  return `${API_FEATURE_TITLES[feature]} is served from 1.${API_FEATURES[feature]} (target ${target}): its feature gate is off before`;
}

/**
 * What the cluster does when several StorageClasses are marked default (reference §4.3): up to 1.25
 * the DefaultStorageClass admission rejects claims that set no class; from 1.26 the newest default wins.
 */
export function severalDefaultClasses(target: KubernetesVersion): string {
  return target.minor >= 26
    ? `another StorageClass of this app is marked default too: claims that set no storageClassName get the newest of them (target ${target}); mark one class only`
    : `another StorageClass of this app is marked default too: up to 1.25 the API server rejects every claim that sets no storageClassName (target ${target}); mark one class only`;
}
