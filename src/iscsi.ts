import { ApiObjectMetadata, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Capabilities } from './core/access';
import { Finding, FieldError, forbidden, invalid, required, warning } from './core/errors';
import { FieldPath } from './core/field-path';
import { FsType, fsTypeRules } from './core/fs-type';
import { textRules } from './core/manifest-text';
import { NameRule, nameErrors } from './core/names';
import { hostPortErrors } from './core/network';
import { StoragePersistentVolume, StoragePersistentVolumeProps, registerStorageObject } from './core/persistent';
import { Plugin, PluginForm, VolumeImplementation, pluginForm, pluginRules } from './core/plugin-policy';
import { SecretRef, SecretSource, materialize, requiredSecretValue, secretSourceRules } from './core/secrets';
import { addRules } from './core/validation';
import { KubernetesVersion, Target, resolveTarget } from './core/version';
import { podVolume } from './core/volume';

const CHAP_SECRET_TYPE = 'kubernetes.io/iscsi-chap';
const DEFAULT_PORT = 3260;

/** One direction of CHAP: the initiator's user and password, and for mutual CHAP the target's. */
export interface ChapCredentials {
  /** The CHAP user name the initiator presents. */
  readonly username: string;
  /** The CHAP secret the initiator presents. */
  readonly password: string;
  /**
   * For mutual CHAP: the user name the target presents.
   *
   * @default - one-way CHAP
   */
  readonly usernameIn?: string;
  /**
   * For mutual CHAP: the secret the target presents.
   *
   * @default - one-way CHAP
   */
  readonly passwordIn?: string;
}

/** Props for a CHAP Secret the library creates. */
export interface IscsiChapCredentialsProps {
  /**
   * Credentials for SendTargets discovery (`chapAuthDiscovery`).
   *
   * @default - no discovery CHAP
   */
  readonly discovery?: ChapCredentials;
  /**
   * Credentials for the iSCSI session (`chapAuthSession`).
   *
   * @default - no session CHAP
   */
  readonly session?: ChapCredentials;
  /**
   * Metadata of the created Secret.
   *
   * @default - a name derived from the volume's construct path, in its Chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * The Secret an iSCSI volume reads CHAP credentials from: an existing Secret, or one the library
 * creates with type `kubernetes.io/iscsi-chap` and the keys the iscsi plugin reads
 * (`discovery.sendtargets.auth.*`, `node.session.auth.*`).
 */
export class IscsiChapSecret {
  /**
   * An existing Secret: a cdk8s-plus-27 Secret of this app, or `kplus.Secret.fromSecretName(...)`.
   *
   * @param secret the Secret
   * @param namespace the Secret's namespace, written into a PersistentVolume's `secretRef`
   * (default: the Secret's own namespace when it is in this app, else the claim's namespace)
   */
  public static fromSecret(secret: kplus.ISecret, namespace?: string): IscsiChapSecret {
    return new IscsiChapSecret({ kind: 'existing', secret, namespace }, false, false);
  }

  /**
   * A `kubernetes.io/iscsi-chap` Secret created by the library next to the volume. The volume turns
   * on `chapAuthDiscovery` and `chapAuthSession` for the parts given, unless its props say otherwise.
   */
  public static fromCredentials(props: IscsiChapCredentialsProps): IscsiChapSecret {
    const data: Record<string, string> = {};
    const put = (prefix: string, c?: ChapCredentials) => {
      if (!c) return;
      data[`${prefix}.username`] = c.username;
      data[`${prefix}.password`] = c.password;
      if (c.usernameIn !== undefined) data[`${prefix}.username_in`] = c.usernameIn;
      if (c.passwordIn !== undefined) data[`${prefix}.password_in`] = c.passwordIn;
    };
    put('discovery.sendtargets.auth', props.discovery);
    put('node.session.auth', props.session);
    return new IscsiChapSecret({ kind: 'generated', data, metadata: props.metadata }, !!props.discovery, !!props.session);
  }

