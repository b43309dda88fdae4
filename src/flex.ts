import { ApiObject, ApiObjectMetadata, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Capabilities } from './core/access';
import { Finding, invalid, required, unsupported } from './core/errors';
import { FieldPath, quote } from './core/field-path';
import { FsType, fsTypeRules } from './core/fs-type';
import { stringMapRules } from './core/manifest-text';
import { mountOptionsAnnotationRules } from './core/mount-options';
import { hostPortErrors } from './core/network';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from './core/persistent';
import { Plugin, VolumeImplementation, pluginRules } from './core/plugin-policy';
import { PodStorage } from './core/pod-storage';
import { exactQuantity, sizeInBytes } from './core/quantities';
import { SecretRef, SecretRefSite, SecretSource, materialize, secretRefAt, secretReferenceRules } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion } from './core/version';

const PLUGIN_DIR = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/';
const DRIVER_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DRIVER_FORMAT = 'must be "<vendor>/<driver>" (e.g. "coreos.com/torus"), each part letters, digits, \'-\', \'_\' or \'.\', '
  + `starting and ending with a letter or digit: the kubelet runs the executable <driver> in the directory <vendor>~<driver> of its volume-plugin directory (default ${PLUGIN_DIR})`;

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
    return new FlexSecret({ kind: 'existing', secret, namespace: options.namespace });
  }

  /** A Secret created by the library next to the volume, of type = the driver name, with these keys. */
  public static fromData(props: FlexSecretDataProps): FlexSecret {
    return new FlexSecret({ kind: 'generated', data: { ...props.data }, metadata: props.metadata });
  }

  private constructor(/** @internal */ public readonly _source: SecretSource) {}
}

