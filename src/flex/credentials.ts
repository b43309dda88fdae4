import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { SecretSource, secretData } from '../core/objects/secrets';
import { REDACTED, invalid } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { given, isPlainObject, typeOf } from '../core/rules/shapes';

/** Options for a reference to an existing flexVolume Secret. */
export interface FlexCredentialsOptions {
  /**
   * The Secret's namespace, written into a PersistentVolume's `secretRef`. A Pod volume always
   * reads the Secret from the Pod's namespace.
   *
   * @default - the Secret's own namespace when it is a Secret of this app, else the claim's namespace
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly namespace?: string;
}

/** Props for a flexVolume Secret the library creates. */
export interface FlexCredentialsDataProps {
  /**
   * The Secret's keys and values. The kubelet hands each to the driver as the option
   * `kubernetes.io/secret/<key>`, base64-encoded, on mount and unmount.
   *
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly data: { [key: string]: string };

  /**
   * Metadata of the created Secret.
   *
   * @default - a name derived from the volume's construct path, in its Chart's namespace
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * The Secret a flexVolume driver receives. The kubelet reads it only when its `type` is exactly the
 * driver name (`coreos.com/torus`), else the mount fails with `cannot get secret of type <driver>`.
 * Either an existing Secret, or one the library creates with that type and the given keys.
 */
export class FlexCredentials {
  /**
   * An existing Secret: a cdk8s-plus-27 Secret of this app (whose type is checked against the
   * driver), or `kplus.Secret.fromSecretName(...)` (which must have the driver name as its type).
   */
  public static fromSecret(secret: kplus.ISecret, options: FlexCredentialsOptions = {}): FlexCredentials {
    // a JavaScript or Python caller can pass anything: the volume reports what is wrong, where the reference lands
    const namespace = isPlainObject(options) ? (options.namespace as string | undefined) ?? undefined : undefined;
    return new FlexCredentials({ kind: 'existing', secret, namespace }, options);
  }

  /** A Secret created by the library next to the volume, of type = the driver name, with these keys. */
  public static fromData(props: FlexCredentialsDataProps): FlexCredentials {
    // a JavaScript or Python caller can pass anything: values that are no strings are reported, redacted
    const p: Partial<FlexCredentialsDataProps> = isPlainObject(props) ? props : {};
    const { data, problems } = secretData(isPlainObject(p.data) ? Object.entries(p.data) : []);
    const stringData = FieldPath.root('stringData');
    // printed redacted: a string here may well be a password
    if (given(props) && !isPlainObject(props)) problems.push(invalid(stringData, REDACTED, `FlexCredentials.fromData takes { data, metadata } (got ${typeOf(props)})`));
    if (given(p.data) && !isPlainObject(p.data)) problems.push(invalid(stringData, REDACTED, `must be a map of strings to strings (got ${typeOf(p.data)})`));
    problems.push(...metadataShapes(p.metadata));
    return new FlexCredentials({ kind: 'generated', data, metadata: metadataOf(p.metadata), problems });
  }

  private constructor(
    /** @internal */ public readonly _source: SecretSource,
    /** @internal The options of `fromSecret` as given, for the volume to check. */ public readonly _options?: unknown) {}
}