  private constructor(
    /** @internal */ public readonly _source: SecretSource,
    /** @internal */ public readonly _discovery: boolean,
    /** @internal */ public readonly _session: boolean) {}
}

/** The fields of an iSCSI volume source, shared by the Pod volume and the PersistentVolume. */
export interface IscsiSourceOptions {
  /**
   * The target portal: `host` or `host:port` (IPv4 address or DNS name; an IPv6 address as
   * `[addr]:port`). Without a port the kubelet uses 3260.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#iscsi
   */
  readonly targetPortal: string;

  /**
   * The target's iSCSI qualified name: `iqn.YYYY-MM.reversed.domain:name`, `eui.` + 16 hex
   * digits, or `naa.` + 32 hex digits.
   */
  readonly iqn: string;

  /**
   * The logical unit number on the target, 0 to 255.
   *
   * @default 0
   */
  readonly lun?: number;

  /**
   * More portals of the same target, for multipath; same format as `targetPortal`.
   *
   * @default - only `targetPortal`
   */
  readonly portals?: string[];

  /**
   * The open-iscsi interface (transport) name.
   *
   * @default - the kubelet's "default" (tcp)
   */
  readonly iscsiInterface?: string;

  /**
   * A custom initiator IQN; the kubelet then creates the interface `<portal>:<volume name>`.
   *
   * @default - the node's initiator name
   */
  readonly initiatorName?: string;

  /**
   * The filesystem on the LUN.
   *
   * @default - none written; the kubelet formats and mounts ext4
   */
  readonly fsType?: FsType;

  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * CHAP authentication for SendTargets discovery.
   *
   * @default - true when `chapSecret` was created with discovery credentials, else false
   */
  readonly chapAuthDiscovery?: boolean;

  /**
   * CHAP authentication for the session.
   *
   * @default - true when `chapSecret` was created with session credentials, else false
   */
  readonly chapAuthSession?: boolean;

  /**
   * The CHAP Secret, existing or created by the library.
   *
   * @default - no CHAP Secret; the initiator logs in without authentication
   */
  readonly chapSecret?: IscsiChapSecret;

  /**
   * In-tree `iscsi` source or the `iscsi.csi.k8s.io` CSI driver (alpha, static volumes only).
   * The in-tree plugin works at every supported version, so AUTO is in-tree.
   *
   * @default VolumeImplementation.AUTO
   * @see https://github.com/kubernetes-csi/csi-driver-iscsi
   */
  readonly implementation?: VolumeImplementation;
}

/** Props for `IscsiVolume`. */
export interface IscsiVolumeProps extends IscsiSourceOptions {
  /**
   * The Pod volume's name, a DNS label.
   *
   * @default - derived from the construct path
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else 1.36
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `IscsiPersistentVolume`. */
export interface IscsiPersistentVolumeProps extends IscsiSourceOptions, StoragePersistentVolumeProps {
  /**
   * The CSI volume handle, unique in the cluster (CSI form only).
   *
   * @default - `<iqn>-lun-<lun>`
   */
  readonly volumeHandle?: string;
}

/** The model: every default applied once. */
interface IscsiModel {
  readonly targetPortal: string;
  readonly iqn: string;
  readonly lun: number;
  readonly portals: readonly string[];
  readonly iscsiInterface?: string;
  readonly initiatorName?: string;
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly chapAuthDiscovery: boolean;
  readonly chapAuthSession: boolean;
  readonly chap?: SecretSource;
  readonly implementation: VolumeImplementation;
}

function iscsiModel(p: IscsiSourceOptions): IscsiModel {
  return {
    targetPortal: p.targetPortal ?? '',
    iqn: p.iqn ?? '',
    lun: p.lun ?? 0,
    portals: [...p.portals ?? []],
    iscsiInterface: p.iscsiInterface,
    initiatorName: p.initiatorName,
    fsType: p.fsType?.name,
    readOnly: p.readOnly,
    chapAuthDiscovery: p.chapAuthDiscovery ?? p.chapSecret?._discovery ?? false,
    chapAuthSession: p.chapAuthSession ?? p.chapSecret?._session ?? false,
    chap: p.chapSecret?._source,
    implementation: p.implementation ?? VolumeImplementation.AUTO,
  };
}

// iscsi formats, as kube-apiserver checks them (reference §1.6).
const IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\s]+)$/;
const EUI = /^eui.[A-Za-z0-9]{16}$/;
const NAA = /^naa.[A-Za-z0-9]{32}$/;

