import { KubernetesVersion } from './version';
import { Finding, forbidden, warning } from '../rules/errors';
import { FieldPath } from '../rules/field-path';

/*
 * The volume sources kube-apiserver warns about, for sources the library has no construct for
 * (what an IVolumeSource writes). kube-apiserver v1.37: pkg/api/pod/warnings.go (Pod volumes) and
 * pkg/api/persistentvolume/util.go (PersistentVolumes). The library's own backends get the
 * plugin table's findings instead (plugin-policy.ts).
 */

interface DeprecatedSource {
  /** The field as the manifest spells it (`storageos`). */
  readonly field: string;
  /** The field as kube-apiserver's warning names it (`storageOS`: its Go field's name). */
  readonly warned: string;
  readonly deprecatedIn: number;
  /** From this minor on, no kubelet has the plugin. */
  readonly nonFunctionalIn?: number;
  /** Whether kube-apiserver warns about it on a PersistentVolume too (flocker and quobyte: on Pods only). */
  readonly onPersistentVolumes: boolean;
}

const SOURCES: readonly DeprecatedSource[] = [
  { field: 'photonPersistentDisk', warned: 'photonPersistentDisk', deprecatedIn: 11, nonFunctionalIn: 16, onPersistentVolumes: true },
  { field: 'gitRepo', warned: 'gitRepo', deprecatedIn: 11, onPersistentVolumes: false },
  { field: 'scaleIO', warned: 'scaleIO', deprecatedIn: 16, nonFunctionalIn: 22, onPersistentVolumes: true },
  { field: 'flocker', warned: 'flocker', deprecatedIn: 22, nonFunctionalIn: 25, onPersistentVolumes: false },
  { field: 'storageos', warned: 'storageOS', deprecatedIn: 22, nonFunctionalIn: 25, onPersistentVolumes: true },
  { field: 'quobyte', warned: 'quobyte', deprecatedIn: 22, nonFunctionalIn: 25, onPersistentVolumes: false },
  { field: 'glusterfs', warned: 'glusterfs', deprecatedIn: 25, nonFunctionalIn: 26, onPersistentVolumes: true },
  { field: 'cephfs', warned: 'cephfs', deprecatedIn: 28, nonFunctionalIn: 31, onPersistentVolumes: true },
  { field: 'rbd', warned: 'rbd', deprecatedIn: 28, nonFunctionalIn: 31, onPersistentVolumes: true },
];

/** gitRepo's driver is off by default from 1.33 (feature gate GitRepoVolumeDriver, KEP 5040). */
const GIT_REPO_OFF_IN = 33;

/**
 * What the target says of a source field a user's source writes at `root` (`volumes[<name>]` or
 * `spec`): kube-apiserver's deprecation warning, at the path it prints, from the minor that
 * deprecates it; and an error from the minor on which the kubelet has no such plugin (the API
 * server still accepts the object there, with the warning: stricter, because no Pod can mount it).
 */
export function deprecatedSourceFindings(field: string, root: FieldPath, version: KubernetesVersion, inPersistentVolume: boolean): Finding[] {
  const s = SOURCES.find((x) => x.field === field);
  if (!s || version.minor < s.deprecatedIn) return [];
  const at = root.child(s.warned);
  if (s.field === 'gitRepo') {
    return [warning(at, version.minor >= GIT_REPO_OFF_IN
      ? `deprecated in v1.11, and disabled by default in v1.${GIT_REPO_OFF_IN}+ (target ${version}): the kubelet mounts it only with the feature gate GitRepoVolumeDriver on; clone the repository in an init container into an emptyDir`
      : `deprecated in v1.11 (target ${version})`)];
  }
  const text = `deprecated in v1.${s.deprecatedIn}, non-functional in v1.${s.nonFunctionalIn}+`;
  if (version.minor >= s.nonFunctionalIn!) {
    return [forbidden(at, `${text} (target ${version}): the kubelet has no ${s.field} plugin, and no Pod can mount the volume; move the data to a backend with a CSI driver`)];
  }
  return inPersistentVolume && !s.onPersistentVolumes ? [] : [warning(at, `${text} (target ${version})`)];
}
