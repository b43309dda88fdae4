import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { StoragePersistentVolume, VolumeClaim } from '../../src';

/*
 * The library's findings about a claim, read as a prediction of what the PV controller will do,
 * and the judgement of that prediction against what the controller did. The binding check's
 * messages say it in words: "never binds" (an error), "stays Pending" (a warning: no volume of
 * the app fits), "depends on the cluster" (a warning: the default StorageClass decides), "binds …
 * although it does not fit" (a warning: pre-bound from both sides, the controller binds without
 * checking).
 */

// Scenarios: one or two volumes and claims, and how they name each other.

export type Klass = undefined | '' | 'gold' | 'silver';
export type Selector = undefined | { labels?: Record<string, string>; expressions?: Array<{ key: string; op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }> };

export interface VolumeSpec {
  readonly klass: Klass;
  readonly modes: kplus.PersistentVolumeAccessMode[];
  readonly gi: number;
  readonly block: boolean;
  readonly tier?: string;
  /** The claim (index) this volume is reserved for, if any. */
  readonly reservedFor?: number;
}

export interface ClaimSpec {
  readonly klass: Klass;
  readonly modes: kplus.PersistentVolumeAccessMode[];
  readonly gi: number;
  readonly block: boolean;
  readonly selector: Selector;
  /** The volume (index) the claim names, if any. */
  readonly names?: number;
}

export interface Scenario {
  readonly volumes: VolumeSpec[];
  readonly claims: ClaimSpec[];
}

/** What the controller left a claim with. */
export interface Outcome {
  readonly phase: string;
  readonly volumeName?: string;
  readonly capacity?: string;
}

export type Prediction =
  | { readonly claim: string; readonly kind: 'binds'; readonly volume: string; readonly line?: string }
  | { readonly claim: string; readonly kind: 'never'; readonly volume: string; readonly line: string }
  | { readonly claim: string; readonly kind: 'pending'; readonly line: string }
  | { readonly claim: string; readonly kind: 'depends'; readonly volume: string; readonly bindsWithDefault?: string; readonly line: string }
  | { readonly claim: string; readonly kind: 'one-of'; readonly volume: string; readonly other: string; readonly line: string }
  | { readonly claim: string; readonly kind: 'one-of-volumes'; readonly volumes: string[]; readonly line: string };

const onConstruct = (lines: readonly string[], path: string) => lines.filter((l) => l.startsWith(`[${path}] `) || l.startsWith(`Warning: [${path}] `));

/** A volume or claim of the app, as the predictions read it (the library's and cdk8s-plus-27's alike). */
interface Named {
  readonly name: string;
  readonly node: { readonly path: string };
}
interface AppVolume extends Named { readonly claim?: Named }
interface AppClaim extends Named { readonly volume?: Named }

/**
 * Reads the library's errors and warnings about an app's claims as one prediction per claim
 * (where the library makes one): its findings on the claim, and on a volume reserved for it.
 */