/** Where the rules point: the source root, whether it is a Pod volume, and the object's name. */
interface Site {
  readonly at: FieldPath;
  readonly pod: boolean;
  /** Pod volume name or PersistentVolume name, for the initiatorName length rule. */
  readonly name: string;
  /** Where the length rule reports (Pod: the volume name; PV: spec.iscsi.targetportal). */
  readonly lengthAt: FieldPath;
}

function iqnErrors(at: FieldPath, value: string, pod: boolean): FieldError[] {
  const startsRight = value.startsWith('iqn') || value.startsWith('eui') || value.startsWith('naa');
  if (!startsRight) return [invalid(at, value, pod ? 'must be valid format starting with iqn, eui, or naa' : 'must be valid format')];
  if (value.startsWith('iqn') && !IQN.test(value)) return [invalid(at, value, 'must be valid format')];
  if (value.startsWith('eui') && !EUI.test(value)) return [invalid(at, value, 'must be valid format')];
  if (value.startsWith('naa') && !NAA.test(value)) return [invalid(at, value, 'must be valid format')];
  return [];
}

const CSI_CHAP_REFUSED = 'iscsi.csi.k8s.io reads CHAP credentials only from a plain volume attribute, and credentials live only in Secrets: use the in-tree form (implementation AUTO or IN_TREE) for CHAP';

function iscsiRules(m: IscsiModel, form: PluginForm, site: Site): Finding[] {
  const at = site.at;
  const out: Finding[] = [];
  if (!m.targetPortal) out.push(required(at.child('targetPortal')));
  else out.push(...hostPortErrors(at.child('targetPortal'), m.targetPortal, DEFAULT_PORT));
  m.portals.forEach((p, i) => out.push(...hostPortErrors(at.child('portals').index(i), p, DEFAULT_PORT)));

  if (!m.iqn) out.push(required(at.child('iqn')));
  else out.push(...iqnErrors(at.child('iqn'), m.iqn, site.pod));

  if (!Number.isInteger(m.lun) || m.lun < 0 || m.lun > 255) out.push(invalid(at.child('lun'), m.lun, 'must be between 0 and 255, inclusive'));

  if (m.initiatorName !== undefined) {
    out.push(...iqnErrors(at.child('initiatorname'), m.initiatorName, site.pod));
    const total = `${site.name}:${m.targetPortal}`;
    if (total.length > 64) {
      out.push(invalid(site.lengthAt, site.pod ? site.name : m.targetPortal,
        'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'));
    }
  }
  out.push(...fsTypeRules(at.child('fsType'), m.fsType));
  if (m.iscsiInterface === '') out.push(required(at.child('iscsiInterface'), 'name an interface, or leave it unset for "default"'));
  out.push(...textRules(at.child('iscsiInterface'), m.iscsiInterface));

  const chapOn = m.chapAuthDiscovery || m.chapAuthSession;
  if (form.kind === 'csi') {
    if (chapOn || m.chap) out.push(forbidden(at, CSI_CHAP_REFUSED));
    return out;
  }
  if (chapOn && !m.chap) {
    out.push(required(at.child('secretRef'), 'chapAuthDiscovery or chapAuthSession is true: give chapSecret'));
  }
  if (m.chap) {
    out.push(...secretSourceRules(m.chap, at.child('secretRef')));
    if (!chapOn) {
      out.push(warning(at.child('secretRef'), 'the kubelet reads the CHAP Secret only when chapAuthDiscovery or chapAuthSession is true'));
    }
    if (m.chap.kind === 'generated') {
      const values = m.chap.data;
      const data = FieldPath.root('stringData');
      const need = (flag: boolean, flagName: string, prefix: string, part: string) => {
        if (!flag) return;
        for (const k of ['username', 'password']) {
          out.push(...requiredSecretValue(data.key(`${prefix}.${k}`), values[`${prefix}.${k}`],
            `${flagName} is true: give ${part}.${k} in IscsiChapSecret.fromCredentials`));
        }
      };
      need(m.chapAuthDiscovery, 'chapAuthDiscovery', 'discovery.sendtargets.auth', 'discovery');
      need(m.chapAuthSession, 'chapAuthSession', 'node.session.auth', 'session');
    }
  }
  return out;
}

