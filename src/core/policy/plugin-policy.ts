import { KubernetesVersion } from './version';
import { FieldError, Finding, forbidden, warning } from '../rules/errors';
import { FieldPath } from '../rules/field-path';
import { oneOfShape } from '../rules/shapes';

/**
 * Which implementation of a volume plugin to emit.
 */
export enum VolumeImplementation {
  /**
   * The in-tree volume source where it works at the target version, otherwise the plugin's CSI
   * driver; a synth-time error if neither works.
   */
  AUTO = 'auto',
  /** The in-tree volume source; a synth-time error at targets where it was removed. */
  IN_TREE = 'in-tree',
  /** The CSI driver's objects; a synth-time error for plugins without a CSI driver. */
  CSI = 'csi',
}

/** The in-tree volume plugins the library knows. Internal. */
export enum Plugin {
  ISCSI = 'iscsi',
  RBD = 'rbd',
  CEPHFS = 'cephfs',
  AZURE_FILE = 'azureFile',
  GLUSTERFS = 'glusterfs',
  FLOCKER = 'flocker',
  FLEX = 'flexVolume',
}

/** What is known about one plugin across Kubernetes versions (../shared/reference, §3 and A7). */
export interface PluginFacts {
  /** The volume-source key in Pod and PersistentVolume specs. */
  readonly field: string;
  /** The name a user knows it by. */
  readonly title: string;
  /** Minor version in which the in-tree plugin was deprecated. */
  readonly deprecatedIn?: number;
  /** First minor version in which the in-tree plugin no longer mounts anything. */
  readonly removedIn?: number;
  /** From this minor on, the in-tree field is served by the CSI driver when it is installed (CSI migration). */
  readonly servedByCsiFrom?: number;
  /**
   * Whether the in-tree field keeps being accepted after `removedIn`, served by the CSI driver
   * through CSI migration (the driver must be installed).
   */
  readonly translated?: boolean;
  /** The CSI driver that replaces the plugin. */
  readonly csi?: {
    readonly driver: string;
    /** Whether the driver serves inline `csi` Pod volumes (CSIDriver volumeLifecycleModes has Ephemeral). */
    readonly inline: boolean;
    /** Maturity as its maintainers state it. */
    readonly status: string;
  };
  /** What to use instead once the in-tree plugin is gone and there is no CSI driver. */
  readonly instead?: string;
}

/** The one table every backend asks. Nothing else in the library compares version numbers. */
export const PLUGINS: Record<Plugin, PluginFacts> = {
  [Plugin.ISCSI]: {
    field: 'iscsi',
    title: 'iSCSI',
    csi: { driver: 'iscsi.csi.k8s.io', inline: true, status: 'alpha; static volumes only' },
  },
  [Plugin.RBD]: {
    field: 'rbd',
    title: 'Ceph RBD',
    deprecatedIn: 28,
    removedIn: 31,
    csi: { driver: 'rbd.csi.ceph.com', inline: false, status: 'GA' },
  },
  [Plugin.CEPHFS]: {
    field: 'cephfs',
    title: 'CephFS',
    deprecatedIn: 28,
    removedIn: 31,
    csi: { driver: 'cephfs.csi.ceph.com', inline: false, status: 'GA' },
  },
  [Plugin.AZURE_FILE]: {
    field: 'azureFile',
    title: 'Azure File',
    deprecatedIn: 21,
    // migration on by default from 1.24, with an in-tree fallback on nodes without the driver;
    // GA from 1.26: from then on only the CSI driver mounts Azure File shares
    servedByCsiFrom: 24,
    removedIn: 26,
    translated: true,
    csi: { driver: 'file.csi.azure.com', inline: true, status: 'GA' },
  },
  [Plugin.GLUSTERFS]: {
    field: 'glusterfs',
    title: 'GlusterFS',
    deprecatedIn: 25,
    removedIn: 26,
    instead: 'move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS',
  },
  [Plugin.FLOCKER]: {
    field: 'flocker',
    title: 'Flocker',
    deprecatedIn: 22,
    removedIn: 25,
    instead: 'move the datasets to a backend with a CSI driver',
  },
  [Plugin.FLEX]: {
    field: 'flexVolume',
    title: 'FlexVolume',
    deprecatedIn: 23,
    instead: 'a CSI driver for the same storage',
  },
};

/** The form a plugin takes at a target version. */
export type PluginForm =
  | { readonly kind: 'in-tree'; readonly deprecated: boolean; readonly servedByCsi?: string }
  | { readonly kind: 'csi'; readonly driver: string; readonly inline: boolean }
  | { readonly kind: 'removed'; readonly reason: string };

