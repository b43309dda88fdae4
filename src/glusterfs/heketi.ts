import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addRules } from '../core/app/validation';
import { SecretRef, SecretSource, isSecret, materialize, secretData, secretShape } from '../core/objects/secrets';
import { required } from '../core/rules/errors';
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
   * @default - a name derived from the construct path, the Chart's namespace
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

/**
 * The Secret the heketi-backed GlusterFS provisioner reads the Heketi user's password from: one
 * the library creates (type `kubernetes.io/glusterfs`, the password under `key`), or an existing
 * one. Several StorageClasses can share it.
 */
export class HeketiSecret extends Construct {
  /** A `kubernetes.io/glusterfs` Secret with the password under `key`, created by the library. */
  public static fromPassword(scope: Construct, id: string, options: HeketiPasswordOptions): HeketiSecret {
    // a JavaScript or Python caller can pass anything: a password that is no string is reported, redacted
    const o: Partial<Record<keyof HeketiPasswordOptions, unknown>> = isPlainObject(options) ? options : {};
    const { data, problems } = secretData([['key', o.password]]);
    problems.push(...metadataShapes(o.metadata));
    return new HeketiSecret(scope, id, { kind: 'generated', data, metadata: metadataOf(o.metadata), problems });
  }

  /** An existing Secret: a cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`. */
  public static fromSecret(scope: Construct, id: string, options: HeketiSecretOptions): HeketiSecret {
    const o: Partial<Record<keyof HeketiSecretOptions, unknown>> = isPlainObject(options) ? options : {};
    const problems = [
      ...(!given(o.secret) ? [required(PARAMS.key('secretName'), 'give the existing Secret (HeketiSecret.fromSecret({ secret }))')] : []),
      ...secretShape(PARAMS.key('secretName'), o.secret),
      ...stringShape(PARAMS.key('secretNamespace'), o.namespace, 'a string, a namespace name'),
    ];
    return new HeketiSecret(scope, id, {
      kind: 'existing', secret: o.secret as kplus.ISecret, namespace: isString(o.namespace) ? o.namespace : undefined, problems,
    });
  }

  /** The Secret's name. */
  public readonly secretName: string;
  /** The Secret's namespace, if the app knows it. */
  public readonly secretNamespace?: string;

  /** @internal Whether the Secret exists already (its name is the user's, to be checked). */
  public readonly _existing: boolean;
  /** @internal Whether the factory's input names a Secret at all (else its shape error says why not). */
  public readonly _named: boolean;

  private constructor(scope: Construct, id: string, source: SecretSource) {
    super(scope, id);
    const ref: SecretRef = materialize(this, 'Secret', source, {
      type: HEKETI_SECRET_TYPE,
      requiredKeys: [{ key: 'key', detail: 'give the Heketi user\'s password' }],
    });
    this.secretName = ref.name;
    this.secretNamespace = isString(ref.namespace) ? ref.namespace : undefined;
    this._existing = source.kind === 'existing';
    this._named = source.kind === 'generated' || isSecret(source.secret);
    // a created Secret reports its input's problems itself; a reference, here (once, however many classes share it)
    const problems = source.kind === 'existing' ? source.problems ?? [] : [];
    if (problems.length > 0) addRules(this, () => [...problems]);
  }
}

/** The counts a volume type was made with, as given. */
export type Counts = readonly unknown[];
