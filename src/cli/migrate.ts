import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { CheckFinding, InputProblem, readObjects } from './check';
import { InputObject, Json, POD_SPECS, isObject, podSpecOf } from './objects';
import { CephFsPersistentVolume, CephFsVolume } from '../ceph/cephfs';
import { CephCluster } from '../ceph/cluster';
import { CephCredentials } from '../ceph/credentials';
import { CephRbdPersistentVolume, CephRbdVolume } from '../ceph/rbd';
import { podVolumeEntry } from '../core/app/internals';

import { VolumeClaim } from '../core/objects/claim';
import { PLUGINS, Plugin, VolumeImplementation, manifestPluginRules, pluginForm } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Finding, forbidden, formatErrorMessage, isWarning, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { FsType } from '../core/rules/fs-type';
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
const PLUGIN_OF_FIELD = new Map(Object.values(Plugin).map((p) => [PLUGINS[p].field, p] as const));
const DEFAULT_SIZE = '1Gi';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A Secret of the input, by `namespace/name`: which keys it has (never their values). */
type SecretKeys = Map<string, readonly string[]>;

/** An in-tree source the target removed: where, which plugin, the source, its index in the Pod's volumes. */
interface RemovedSource {
  readonly at: FieldPath;
  readonly plugin: Plugin;
  readonly source: Json;
  readonly index?: number;
}

/** The in-tree sources of an object the target removed. */
function removedSources(obj: Json, target: KubernetesVersion): RemovedSource[] {
  const out: RemovedSource[] = [];
  const removed = (p: Plugin) => pluginForm(p, target, VolumeImplementation.IN_TREE).kind === 'removed';
  const scan = (holder: Json, at: FieldPath, index?: number) => {
    for (const [key, value] of Object.entries(holder)) {
      const plugin = PLUGIN_OF_FIELD.get(key);
      if (plugin !== undefined && isObject(value) && removed(plugin)) out.push({ at: at.child(key), plugin, source: value, index });
    }
  };
  const kind = obj.kind as string;
  if (kind in POD_SPECS) {
    const volumes = podSpecOf(obj)?.volumes;
    const base = FieldPath.root(...POD_SPECS[kind], 'volumes');
    if (Array.isArray(volumes)) volumes.forEach((v, i) => isObject(v) && scan(v, base.index(i), i));
  } else if (kind === 'PersistentVolume' && isObject(obj.spec)) {
    scan(obj.spec, FieldPath.root('spec'));
  }
  return out;
}

/** Everything a construct needs to replace one in-tree Ceph source, or why it cannot. */
interface CephSource {
  readonly cluster: CephCluster;
  readonly credentials: CephCredentials;
  readonly readOnly?: boolean;
}

/**
 * The cluster and credentials of an in-tree rbd or cephfs source: the Secret it names when ceph-csi
 * can read it (it has `userID` and `userKey`), else the Secret the user must create, in a finding.
 */
function cephSource(
  chart: Chart, src: Json, plugin: Plugin, at: FieldPath, clusterId: string, secretNamespace: string, secrets: SecretKeys, notes: Finding[],
): CephSource {
  const monitors = Array.isArray(src.monitors) ? src.monitors.filter((m): m is string => typeof m === 'string') : [];
  const cluster = new CephCluster(chart, `${at}-cluster`.replace(/[^A-Za-z0-9-]/g, '-'), { monitors, clusterId });
  const user = str(src.user) ?? 'admin';
  const ref = isObject(src.secretRef) ? str(src.secretRef.name) : undefined;
  const refNamespace = (isObject(src.secretRef) ? str(src.secretRef.namespace) : undefined) ?? secretNamespace;
  let secretName: string;
  const driver = PLUGINS[plugin].csi!.driver;
  if (ref) {
    const keys = secrets.get(`${refNamespace}/${ref}`);
    const readable = keys !== undefined && keys.includes('userID') && keys.includes('userKey');
    secretName = readable ? ref : `${ref}-csi`;
    if (!readable) {
      notes.push(warning(at.child('secretRef'), `${driver} reads the Ceph user and key from the keys userID and userKey, and the in-tree ` +
        `Secret ${quote(`${refNamespace}/${ref}`)} holds ${keys ? `the keys ${keys.map((k) => quote(k)).join(', ')}` : 'the key under "key" (it is not in the input)'}: ` +
        `the migrated volume refers to Secret ${quote(`${refNamespace}/${secretName}`)}, which you create with userID ${quote(user)} and userKey, ` +
        `the key of Secret ${quote(ref)} (kubectl create secret generic ${secretName} -n ${refNamespace} --from-literal=userID=${user} --from-literal=userKey=…)`));
    }
  } else {
    const file = plugin === Plugin.RBD ? str(src.keyring) ?? '/etc/ceph/keyring' : str(src.secretFile) ?? '/etc/ceph/user.secret';
    secretName = `ceph-${user}-csi`;
    notes.push(warning(at.child(plugin === Plugin.RBD ? 'keyring' : 'secretFile'), `the in-tree volume reads the key of Ceph user ${quote(user)} from ${file} on each node, ` +
      `and ${driver} reads it from a Secret only: the migrated volume refers to Secret ${quote(`${refNamespace}/${secretName}`)}, ` +
      `which you create with userID ${quote(user)} and userKey, the user's cephx key`));
  }
  const secret = kplus.Secret.fromSecretName(chart, `${at}-secret`.replace(/[^A-Za-z0-9-]/g, '-'), secretName);
  const credentials = CephCredentials.fromSecret({ cluster, secret, user, namespace: refNamespace });
  return { cluster, credentials, readOnly: typeof src.readOnly === 'boolean' ? src.readOnly : undefined };
}