function inTreeWorks(f: PluginFacts, t: KubernetesVersion): boolean {
  return f.removedIn === undefined || t.minor < f.removedIn;
}

// by target, then plugin and implementation: no key string built per question
const forms = new Map<KubernetesVersion, Map<string, PluginForm>>();

/**
 * Answers "which form at version V" for a plugin and the implementation the user asked for. Every
 * volume asks at construction and its rules at every validation pass: each answer is made once.
 */
export function pluginForm(plugin: Plugin, target: KubernetesVersion, impl: VolumeImplementation = VolumeImplementation.AUTO): PluginForm {
  let byTarget = forms.get(target);
  if (!byTarget) forms.set(target, byTarget = new Map());
  const key = impl === VolumeImplementation.AUTO ? plugin : `${plugin} ${impl}`;
  let form = byTarget.get(key);
  if (!form) byTarget.set(key, form = decideForm(plugin, target, impl));
  return form;
}

function decideForm(plugin: Plugin, target: KubernetesVersion, impl: VolumeImplementation): PluginForm {
  const f = PLUGINS[plugin];
  const inTree = (): PluginForm => ({
    kind: 'in-tree',
    deprecated: f.deprecatedIn !== undefined && target.minor >= f.deprecatedIn,
    servedByCsi: f.servedByCsiFrom !== undefined && target.minor >= f.servedByCsiFrom ? f.csi?.driver : undefined,
  });
  const csi = (): PluginForm => ({ kind: 'csi', driver: f.csi!.driver, inline: f.csi!.inline });

  switch (impl) {
    case VolumeImplementation.IN_TREE:
      if (inTreeWorks(f, target) || f.translated) return inTree();
      return {
        kind: 'removed',
        reason: `in-tree ${f.field} was removed in 1.${f.removedIn} (target ${target})` + (f.csi
          ? `; use the CSI driver ${f.csi.driver} (implementation AUTO or CSI)`
          : `; no CSI migration exists: ${f.instead}`),
      };
    case VolumeImplementation.CSI:
      if (f.csi) return csi();
      return {
        kind: 'removed',
        reason: `${f.field} has no CSI driver` + (inTreeWorks(f, target)
          ? '; use the in-tree plugin (implementation AUTO or IN_TREE)'
          : `; in-tree ${f.field} was removed in 1.${f.removedIn} (target ${target}): ${f.instead}`),
      };
    default:
      if (inTreeWorks(f, target)) return inTree();
      if (f.csi) return csi();
      return {
        kind: 'removed',
        reason: `in-tree ${f.field} was removed in 1.${f.removedIn} (target ${target}); no CSI migration exists: ${f.instead}`,
      };
  }
}

/** The implementation a prop asked for: AUTO when not given (or not one of the values: a rule says so). */
export function implementationOf(v: unknown): VolumeImplementation {
  return (Object.values(VolumeImplementation) as unknown[]).includes(v) ? v as VolumeImplementation : VolumeImplementation.AUTO;
}

/** The `implementation` prop, when given, is one of VolumeImplementation's values; reported where the source lands. */
export function implementationRules(at: FieldPath, v: unknown): FieldError[] {
  return oneOfShape(at, v, Object.values(VolumeImplementation), 'the implementation prop (VolumeImplementation.AUTO, IN_TREE or CSI) decides which form is written');
}

/**
 * The findings every backend shares: Forbidden when the asked-for form does not work at the target,
 * a warning when it works but is deprecated. `at` is where the source lands (`spec.rbd`).
 */
export function pluginRules(plugin: Plugin, target: KubernetesVersion, impl: VolumeImplementation, at: FieldPath): Finding[] {
  const form = pluginForm(plugin, target, impl);
  const f = PLUGINS[plugin];
  if (form.kind === 'removed') return [forbidden(at, form.reason)];
  if (form.kind === 'in-tree' && !inTreeWorks(f, target)) {
    return [warning(at, `deprecated in v1.${f.deprecatedIn}; only CSI migration serves it from v1.${f.removedIn} (target ${target}): install the CSI driver ${f.csi?.driver}`)];
  }
  if (form.kind === 'in-tree' && form.deprecated) {
    const end = f.removedIn === undefined ? `move to ${f.csi ? `the CSI driver ${f.csi.driver}` : f.instead}`
      : f.translated ? `served only by the CSI driver ${f.csi?.driver} from v1.${f.removedIn}` : `non-functional in v1.${f.removedIn}+`;
    return [warning(at, `deprecated in v1.${f.deprecatedIn}, ${end} (target ${target})`)];
  }
  return [];
}

