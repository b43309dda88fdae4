import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CHAP_SECRET_TYPE, IscsiChapSecret, chapRequiredKeys } from './chap';
import { addRules } from '../core/app/validation';
import { StoragePersistentVolume, StoragePersistentVolumeProps } from '../core/objects/persistent';
import { PodStorage } from '../core/objects/pod-storage';
import { SecretRef, SecretRefSite, SecretSource, materialize, secretRefAt, secretReferenceRules } from '../core/objects/secrets';
import { Plugin, PluginForm, VolumeImplementation, implementationOf, implementationRules, pluginForm, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { Finding, forbidden, invalid, required, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType, fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { textRules } from '../core/rules/manifest-text';
import { hostPortErrors } from '../core/rules/network';
import { booleanShape, given, instanceShape, integerShape, isPlainObject, isString, listOf, stringListShape, stringShape } from '../core/rules/shapes';

const DEFAULT_PORT = 3260;

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
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#iscsi
   */
  readonly iqn: string;

  /**
   * The logical unit number on the target, 0 to 255.
   *
   * @default 0
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly lun?: number;

  /**
   * More portals of the same target, for multipath; same format as `targetPortal`.
   *
   * @default - only `targetPortal`
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly portals?: string[];

  /**
   * The open-iscsi interface (transport) name.
   *
   * @default - the kubelet's "default" (tcp)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly iscsiInterface?: string;

  /**
   * A custom initiator IQN; the kubelet then creates the interface `<portal>:<volume name>`.
   *
   * @default - the node's initiator name
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly initiatorName?: string;

  /**
   * The filesystem on the LUN.
   *
   * @default - none written; the kubelet formats and mounts ext4
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly fsType?: FsType;

  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly readOnly?: boolean;

  /**
   * CHAP authentication for SendTargets discovery.
   *
   * @default - true when `chapSecret` was created with discovery credentials, else false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly chapAuthDiscovery?: boolean;

  /**
   * CHAP authentication for the session.
   *
   * @default - true when `chapSecret` was created with session credentials, else false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly chapAuthSession?: boolean;

  /**
   * The CHAP Secret, existing or created by the library.
   *
   * @default - no CHAP Secret; the initiator logs in without authentication
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
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
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly name?: string;

  /**
   * The Kubernetes version this volume is synthesized for.
   *
   * @default - the app's target: context `cdk8s-storage:kubernetesVersion`, else `KubernetesVersion.DEFAULT` (the newest)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#iscsi
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Props for `IscsiPersistentVolume`. */
export interface IscsiPersistentVolumeProps extends IscsiSourceOptions, StoragePersistentVolumeProps {
  /**
   * The CSI volume handle, unique in the cluster (CSI form only).
   *
   * @default - `<iqn>-lun-<lun>`
   * @see https://github.com/kubernetes-csi/csi-driver-iscsi
   */
  readonly volumeHandle?: string;
}

/**
 * The model: every default applied once. Values are kept as the caller gave them (a JavaScript
 * caller can pass anything); `iscsiRules` checks their shapes before it reads them.
 */
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
  /** The prop as given, for its rule; `implementation` is what it decides. */
  readonly implementationProp: unknown;
  readonly implementation: VolumeImplementation;
}

const NO_PORTALS: readonly string[] = [];

function iscsiModel(props: IscsiSourceOptions | undefined): IscsiModel {
  const p: Partial<IscsiSourceOptions> = isPlainObject(props) ? props : {};
  const chap = p.chapSecret instanceof IscsiChapSecret ? p.chapSecret : undefined;
  return {
    targetPortal: p.targetPortal ?? '',
    iqn: p.iqn ?? '',
    lun: p.lun ?? 0,
    portals: Array.isArray(p.portals) ? [...p.portals] : p.portals ?? NO_PORTALS,
    iscsiInterface: p.iscsiInterface ?? undefined,
    initiatorName: p.initiatorName ?? undefined,
    fsType: fsTypeOf(p.fsType),
    readOnly: p.readOnly ?? undefined,
    chapAuthDiscovery: p.chapAuthDiscovery ?? chap?._discovery ?? false,
    chapAuthSession: p.chapAuthSession ?? chap?._session ?? false,
    chap: chap?._source,
    implementationProp: p.implementation,
    implementation: implementationOf(p.implementation),
  };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
function iscsiShapes(p: unknown, m: IscsiModel, s: Site): Finding[] {
  const props: Partial<Record<keyof IscsiSourceOptions, unknown>> = isPlainObject(p) ? p : {};
  return [
    ...stringShape(s.field('targetPortal'), props.targetPortal, 'a string "host" or "host:port"'),
    ...stringShape(s.field('iqn'), props.iqn, 'a string such as "iqn.2001-04.com.example:disk1"'),
    ...integerShape(s.field('lun'), props.lun, 0, 255),
    ...stringListShape(s.field('portals'), props.portals, 'a string "host" or "host:port"', 'a list of portals, each "host" or "host:port"'),
    ...stringShape(s.field('iscsiInterface'), props.iscsiInterface),
    ...stringShape(s.field('initiatorName'), props.initiatorName, 'a string such as "iqn.2001-04.com.example:node1"'),
    ...booleanShape(s.source.child('readOnly'), props.readOnly),
    ...booleanShape(s.source.child('chapAuthDiscovery'), props.chapAuthDiscovery),
    ...booleanShape(s.source.child('chapAuthSession'), props.chapAuthSession),
    ...instanceShape(s.source.child('secretRef'), props.chapSecret, (v) => v instanceof IscsiChapSecret,
      'an IscsiChapSecret (IscsiChapSecret.fromCredentials or IscsiChapSecret.fromSecret)'),
    ...implementationRules(s.source, m.implementationProp),
  ];
}

/** Creates the CHAP Secret when the library makes it (in-tree form only: the CSI form refuses CHAP). */
function chapSecret(scope: Construct, m: IscsiModel, form: PluginForm): SecretRef | undefined {
  if (!m.chap || form.kind === 'csi') return undefined;
  return materialize(scope, 'ChapSecret', m.chap, { type: CHAP_SECRET_TYPE, requiredKeys: chapRequiredKeys(m.chapAuthDiscovery, m.chapAuthSession) });
}

// iscsi formats, as kube-apiserver checks them (reference §1.6); Go's \s is [\t\n\f\r ]. Its IQN
// pattern is not anchored at the start, and its EUI/NAA patterns take any separator and any
// letter: the library also holds names to RFC 3720/3721 (below), since a target of another name
// cannot exist and the login (iscsiadm -m node -T <name>) never finds one.
const IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\t\n\f\r ]+)$/;
const EUI = /^eui.[A-Za-z0-9]{16}$/;
const NAA = /^naa.[A-Za-z0-9]{32}$/;
/** RFC 3720 §3.2.6.1: an iSCSI name is at most 223 bytes. */
const MAX_NAME_BYTES = 223;
const IQN_EXAMPLE = 'e.g. "iqn.2001-04.com.example:storage.disk1"';

