import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { RequiredKey, SecretSource, secretData } from '../core/objects/secrets';
import { REDACTED, invalid } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { given, isPlainObject, typeOf } from '../core/rules/shapes';

/** The Secret type the in-tree iscsi plugin's CHAP Secrets conventionally have. */
export const CHAP_SECRET_TYPE = 'kubernetes.io/iscsi-chap';

const DISCOVERY = 'discovery.sendtargets.auth';
const SESSION = 'node.session.auth';

/** One direction of CHAP: the initiator's user and password, and for mutual CHAP the target's. */
export interface ChapCredentials {
  /**
   * The CHAP user name the initiator presents.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly username: string;
  /**
   * The CHAP secret the initiator presents.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly password: string;
  /**
   * For mutual CHAP: the user name the target presents.
   *
   * @default - one-way CHAP
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly usernameIn?: string;
  /**
   * For mutual CHAP: the secret the target presents.
   *
   * @default - one-way CHAP
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly passwordIn?: string;
}

/** Props for a CHAP Secret the library creates. */
export interface IscsiChapCredentialsProps {
  /**
   * Credentials for SendTargets discovery (`chapAuthDiscovery`).
   *
   * @default - no discovery CHAP
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly discovery?: ChapCredentials;
  /**
   * Credentials for the iSCSI session (`chapAuthSession`).
   *
   * @default - no session CHAP
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly session?: ChapCredentials;
  /**
   * Metadata of the created Secret.
   *
   * @default - a name derived from the volume's construct path, in its Chart's namespace
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Options for a reference to an existing CHAP Secret. */
export interface IscsiCredentialsOptions {
  /**
   * The Secret's namespace, written into a PersistentVolume's `secretRef`. A Pod volume always
   * reads the Secret from the Pod's namespace.
   *
   * @default - the Secret's own namespace when it is a Secret of this app, else the claim's namespace
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-v1/
   */
  readonly namespace?: string;
}

/**
 * The Secret an iSCSI volume reads CHAP credentials from: an existing Secret, or one the library
 * creates with type `kubernetes.io/iscsi-chap` and the keys the iscsi plugin reads
 * (`discovery.sendtargets.auth.*`, `node.session.auth.*`).
 */
export class IscsiCredentials {
  /** An existing Secret: a cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`. */
  public static fromSecret(secret: kplus.ISecret, options: IscsiCredentialsOptions = {}): IscsiCredentials {
    const namespace = isPlainObject(options) ? (options.namespace as string | undefined) ?? undefined : undefined;
    return new IscsiCredentials({ kind: 'existing', secret, namespace }, false, false);
  }

  /**
   * A `kubernetes.io/iscsi-chap` Secret created by the library next to the volume. The volume turns
   * on `chapAuthDiscovery` and `chapAuthSession` for the parts given, unless its props say otherwise.
   */
  public static fromChap(props: IscsiChapCredentialsProps): IscsiCredentials {
    // a JavaScript or Python caller can pass anything: values that are no strings are reported, redacted
    const p: Partial<IscsiChapCredentialsProps> = isPlainObject(props) ? props : {};
    const entries: Array<[string, unknown]> = [];
    const put = (prefix: string, c: unknown) => {
      if (!isPlainObject(c)) return;
      entries.push([`${prefix}.username`, c.username], [`${prefix}.password`, c.password],
        [`${prefix}.username_in`, c.usernameIn], [`${prefix}.password_in`, c.passwordIn]);
    };
    put(DISCOVERY, p.discovery);
    put(SESSION, p.session);
    const { data, problems } = secretData(entries);
    for (const [part, c] of [['discovery', p.discovery], ['session', p.session]] as const) {
      // printed redacted: a string here may well be the password itself
      if (given(c) && !isPlainObject(c)) problems.push(invalid(FieldPath.root('stringData'), REDACTED, `${part} must be credentials { username, password } (got ${typeOf(c)})`));
    }
    problems.push(...metadataShapes(p.metadata));
    return new IscsiCredentials({ kind: 'generated', data, metadata: metadataOf(p.metadata), problems },
      isPlainObject(p.discovery), isPlainObject(p.session));
  }

  private constructor(
    /** @internal */ public readonly _source: SecretSource,
    /** @internal */ public readonly _discovery: boolean,
    /** @internal */ public readonly _session: boolean) {}
}

/** The keys a created CHAP Secret must hold for the CHAP flags that are on. */
export function chapRequiredKeys(discovery: boolean, session: boolean): readonly RequiredKey[] {
  return REQUIRED_KEYS[Number(discovery) * 2 + Number(session)];
}

function required(flag: string, prefix: string, part: string): RequiredKey[] {
  return ['username', 'password'].map((k) => ({ key: `${prefix}.${k}`, detail: `${flag} is true: give ${part}.${k} in IscsiCredentials.fromChap` }));
}

// the four combinations of (discovery, session), made once: every CHAP Secret of an app shares them
const DISCOVERY_KEYS = required('chapAuthDiscovery', DISCOVERY, 'discovery');
const SESSION_KEYS = required('chapAuthSession', SESSION, 'session');
const REQUIRED_KEYS: ReadonlyArray<readonly RequiredKey[]> = [[], SESSION_KEYS, DISCOVERY_KEYS, [...DISCOVERY_KEYS, ...SESSION_KEYS]];