/** Capabilities per form (reference §2; csi-driver-iscsi documents filesystem volumes only). */
function iscsiCapabilities(form: PluginForm): Capabilities {
  const why = 'an iSCSI LUN is attached read-write by one node at a time; use ReadOnlyMany to share it read-only';
  if (form.kind === 'csi') {
    return {
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      accessModesWhy: why,
      block: false,
      blockWhy: 'iscsi.csi.k8s.io serves filesystem volumes only; use the in-tree form for a raw block device',
      mountOptions: true,
    };
  }
  return {
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
    accessModesWhy: why,
    block: true,
    mountOptions: true,
  };
}

function renderInTree(m: IscsiModel, secret: SecretRef | undefined, pod: boolean): k8s.IscsiPersistentVolumeSource {
  return {
    targetPortal: m.targetPortal,
    iqn: m.iqn,
    lun: m.lun,
    portals: m.portals.length > 0 ? [...m.portals] : undefined,
    iscsiInterface: m.iscsiInterface,
    initiatorName: m.initiatorName,
    fsType: m.fsType,
    readOnly: m.readOnly,
    chapAuthDiscovery: m.chapAuthDiscovery || undefined,
    chapAuthSession: m.chapAuthSession || undefined,
    secretRef: secret ? (pod ? { name: secret.name } : { name: secret.name, namespace: secret.namespace }) : undefined,
  };
}

function csiAttributes(m: IscsiModel): Record<string, string> {
  const attrs: Record<string, string> = {
    targetPortal: m.targetPortal,
    iqn: m.iqn,
    lun: String(m.lun),
    // the driver builds its portal list only when this attribute is present: always write it
    portals: JSON.stringify(m.portals),
  };
  if (m.iscsiInterface !== undefined) attrs.iscsiInterface = m.iscsiInterface;
  if (m.initiatorName !== undefined) attrs.initiatorName = m.initiatorName;
  return attrs;
}

/**
 * An iSCSI LUN as a Pod volume: mount it with `container.mount(path, volume)` or add it with
 * `workload.addVolume(volume.asVolume())`. Emits the inline `iscsi` source (or an inline
 * `iscsi.csi.k8s.io` CSI volume with `implementation: CSI`), and the CHAP Secret when the library
 * creates it.
 *
 * @example
 *
 * const san = new IscsiVolume(chart, 'San', {
 *   targetPortal: '10.0.2.34:3260',
 *   iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
 *   lun: 0,
 *   fsType: FsType.EXT4,
 *   readOnly: true,
 * });
 * deployment.containers[0].mount('/data', san);
 */
export class IscsiVolume extends Construct implements kplus.IStorage {
  /** The Pod volume's name. */
  public readonly name: string;
  /** The Kubernetes version this volume is synthesized for. */
  public readonly kubernetesVersion: KubernetesVersion;

  private readonly model: IscsiModel;
  private readonly target: Target;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;
  private volume?: kplus.Volume;

  constructor(scope: Construct, id: string, props: IscsiVolumeProps) {
    super(scope, id);
    this.model = iscsiModel(props);
    this.name = props.name ?? Names.toDnsLabel(this);
    this.target = resolveTarget(this, props.kubernetesVersion);
    this.kubernetesVersion = this.target.version;
    this.form = pluginForm(Plugin.ISCSI, this.target.version, this.model.implementation);
    if (this.model.chap && this.form.kind !== 'csi') this.secret = materialize(this, 'ChapSecret', this.model.chap, { type: CHAP_SECRET_TYPE });
    registerStorageObject(this);
    addRules(this, () => {
      const root = FieldPath.root('volumes').key(this.name);
      const at = root.child(this.form.kind === 'csi' ? 'csi' : 'iscsi');
      return [
        ...(this.target.error ? [this.target.error] : []),
        ...nameErrors(root.child('name'), this.name, NameRule.DNS_LABEL),
        ...pluginRules(Plugin.ISCSI, this.target.version, this.model.implementation, at),
        ...iscsiRules(this.model, this.form, { at: this.form.kind === 'csi' ? at.child('volumeAttributes') : at, pod: true, name: this.name, lengthAt: root.child('name') }),
      ];
    });
  }