export function predict(chart: Chart, errors: readonly string[], warnings: readonly string[]): Prediction[] {
  const all = chart.node.findAll();
  const volumes = all.filter((c) => c instanceof StoragePersistentVolume || c instanceof kplus.PersistentVolume) as unknown as AppVolume[];
  const claims = all.filter((c) => c instanceof VolumeClaim || c instanceof kplus.PersistentVolumeClaim) as unknown as AppClaim[];
  const out: Prediction[] = [];
  // a volume the library says never binds its claimRef's claim does not tie the claim to it
  const neverLine = new Map(volumes.map((v) => [v, onConstruct(errors, v.node.path).find((l) => l.includes('never binds'))]));
  for (const c of claims) {
    const errs = onConstruct(errors, c.node.path);
    const warns = onConstruct(warnings, c.node.path);
    // the volume this claim is tied to: the one it names, else one reserved for it
    const reserved = volumes.filter((v) => v.claim?.name === c.name && !neverLine.get(v));
    const tied = c.volume?.name ?? reserved[0]?.name;
    const claim = c.name;
    const twice = reserved.map((v) => onConstruct(errors, v.node.path).find((l) => l.includes('is reserved for the same claim'))).find(Boolean);
    if (!c.volume && twice) {
      out.push({ claim, kind: 'one-of-volumes', volumes: reserved.map((v) => v.name), line: twice });
      continue;
    }
    const oneOf = errs.find((l) => l.includes('and one PersistentVolume binds one claim'));
    const never = errs.find((l) => l.includes('never binds'));
    const pending = warns.find((l) => l.includes('stays Pending'));
    const depends = warns.find((l) => l.includes('depends on the cluster'));
    if (oneOf && tied !== undefined) {
      const other = /claim "[^/"]*\/([^"]+)"/.exec(oneOf)?.[1] ?? '';
      out.push({ claim, kind: 'one-of', volume: tied, other, line: oneOf });
    } else if (never && tied !== undefined) {
      out.push({ claim, kind: 'never', volume: tied, line: never });
    } else if (errs.length > 0) {
      // another error (a rule the server enforces): such a scenario is rejected when created
    } else if (pending) {
      out.push({ claim, kind: 'pending', line: pending });
    } else if (depends && tied !== undefined) {
      const only = /binds only if the cluster's default StorageClass is "([^"]*)"/.exec(depends)?.[1];
      out.push({ claim, kind: 'depends', volume: tied, bindsWithDefault: only, line: depends });
    } else if (tied !== undefined) {
      out.push({ claim, kind: 'binds', volume: tied, line: warns.find((l) => l.includes('although it does not fit')) });
    }
  }
  // a volume reserved for a claim that names another volume (or that never binds it) never binds that claim
  for (const [v, line] of neverLine) {
    if (line && v.claim) out.push({ claim: v.claim.name, kind: 'never', volume: v.name, line });
  }
  return out;
}

/**
 * True when the controller did what the prediction says; a description of the disagreement
 * otherwise. `withDefault`: the cluster's default StorageClass is "gold" (else it has none).
 */
export function judge(p: Prediction, namespace: string, outcomes: ReadonlyMap<string, Outcome>, withDefault: boolean): true | string {
  const o = outcomes.get(`${namespace}/${p.claim}`) ?? { phase: '(missing)' };
  const boundTo = (v: string, out: Outcome = o) => out.phase === 'Bound' && out.volumeName === v;
  const seen = `the controller left it ${o.phase || 'without a phase'}${o.volumeName ? ` with volumeName "${o.volumeName}"` : ''}${o.capacity ? `, capacity ${o.capacity}` : ''}`;
  const say = (expected: string) => `claim ${p.claim}: the library predicts ${expected} (${'line' in p && p.line ? p.line : 'no finding'}), but ${seen}`;
  switch (p.kind) {
    case 'binds':
      return boundTo(p.volume) || say(`it binds ${p.volume}`);
    case 'never':
      return !boundTo(p.volume) || say(`it never binds ${p.volume}`);
    case 'pending':
      return o.phase !== 'Bound' || say('it stays Pending');
    case 'depends': {
      const binds = p.bindsWithDefault === undefined ? !withDefault : withDefault && p.bindsWithDefault === 'gold';
      return boundTo(p.volume) === binds
        || say(`that with ${withDefault ? 'the default class "gold"' : 'no default class'} it ${binds ? 'binds' : 'does not bind'} ${p.volume}`);
    }
    case 'one-of-volumes':
      return o.phase !== 'Bound' || p.volumes.includes(o.volumeName ?? '') || say(`it binds one of ${p.volumes.join(', ')}, or none`);
    case 'one-of': {
      const other = outcomes.get(`${namespace}/${p.other}`) ?? { phase: '(missing)' };
      return boundTo(p.volume) !== boundTo(p.volume, other)
        || say(`exactly one of it and claim ${p.other} binds ${p.volume} (${p.other}: ${other.phase} ${other.volumeName ?? ''})`);
    }
  }
}
