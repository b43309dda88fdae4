import { DEFAULT_PORT, IscsiModel } from './model';
import { secretReferenceRules } from '../core/objects/secrets';
import { PluginForm } from '../core/policy/plugin-policy';
import { Finding, forbidden, invalid, required, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { fsTypeRules } from '../core/rules/fs-type';
import { textRules } from '../core/rules/manifest-text';
import { hostPortErrors } from '../core/rules/network';
import { given, isString, listOf } from '../core/rules/shapes';

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

/** A well-formed IQN of at most 223 ASCII characters: what nearly every volume names, checked in one test. */
const GOOD_IQN = /^iqn\.\d{4}-(?:0[1-9]|1[0-2])\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*:(?:(?![,;*&$|])[!-~])+$/;

/** Which part of an iSCSI name is wrong, as a user can fix it; undefined when it is right. */
function iqnProblem(value: string): string | undefined {
  // the name after ":" of printable ASCII without , ; * & $ | : the checks below, in the order a user reads them, agree
  if (value.length <= MAX_NAME_BYTES && GOOD_IQN.test(value)) return undefined;
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
