import { ApiObjectMetadataDefinition } from 'cdk8s';
import { Capabilities } from './access';
import { FieldError, forbidden } from './errors';
import { FieldPath } from './field-path';

/** The legacy PersistentVolume annotation that carried mount options before `spec.mountOptions`. */
export const MOUNT_OPTIONS_ANNOTATION = 'volume.beta.kubernetes.io/mount-options';

/**
 * kube-apiserver's check of the legacy mount-options annotation (reference §2): allowed only on
 * sources whose plugin takes mount options; on any other source its mere presence is Forbidden.
 * The path is kube-apiserver's own (`field.NewPath("metadata").Child("annotations", key)`).
 */
export function mountOptionsAnnotationRules(metadata: ApiObjectMetadataDefinition, caps: Capabilities): FieldError[] {
  const annotations: Record<string, string> = metadata.toJson().annotations ?? {};
  if (caps.mountOptions || !(MOUNT_OPTIONS_ANNOTATION in annotations)) return [];
  return [forbidden(FieldPath.root('metadata', 'annotations', MOUNT_OPTIONS_ANNOTATION), 'may not specify mount options for this volume type')];
}
