import { ApiObject, ApiObjectMetadata, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef, SecretRefSite, SecretSource, materialize, secretData, secretRefAt, secretReferenceRules } from '../core/objects/secrets';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError, Finding, REDACTED, invalid, required, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { stringMapRules } from '../core/rules/manifest-text';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { mountOptionsAnnotationRules } from '../core/rules/mount-options';
import { qualifiedNameErrors } from '../core/rules/names';
import { hostPortErrors } from '../core/rules/network';
import { exactQuantity, sizeInBytes } from '../core/rules/quantities';
import {
  booleanShape, given, instanceShape, isPlainObject, isSize, isString, oneOfShape, sizeShape, stringMapShape, stringShape, typeOf,
} from '../core/rules/shapes';

const PLUGIN_DIR = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/';
/** Why the driver must be a qualified name: the kubelet's plugin manager loads no other. */
const DRIVER_WHY = 'the kubelet loads a flexVolume driver only under a qualified name, "<driver>" or "<vendor>/<driver>" (e.g. "coreos.com/torus"), '
  + `installed as the executable <driver> in the directory <vendor>~<driver> of its volume-plugin directory (default ${PLUGIN_DIR})`;
/** Linux's NAME_MAX: the longest file name, here the directory `<vendor>~<driver>`. */
const DIRECTORY_NAME_MAX = 255;

/** Options for a reference to an existing flexVolume Secret. */
export interface FlexSecretOptions {
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
export interface FlexSecretDataProps {
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
export class FlexSecret {
  /**
   * An existing Secret: a cdk8s-plus-27 Secret of this app (whose type is checked against the
   * driver), or `kplus.Secret.fromSecretName(...)` (which must have the driver name as its type).
   */
  public static fromSecret(secret: kplus.ISecret, options: FlexSecretOptions = {}): FlexSecret {
    // a JavaScript or Python caller can pass anything: the volume reports what is wrong, where the reference lands
    const namespace = isPlainObject(options) ? (options.namespace as string | undefined) ?? undefined : undefined;
    return new FlexSecret({ kind: 'existing', secret, namespace }, options);
  }

  /** A Secret created by the library next to the volume, of type = the driver name, with these keys. */
  public static fromData(props: FlexSecretDataProps): FlexSecret {
    // a JavaScript or Python caller can pass anything: values that are no strings are reported, redacted
    const p: Partial<FlexSecretDataProps> = isPlainObject(props) ? props : {};
    const { data, problems } = secretData(isPlainObject(p.data) ? Object.entries(p.data) : []);
    const stringData = FieldPath.root('stringData');
    // printed redacted: a string here may well be a password
    if (given(props) && !isPlainObject(props)) problems.push(invalid(stringData, REDACTED, `FlexSecret.fromData takes { data, metadata } (got ${typeOf(props)})`));
    if (given(p.data) && !isPlainObject(p.data)) problems.push(invalid(stringData, REDACTED, `must be a map of strings to strings (got ${typeOf(p.data)})`));
    problems.push(...metadataShapes(p.metadata));
    return new FlexSecret({ kind: 'generated', data, metadata: metadataOf(p.metadata), problems });
  }