/** The form AUTO gives at a version, as a table cell. */
function formCell(p: Plugin, v: KubernetesVersion): string {
  const form = pluginForm(p, v);
  if (form.kind === 'removed') return '✗';
  if (form.kind === 'csi') return 'CSI';
  const mark = form.deprecated ? '⚠' : '';
  return form.servedByCsi ? `IT→CSI${mark}` : `IT${mark}`;
}

/** README's version table, generated from the policy so that it cannot drift. */
export function versionTable(): string {
  const versions = KubernetesVersion.all();
  const head = `| backend | ${versions.map((v) => v.name).join(' | ')} | CSI driver (inline Pod volumes) |`;
  const rule = `|---|${versions.map(() => '---').join('|')}|---|`;
  const rows = (Object.keys(PLUGINS) as Plugin[]).map((p) => {
    const f = PLUGINS[p];
    const csi = f.csi ? `\`${f.csi.driver}\` (${f.csi.inline ? 'inline: yes' : 'inline: no'}; ${f.csi.status})` : 'none';
    return `| ${f.title} (\`${f.field}\`) | ${versions.map((v) => formCell(p, v)).join(' | ')} | ${csi} |`;
  });
  const legend = [
    '',
    'IT: the in-tree volume source. IT⚠: in-tree, deprecated (a warning at synth). IT→CSI: the in-tree field,',
    'served by the CSI driver, which must be installed. CSI: the CSI driver\'s objects (PersistentVolume and',
    'claim where the driver has no inline volumes). ✗: a synth-time error that says why and what to use instead.',
    'Columns show `VolumeImplementation.AUTO`; `IN_TREE` and `CSI` force a form where it exists.',
  ];
  return [head, rule, ...rows, ...legend].join('\n');
}

/** One backend's forms by version range, for its README section (generated, like the table). */
export function versionSummary(plugin: Plugin): string {
  const f = PLUGINS[plugin];
  const words: Record<string, string> = {
    'IT': `the in-tree \`${f.field}\` source`,
    'IT⚠': `the in-tree \`${f.field}\` source, deprecated (a warning at synth)`,
    'IT→CSI': `the in-tree \`${f.field}\` field, served by \`${f.csi?.driver}\` where it is installed`,
    'IT→CSI⚠': `the in-tree \`${f.field}\` field, served by \`${f.csi?.driver}\` where it is installed; deprecated (a warning)`,
    'CSI': `the \`${f.csi?.driver}\` CSI driver's objects`,
    '✗': 'a synth-time error: the plugin was removed' + (f.instead ? ` (${f.instead})` : ''),
  };
  const ranges: Array<{ from: KubernetesVersion; to: KubernetesVersion; cell: string }> = [];
  for (const v of KubernetesVersion.all()) {
    const cell = formCell(plugin, v);
    const last = ranges[ranges.length - 1];
    if (last && last.cell === cell) ranges[ranges.length - 1] = { ...last, to: v };
    else ranges.push({ from: v, to: v, cell });
  }
  return ranges.map((r) => `- ${r.from === r.to ? r.from.name : `${r.from.name}–${r.to.name}`}: ${words[r.cell]}`).join('\n');
}

/** What a manifest's in-tree source (or in-tree provisioner) means at a target: the findings, and what replaces it. */
export interface ManifestVerdict {
  readonly findings: Finding[];
  /** The CSI driver that serves the storage instead, or what to do where none exists. */
  readonly replacement?: string;
}

/**
 * The same decision as `pluginRules` for a source written in YAML (a `spec.rbd` the library did
 * not write): Forbidden where the target no longer serves it, a warning where it is deprecated,
 * worded for a manifest instead of the constructs' `implementation` prop. `provisioner`: the
 * source is a StorageClass's in-tree provisioner.
 */
export function manifestPluginRules(plugin: Plugin, target: KubernetesVersion, at: FieldPath, provisioner = false): ManifestVerdict {
  const f = PLUGINS[plugin];
  const replacement = f.csi ? f.csi.driver : f.instead;
  if (pluginForm(plugin, target, VolumeImplementation.IN_TREE).kind === 'removed') {
    const serves = provisioner ? `a StorageClass with provisioner ${f.csi?.driver}` : `${f.csi?.inline ? 'an inline csi volume, or ' : ''}a PersistentVolume with spec.csi and a claim`;
    const instead = f.csi ? `; the CSI driver ${f.csi.driver} serves it: ${serves}` : `; no CSI migration exists: ${f.instead}`;
    return { findings: [forbidden(at, `in-tree ${f.field} was removed in 1.${f.removedIn} (target ${target})${instead}`)], replacement };
  }
  const findings = pluginRules(plugin, target, VolumeImplementation.IN_TREE, at);
  return { findings, replacement: findings.length > 0 ? replacement : undefined };
}
