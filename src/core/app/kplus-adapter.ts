import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';

/*
 * Where the cdk8s-plus majors differ in what the library relies on, and how the library evens it
 * out; the library is built for cdk8s-plus-27 and, from the same source, for 28 … 33
 * (scripts/variants.js). Each difference is detected from the behaviour of the installed
 * cdk8s-plus (never from its name or version), so that a fixed release needs no change here.
 * test/core/kplus-adapter.test.ts states, per major, which differences it has.
 *
 * 1. StatefulSet Pod volumes. cdk8s-plus-31 2.6.x, -32 2.5.x and -33 2.5.x (the releases with
 *    `volumeClaimTemplates`) write no `spec.template.spec.volumes` at all for a StatefulSet without
 *    volumeClaimTemplates (`StatefulSet._filterPodSpecVolumes` returns undefined;
 *    cdk8s-team/cdk8s-plus#6735, cdk8s-team/cdk8s#2760), while the containers keep their
 *    `volumeMounts`: the API server rejects such a StatefulSet (a mount of a volume that is not
 *    there). In an app with the library's constructs, every StatefulSet writes its volumes again,
 *    less the ones its volumeClaimTemplates provide, as the upstream fix does.
 * 2. Claim sizes. cdk8s-plus-27 … 29 write a PersistentVolumeClaim's size in whole Gi and throw
 *    while writing one that is not (512Mi); from cdk8s-plus-30 a claim writes the exact size as a
 *    fraction of Gi ("0.5Gi"). A PersistentVolume still needs whole Gi in every major. The binding
 *    check (src/core/app/binding.ts) reports the sizes this cdk8s-plus cannot write, and no others.
 */

type PodSpecVolumes = { readonly volumes?: unknown[] };
type VolumeFilter = (podSpec: PodSpecVolumes) => unknown[] | undefined;
interface StatefulSetInternals {
  _filterPodSpecVolumes?: VolumeFilter;
  readonly volumeClaimTemplates?: ReadonlyArray<{ readonly name: string }>;
}

/** Whether this cdk8s-plus's StatefulSet drops every Pod volume when it has no volumeClaimTemplates. */
export function statefulSetDropsVolumes(): boolean {
  const filter = (kplus.StatefulSet.prototype as unknown as StatefulSetInternals)._filterPodSpecVolumes;
  if (typeof filter !== 'function') return false; // cdk8s-plus-27 … 30: no filter, every volume is written
  return filter.call({ volumeClaimTemplates: undefined }, { volumes: [{ name: 'probe' }] }) === undefined;
}

const DROPS_VOLUMES = statefulSetDropsVolumes();

/**
 * Makes `s` write its Pod volumes where this cdk8s-plus would drop them (no volumeClaimTemplates);
 * with templates, cdk8s-plus's own filter decides. Idempotent; a no-op where nothing is dropped.
 */
export function keepStatefulSetVolumes(s: kplus.StatefulSet): void {
  const self = s as unknown as StatefulSetInternals;
  const filter = self._filterPodSpecVolumes;
  if (!DROPS_VOLUMES || typeof filter !== 'function' || Object.prototype.hasOwnProperty.call(s, '_filterPodSpecVolumes')) return;
  Object.defineProperty(s, '_filterPodSpecVolumes', {
    value: (podSpec: PodSpecVolumes) => ((self.volumeClaimTemplates?.length ?? 0) > 0
      ? filter.call(s, podSpec)
      : podSpec.volumes && podSpec.volumes.length > 0 ? podSpec.volumes : undefined),
  });
}

/** The app-wide step at synth, before anything is written: every StatefulSet of an app that uses the library. */
export function keepAppStatefulSetVolumes(_root: IConstruct, all: readonly IConstruct[]): void {
  for (const c of all) if (c instanceof kplus.StatefulSet) keepStatefulSetVolumes(c);
}

let exactClaimSizes: boolean | undefined;

/** Whether this cdk8s-plus writes a claim size that is not whole Gi exactly (as a fraction of Gi) instead of throwing. */
export function kplusWritesExactClaimSizes(): boolean {
  if (exactClaimSizes === undefined) {
    const probe = new kplus.PersistentVolumeClaim(new Chart(new App(), 'probe'), 'Claim', { storage: Size.mebibytes(512) });
    try {
      type Rendered = { resources?: { requests?: Record<string, { value?: unknown }> } };
      const storage = (probe as unknown as { _toKube(): Rendered })._toKube().resources?.requests?.storage;
      exactClaimSizes = storage?.value === '0.5Gi';
    } catch {
      exactClaimSizes = false; // cdk8s-plus-27 … 29: "'512 mebibytes' cannot be converted into a whole number of gibibytes"
    }
  }
  return exactClaimSizes;
}
