import * as kplus from 'cdk8s-plus-27';
import { FieldError, forbidden, required, unsupported } from './errors';
import { FieldPath } from './field-path';
import { given, listShape, oneOfShape, shown } from './shapes';
import { apiFeatureServed, apiFeatureWhy } from '../policy/api-features';
import { KubernetesVersion } from '../policy/version';

const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
// sorted, as kube-apiserver lists them (sets.List)
const SUPPORTED = (Object.values(kplus.PersistentVolumeAccessMode) as string[]).sort();

/** What a backend's volumes can do, declared once per backend and form. */
export interface Capabilities {
  /** The access modes the plugin serves. */
  readonly accessModes: readonly kplus.PersistentVolumeAccessMode[];
  /** Why the others are refused, shown with the error. */
  readonly accessModesWhy: string;
  /** Whether `volumeMode: Block` works. */
  readonly block: boolean;
  /** Why Block is refused, when it is. */
  readonly blockWhy?: string;
  /** Whether the kubelet accepts `spec.mountOptions` for the plugin. */
  readonly mountOptions: boolean;
}

/**
 * The API server's access-mode rules plus what the plugin can serve. `spec` is the root of the
 * object's spec (`spec` for a PersistentVolume).
 */
export function accessModeRules(
  spec: FieldPath, modes: readonly kplus.PersistentVolumeAccessMode[] | undefined, caps?: Capabilities, target?: KubernetesVersion,
): FieldError[] {
  const at = spec.child('accessModes');
  const errs: FieldError[] = [];
  if (!given(modes) || (Array.isArray(modes) && modes.length === 0)) return [required(at, 'at least 1 access mode is required')];
  if (!Array.isArray(modes)) return listShape(at, modes, undefined, 'a list of access modes, such as [PersistentVolumeAccessMode.READ_WRITE_ONCE]');
  const rwopServed = !target || apiFeatureServed('readWriteOncePod', target);
  const supported = rwopServed ? SUPPORTED : SUPPORTED.filter((m) => m !== RWOP);
  modes.forEach((m, i) => {
    if (!supported.includes(m)) errs.push(unsupported(at.index(i), shown(m), supported, m === RWOP ? apiFeatureWhy('readWriteOncePod', target!) : undefined));
    else if (caps && !caps.accessModes.includes(m)) errs.push(unsupported(at.index(i), m, caps.accessModes, caps.accessModesWhy));
  });
  if (modes.includes(RWOP) && modes.length > 1) errs.push(forbidden(at, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** kube-apiserver's rule for a volume mode (the PV's and the claim's). */
export function volumeModeRules(spec: FieldPath, mode: unknown): FieldError[] {
  return oneOfShape(spec.child('volumeMode'), mode, VOLUME_MODES);
}

const VOLUME_MODES = [kplus.PersistentVolumeMode.BLOCK, kplus.PersistentVolumeMode.FILE_SYSTEM];

/** volumeMode Block and mountOptions against what the plugin supports. */
export function capabilityRules(
  spec: FieldPath, caps: Capabilities, volumeMode: kplus.PersistentVolumeMode, mountOptions: readonly string[] | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  if (volumeMode === kplus.PersistentVolumeMode.BLOCK && !caps.block) {
    errs.push(unsupported(spec.child('volumeMode'), volumeMode, [kplus.PersistentVolumeMode.FILE_SYSTEM], caps.blockWhy));
  }
  if (mountOptions && mountOptions.length > 0 && !caps.mountOptions) {
    errs.push(forbidden(spec.child('mountOptions'), 'may not specify mount options for this volume type (the kubelet refuses to mount it)'));
  }
  return errs;
}