  /** The Pod volume (created once). */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      const source = this.form.kind === 'csi'
        ? { csi: { driver: this.form.driver, fsType: this.model.fsType, readOnly: this.model.readOnly, volumeAttributes: csiAttributes(this.model) } }
        : { iscsi: renderInTree(this.model, this.secret, true) };
      this.volume = podVolumeOf(this, source);
    }
    return this.volume;
  }
}

function podVolumeOf(v: IscsiVolume, source: Record<string, unknown>): kplus.Volume {
  // kplus writes volumes into the Pod spec without its generated mappers, so drop unset fields here.
  return podVolume(v, 'Volume', v.name, JSON.parse(JSON.stringify(source)));
}

/**
 * An iSCSI LUN as a PersistentVolume (a cdk8s-plus-27 `PersistentVolume`, so `bind()`,
 * `reserve()` and `asVolume()` work). Access modes ReadWriteOnce and ReadOnlyMany; volumeMode Block
 * is supported by the in-tree form. With `implementation: CSI` it is a static `iscsi.csi.k8s.io`
 * volume (without CHAP, which that driver only takes as a plain attribute).
 *
 * @example
 *
 * const lun = new IscsiPersistentVolume(chart, 'Lun', {
 *   targetPortal: '10.0.2.34:3260',
 *   iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
 *   storage: Size.gibibytes(100),
 * });
 * const claim = lun.reserve();
 */
export class IscsiPersistentVolume extends StoragePersistentVolume {
  private readonly model: IscsiModel;
  private readonly form: PluginForm;
  private readonly secret?: SecretRef;
  private readonly volumeHandle: string;

  constructor(scope: Construct, id: string, props: IscsiPersistentVolumeProps) {
    super(scope, id, { ...props, accessModes: props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] });
    this.model = iscsiModel(props);
    this.form = pluginForm(Plugin.ISCSI, this.kubernetesVersion, this.model.implementation);
    this.volumeHandle = props.volumeHandle ?? `${this.model.iqn}-lun-${this.model.lun}`;
    if (this.model.chap && this.form.kind !== 'csi') this.secret = materialize(this, 'ChapSecret', this.model.chap, { type: CHAP_SECRET_TYPE });
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return iscsiCapabilities(this.form);
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const spec = FieldPath.root('spec');
    const at = spec.child(this.form.kind === 'csi' ? 'csi' : 'iscsi');
    const out: Finding[] = [...pluginRules(Plugin.ISCSI, this.kubernetesVersion, this.model.implementation, at)];
    if (this.form.kind === 'csi' && !this.volumeHandle) out.push(required(at.child('volumeHandle')));
    out.push(...iscsiRules(this.model, this.form, {
      at: this.form.kind === 'csi' ? at.child('volumeAttributes') : at,
      pod: false,
      name: this.name,
      lengthAt: spec.child('iscsi', 'targetportal'),
    }));
    return out;
  }

  /** @internal */
  protected _renderSource(): k8s.PersistentVolumeSpec {
    if (this.form.kind === 'csi') {
      return {
        csi: {
          driver: this.form.driver,
          volumeHandle: this.volumeHandle,
          fsType: this.model.fsType,
          readOnly: this.model.readOnly,
          volumeAttributes: csiAttributes(this.model),
        },
      };
    }
    return { iscsi: renderInTree(this.model, this.secret, false) };
  }

  /** @internal */
  protected _readOnly(): boolean {
    return this.model.readOnly ?? false;
  }
}
