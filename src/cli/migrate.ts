import { Size } from 'cdk8s';
import { CheckFinding, InputProblem, readObjects } from './check';
import { migrateVolume, migrateWorkload } from './migrate-objects';
import { SecretKeys, removedSources, str } from './migrate-sources';
import { InputObject, Json, isObject } from './objects';
import { PLUGINS, Plugin, VolumeImplementation, manifestPluginRules, pluginForm } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Finding, forbidden, formatErrorMessage, isWarning, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { parseQuantity } from '../core/rules/quantities';

/*
 * `cdk8s-storage migrate`: for every in-tree volume the target no longer serves and that has a CSI
 * replacement (Ceph RBD and CephFS: ceph-csi), the objects the library's constructs write at the
 * target, built by those constructs in a cdk8s app: a Pod volume becomes CephRbdVolume's (or
 * CephFsVolume's) static PersistentVolume, claim and Pod volume, in the workload rewritten with that
 * one volume replaced; a PersistentVolume becomes CephRbdPersistentVolume's (CephFsPersistentVolume's)
 * of the same name, labels and claimRef. Names, namespaces, labels and Secret references stay;
 * what cannot move without moving data is refused with the reason. No key material is written: the
 * volumes refer to Secrets by name, and a finding says which Secret to create where the CSI driver
 * needs other keys than the in-tree plugin read.
 */

/** What migrate needs besides the manifests. */
export interface MigrateOptions {
  readonly target: KubernetesVersion;
  /** The cluster id ceph-csi's configuration knows the Ceph cluster by (`clusterID`). */
  readonly clusterId?: string;
  /** The capacity of PersistentVolumes made for inline Pod volumes (an inline volume states none). */
  readonly size?: string;
}

/** The objects of one input file after migration: every object, the migrated ones replaced. */
export interface MigratedFile {
  readonly file: string;
  readonly objects: Json[];
}

/** What one migrate run did. */
export interface MigrateResult {
  /** The files that hold a migrated object. */
  readonly files: MigratedFile[];
  readonly findings: CheckFinding[];
  readonly problems: InputProblem[];
  readonly migrated: number;
  readonly refused: number;
}

const MIGRATED: ReadonlySet<Plugin> = new Set([Plugin.RBD, Plugin.CEPHFS]);
const DEFAULT_SIZE = '1Gi';

/** Migrates the documents of several inputs (`file` names them) to the target. */
export function migrate(inputs: ReadonlyArray<{ readonly file: string; readonly text: string }>, options: MigrateOptions): MigrateResult {
  const read = readObjects(inputs);
  const findings: CheckFinding[] = [];
  const sizeBytes = parseQuantity(options.size ?? DEFAULT_SIZE);
  const size = Size.kibibytes((sizeBytes ?? 0) / 1024);
  const secrets: SecretKeys = new Map();
  for (const { obj } of read.objects) {
    if (obj.kind !== 'Secret' || !isObject(obj.metadata)) continue;
    const keys = [...Object.keys(isObject(obj.data) ? obj.data : {}), ...Object.keys(isObject(obj.stringData) ? obj.stringData : {})];
    secrets.set(`${str(obj.metadata.namespace) ?? 'default'}/${str(obj.metadata.name) ?? ''}`, keys);
  }
  const byFile = new Map<string, { objects: Json[]; changed: boolean }>();
  let migrated = 0;
  let refused = 0;
  for (const input of read.objects) {
    const file = byFile.get(input.file) ?? { objects: [], changed: false };
    byFile.set(input.file, file);
    const report = (list: Finding[]) => findings.push(...list.map((f) => finding(input, f)));
    const sources = removedSources(input.obj, options.target);
    const provisioner = input.obj.kind === 'StorageClass' ? refusedProvisioner(input.obj, options.target) : undefined;
    if (provisioner) {
      report([provisioner]);
      refused++;
    }
    const cannot = sources.filter((s) => !MIGRATED.has(s.plugin));
    if (sources.length === 0 || cannot.length > 0 || !options.clusterId) {
      for (const s of cannot) report([refusal(s.plugin, s.at, options.target)]);
      if (cannot.length === 0 && sources.length > 0) {
        report([forbidden(sources[0].at, 'not migrated: give --cluster-id, the cluster id ceph-csi\'s configuration knows this Ceph cluster by (clusterID)')]);
      }
      if (sources.length > 0) refused++;
      file.objects.push(input.obj);
      continue;
    }
    const m = input.obj.kind === 'PersistentVolume'
      ? migrateVolume(input, { ...options, clusterId: options.clusterId }, secrets, sources[0])
      : migrateWorkload(input, { ...options, clusterId: options.clusterId }, size, secrets, sources);
    report(m.findings);
    if (!m.objects) {
      refused++;
      file.objects.push(input.obj);
      continue;
    }
    migrated++;
    file.changed = true;
    file.objects.push(...m.objects);
    if (input.obj.kind !== 'PersistentVolume' && !options.size) {
      report([warning(sources[0].at, `an inline volume states no size, and the PersistentVolume and claim that replace it say ${DEFAULT_SIZE}: ` +
        'ceph-csi does not read it for a static volume; give --size with the image\'s (or share\'s) size so that they tell the truth')]);
    }
  }
  const files = [...byFile].filter(([, f]) => f.changed).map(([file, f]) => ({ file, objects: f.objects }));
  return { files, findings, problems: read.problems, migrated, refused };
}

/** Why an in-tree source the target removed is not migrated: no CSI driver serves the data where it is. */
function refusal(plugin: Plugin, at: FieldPath, target: KubernetesVersion): Finding {
  const f = PLUGINS[plugin];
  const verdict = manifestPluginRules(plugin, target, at).findings[0];
  const why = f.csi ? `migrate has no construct for ${f.title} yet` : 'no CSI driver reads the data where it is, so it has to move to another backend first';
  return forbidden(at, `not migrated: ${why}; ${isWarning(verdict) ? verdict.warning : verdict.detail}`);
}

/** A StorageClass of an in-tree provisioner the target removed: a class's provisioner cannot change. */
function refusedProvisioner(obj: Json, target: KubernetesVersion): Finding | undefined {
  const plugin = obj.provisioner === 'kubernetes.io/rbd' ? Plugin.RBD : obj.provisioner === 'kubernetes.io/glusterfs' ? Plugin.GLUSTERFS : undefined;
  if (plugin === undefined || pluginForm(plugin, target, VolumeImplementation.IN_TREE).kind !== 'removed') return undefined;
  const f = PLUGINS[plugin];
  return forbidden(FieldPath.root('provisioner'), 'not migrated: a StorageClass\'s provisioner cannot change, and its parameters differ for the CSI driver: ' +
    (f.csi ? `create a StorageClass of provisioner ${f.csi.driver} (CephRbdStorageClass writes one) for new claims; ` +
      'the PersistentVolumes this class provisioned have spec.rbd: migrate those' : `${f.instead}`));
}

function finding(input: InputObject, f: Finding): CheckFinding {
  const meta = isObject(input.obj.metadata) ? input.obj.metadata : {};
  return {
    file: input.file,
    line: input.line,
    kind: input.obj.kind as string,
    namespace: str(meta.namespace),
    name: str(meta.name),
    path: f.path.toString(),
    severity: isWarning(f) ? 'warning' : 'error',
    message: isWarning(f) ? f.warning : formatErrorMessage(f),
  };
}