/** Which part of an iSCSI name is wrong, as a user can fix it; undefined when it is right. */
function iqnProblem(value: string): string | undefined {
  if (Buffer.byteLength(value, 'utf8') > MAX_NAME_BYTES) return `an iSCSI name is at most ${MAX_NAME_BYTES} bytes (RFC 3720)`;
  if (value.startsWith('eui')) {
    if (value[3] !== '.') return '"eui" is followed by "." and 16 hexadecimal digits (e.g. "eui.02004567A425678D")';
    const hex = value.slice(4);
    if (hex.length !== 16) return `"eui." is followed by 16 hexadecimal digits, not ${hex.length} (e.g. "eui.02004567A425678D")`;
    if (!/^[0-9A-Fa-f]{16}$/.test(hex)) return '"eui." is followed by hexadecimal digits only (0-9, A-F) (e.g. "eui.02004567A425678D")';
    return undefined;
  }
  if (value.startsWith('naa')) {
    if (value[3] !== '.') return '"naa" is followed by "." and 32 hexadecimal digits (e.g. "naa.6001405123456789abcdef0123456789")';
    const hex = value.slice(4);
    if (hex.length !== 32) return `"naa." is followed by 32 hexadecimal digits, not ${hex.length} (e.g. "naa.6001405123456789abcdef0123456789")`;
    if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return '"naa." is followed by hexadecimal digits only (0-9, A-F) (e.g. "naa.6001405123456789abcdef0123456789")';
    return undefined;
  }
  const m = /^iqn(\.?)(.*)$/.exec(value)!;
  if (m[1] !== '.') return `"iqn" is followed by "." and the date: iqn.YYYY-MM.<reversed domain>:<name> (${IQN_EXAMPLE})`;
  const date = /^(\d{4}-\d{2})(\.|$)(.*)$/.exec(m[2]);
  if (!date) return `the date after "iqn." is YYYY-MM, when the naming authority held the domain (${IQN_EXAMPLE})`;
  if (Number(date[1].slice(5)) < 1 || Number(date[1].slice(5)) > 12) return `the month in ${JSON.stringify(date[1])} is 01 to 12 (${IQN_EXAMPLE})`;
  const [authority, ...rest] = date[3].split(':');
  if (!authority || !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(authority)) {
    return `after the date comes the naming authority, a reversed domain name such as "com.example" (${IQN_EXAMPLE})`;
  }
  if (rest.length === 0) return `after the naming authority comes ":" and the unique name of the target (${IQN_EXAMPLE})`;
  const name = rest.join(':');
  if (!/^[^,;*&$|\t\n\f\r ]+$/.test(name)) return `the name after ":" has none of , ; * & $ | or white space (${IQN_EXAMPLE})`;
  return undefined;
}

