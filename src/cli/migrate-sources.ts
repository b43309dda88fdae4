import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Json, POD_SPECS, isObject, podSpecOf } from './objects';
import { CephCluster } from '../ceph/cluster';
import { CephCredentials } from '../ceph/credentials';
import { PLUGINS, Plugin, VolumeImplementation, pluginForm } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Finding, warning } from '../core/rules/errors';
import { FieldPath, quote } from '../core/rules/field-path';
import { FsType } from '../core/rules/fs-type';

/*
 * What `cdk8s-storage migrate` reads from the input (src/cli/migrate.ts): the in-tree sources the
 * target removed, and the Ceph cluster, credentials and props a construct needs to replace one.
 */

const PLUGIN_OF_FIELD = new Map(Object.values(Plugin).map((p) => [PLUGINS[p].field, p] as const));

/** A non-empty string, else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A Secret of the input, by `namespace/name`: which keys it has (never their values). */
export type SecretKeys = Map<string, readonly string[]>;

/** An in-tree source the target removed: where, which plugin, the source, its index in the Pod's volumes. */
export interface RemovedSource {
  readonly at: FieldPath;
  readonly plugin: Plugin;
  readonly source: Json;
  readonly index?: number;
}

/** The in-tree sources of an object the target removed. */
export function removedSources(obj: Json, target: KubernetesVersion): RemovedSource[] {
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
export interface CephSource {
  readonly cluster: CephCluster;
  readonly credentials: CephCredentials;
  readonly readOnly?: boolean;
}

/**
 * The cluster and credentials of an in-tree rbd or cephfs source: the Secret it names when ceph-csi
 * can read it (it has `userID` and `userKey`), else the Secret the user must create, in a finding.
 */
export function cephSource(
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
export function sourceProps(plugin: Plugin, src: Json, ceph: CephSource): Record<string, unknown> {
  const common = { cluster: ceph.cluster, credentials: ceph.credentials, readOnly: ceph.readOnly };
  if (plugin === Plugin.RBD) {
    return { ...common, image: src.image, pool: str(src.pool) ?? 'rbd', fsType: str(src.fsType) ? FsType.of(src.fsType as string) : undefined };
  }
  return { ...common, path: str(src.path) ?? '/' };
}
