import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FlexCredentials } from './credentials';

import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { SecretRef, SecretSource, materialize, secretReferenceRules } from '../core/objects/secrets';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { FieldError, Finding, invalid, required } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { stringMapRules } from '../core/rules/manifest-text';
import { qualifiedNameErrors } from '../core/rules/names';
import { booleanShape, given, instanceShape, isPlainObject, isString, stringMapShape, stringShape } from '../core/rules/shapes';

const PLUGIN_DIR = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/';
/** Why the driver must be a qualified name: the kubelet's plugin manager loads no other. */
const DRIVER_WHY = 'the kubelet loads a flexVolume driver only under a qualified name, "<driver>" or "<vendor>/<driver>" (e.g. "coreos.com/torus"), '
  + `installed as the executable <driver> in the directory <vendor>~<driver> of its volume-plugin directory (default ${PLUGIN_DIR})`;
/** Linux's NAME_MAX: the longest file name, here the directory `<vendor>~<driver>`. */
const DIRECTORY_NAME_MAX = 255;

/** The fields of a flexVolume source, shared by the Pod volume and the PersistentVolume. */
export interface FlexSourceOptions {
  /**
   * The driver, as `<vendor>/<driver>` or `<driver>`: a qualified name (the vendor a lowercase DNS
   * subdomain, the driver up to 63 letters, digits, `-`, `_` or `.`), the only names the kubelet
   * loads a driver under. It runs the executable `<driver>` in the directory `<vendor>~<driver>`
   * of its volume-plugin directory (default `/usr/libexec/kubernetes/kubelet-plugins/volume/exec/`):
   * `coreos.com/torus` is `…/exec/coreos.com~torus/torus`, `cifs` is `…/exec/cifs/cifs`. Every node
   * that mounts the volume needs it installed.
   *
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly driver: string;

  /**
   * The filesystem, passed to the driver as the option `kubernetes.io/fsType`.
   *
   * @default - none written; the driver decides
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly fsType?: FsType;

  /**
   * Mount read-only; passed to the driver as the option `kubernetes.io/readwrite: ro`.
   *
   * @default false
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly readOnly?: boolean;

  /**
   * Driver-specific options, passed to the driver as JSON next to the ones the kubelet adds. Keys in
   * the `kubernetes.io` and `k8s.io` namespaces are reserved for the kubelet.
   *
   * @default - none
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly options?: { [key: string]: string };

  /**
   * The Secret whose keys the driver receives (as options `kubernetes.io/secret/<key>`); its type
   * must be the driver name.
   *
   * @default - no Secret
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly credentials?: FlexCredentials;
}

/** Props for `FlexVolume`. FlexVolume is deprecated from 1.23 and still works at every supported version (with a warning at synth). */
export interface FlexVolumeProps extends FlexSourceOptions, StorageVolumeProps {}

/** Props for `FlexPersistentVolume`. */
export interface FlexPersistentVolumeProps extends FlexSourceOptions, StoragePersistentVolumeProps {
  /**
   * Whether the driver serves ReadWriteMany (several nodes mounting read-write, as file-sharing
   * drivers such as CIFS or NFS ones do). The flexVolume plugin declares ReadWriteOnce and
   * ReadOnlyMany; anything more depends on the driver, so the library accepts ReadWriteMany only
   * when you say the driver serves it.
   *
   * @default false
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly driverSupportsReadWriteMany?: boolean;
}

/**
 * The model: every default applied once, values kept as the caller gave them (a JavaScript caller
 * can pass anything); `flexShapes` checks their shapes, and `flexRules` reads only what they checked.
 */
export interface FlexModel {
  readonly driver: string;
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly options?: Readonly<Record<string, string>>;
  readonly secret?: SecretSource;
  /** `fromSecret`'s options as given, for their shape rule. */
  readonly secretOptions?: unknown;
}

export function flexModel(props: FlexSourceOptions | undefined): FlexModel {
  const p: Partial<FlexSourceOptions> = isPlainObject(props) ? props : {};
  const secret = p.credentials instanceof FlexCredentials ? p.credentials : undefined;
  return {
    driver: p.driver ?? '',
    fsType: fsTypeOf(p.fsType),
    readOnly: p.readOnly ?? undefined,
    options: isPlainObject(p.options) ? { ...p.options } : p.options ?? undefined,
    secret: secret?._source,
    secretOptions: secret?._options,
  };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
export function flexShapes(props: unknown, at: FieldPath, options = true): Finding[] {
  const p: Partial<Record<keyof FlexSourceOptions, unknown>> = isPlainObject(props) ? props : {};
  return [
    ...stringShape(at.child('driver'), p.driver, 'a string "<driver>" or "<vendor>/<driver>"'),
    ...booleanShape(at.child('readOnly'), p.readOnly),
    ...(options ? stringMapShape(at.child('options'), p.options) : []),
    ...instanceShape(at.child('secretRef'), p.credentials, (v) => v instanceof FlexCredentials, 'a FlexCredentials (FlexCredentials.fromData or FlexCredentials.fromSecret)'),
  ];
}

/** The Secret type a created Secret gets: the driver name (a driver of another type is reported at the driver). */
const secretTypeOf = (m: FlexModel): string => (isString(m.driver) ? m.driver : '');

/** Creates the Secret when the library makes it, typed with the driver name as the kubelet requires. */
export function flexSecret(scope: Construct, m: FlexModel): SecretRef | undefined {
  return m.secret ? materialize(scope, 'Secret', m.secret, { type: secretTypeOf(m) }) : undefined;
}

/** A Secret's type as written (Opaque when none); undefined when the Secret cannot be written, which cdk8s reports itself. */
function secretType(secret: kplus.Secret): string | undefined {
  try {
    return ApiObject.of(secret).toJson().type || 'Opaque';
  } catch {
    return undefined;
  }
}

/** An existing Secret of this app whose type is not the driver name: the kubelet would refuse it. */
function secretTypeRules(source: SecretSource, driver: string, at: FieldPath): Finding[] {
  if (source.kind !== 'existing' || !(source.secret instanceof kplus.Secret) || !driver) return [];
  const type = secretType(source.secret);
  if (type === undefined || type === driver) return [];
  return [invalid(at.child('name'), source.secret.name,
    `the Secret's type is ${quote(type)}, and the kubelet hands a flexVolume driver only a Secret whose type is the driver name: `
    + `create it with type ${quote(driver)}, or use FlexCredentials.fromData`)];
}

/** The driver as the kubelet can load it: a qualified name, whose directory name fits a file name. */
function driverErrors(at: FieldPath, driver: string): FieldError[] {
  const errs: FieldError[] = qualifiedNameErrors(at, driver).map((e) => ({ ...e, detail: `${e.detail}: ${DRIVER_WHY}` }));
  if (driver.length > DIRECTORY_NAME_MAX) {
    errs.push(invalid(at, driver, `must be no more than ${DIRECTORY_NAME_MAX} characters: the kubelet finds the driver in the directory <vendor>~<driver>, and a file name has at most ${DIRECTORY_NAME_MAX} bytes`));
  }
  return errs;
}

/** The options that are strings (the others are reported by their shape rule). */
function stringOptions(options: unknown): Record<string, string> {
  if (!isPlainObject(options)) return {};
  return Object.fromEntries(Object.entries(options).filter((e): e is [string, string] => isString(e[1])));
}

/** kube-apiserver's flexVolume rules (reference §1.7), plus what the kubelet needs to load the driver and find its Secret. */
export function flexRules(m: FlexModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  if (!given(m.driver) || m.driver === '') out.push(required(at.child('driver')));
  else if (isString(m.driver)) out.push(...driverErrors(at.child('driver'), m.driver));
  out.push(...fsTypeRules(at.child('fsType'), m.fsType));
  const options = at.child('options');
  if (isPlainObject(m.options)) {
    for (const key of Object.keys(m.options)) {
      // kube-apiserver's validateFlexVolumeSource: the part before the first '/', as a domain
      const namespace = '.' + key.split('/')[0].toLowerCase();
      if (namespace.endsWith('.kubernetes.io') || namespace.endsWith('.k8s.io')) {
        out.push(invalid(options.key(key), key, 'kubernetes.io and k8s.io namespaces are reserved'));
      }
    }
    out.push(...stringMapRules(options, stringOptions(m.options)));
  }
  if (m.secret) {
    const ref = at.child('secretRef');
    out.push(...instanceShape(ref.child('namespace'), m.secretOptions, isPlainObject, 'FlexCredentialsOptions, such as { namespace: "vault" }'));
    out.push(...secretReferenceRules(m.secret, ref), ...secretTypeRules(m.secret, secretTypeOf(m), ref));
  }
  return out;
}

function renderOptions(options: unknown): Record<string, string> | undefined {
  // a map as given, or, from a JavaScript caller, anything else as it is (its shape rule reports it)
  if (!isPlainObject(options)) return options as Record<string, string> | undefined;
  return Object.keys(options).length > 0 ? { ...options } as Record<string, string> : undefined;
}

export function renderFlex(m: FlexModel, secretRef: k8s.SecretReference | undefined): k8s.FlexPersistentVolumeSource {
  return {
    driver: m.driver,
    fsType: m.fsType,
    readOnly: m.readOnly,
    options: renderOptions(m.options),
    secretRef,
  };
}