function iqnErrors(at: FieldPath, value: string, pod: boolean): Finding[] {
  const startsRight = value.startsWith('iqn') || value.startsWith('eui') || value.startsWith('naa');
  if (!startsRight) {
    const inside = /(iqn|eui|naa)\./.exec(value);
    const hint = inside ? `; the name starts at ${JSON.stringify(value.slice(inside.index))}` : ` (${IQN_EXAMPLE}, "eui." + 16 hex digits, "naa." + 32 hex digits)`;
    return [invalid(at, value, `${pod ? 'must be valid format starting with iqn, eui, or naa' : 'must be valid format'}${hint}`)];
  }
  // kube-apiserver's words first, then which part is wrong
  const problem = iqnProblem(value);
  const serverRefuses = (value.startsWith('iqn') && !IQN.test(value)) || (value.startsWith('eui') && !EUI.test(value)) || (value.startsWith('naa') && !NAA.test(value));
  if (problem) return [invalid(at, value, `must be valid format: ${problem}`)];
  if (serverRefuses) return [invalid(at, value, 'must be valid format')];
  return [];
}

/**
 * Where the rules point. In-tree: `<root>.iscsi.<field>`; CSI: `<root>.csi.volumeAttributes[<field>]`.
 * `lengthAt` is where kube-apiserver reports the initiatorName length rule (in-tree only).
 */
interface Site {
  readonly source: FieldPath;
  readonly field: (name: string) => FieldPath;
  readonly pod: boolean;
  readonly name: string;
  readonly lengthAt: FieldPath;
}

function site(root: FieldPath, form: PluginForm, pod: boolean, name: string, lengthAt: FieldPath): Site {
  if (form.kind === 'csi') {
    const attrs = root.child('csi', 'volumeAttributes');
    return { source: root.child('csi'), field: (f) => attrs.key(f), pod, name, lengthAt };
  }
  const src = root.child('iscsi');
  return { source: src, field: (f) => src.child(f), pod, name, lengthAt };
}

const CSI_CHAP_REFUSED = 'iscsi.csi.k8s.io reads CHAP credentials only from a plain volume attribute, and credentials live only in Secrets: use the in-tree form (implementation AUTO or IN_TREE) for CHAP';

function iscsiRules(m: IscsiModel, form: PluginForm, s: Site): Finding[] {
  const out: Finding[] = [];
  if (!m.targetPortal) out.push(required(s.field('targetPortal')));
  else if (isString(m.targetPortal)) out.push(...hostPortErrors(s.field('targetPortal'), m.targetPortal, DEFAULT_PORT));
  listOf(m.portals).forEach((p, i) => isString(p) && out.push(...hostPortErrors(s.field('portals').index(i), p, DEFAULT_PORT)));

  if (!m.iqn) out.push(required(s.field('iqn')));
  else if (isString(m.iqn)) out.push(...iqnErrors(s.field('iqn'), m.iqn, s.pod));

  out.push(...fsTypeRules(s.source.child('fsType'), m.fsType));
  if (isString(m.iscsiInterface)) out.push(...textRules(s.field('iscsiInterface'), m.iscsiInterface));

  if (isString(m.initiatorName)) {
    out.push(...iqnErrors(form.kind === 'csi' ? s.field('initiatorName') : s.source.child('initiatorname'), m.initiatorName, s.pod));
    if (form.kind !== 'csi' && `${s.name}:${m.targetPortal}`.length > 64) {
      out.push(invalid(s.lengthAt, s.pod ? s.name : m.targetPortal,
        'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'));
    }
  }

  const chapOn = m.chapAuthDiscovery === true || m.chapAuthSession === true;
  if (form.kind === 'csi') {
    if (chapOn || m.chap) out.push(forbidden(s.source, CSI_CHAP_REFUSED));
    out.push(...csiDriverRules(m, s));
    return out;
  }
  if (chapOn && !m.chap) out.push(required(s.source.child('secretRef'), 'chapAuthDiscovery or chapAuthSession is true: give chapSecret'));
  if (m.chap) {
    out.push(...secretReferenceRules(m.chap, s.source.child('secretRef')));
    if (!chapOn) out.push(warning(s.source.child('secretRef'), 'the kubelet reads the CHAP Secret only when chapAuthDiscovery or chapAuthSession is true'));
  }
  return out;
}