  private constructor(
    /** @internal */ public readonly _source: SecretSource,
    /** @internal The options of `fromSecret` as given, for the volume to check. */ public readonly _options?: unknown) {}
}

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
  readonly secret?: FlexSecret;
}

/** Props for `FlexVolume`. */
export interface FlexVolumeProps extends FlexSourceOptions {
  /**
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for. FlexVolume is deprecated from 1.23 and
   * still works at every supported version (with a warning at synth).
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#flexvolume
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

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
interface FlexModel {
  readonly driver: string;
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly options?: Readonly<Record<string, string>>;
  readonly secret?: SecretSource;
  /** `fromSecret`'s options as given, for their shape rule. */
  readonly secretOptions?: unknown;
}

function flexModel(props: FlexSourceOptions | undefined): FlexModel {
  const p: Partial<FlexSourceOptions> = isPlainObject(props) ? props : {};
  const secret = p.secret instanceof FlexSecret ? p.secret : undefined;
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
function flexShapes(props: unknown, at: FieldPath, options = true): Finding[] {
  const p: Partial<Record<keyof FlexSourceOptions, unknown>> = isPlainObject(props) ? props : {};
  return [
    ...stringShape(at.child('driver'), p.driver, 'a string "<driver>" or "<vendor>/<driver>"'),
    ...booleanShape(at.child('readOnly'), p.readOnly),
    ...(options ? stringMapShape(at.child('options'), p.options) : []),
    ...instanceShape(at.child('secretRef'), p.secret, (v) => v instanceof FlexSecret, 'a FlexSecret (FlexSecret.fromData or FlexSecret.fromSecret)'),
  ];
}

/** The Secret type a created Secret gets: the driver name (a driver of another type is reported at the driver). */
const secretTypeOf = (m: FlexModel): string => (isString(m.driver) ? m.driver : '');

/** Creates the Secret when the library makes it, typed with the driver name as the kubelet requires. */
function flexSecret(scope: Construct, m: FlexModel): SecretRef | undefined {
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
    + `create it with type ${quote(driver)}, or use FlexSecret.fromData`)];
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
function flexRules(m: FlexModel, at: FieldPath): Finding[] {
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
    out.push(...instanceShape(ref.child('namespace'), m.secretOptions, isPlainObject, 'FlexSecretOptions, such as { namespace: "vault" }'));
    out.push(...secretReferenceRules(m.secret, ref), ...secretTypeRules(m.secret, secretTypeOf(m), ref));
  }
  return out;
}

function renderOptions(options: unknown): Record<string, string> | undefined {
  // a map as given, or, from a JavaScript caller, anything else as it is (its shape rule reports it)
  if (!isPlainObject(options)) return options as Record<string, string> | undefined;
  return Object.keys(options).length > 0 ? { ...options } as Record<string, string> : undefined;
}

function renderFlex(m: FlexModel, secretRef: k8s.SecretReference | undefined): k8s.FlexPersistentVolumeSource {
  return {
    driver: m.driver,
    fsType: m.fsType,
    readOnly: m.readOnly,
    options: renderOptions(m.options),
    secretRef,
  };
}

/**
 * A FlexVolume driver's volume as a Pod volume: mount it with `container.mount(path, volume)` or
 * add it with `workload.addVolume(volume.asVolume())`. Emits the inline `flexVolume` source, and the
 * Secret of type = the driver name when the library creates it (in the volume's Chart; mount the
 * volume in a workload of the same namespace).
 *
 * FlexVolume is deprecated since Kubernetes 1.23 but not removed: it synthesizes at every version
 * and prints a deprecation warning. Move to a CSI driver for the same storage when there is one.
 *
 * @example
 *
 * const share = new FlexVolume(chart, 'Share', {
 *   driver: 'fstab/cifs',
 *   options: { networkPath: '//server/share', mountOptions: 'dir_mode=0755' },
 *   secret: FlexSecret.fromData({ data: { username: 'kube', password: 's3cret' } }),
 * });
 * deployment.containers[0].mount('/share', share);
 */
export class FlexVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: FlexModel;
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: FlexVolumeProps) {
    super(scope, id);
    this.model = flexModel(props);
    this.pod = new PodStorage(this, { plugin: Plugin.FLEX, name: props?.name, kubernetesVersion: props?.kubernetesVersion });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.secret = flexSecret(this, this.model);
    const at = this.pod.root.child('flexVolume');
    const shapes = flexShapes(props, at, this._checksOptionShapes()); // the props do not change: checked once
    addRules(this, () => [...this.pod.rules('flexVolume'), ...shapes, ...flexRules(this.model, at)]);
  }

  /** The Pod volume (created once). */
  public asVolume(): kplus.Volume {
    // a Pod reads the Secret from its own namespace: the reference is a name only
    const secretRef = secretRefAt(this.secret, SecretRefSite.POD);
    const secret = this.secret ? { ...this.secret, field: 'flexVolume.secretRef.name' } : undefined;
    return this.pod.asVolume('flexVolume', (): k8s.FlexVolumeSource => ({ ...renderFlex(this.model, undefined), secretRef }), { secret });
  }

  /**
   * @internal Whether the options' shapes are checked here; a preset that writes the options from
   * props of its own (TorusVolume) checks those props instead, in their words.
   */
  protected _checksOptionShapes(): boolean {
    return true;
  }
}