/** The props a construct takes from an in-tree source (the Kubernetes field names are the props'). */
function sourceProps(plugin: Plugin, src: Json, ceph: CephSource): Record<string, unknown> {
  const common = { cluster: ceph.cluster, credentials: ceph.credentials, readOnly: ceph.readOnly };
  if (plugin === Plugin.RBD) {
    return { ...common, image: src.image, pool: str(src.pool) ?? 'rbd', fsType: str(src.fsType) ? FsType.of(src.fsType as string) : undefined };
  }
  return { ...common, path: str(src.path) ?? '/' };
}

interface Migration {
  readonly objects?: Json[];
  readonly findings: Finding[];
}

/** Synthesizes the app; a validation error of the constructs is the reason the object is not migrated. */
function synth(app: App, at: FieldPath): { objects?: Json[]; error?: Finding } {
  try {
    return { objects: parseAllDocuments(app.synthYaml()).map((d) => d.toJS() as Json) };
  } catch (e) {
    return { error: forbidden(at, `not migrated: the library's constructs refuse it: ${(e as Error).message.replace(/\s+/g, ' ').trim()}`) };
  }
}

function newApp(target: KubernetesVersion): App {
  const app = new App({ outdir: '.' });
  app.node.setContext(KubernetesVersion.CONTEXT_KEY, target.name);
  return app;
}

/** A workload: each removed Ceph Pod volume replaced by the construct's claim volume, its PersistentVolume and claim added. */
function migrateWorkload(
  input: InputObject, o: MigrateOptions & { clusterId: string }, size: Size, secrets: SecretKeys, sources: RemovedSource[],
): Migration {
  const meta = isObject(input.obj.metadata) ? input.obj.metadata : {};
  const namespace = str(meta.namespace) ?? 'default';
  const app = newApp(o.target);
  const chart = new Chart(app, str(meta.name) ?? 'workload', { namespace });
  const rewritten = JSON.parse(JSON.stringify(input.obj)) as Json;
  const volumes = podSpecOf(rewritten)!.volumes as Json[];
  const findings: Finding[] = [];
  if (!str(meta.namespace)) {
    findings.push(warning(FieldPath.root('metadata', 'namespace'), 'not set: the claims and Secret references of the migrated volumes are written for namespace "default"'));
  }
  for (const s of sources) {
    const entry = volumes[s.index!];
    const name = str(entry.name) ?? `volume-${s.index}`;
    const ceph = cephSource(chart, s.source, s.plugin, s.at, o.clusterId, namespace, secrets, findings);
    const props = { ...sourceProps(s.plugin, s.source, ceph), storage: size, name };
    const volume = s.plugin === Plugin.RBD ? new CephRbdVolume(chart, name, props as never) : new CephFsVolume(chart, name, props as never);
    volumes[s.index!] = podVolumeEntry(volume.asVolume());
  }
  const { objects, error } = synth(app, sources[0].at);
  if (error) return { findings: [error] };
  return { objects: [...objects!, rewritten], findings };
}

/** A PersistentVolume of a removed Ceph source: the construct's PersistentVolume of the same name, labels, claimRef and spec. */
function migrateVolume(input: InputObject, o: MigrateOptions & { clusterId: string }, secrets: SecretKeys, s: RemovedSource): Migration {
  const meta = isObject(input.obj.metadata) ? input.obj.metadata : {};
  const spec = input.obj.spec as Json;
  const app = newApp(o.target);
  const chart = new Chart(app, 'volume');
  const ref = isObject(spec.claimRef) ? spec.claimRef : undefined;
  const findings: Finding[] = [];
  const ceph = cephSource(chart, s.source, s.plugin, s.at, o.clusterId, (ref && str(ref.namespace)) ?? 'default', secrets, findings);
  const capacity = isObject(spec.capacity) && (typeof spec.capacity.storage === 'string' || typeof spec.capacity.storage === 'number')
    ? parseQuantity(String(spec.capacity.storage)) : undefined;
  const props = {
    ...sourceProps(s.plugin, s.source, ceph),
    metadata: { name: meta.name, labels: meta.labels, annotations: meta.annotations },
    storage: capacity === undefined ? undefined : Size.kibibytes(capacity / 1024),
    accessModes: spec.accessModes,
    claim: ref && str(ref.name) && str(ref.namespace)
      ? VolumeClaim.fromExistingClaim(chart, 'Claim', { name: ref.name as string, namespace: ref.namespace as string }) : undefined,
    mountOptions: spec.mountOptions,
    // a static ceph-csi volume is Retain (the constructs' rule: the driver deletes only what it provisioned)
    reclaimPolicy: spec.persistentVolumeReclaimPolicy === 'Delete' ? undefined : spec.persistentVolumeReclaimPolicy,
    storageClassName: spec.storageClassName,
    volumeMode: spec.volumeMode,
  };
  if (spec.persistentVolumeReclaimPolicy === 'Delete') {
    findings.push(warning(FieldPath.root('spec', 'persistentVolumeReclaimPolicy'), `"Delete" becomes "Retain": ${PLUGINS[s.plugin].csi!.driver} deletes only ` +
      'the volumes it provisioned, and this one becomes a static volume; delete the image or subvolume yourself once the claim is gone'));
  }
  if (s.plugin === Plugin.RBD) new CephRbdPersistentVolume(chart, 'Resource', props as never);
  else new CephFsPersistentVolume(chart, 'Resource', { ...props, volumeHandle: meta.name } as never);
  const { objects, error } = synth(app, s.at);
  if (error) return { findings: [error] };
  return { objects, findings };
}

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