/*
 * What csi-driver-iscsi cannot do, read in its source (github.com/kubernetes-csi/csi-driver-iscsi):
 * - pkg/iscsilib/iscsi.go connectTarget splits every portal on ':' (host = part 0, port = part 1),
 *   so a bracketed IPv6 portal ("[fd00::1]:3260") becomes host "[fd00" and never logs in;
 * - pkg/iscsi/iscsi.go getISCSIInfo reads initiatorName, but buildISCSIConnector never passes it
 *   on: the node's own initiator name logs in, whatever the attribute says.
 */
const CSI_IPV6 = 'csi-driver-iscsi splits a portal on ":" (pkg/iscsilib/iscsi.go connectTarget), so an IPv6 portal never logs in: ' +
  'use the in-tree form (implementation AUTO or IN_TREE) for IPv6 portals';
const CSI_INITIATOR = 'csi-driver-iscsi reads initiatorName but never uses it (pkg/iscsi/iscsi.go buildISCSIConnector): the node\'s own initiator name logs in; ' +
  'leave initiatorName unset, or use the in-tree form (implementation AUTO or IN_TREE) to log in with a custom initiator name';

function csiDriverRules(m: IscsiModel, s: Site): Finding[] {
  const out: Finding[] = [];
  const ipv6 = (p: unknown) => isString(p) && p.startsWith('[');
  if (ipv6(m.targetPortal)) out.push(invalid(s.field('targetPortal'), m.targetPortal, CSI_IPV6));
  listOf(m.portals).forEach((p, i) => ipv6(p) && out.push(invalid(s.field('portals').index(i), p, CSI_IPV6)));
  if (given(m.initiatorName)) out.push(forbidden(s.field('initiatorName'), CSI_INITIATOR));
  return out;
}

/** Capabilities per form (reference §2; csi-driver-iscsi documents filesystem volumes only). */
function iscsiCapabilities(form: PluginForm): Capabilities {
  return form.kind === 'csi' ? ISCSI_CSI_CAPABILITIES : ISCSI_IN_TREE_CAPABILITIES;
}

const ISCSI_MODES = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY];
const ISCSI_MODES_WHY = 'an iSCSI LUN is attached read-write by one node at a time; use ReadOnlyMany to share it read-only';
const ISCSI_CSI_CAPABILITIES: Capabilities = {
  accessModes: ISCSI_MODES,
  accessModesWhy: ISCSI_MODES_WHY,
  block: false,
  blockWhy: 'iscsi.csi.k8s.io serves filesystem volumes only; use the in-tree form for a raw block device',
  mountOptions: true,
};
const ISCSI_IN_TREE_CAPABILITIES: Capabilities = { accessModes: ISCSI_MODES, accessModesWhy: ISCSI_MODES_WHY, block: true, mountOptions: true };

function renderInTree(m: IscsiModel, secret: SecretRef | undefined, pod: boolean): k8s.IscsiPersistentVolumeSource {
  return {
    targetPortal: m.targetPortal,
    iqn: m.iqn,
    lun: m.lun,
    portals: Array.isArray(m.portals) && m.portals.length === 0 ? undefined : m.portals as string[],
    iscsiInterface: m.iscsiInterface,
    initiatorName: m.initiatorName,
    fsType: m.fsType,
    readOnly: m.readOnly,
    chapAuthDiscovery: m.chapAuthDiscovery === false ? undefined : m.chapAuthDiscovery,
    chapAuthSession: m.chapAuthSession === false ? undefined : m.chapAuthSession,
    // a Pod reads the Secret from its own namespace; a PersistentVolume names it
    secretRef: secretRefAt(secret, pod ? SecretRefSite.POD : SecretRefSite.PERSISTENT_VOLUME),
  };
}

