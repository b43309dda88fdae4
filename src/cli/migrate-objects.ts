import { App, Chart, Size } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import type { MigrateOptions } from './migrate';
import { RemovedSource, SecretKeys, cephSource, sourceProps, str } from './migrate-sources';
import { InputObject, Json, isObject, podSpecOf } from './objects';


import { CephFsPersistentVolume } from '../ceph/cephfs-persistent-volume';
import { CephFsVolume } from '../ceph/cephfs-volume';
import { CephRbdPersistentVolume } from '../ceph/rbd-persistent-volume';
import { CephRbdVolume } from '../ceph/rbd-volume';
import { podVolumeEntry } from '../core/app/internals';
import { VolumeClaim } from '../core/objects/claim';
import { PLUGINS, Plugin } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Finding, forbidden, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { parseQuantity } from '../core/rules/quantities';

/*
 * The objects that replace one migrated input object, written by the library's constructs in an
 * app of their own at the target (src/cli/migrate.ts decides what migrates).
 */

export interface Migration {
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
export function migrateWorkload(
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
export function migrateVolume(input: InputObject, o: MigrateOptions & { clusterId: string }, secrets: SecretKeys, s: RemovedSource): Migration {
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
