import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Json, POD_SPECS, isObject, podSpecOf } from './objects';
import { AzureFileVolume } from '../azure-file/azure-file';
import { AzureFileCredentials } from '../azure-file/credentials';
import { AzureFilePersistentVolume } from '../azure-file/persistent-volume';

import { CephFsPersistentVolume } from '../ceph/cephfs-persistent-volume';
import { CephFsVolume } from '../ceph/cephfs-volume';
import { CephCluster } from '../ceph/cluster';
import { CephCredentials } from '../ceph/credentials';

import { CephRbdPersistentVolume } from '../ceph/rbd-persistent-volume';
import { CephRbdVolume } from '../ceph/rbd-volume';
import { collectFindings } from '../core/app/validation';
import { Plugin, VolumeImplementation, pluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { ErrorKind, Finding, formatErrorMessage, isWarning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType } from '../core/rules/fs-type';
import { NameRule, nameErrors } from '../core/rules/names';
import { FlexCredentials } from '../flex/credentials';

import { FlexPersistentVolume } from '../flex/persistent-volume';
import { FlexVolume } from '../flex/volume';

import { FlockerPersistentVolume } from '../flocker/persistent-volume';
import { FlockerVolume } from '../flocker/volume';
import { GlusterCluster } from '../glusterfs/cluster';
import { GlusterPersistentVolume, GlusterVolume } from '../glusterfs/glusterfs';
import { IscsiCredentials } from '../iscsi/credentials';
import { IscsiPersistentVolume } from '../iscsi/persistent-volume';
import { IscsiVolume } from '../iscsi/volume';


/*
 * The backends' source rules on manifests the library did not write. For each in-tree source of an
 * object (a Pod volume of any workload kind, a PersistentVolume's source) of a backend the library
 * has constructs for, the library's own construct is built from the source's fields, in one
 * scratch cdk8s app per object at the check's target, in the in-tree form; its rules run as at
 * synth, and what they find about the source's fields is a finding of the input object at the
 * input's field path. The rules are the constructs' own: nothing here judges a field.
 *
 * Fields map to props by their Kubernetes names; a field the input lacks is absent from the props
 * (so the constructs report a Required value as kube-apiserver does), a value of another JSON type
 * is passed as it is (the constructs report its type). Secrets named by the source are references
 * (`kplus.Secret.fromSecretName`), never created. What the constructs say about objects the input
 * does not have (Secrets, Endpoints, claims they would make) is left out; so is the version
 * policy's verdict on the source, which the check reports already.
 */

/** The plugins whose sources are built by constructs, and whether the backend has an in-tree/CSI choice. */
const BUILT: ReadonlyMap<string, { readonly plugin: Plugin; readonly choice: boolean }> = new Map([
  ['iscsi', { plugin: Plugin.ISCSI, choice: true }],
  ['rbd', { plugin: Plugin.RBD, choice: true }],
  ['cephfs', { plugin: Plugin.CEPHFS, choice: true }],
  ['azureFile', { plugin: Plugin.AZURE_FILE, choice: true }],
  ['glusterfs', { plugin: Plugin.GLUSTERFS, choice: false }],
  ['flocker', { plugin: Plugin.FLOCKER, choice: false }],
  ['flexVolume', { plugin: Plugin.FLEX, choice: false }],
]);

/** The size a construct needs and a manifest's inline volume does not state (its rules are not reported). */
const SOME_SIZE = Size.gibibytes(1);

/** A source of the input: its field, value, where it is, and (for a Pod volume) its entry. */
interface Source {
  readonly field: string;
  readonly src: Json;
  /** The source's path in the input: `spec.volumes[2].iscsi`, `spec.iscsi`. */
  readonly at: string;
  /**
   * A Pod volume's entry (`spec.volumes[2]`), its name as given and whether that is a valid name (a
   * DNS label: then the construct takes it); absent for a PersistentVolume.
   */
  readonly entry?: { readonly at: string; readonly name: unknown; readonly named: boolean };
}

/** Where the findings of a construct (and its children) land in the input: construct-path prefix → input prefix. */
interface Owner {
  readonly from: string;
  readonly to: string;
  readonly source: Source;
}

/** The in-tree sources of an object that constructs can build. */
function sourcesOf(obj: Json): Source[] {
  const out: Source[] = [];
  const scan = (holder: Json, base: string, entry?: Source['entry']) => {
    for (const [field, value] of Object.entries(holder)) {
      if (BUILT.has(field) && isObject(value)) out.push({ field, src: value, at: `${base}.${field}`, entry });
    }
  };
  const kind = obj.kind as string;
  if (kind in POD_SPECS) {
    const volumes = podSpecOf(obj)?.volumes;
    const base = FieldPath.root(...POD_SPECS[kind], 'volumes').toString();
    if (Array.isArray(volumes)) {
      volumes.forEach((v, i) => {
        const named = typeof v?.name === 'string' && nameErrors(FieldPath.root('name'), v.name, NameRule.DNS_LABEL).length === 0;
        if (isObject(v)) scan(v, `${base}[${i}]`, { at: `${base}[${i}]`, name: v.name, named });
      });
    }
  } else if (kind === 'PersistentVolume' && isObject(obj.spec)) {
    scan(obj.spec, 'spec');
  }
  return out;
}

/** The source's fields as props: present only where the input has them (null counts as absent), values as given. */
function pick(src: Json, ...fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (src[f] !== undefined && src[f] !== null) out[f] = src[f];
  return out;
}

const has = (src: Json, f: string) => src[f] !== undefined && src[f] !== null;
const fsType = (v: unknown) => (typeof v === 'string' ? FsType.of(v) : v);

/**
 * A Secret named by the source: a reference by name; no name is the empty one (the constructs
 * report it Required), and a name of another JSON type is passed as it is, for its type to be reported.
 */
function secretNamed(scope: Construct, id: string, name: unknown): kplus.ISecret {
  if (name === undefined || name === null) return kplus.Secret.fromSecretName(scope, id, '');
  return typeof name === 'string' ? kplus.Secret.fromSecretName(scope, id, name) : name as kplus.ISecret;
}

/**
 * A `secretRef` as a Secret reference: the Secret it names, and its namespace (a PersistentVolume's);
 * a `secretRef` that is no object is passed as it is, for the constructs to report its type.
 */
function secretRef(scope: Construct, id: string, ref: unknown): { secret?: kplus.ISecret; namespace?: unknown; raw?: unknown } {
  if (!isObject(ref)) return { raw: ref };
  return { secret: secretNamed(scope, id, ref.name), namespace: ref.namespace ?? undefined };
}

/** Builds the construct of one source (a Pod volume's or a PersistentVolume's); returns the constructs whose findings are about it, with where their paths land. */
function build(chart: Chart, id: string, s: Source): Array<{ scope: IConstruct; from: string; to: string }> {
  const src = s.src;
  const pod = s.entry !== undefined;
  // a Pod volume's name only when it is one (the check does not judge volume names: a rule of the source that reads it does)
  const common = pod && s.entry!.named ? { name: s.entry!.name, storage: SOME_SIZE } : { storage: SOME_SIZE };
  const inTree = BUILT.get(s.field)!.choice ? { implementation: VolumeImplementation.IN_TREE } : {};
  const owners: Array<{ scope: IConstruct; from: string; to: string }> = [];
  const ceph = () => {
    const cluster = new CephCluster(chart, `${id}-cluster`, has(src, 'monitors') ? { monitors: src.monitors as string[] } : {} as never);
    owners.push({ scope: cluster, from: 'monitors', to: `${s.at}.monitors` });
    return cluster;
  };
  let made: IConstruct & { name: string };
  switch (s.field) {
    case 'iscsi': {
      const ref = has(src, 'secretRef') ? secretRef(chart, `${id}-chap`, src.secretRef) : undefined;
      const chapSecret = ref ? (ref.secret ? IscsiCredentials.fromSecret(ref.secret, pick(ref as Json, 'namespace')) : ref.raw) : undefined;
      const props = {
        ...pick(src, 'targetPortal', 'iqn', 'lun', 'portals', 'iscsiInterface', 'initiatorName', 'readOnly', 'chapAuthDiscovery', 'chapAuthSession'),
        ...(has(src, 'fsType') ? { fsType: fsType(src.fsType) } : {}),
        ...(chapSecret !== undefined ? { credentials: chapSecret } : {}),
        ...inTree,
        ...common,
      };
      made = pod ? new IscsiVolume(chart, id, props as never) : new IscsiPersistentVolume(chart, id, props as never);
      break;
    }
    case 'rbd':
    case 'cephfs': {
      const cluster = ceph();
      const user = pick(src, 'user');
      let credentials: unknown;
      if (has(src, 'secretRef')) {
        const ref = secretRef(chart, `${id}-secret`, src.secretRef);
        credentials = ref.secret
          ? CephCredentials.fromSecret({ cluster, secret: ref.secret, ...user, ...pick(ref as Json, 'namespace') })
          : ref.raw;
      } else {
        // without a Secret the in-tree plugins read a key file on the node: the keyring (rbd), the secret file (cephfs)
        const file = s.field === 'rbd' ? 'keyring' : 'secretFile';
        if (has(src, file) || has(src, 'user')) {
          const options = { cluster, ...user, ...(has(src, file) ? { path: src[file] } : {}) };
          credentials = s.field === 'rbd'
            ? CephCredentials.fromKeyring(options as never)
            : CephCredentials.fromSecretFile(options as never);
        }
      }
      const props = {
        cluster,
        ...(credentials !== undefined ? { credentials } : {}),
        ...(s.field === 'rbd' ? pick(src, 'image', 'pool', 'readOnly') : pick(src, 'path', 'readOnly')),
        ...(s.field === 'rbd' && has(src, 'fsType') ? { fsType: fsType(src.fsType) } : {}),
        ...inTree,
        ...common,
      };
      if (s.field === 'rbd') made = pod ? new CephRbdVolume(chart, id, props as never) : new CephRbdPersistentVolume(chart, id, props as never);
      else made = pod ? new CephFsVolume(chart, id, props as never) : new CephFsPersistentVolume(chart, id, props as never);
      break;
    }
    case 'glusterfs': {
      // the Endpoints named: a carrier of the name (what the construct would make of them is not reported)
      const endpoints = src.endpoints;
      const cluster = typeof endpoints === 'string'
        ? new GlusterCluster(chart, `${id}-cluster`, { metadata: { name: endpoints } } as never)
        : endpoints ?? undefined;
      const props = { ...(cluster !== undefined ? { cluster } : {}), ...pick(src, 'path', 'readOnly', 'endpointsNamespace'), ...common };
      made = pod ? new GlusterVolume(chart, id, props as never) : new GlusterPersistentVolume(chart, id, props as never);
      break;
    }
    case 'azureFile': {
      const credentials = has(src, 'secretName')
        ? AzureFileCredentials.fromSecret({
          secret: secretNamed(chart, `${id}-secret`, src.secretName), ...(pod ? {} : pick(src, 'secretNamespace')) as { namespace?: string },
        })
        : undefined;
      const props = { ...(credentials ? { credentials } : {}), ...pick(src, 'shareName', 'readOnly'), ...inTree, ...common };
      made = pod ? new AzureFileVolume(chart, id, props as never) : new AzureFilePersistentVolume(chart, id, props as never);
      break;
    }
    case 'flocker': {
      const props = { ...pick(src, 'datasetName', 'datasetUUID'), ...common };
      made = pod ? new FlockerVolume(chart, id, props as never) : new FlockerPersistentVolume(chart, id, props as never);
      break;
    }
    default: { // flexVolume
      const ref = has(src, 'secretRef') ? secretRef(chart, `${id}-secret`, src.secretRef) : undefined;
      const secret = ref ? (ref.secret ? FlexCredentials.fromSecret(ref.secret, pick(ref as Json, 'namespace')) : ref.raw) : undefined;
      const props = {
        ...pick(src, 'driver', 'readOnly', 'options'),
        ...(has(src, 'fsType') ? { fsType: fsType(src.fsType) } : {}),
        ...(secret !== undefined ? { credentials: secret } : {}),
        ...common,
      };
      made = pod ? new FlexVolume(chart, id, props as never) : new FlexPersistentVolume(chart, id, props as never);
    }
  }
  // a Pod volume's rules name `volumes[<name>]`, a PersistentVolume's `spec`
  const from = pod ? FieldPath.root('volumes').key(made.name.slice(0, 63)).toString() : 'spec';
  owners.push({ scope: made, from, to: pod ? s.entry!.at : 'spec' });
  return owners;
}

/** The path a finding of an owner has in the input, or undefined when it is not about the source. */
function mapPath(path: string, owner: Owner): string | undefined {
  if (path !== owner.from && !path.startsWith(`${owner.from}.`) && !path.startsWith(`${owner.from}[`)) return undefined;
  const mapped = owner.to + path.slice(owner.from.length);
  const s = owner.source;
  // the source's fields; for a Pod volume also its name (the iSCSI initiator name rule reads it)
  const about = (p: string) => mapped === p || mapped.startsWith(`${p}.`) || mapped.startsWith(`${p}[`);
  if (about(s.at) || (s.entry?.named && mapped === `${s.entry.at}.name`)) return mapped;
  return undefined;
}

/**
 * The findings of the constructs' source rules on an object's in-tree sources at the target, at the
 * input's field paths; none for an object without such sources (and then no app is made).
 */
export function sourceFindings(obj: Json, target: KubernetesVersion): Finding[] {
  const sources = sourcesOf(obj);
  if (sources.length === 0) return [];
  const app = new App({ outdir: '.' });
  app.node.setContext(KubernetesVersion.CONTEXT_KEY, target.name);
  const chart = new Chart(app, 'input');
  const owners = new Map<IConstruct, Owner>();
  sources.forEach((s, i) => {
    for (const o of build(chart, `s${i}`, s)) owners.set(o.scope, { from: o.from, to: o.to, source: s });
  });
  const out: Finding[] = [];
  const seen = new Set<string>();
  const erred = new Set<string>();
  // the version policy's verdict on each source is the check's own finding already
  for (const s of sources) {
    const at = FieldPath.root(s.at);
    const { plugin } = BUILT.get(s.field)!;
    for (const impl of [VolumeImplementation.IN_TREE, VolumeImplementation.AUTO]) {
      for (const f of pluginRules(plugin, target, impl, at)) seen.add(line(s.at, f));
    }
  }
  for (const { scope, finding } of collectFindings(app)) {
    const owner = scope.node.scopes.slice().reverse().map((c) => owners.get(c)).find((o) => o !== undefined);
    if (!owner) continue;
    const mapped = mapPath(finding.path.toString(), owner);
    if (mapped === undefined) continue;
    const key = line(mapped, finding);
    // a field is Required once (the cluster's monitors and the source's), and not after its value was found of the wrong type
    const isRequired = !isWarning(finding) && finding.kind === ErrorKind.REQUIRED;
    if (seen.has(key) || (isRequired && erred.has(mapped))) continue;
    seen.add(key);
    if (!isWarning(finding)) erred.add(mapped);
    out.push({ ...finding, path: FieldPath.root(mapped) });
  }
  return out;
}

function line(path: string, f: Finding): string {
  return `${path}: ${isWarning(f) ? `warning: ${f.warning}` : formatErrorMessage(f)}`;
}
