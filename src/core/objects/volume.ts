import { Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { isDnsLabel } from '../rules/names';

type VolumeConstructor = new (scope: Construct, id: string, name: string, config: Record<string, unknown>) => kplus.Volume;

/** What a Pod volume of this library refers to, for the checks that need the Pod's namespace. */
export interface VolumeFacts {
  /** The claim a `persistentVolumeClaim` volume mounts. */
  readonly claim?: kplus.IPersistentVolumeClaim;
  /** The Secret the source reads from the Pod's namespace, and where its name lands (`iscsi.secretRef.name`). */
  readonly secret?: { readonly name: string; readonly namespace?: string; readonly field: string };
  /** Another object the plugin reads from the Pod's namespace (GlusterFS Endpoints). */
  readonly reference?: PodNamespaceReference;
  /** Where an inline volume whose claim is volumeMode Block says so (a generic ephemeral volume's `ephemeral.volumeClaimTemplate.spec.volumeMode`). */
  readonly blockAt?: string;
}

/** An object a Pod volume's plugin reads from the Pod's own namespace. */
export interface PodNamespaceReference {
  readonly name: string;
  readonly namespace?: string;
  /** Where its name lands in the volume (`glusterfs.endpoints`). */
  readonly field: string;
  /** What it is, for the message: `the Endpoints are`. */
  readonly subject: string;
  /** Who reads it: `the glusterfs plugin reads them`. */
  readonly reader: string;
  /** How to fix a mismatch. */
  readonly fix?: string;
}

/** What the library knows of a Pod volume it made, held on the volume object (no registry). */
const FACTS = Symbol.for('cdk8s-storage.volumeFacts');
type WithFacts = { [FACTS]?: VolumeFacts };
/** What the library knows of a Pod volume it made (`undefined` for kplus's own), and how it remembers it. */
export const volumeFacts = {
  get: (v: kplus.Volume): VolumeFacts | undefined => (v as unknown as WithFacts)[FACTS],
  set: (v: kplus.Volume, f: VolumeFacts): void => {
    Object.defineProperty(v, FACTS, { value: f, enumerable: false, configurable: true });
  },
};

/**
 * A cdk8s-plus-27 `Volume` for a source kplus has no factory for (iscsi, rbd, …). `Volume`'s
 * constructor is private in the type system only; this is the one place that calls it, so that
 * `container.mount(path, storage)` renders `volumes: [{ name, <source> }]` like any kplus volume.
 */
export function podVolume(scope: Construct, id: string, name: string, source: Record<string, unknown>, f: VolumeFacts = {}): kplus.Volume {
  const v = new (kplus.Volume as unknown as VolumeConstructor)(scope, id, name, source);
  volumeFacts.set(v, f);
  return v;
}

/**
 * A Pod volume that mounts a claim, named `pvc-<claim>` when that is a valid volume name and from
 * the construct path otherwise (cdk8s-plus-27's default would be cut at 63 characters or invalid).
 */
export function claimVolume(scope: Construct, id: string, claim: kplus.IPersistentVolumeClaim, readOnly: boolean, name?: string): kplus.Volume {
  const preferred = name ?? `pvc-${claim.name}`;
  name = isDnsLabel(preferred) || name !== undefined ? preferred : Names.toDnsLabel(scope, { extra: [id] });
  const v = kplus.Volume.fromPersistentVolumeClaim(scope, id, claim, { name, readOnly });
  volumeFacts.set(v, { claim });
  return v;
}
