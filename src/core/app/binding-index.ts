import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { heldMetadata } from './internals';
import { AppClaim, AppVolume, claimNamespace, isAppClaim, isAppVolume, isOwnVolume } from '../objects/claims';
import { sizeInBytes } from '../rules/quantities';
import { isSize, listOf } from '../rules/shapes';

/*
 * The binding check's index of an app's volumes and claims (core/app/binding.ts), built in one walk
 * of the tree per synth, so that checking N claims against N volumes stays linear.
 */

const FS = kplus.PersistentVolumeMode.FILE_SYSTEM;

/** Values by a claim's namespace and name (two map levels: no key string to build per lookup). */
export class ByClaim<T> {
  private readonly byNamespace = new Map<string, Map<string, T>>();

  public get(name: string, namespace: string | undefined): T | undefined {
    return this.byNamespace.get(namespace ?? '')?.get(name);
  }

  /** Sets the value; `first` keeps an existing one. */
  public set(name: string, namespace: string | undefined, value: T, first = false): void {
    let names = this.byNamespace.get(namespace ?? '');
    if (!names) this.byNamespace.set(namespace ?? '', names = new Map());
    if (!first || !names.has(name)) names.set(name, value);
  }
}

function matchesSelector(selector: kplus.LabelSelector, labels: Record<string, string>): boolean {
  const k = selector._toKube();
  for (const [key, value] of Object.entries(k.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const e of k.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function labelsOf(v: AppVolume): Record<string, string> {
  const held = heldMetadata(v.metadata);
  if (held) return held.labels as Record<string, string>;
  return (v.metadata.toJson() as { labels?: Record<string, string> } | undefined)?.labels ?? {};
}

/** An unreserved volume of the pool, with what the fit test reads, read once per synth. */
interface PoolEntry {
  readonly bytes: number;
  readonly modes: readonly string[];
  readonly labels: Record<string, string>;
}

/**
 * The app's unreserved volumes, for "does any volume fit this claim" (case E): bucketed by class
 * and volume mode, with the largest capacity per set of access modes and an index of labels, so
 * that checking N claims against N volumes stays linear (a yes/no test; no message is built).
 */
interface PoolBucket {
  readonly entries: PoolEntry[];
  /** The largest capacity per set of access modes. */
  readonly largest: Map<string, { modes: readonly string[]; bytes: number }>;
  /** The entries by each of their labels (`key=value`). */
  readonly byLabel: Map<string, PoolEntry[]>;
}

class Pool {
  private readonly buckets = new Map<string, PoolBucket>();

  constructor(volumes: readonly AppVolume[]) {
    for (const v of volumes) {
      if (v.claim || !isSize(v.storage)) continue;
      const modes = [...listOf(v.accessModes)].map(String).sort();
      const e: PoolEntry = { bytes: sizeInBytes(v.storage), modes, labels: labelsOf(v) };
      const key = `${v.storageClassName ?? ''}\u0000${v.mode ?? FS}`;
      let b = this.buckets.get(key);
      if (!b) this.buckets.set(key, b = { entries: [], largest: new Map(), byLabel: new Map() });
      b.entries.push(e);
      const mk = modes.join(',');
      const l = b.largest.get(mk);
      if (!l || l.bytes < e.bytes) b.largest.set(mk, { modes, bytes: e.bytes });
      for (const [lk, lv] of Object.entries(e.labels)) {
        const k = `${lk}=${lv}`;
        const list = b.byLabel.get(k);
        if (list) list.push(e);
        else b.byLabel.set(k, [e]);
      }
    }
  }

  /** Whether some unreserved volume of the claim's class and volume mode fits it (and matches the selector). */
  public fits(c: AppClaim, selector?: kplus.LabelSelector): boolean {
    const b = this.buckets.get(`${c.storageClassName ?? ''}\u0000${c.volumeMode ?? FS}`);
    if (!b) return false;
    const bytes = isSize(c.storage) ? sizeInBytes(c.storage) : 0;
    const wanted = listOf(c.accessModes).map(String);
    const modesFit = (modes: readonly string[]) => wanted.every((m) => modes.includes(m));
    if (!selector) return [...b.largest.values()].some((l) => l.bytes >= bytes && modesFit(l.modes));
    const k = selector._toKube();
    // the fewest candidates: the volumes of the rarest label the selector requires
    let candidates = b.entries;
    for (const [lk, lv] of Object.entries(k.matchLabels ?? {})) {
      const list = b.byLabel.get(`${lk}=${lv}`) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.some((e) => e.bytes >= bytes && modesFit(e.modes) && matchesSelector(selector, e.labels));
  }
}

/** The pool of the index, made on first use (most apps have no claim that needs it) and kept on the index. */
export function poolOf(idx: AppIndex): Pool {
  const held = idx as { pool?: Pool };
  if (!held.pool) held.pool = new Pool(idx.volumes);
  return held.pool;
}

/** The app's volumes and claims, indexed once per synth so that checking N claims stays linear. */
export interface AppIndex {
  readonly volumes: readonly AppVolume[];
  /** The first volume of each name (the others get a Duplicate error). */
  readonly volumeByName: ReadonlyMap<string, AppVolume>;
  /** The first volume reserved for each claim, by the `namespace/name` its claimRef names. */
  readonly volumeByReservation: ByClaim<AppVolume>;
  /** The claims of the app that name each volume (by volume name), in the app's order. */
  readonly claimsOf: ReadonlyMap<string, readonly AppClaim[]>;
  /** The first claim of each `namespace/name`. */
  readonly claimByKey: ByClaim<AppClaim>;
  /** The volumes bucketed for the fit test, made on first use (poolOf). */
  pool?: unknown;
}

/**
 * Indexes the app's volumes and claims in one walk of `all`; `onForeign` sees each of
 * cdk8s-plus-27's volumes and claims (the library's own check themselves).
 */
export function indexApp(all: readonly IConstruct[], onForeign?: (c: kplus.PersistentVolume | kplus.PersistentVolumeClaim) => void): AppIndex {
  const volumes: AppVolume[] = [];
  const volumeByName = new Map<string, AppVolume>();
  const volumeByReservation = new ByClaim<AppVolume>();
  const claimsOf = new Map<string, AppClaim[]>();
  const claimByKey = new ByClaim<AppClaim>();
  for (const c of all) {
    if (onForeign && (c instanceof kplus.PersistentVolume || c instanceof kplus.PersistentVolumeClaim)) onForeign(c);
    if (isAppVolume(c)) {
      volumes.push(c);
      if (!volumeByName.has(c.name)) volumeByName.set(c.name, c);
      // cdk8s-plus-27 writes claimRef without a namespace: its volumes reserve nothing (the
      // referee saw such a claim bind another volume)
      if (c.claim && isOwnVolume(c)) volumeByReservation.set(c.claim.name, claimNamespace(c.claim), c, true);
    } else if (isAppClaim(c)) {
      claimByKey.set(c.name, claimNamespace(c), c, true);
      if (c.volume) {
        const list = claimsOf.get(c.volume.name);
        if (list) list.push(c);
        else claimsOf.set(c.volume.name, [c]);
      }
    }
  }
  return { volumes, volumeByName, volumeByReservation, claimsOf, claimByKey };
}
