import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CHAP_SECRET_TYPE, IscsiCredentials, chapRequiredKeys } from './chap';
import { IscsiSourceOptions } from './options';
import { SecretRef, SecretRefSite, SecretSource, materialize, secretRefAt, secretReferenceRules } from '../core/objects/secrets';
import { PluginForm, VolumeImplementation, implementationOf, implementationRules } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { Finding, forbidden, invalid, required, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { fsTypeOf, fsTypeRules } from '../core/rules/fs-type';
import { textRules } from '../core/rules/manifest-text';
import { hostPortErrors } from '../core/rules/network';
import { booleanShape, given, instanceShape, integerShape, isPlainObject, isString, listOf, stringListShape, stringShape } from '../core/rules/shapes';

/** The iSCSI port a portal without one means. */
const DEFAULT_PORT = 3260;

/**
 * The model: every default applied once. Values are kept as the caller gave them (a JavaScript
 * caller can pass anything); `iscsiRules` checks their shapes before it reads them.
 */
export interface IscsiModel {
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

export function iscsiModel(props: IscsiSourceOptions | undefined): IscsiModel {
  const p: Partial<IscsiSourceOptions> = isPlainObject(props) ? props : {};
  const chap = p.credentials instanceof IscsiCredentials ? p.credentials : undefined;
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
export function iscsiShapes(p: unknown, m: IscsiModel, s: Site): Finding[] {
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
    ...instanceShape(s.source.child('secretRef'), props.credentials, (v) => v instanceof IscsiCredentials,
      'an IscsiCredentials (IscsiCredentials.fromChap or IscsiCredentials.fromSecret)'),
    ...implementationRules(s.source, m.implementationProp),
  ];
}

/** Creates the CHAP Secret when the library makes it (in-tree form only: the CSI form refuses CHAP). */
export function chapSecret(scope: Construct, m: IscsiModel, form: PluginForm): SecretRef | undefined {
  if (!m.chap || form.kind === 'csi') return undefined;
  return materialize(scope, 'ChapSecret', m.chap, { type: CHAP_SECRET_TYPE, requiredKeys: chapRequiredKeys(m.chapAuthDiscovery, m.chapAuthSession) });
}

// iscsi formats, as kube-apiserver checks them (reference §1.6); Go's \s is [\t\n\f\r ]. Its IQN
// pattern is not anchored at the start, and its EUI/NAA patterns take any separator and any
// letter: the library also holds names to RFC 3720/3721 (below), since a target of another name
// cannot exist and the login (iscsiadm -m node -T <name>) never finds one.
export const IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\t\n\f\r ]+)$/;
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
export interface Site {
  readonly source: FieldPath;
  readonly field: (name: string) => FieldPath;
  readonly pod: boolean;
  readonly name: string;
  readonly lengthAt: FieldPath;
}

export function site(root: FieldPath, form: PluginForm, pod: boolean, name: string, lengthAt: FieldPath): Site {
  if (form.kind === 'csi') {
    const attrs = root.child('csi', 'volumeAttributes');
    return { source: root.child('csi'), field: (f) => attrs.key(f), pod, name, lengthAt };
  }
  const src = root.child('iscsi');
  return { source: src, field: (f) => src.child(f), pod, name, lengthAt };
}

const CSI_CHAP_REFUSED = 'iscsi.csi.k8s.io reads CHAP credentials only from a plain volume attribute, and credentials live only in Secrets: use the in-tree form (implementation AUTO or IN_TREE) for CHAP';

export function iscsiRules(m: IscsiModel, form: PluginForm, s: Site): Finding[] {
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
  if (chapOn && !m.chap) out.push(required(s.source.child('secretRef'), 'chapAuthDiscovery or chapAuthSession is true: give credentials'));
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
export function iscsiCapabilities(form: PluginForm): Capabilities {
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

export function renderInTree(m: IscsiModel, secret: SecretRef | undefined, pod: boolean): k8s.IscsiPersistentVolumeSource {
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

export function csiAttributes(m: IscsiModel): Record<string, string> {
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
