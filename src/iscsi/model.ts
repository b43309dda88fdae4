import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CHAP_SECRET_TYPE, IscsiCredentials, chapRequiredKeys } from './credentials';
import { IscsiSourceOptions } from './options';
import { Site } from './rules';
import { SecretRef, SecretRefSite, SecretSource, materialize, secretRefAt } from '../core/objects/secrets';
import { PluginForm, VolumeImplementation, implementationOf, implementationRules } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { Finding } from '../core/rules/errors';
import { fsTypeOf } from '../core/rules/fs-type';
import { booleanShape, instanceShape, integerShape, isPlainObject, stringListShape, stringShape } from '../core/rules/shapes';

/** The iSCSI port a portal without one means. */
export const DEFAULT_PORT = 3260;

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