const PV_SOURCE = FieldPath.root('spec', 'flexVolume');
const RWO_ROX = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY];

/** What the flexVolume plugin serves (GetAccessModes), and ReadWriteMany where the driver does. */
function flexCapabilities(readWriteMany: boolean): Capabilities {
  return {
    accessModes: readWriteMany ? [...RWO_ROX, kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] : RWO_ROX,
    accessModesWhy: 'the flexVolume plugin serves ReadWriteOnce and ReadOnlyMany, and ReadWriteMany only where the driver does: '
      + 'set driverSupportsReadWriteMany when it does',
    block: false,
    blockWhy: 'the flexVolume plugin mounts filesystems only; a raw block device needs a CSI driver',
    mountOptions: false,
  };
}

/**
 * A FlexVolume driver's volume as a PersistentVolume (a `StoragePersistentVolume`, so
 * `bind()`, `reserve()` and `asVolume()` work): `spec.flexVolume`, its only source (kube-apiserver
 * does not check that a flexVolume PV has no second source; this construct writes exactly one).
 * Access modes ReadWriteOnce and ReadOnlyMany, and ReadWriteMany when the driver serves it
 * (`driverSupportsReadWriteMany`); no raw block devices; no mount options (neither `mountOptions`
 * nor the legacy annotation). Deprecated since 1.23: synthesizes with a warning.
 *
 * @example
 *
 * const pv = new FlexPersistentVolume(chart, 'Share', {
 *   driver: 'fstab/cifs',
 *   options: { networkPath: '//server/share' },
 *   secret: FlexSecret.fromData({ data: { username: 'kube', password: 's3cret' } }),
 *   storage: Size.gibibytes(100),
 * });
 * const claim = pv.reserve();
 */
export class FlexPersistentVolume extends StoragePersistentVolume {
  private readonly model: FlexModel;
  private readonly secret?: SecretRef;
  private readonly capabilities: Capabilities;
  private readonly sourceShapes: Finding[];