/** The fields of a flexVolume source, shared by the Pod volume and the PersistentVolume. */
export interface FlexSourceOptions {
  /**
   * The driver, as `<vendor>/<driver>`. The kubelet runs it as the executable `<driver>` in the
   * directory `<vendor>~<driver>` of its volume-plugin directory (default
   * `/usr/libexec/kubernetes/kubelet-plugins/volume/exec/`): `coreos.com/torus` is
   * `…/exec/coreos.com~torus/torus`. Every node that mounts the volume needs it installed.
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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
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

interface FlexModel {
  readonly driver: string;
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly options: Readonly<Record<string, string>>;
  readonly secret?: SecretSource;
}

function flexModel(p: FlexSourceOptions): FlexModel {
  return {
    driver: p.driver ?? '',
    fsType: p.fsType?.name,
    readOnly: p.readOnly,
    options: { ...p.options },
    secret: p.secret?._source,
  };
}

/** Creates the Secret when the library makes it, typed with the driver name as the kubelet requires. */
function flexSecret(scope: Construct, m: FlexModel): SecretRef | undefined {
  return m.secret ? materialize(scope, 'Secret', m.secret, { type: m.driver }) : undefined;
}

/** An existing Secret of this app whose type is not the driver name: the kubelet would refuse it. */
function secretTypeRules(source: SecretSource, driver: string, at: FieldPath): Finding[] {
  if (source.kind !== 'existing' || !(source.secret instanceof kplus.Secret) || !driver) return [];
  const type: string = ApiObject.of(source.secret).toJson().type || 'Opaque';
  if (type === driver) return [];
  return [invalid(at.child('name'), source.secret.name,
    `the Secret's type is ${quote(type)}, and the kubelet hands a flexVolume driver only a Secret whose type is the driver name: `
    + `create it with type ${quote(driver)}, or use FlexSecret.fromData`)];
}

/** kube-apiserver's flexVolume rules (reference §1.7), plus what the kubelet needs to find the driver. */
function flexRules(m: FlexModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  const parts = m.driver.split('/');
  if (!m.driver) out.push(required(at.child('driver')));
  else if (parts.length !== 2 || !parts.every((p) => DRIVER_PART.test(p))) out.push(invalid(at.child('driver'), m.driver, DRIVER_FORMAT));
  out.push(...fsTypeRules(at.child('fsType'), m.fsType));
  const options = at.child('options');
  for (const key of Object.keys(m.options)) {
    const namespace = '.' + key.split('/')[0].toLowerCase();
    if (namespace.endsWith('.kubernetes.io') || namespace.endsWith('.k8s.io')) {
      out.push(invalid(options.key(key), key, 'kubernetes.io and k8s.io namespaces are reserved'));
    }
  }
  out.push(...stringMapRules(options, m.options));
  if (m.secret) out.push(...secretReferenceRules(m.secret, at.child('secretRef')), ...secretTypeRules(m.secret, m.driver, at.child('secretRef')));
  return out;
}

function renderFlex(m: FlexModel, secretRef: k8s.SecretReference | undefined): k8s.FlexPersistentVolumeSource {
  return {
    driver: m.driver,
    fsType: m.fsType,
    readOnly: m.readOnly,
    options: Object.keys(m.options).length > 0 ? { ...m.options } : undefined,
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
    this.pod = new PodStorage(this, { plugin: Plugin.FLEX, name: props.name, kubernetesVersion: props.kubernetesVersion });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.secret = flexSecret(this, this.model);
    addRules(this, () => [...this.pod.rules('flexVolume'), ...flexRules(this.model, this.pod.root.child('flexVolume'))]);
  }

  /** The Pod volume (created once). */
  public asVolume(): kplus.Volume {
    // a Pod reads the Secret from its own namespace: the reference is a name only
    const secretRef = secretRefAt(this.secret, SecretRefSite.POD);
    const secret = this.secret ? { ...this.secret, field: 'flexVolume.secretRef.name' } : undefined;
    return this.pod.asVolume('flexVolume', (): k8s.FlexVolumeSource => ({ ...renderFlex(this.model, undefined), secretRef }), { secret });
  }
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
  private readonly readWriteMany: boolean;

  constructor(scope: Construct, id: string, props: FlexPersistentVolumeProps) {
    super(scope, id, props);
    this.model = flexModel(props);
    this.readWriteMany = props.driverSupportsReadWriteMany ?? false;
    this.secret = flexSecret(this, this.model);
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    const modes = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY];
    if (this.readWriteMany) modes.push(kplus.PersistentVolumeAccessMode.READ_WRITE_MANY);
    return {
      accessModes: modes,
      accessModesWhy: 'the flexVolume plugin serves ReadWriteOnce and ReadOnlyMany, and ReadWriteMany only where the driver does: '
        + 'set driverSupportsReadWriteMany when it does',
      block: false,
      blockWhy: 'the flexVolume plugin mounts filesystems only; a raw block device needs a CSI driver',
      mountOptions: false,
    };
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const at = FieldPath.root('spec', 'flexVolume');
    return [
      ...pluginRules(Plugin.FLEX, this.kubernetesVersion, VolumeImplementation.AUTO, at),
      ...flexRules(this.model, at),
      ...mountOptionsAnnotationRules(this.metadata, this._capabilities()),
    ];
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    // a PersistentVolume names the Secret's namespace when the app knows it; else the kubelet uses the Pod's
    return { flexVolume: renderFlex(this.model, secretRefAt(this.secret, SecretRefSite.PERSISTENT_VOLUME)) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly ?? false;
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
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#flexvolume
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** The size as torusblk reads it (go-humanize): `128MiB`, `2GiB`, or bytes. */
function torusSize(size: Size): string {
  const q = exactQuantity(size);
  return /[KMGTP]i$/.test(q) ? `${q}B` : q;
}

interface TorusModel {
  readonly volume: string;
  readonly etcd: string;
  readonly writeLevel?: string;
  readonly writeCacheSize?: Size;
}

function torusModel(p: TorusVolumeProps): TorusModel {
  return { volume: p.volume ?? '', etcd: p.etcd ?? TORUS_ETCD, writeLevel: p.writeLevel, writeCacheSize: p.writeCacheSize };
}

/** The driver's options, as cmd/torusblk/flex.go reads them. */
function torusOptions(m: TorusModel): Record<string, string> {
  const options: Record<string, string> = { volume: m.volume, etcd: m.etcd };
  if (m.writeLevel !== undefined) options.writeLevel = m.writeLevel;
  if (m.writeCacheSize !== undefined) options.writeCacheSize = torusSize(m.writeCacheSize);
  return options;
}

/** What the torus driver needs beyond the flexVolume rules; `at` is `….flexVolume.options`. */
function torusRules(m: TorusModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  if (!m.volume) out.push(required(at.key('volume'), 'give the Torus volume to attach (TorusVolumeProps.volume); the driver fails with "volume name is missing"'));
  if (hostPortErrors(at.key('etcd'), m.etcd, 2379).length > 0 || !/^(\[[^\]]+\]|[^:]+):\d+$/.test(m.etcd)) {
    out.push(invalid(at.key('etcd'), m.etcd, 'must be "host:port" with host an IP address or DNS name and port 1-65535 (an IPv6 address in brackets): the etcd of the Torus cluster, as the node reaches it'));
  }
  const levels = Object.values(TorusWriteLevel) as string[];
  if (m.writeLevel !== undefined && !levels.includes(m.writeLevel)) out.push(unsupported(at.key('writeLevel'), m.writeLevel, levels));
  if (m.writeCacheSize !== undefined) {
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
    const model = torusModel(props);
    super(scope, id, {
      driver: TORUS_DRIVER,
      fsType: props.fsType ?? FsType.EXT4,
      readOnly: props.readOnly,
      options: torusOptions(model),
      name: props.name,
      kubernetesVersion: props.kubernetesVersion,
    });
    addRules(this, () => torusRules(model, FieldPath.root('volumes').key(this.name).child('flexVolume', 'options')));
  }
}
