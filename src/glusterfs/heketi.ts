import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SecretRef, SecretSource, isSecret, materialize, secretData, secretShape } from '../core/objects/secrets';
import { FieldError, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { given, isPlainObject, isString, stringShape } from '../core/rules/shapes';

export const HEKETI_SECRET_TYPE = 'kubernetes.io/glusterfs';
const PARAMS = FieldPath.root('parameters');

/** Options for a Heketi Secret the library creates. */
export interface HeketiPasswordOptions {
  /**
   * The Heketi user's password (its key). It goes only into the Secret's data.
   *
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly password: string;

  /**
   * Metadata of the created Secret.
   *
   * @default - a name derived from the construct path of the first StorageClass that uses it, in its Chart's namespace
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Options for a reference to an existing Heketi Secret. */
export interface HeketiSecretOptions {
  /**
   * The Secret: type `kubernetes.io/glusterfs`, the password under `key`.
   *
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly secret: kplus.ISecret;

  /**
   * The Secret's namespace (`secretNamespace`).
   *
   * @default - the Secret's own namespace when it is a Secret of this app
   * @see https://v1-25.docs.kubernetes.io/docs/concepts/storage/storage-classes/#glusterfs
   */
  readonly namespace?: string;
}

/** The Heketi Secret as a StorageClass refers to it. */
export interface HeketiSecretRef {
  readonly name: string;
  readonly namespace?: string;
  /** Whether the Secret exists already (its name is the user's, to be checked). */
  readonly existing: boolean;
  /** Whether the factory's input names a Secret at all (else its shape error says why not). */
  readonly named: boolean;
  /** What the factory found wrong with a reference to an existing Secret, at the parameters it lands in. */
  readonly problems: readonly FieldError[];
}

/**
 * The credentials the heketi-backed GlusterFS provisioner reads the Heketi user's password from: a
 * Secret the library creates (type `kubernetes.io/glusterfs`, the password under `key`) in the
 * StorageClass's namespace, or an existing one. A value: several StorageClasses can share it (one
 * created Secret per namespace).
 *
 * @example
 *
 * const heketi = HeketiCredentials.fromPassword({ password: process.env.HEKETI_KEY! });
 */
export class HeketiCredentials {
  /** A `kubernetes.io/glusterfs` Secret with the password under `key`, created by the library. */
  public static fromPassword(options: HeketiPasswordOptions): HeketiCredentials {
    // a JavaScript or Python caller can pass anything: a password that is no string is reported, redacted
    const o: Partial<Record<keyof HeketiPasswordOptions, unknown>> = isPlainObject(options) ? options : {};
    const { data, problems } = secretData([['key', o.password]]);
    problems.push(...metadataShapes(o.metadata));
    return new HeketiCredentials({ kind: 'generated', data, metadata: metadataOf(o.metadata), problems });
  }

  /** An existing Secret: a cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`. */
  public static fromSecret(options: HeketiSecretOptions): HeketiCredentials {
    const o: Partial<Record<keyof HeketiSecretOptions, unknown>> = isPlainObject(options) ? options : {};
    const problems = [
      ...(!given(o.secret) ? [required(PARAMS.key('secretName'), 'give the existing Secret (HeketiCredentials.fromSecret({ secret }))')] : []),
      ...secretShape(PARAMS.key('secretName'), o.secret),
      ...stringShape(PARAMS.key('secretNamespace'), o.namespace, 'a string, a namespace name'),
    ];
    return new HeketiCredentials({
      kind: 'existing', secret: o.secret as kplus.ISecret, namespace: isString(o.namespace) ? o.namespace : undefined, problems,
    });
  }

  private constructor(private readonly source: SecretSource) {}

  /** @internal The Secret as the StorageClass `scope` refers to it: created there (once per namespace), or the existing one. */
  public _bind(scope: Construct): HeketiSecretRef {
    const source = this.source;
    const ref: SecretRef = materialize(scope, 'HeketiSecret', source, {
      type: HEKETI_SECRET_TYPE,
      requiredKeys: [{ key: 'key', detail: 'give the Heketi user\'s password' }],
    });
    return {
      name: ref.name,
      namespace: isString(ref.namespace) ? ref.namespace : undefined,
      existing: source.kind === 'existing',
      named: source.kind === 'generated' || isSecret(source.secret),
      // a created Secret reports its input's problems itself; a reference, where it lands
      problems: source.kind === 'existing' ? source.problems ?? [] : [],
    };
  }
}

/** The counts a volume type was made with, as given. */
export type Counts = readonly unknown[];