  constructor(scope: Construct, id: string, props: FlexPersistentVolumeProps) {
    // props that are no object (from JavaScript) are none: every required prop is then reported missing
    super(scope, id, isPlainObject(props) ? props : {} as FlexPersistentVolumeProps);
    this.model = flexModel(props);
    const readWriteMany: unknown = isPlainObject(props) ? props.driverSupportsReadWriteMany : undefined;
    this.capabilities = flexCapabilities(readWriteMany === true);
    this.secret = flexSecret(this, this.model);
    // the props do not change: checked once
    this.sourceShapes = [...flexShapes(props, PV_SOURCE), ...booleanShape(FieldPath.root('driverSupportsReadWriteMany'), readWriteMany)];
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return this.capabilities;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    return [
      ...pluginRules(Plugin.FLEX, this.kubernetesVersion, VolumeImplementation.AUTO, PV_SOURCE),
      ...this.sourceShapes,
      ...flexRules(this.model, PV_SOURCE),
      ...mountOptionsAnnotationRules(this.metadata, this.capabilities),
    ];
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    // a PersistentVolume names the Secret's namespace when the app knows it; else the kubelet uses the Pod's
    return { flexVolume: renderFlex(this.model, secretRefAt(this.secret, SecretRefSite.PERSISTENT_VOLUME)) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly === true;
  }
}

// ---------------------------------------------------------------------------------------------
// Torus: a preset of FlexVolume for the coreos.com/torus driver (coreos/torus, cmd/torusblk/flex.go).

const TORUS_DRIVER = 'coreos.com/torus';
const TORUS_ETCD = '127.0.0.1:2379';

/** Where a Torus block write goes before it returns (`torusblk --write-level`). */
export enum TorusWriteLevel {
  /** `all`: every replica of the block; the driver's default. */
  ALL = 'all',
  /** `one`: the first replica that takes it. */
  ONE = 'one',
  /** `local`: the node's own Torus storage, else as `one`. */
  LOCAL = 'local',
}

/** Props for `TorusVolume`. */
export interface TorusVolumeProps {
  /**
   * The Torus block volume to attach (created beforehand, e.g. `torusctl volume create-block pg1 2GiB`).
   *
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly volume: string;

  /**
   * The etcd that holds Torus's metadata, as `host:port`, reached from the node.
   *
   * @default "127.0.0.1:2379"
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly etcd?: string;

  /**
   * The write replication level.
   *
   * @default - not written; the driver's default, TorusWriteLevel.ALL
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly writeLevel?: TorusWriteLevel;

  /**
   * The memory the driver's local write cache may use; a whole number of bytes.
   *
   * @default - not written; the driver's default, 128MiB
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly writeCacheSize?: Size;

  /**
   * The filesystem the driver formats an empty volume with and mounts.
   *
   * @default FsType.EXT4
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly fsType?: FsType;

  /**
   * Mark the volume read-only. The kubelet passes `kubernetes.io/readwrite: ro`, which torusblk
   * ignores (it mounts the device read-write), so also mount it read-only in the container.
   *
   * @default false
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly readOnly?: boolean;

  /**
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#flexvolume
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** The size as torusblk reads it (go-humanize): `128MiB`, `2GiB`, or bytes. */
function torusSize(size: Size): string {
  const q = exactQuantity(size);
  return /[KMGTP]i$/.test(q) ? `${q}B` : q;
}

/** The model: the props as given (a JavaScript caller can pass anything), defaults applied once. */
interface TorusModel {
  readonly volume: string;
  readonly etcd: string;
  readonly writeLevel?: string;
  readonly writeCacheSize?: Size;
}

function torusModel(p: Partial<TorusVolumeProps>): TorusModel {
  return { volume: p.volume ?? '', etcd: p.etcd ?? TORUS_ETCD, writeLevel: p.writeLevel ?? undefined, writeCacheSize: p.writeCacheSize ?? undefined };
}

/** The driver's options, as cmd/torusblk/flex.go reads them; values of another type written as given. */
function torusOptions(m: TorusModel): Record<string, string> {
  const options: Record<string, string> = { volume: m.volume, etcd: m.etcd };
  if (m.writeLevel !== undefined) options.writeLevel = m.writeLevel;
  if (m.writeCacheSize !== undefined) {
    options.writeCacheSize = isSize(m.writeCacheSize) ? torusSize(m.writeCacheSize) : m.writeCacheSize as unknown as string;
  }
  return options;
}

const TORUS_LEVELS = Object.values(TorusWriteLevel) as string[];

/** The props' shapes, where their options land; `at` is `….flexVolume.options`. */
function torusShapes(p: Partial<Record<keyof TorusVolumeProps, unknown>>, at: FieldPath): Finding[] {
  return [
    ...stringShape(at.key('volume'), p.volume, 'a string, the Torus volume\'s name'),
    ...stringShape(at.key('etcd'), p.etcd, 'a string "host:port"'),
    ...(isString(p.writeLevel) ? [] : oneOfShape(at.key('writeLevel'), p.writeLevel, TORUS_LEVELS)),
    ...sizeShape(at.key('writeCacheSize'), p.writeCacheSize),
  ];
}

/** What the torus driver needs beyond the flexVolume rules; `at` is `….flexVolume.options`. */
/*
 * torusblk speaks the FlexVolume call convention of 2016: `attach <json>` and `mount <dir> <dev>
 * <json>`, refusing any other argument count ("unexpected number of arguments", cmd/torusblk/flex.go
 * attachAction, mountAction), and its `init` reports no capabilities, so the kubelet takes it as
 * attachable. Every supported Kubernetes calls `attach <json> <node name>` and
 * `mountdevice <dir> <dev> <json>` (pkg/volume/flexvolume/attacher.go Attach, MountDevice): the
 * attach fails. A warning, not an error: the construct describes installations as they are.
 */
const TORUS_CALLS =
  'torusblk speaks an older FlexVolume call convention (attach <json>, mount <dir> <dev> <json>; cmd/torusblk/flex.go) and refuses the calls ' +
  'every supported kubelet makes (attach <json> <node>, mountdevice; pkg/volume/flexvolume/attacher.go): attaching fails with "unexpected number of arguments" ' +
  'unless the driver on the nodes was patched; move the data to a backend with a CSI driver';

function torusRules(m: TorusModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  // text the manifest cannot carry is reported by the flexVolume options' rules
  if (!given(m.volume) || m.volume === '') {
    out.push(required(at.key('volume'), 'give the Torus volume to attach (TorusVolumeProps.volume); the driver fails with "volume name is missing"'));
  }
  if (isString(m.etcd) && (hostPortErrors(at.key('etcd'), m.etcd, 2379).length > 0 || !/^(\[[^\]]+\]|[^:]+):\d+$/.test(m.etcd))) {
    out.push(invalid(at.key('etcd'), m.etcd, 'must be "host:port" with host an IP address or DNS name and port 1-65535 (an IPv6 address in brackets): the etcd of the Torus cluster, as the node reaches it'));
  }
  if (isString(m.writeLevel)) out.push(...oneOfShape(at.key('writeLevel'), m.writeLevel, TORUS_LEVELS));
  if (isSize(m.writeCacheSize)) {
    const bytes = sizeInBytes(m.writeCacheSize);
    if (!(bytes > 0) || !Number.isInteger(bytes)) {
      out.push(invalid(at.key('writeCacheSize'), exactQuantity(m.writeCacheSize), 'must be a whole number of bytes greater than zero'));
    }
  }
  return out;
}

/**
 * A Torus block volume as a Pod volume: a FlexVolume preset for the `coreos.com/torus` driver
 * (`torusblk` installed as `<plugin dir>/coreos.com~torus/torus` on every node, with the `nbd`
 * kernel module), with the options it reads: `volume`, `etcd`, `writeLevel`, `writeCacheSize`.
 *
 * Torus is unmaintained: CoreOS stopped its development in February 2017, and FlexVolume itself is
 * deprecated since Kubernetes 1.23 (a warning at synth). Use it to describe existing Torus volumes
 * while moving their data to a backend with a CSI driver.
 *
 * The driver's `trim` option cannot be set: torusblk reads it as a JSON boolean, and flexVolume
 * options are strings.
 *
 * @example
 *
 * const data = new TorusVolume(chart, 'Data', { name: 'data', volume: 'pg1', etcd: '10.3.0.100:2379' });
 * postgres.containers[0].mount('/var/lib/postgresql/data', data);
 */
export class TorusVolume extends FlexVolume {
  constructor(scope: Construct, id: string, props: TorusVolumeProps) {
    // a JavaScript or Python caller can pass anything: values are kept as given, and checked by shape first
    const p: Partial<TorusVolumeProps> = isPlainObject(props) ? props : {};
    const model = torusModel(p);
    super(scope, id, {
      driver: TORUS_DRIVER,
      fsType: p.fsType ?? FsType.EXT4,
      readOnly: p.readOnly,
      options: torusOptions(model),
      name: p.name,
      kubernetesVersion: p.kubernetesVersion,
    });
    const at = FieldPath.root('volumes').key(this.name).child('flexVolume', 'options');
    const shapes = torusShapes(p, at); // the props do not change: checked once
    const calls = warning(FieldPath.root('volumes').key(this.name).child('flexVolume', 'driver'), TORUS_CALLS);
    addRules(this, () => [...shapes, ...torusRules(model, at), calls]);
  }

  /** @internal The options are the Torus props': their shapes are checked in their words. */
  protected _checksOptionShapes(): boolean {
    return false;
  }
}