function csiAttributes(m: IscsiModel): Record<string, string> {
  const attrs: Record<string, string> = {
    targetPortal: m.targetPortal,
    iqn: m.iqn,
    lun: String(m.lun),
    // the driver builds its portal list only when this attribute is present: always write it
    portals: JSON.stringify(m.portals),
    // without SendTargets discovery the driver creates no node record, and the login finds none
    // (pkg/iscsilib/iscsi.go discoverTarget: only when DoDiscovery; examples/pv.yaml writes it)
    discovery: 'true',
  };
  if (m.iscsiInterface !== undefined) attrs.iscsiInterface = m.iscsiInterface;
  if (m.initiatorName !== undefined) attrs.initiatorName = m.initiatorName;
  return attrs;
}

/**
 * An iSCSI LUN as a Pod volume: mount it with `container.mount(path, volume)` or add it with
 * `workload.addVolume(volume.asVolume())`. Emits the inline `iscsi` source (or an inline
 * `iscsi.csi.k8s.io` CSI volume with `implementation: CSI`), and the CHAP Secret when the library
 * creates it (in the volume's Chart; mount the volume in a workload of the same namespace).
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
  private readonly pod: PodStorage;
  private readonly secret?: SecretRef;

  constructor(scope: Construct, id: string, props: IscsiVolumeProps) {
    super(scope, id);
    this.model = iscsiModel(props);
    this.pod = new PodStorage(this, {
      plugin: Plugin.ISCSI, implementation: this.model.implementation, name: props?.name, kubernetesVersion: props?.kubernetesVersion,
    });
    this.name = this.pod.name;
    this.kubernetesVersion = this.pod.version;
    this.secret = chapSecret(this, this.model, this.pod.form);
    const root = this.pod.root;
    const s = site(root, this.pod.form, true, this.name, root.child('name'));
    const shapes = iscsiShapes(props, this.model, s); // the props do not change: checked once
    addRules(this, () => [...this.pod.rules(this.sourceField()), ...shapes, ...iscsiRules(this.model, this.pod.form, s)]);
  }

  /** The Pod volume (created once): inline `iscsi`, or an inline `iscsi.csi.k8s.io` volume. */
  public asVolume(): kplus.Volume {
    const m = this.model;
    const form = this.pod.form;
    const secret = this.secret ? { ...this.secret, field: 'iscsi.secretRef.name' } : undefined;
    return this.pod.asVolume(this.sourceField(), () => (form.kind === 'csi'
      ? { driver: form.driver, fsType: m.fsType, readOnly: m.readOnly, volumeAttributes: csiAttributes(m) }
      : renderInTree(m, this.secret, true)), { secret });
  }

  private sourceField(): string {
    return this.pod.form.kind === 'csi' ? 'csi' : 'iscsi';
  }
}

/**
 * An iSCSI LUN as a PersistentVolume (a `StoragePersistentVolume`, so `bind()`,
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
  private readonly userVolumeHandle?: string;
  private readonly sourceShapes: Finding[];

  constructor(scope: Construct, id: string, props: IscsiPersistentVolumeProps) {
    super(scope, id, props);
    this.model = iscsiModel(props);
    this.form = pluginForm(Plugin.ISCSI, this.kubernetesVersion, this.model.implementation);
    this.userVolumeHandle = props?.volumeHandle ?? undefined;
    this.secret = chapSecret(this, this.model, this.form);
    this.sourceShapes = iscsiShapes(props, this.model, this.site()); // the props do not change: checked once
  }

  private site(): Site {
    const spec = FieldPath.root('spec');
    return site(spec, this.form, false, this.name, spec.child('iscsi', 'targetportal'));
  }

  /** @internal */
  protected _capabilities(): Capabilities {
    return iscsiCapabilities(this.form);
  }

  /** The CSI volume handle: the user's, else `<iqn>-lun-<lun>`. */
  private get volumeHandle(): string {
    return this.userVolumeHandle ?? `${this.model.iqn}-lun-${this.model.lun}`;
  }

  /** @internal */
  protected _sourceRules(): Finding[] {
    const s = this.site();
    const out: Finding[] = [...pluginRules(Plugin.ISCSI, this.kubernetesVersion, this.model.implementation, s.source)];
    if (this.form.kind === 'csi') {
      if (!this.volumeHandle) out.push(required(s.source.child('volumeHandle')));
      else if (!isString(this.volumeHandle)) out.push(...stringShape(s.source.child('volumeHandle'), this.volumeHandle));
      else out.push(...textRules(s.source.child('volumeHandle'), this.volumeHandle));
    }
    out.push(...this.sourceShapes, ...iscsiRules(this.model, this.form, s));
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
