import * as fs from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as lib from '../../src';
import { captureWarnings, expectSynthErrors, storageChart } from '../helpers';

/*
 * Every public entry point of the library, read from its jsii assembly (so that a construct or
 * factory added later is covered without a line here), called the way a JavaScript or Python caller
 * can call it: the props as a whole of the wrong type, and each prop (and each prop of a nested
 * struct) of the wrong type. Whatever the input, the library either synthesizes or fails at synth
 * with its validation error; no TypeError, no other exception, at construction or at synth.
 */

interface TypeRef { readonly fqn?: string; readonly primitive?: string; readonly collection?: unknown; readonly union?: unknown }
interface Parameter { readonly name: string; readonly type: TypeRef; readonly optional?: boolean }
interface Property { readonly name: string; readonly type: TypeRef; readonly optional?: boolean }
interface JsiiType {
  readonly fqn: string;
  readonly name: string;
  readonly kind: string;
  readonly abstract?: boolean;
  readonly datatype?: boolean;
  readonly initializer?: { readonly parameters?: Parameter[] };
  readonly methods?: Array<{ readonly name: string; readonly static?: boolean; readonly parameters?: Parameter[] }>;
  readonly properties?: Property[];
  readonly interfaces?: string[];
}

const ROOT = path.join(__dirname, '..', '..');
const assemblies = [ROOT, ...['cdk8s', 'cdk8s-plus-27', 'constructs'].map((p) => path.join(ROOT, 'node_modules', p))];
const types = new Map<string, JsiiType>();
for (const dir of assemblies) {
  const file = path.join(dir, '.jsii');
  if (!fs.existsSync(file)) continue;
  for (const t of Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).types as Record<string, JsiiType>)) types.set(t.fqn, t);
}
const OWN = 'cdk8s-storage.';

/** A struct's properties, its bases' included. */
function structProperties(fqn: string): Property[] {
  const t = types.get(fqn);
  if (!t || !t.datatype) return [];
  return [...(t.properties ?? []), ...(t.interfaces ?? []).flatMap(structProperties)];
}

/** Values no TypeScript caller could pass, one of each kind. */
const WRONG: ReadonlyArray<readonly [string, unknown]> = [
  ['undefined', undefined], ['null', null], ['a number', 7], ['NaN', NaN], ['-Infinity', -Infinity], ['an empty string', ''],
  ['a string', 'wrong'], ['true', true], ['an empty list', []], ['a list of null', [null]], ['an empty object', {}],
  ['an object', { value: 1 }], ['a function', () => 1],
];

/** The wrong props to try for a struct: the whole of the wrong type, and each prop (one level of nesting) of the wrong type. */
function wrongProps(fqn: string): Array<readonly [string, unknown]> {
  const out: Array<readonly [string, unknown]> = WRONG.filter(([, v]) => typeof v !== 'object' || v === null || Array.isArray(v)).map(([what, v]) => [`props: ${what}`, v]);
  const props = structProperties(fqn);
  props.forEach((p, i) => {
    // four wrong values per prop, rotating, so that every kind meets every position over the props
    for (let k = 0; k < 4; k++) {
      const [what, v] = WRONG[(i * 4 + k) % WRONG.length];
      out.push([`${p.name}: ${what}`, { [p.name]: v }]);
    }
    const nested = p.type.fqn ? structProperties(p.type.fqn) : [];
    nested.forEach((q, j) => {
      const [what, v] = WRONG[(i + j) % WRONG.length];
      out.push([`${p.name}.${q.name}: ${what}`, { [p.name]: { [q.name]: v } }]);
    });
  });
  return out;
}

/** The library's validation error: its header, then field errors. */
const HEADER = 'Validation failed with the following errors:';

/** Runs `build` in a fresh chart and synthesizes it; returns what went wrong, if it was not the library's error. */
function attempt(build: (chart: lib.SpecApiObject['chart']) => void): string | undefined {
  const chart = Testing.chart();
  try {
    build(chart);
  } catch (e) {
    return `at construction: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
  }
  try {
    captureWarnings(() => Testing.synth(chart));
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (e instanceof Error && e.constructor === Error && message.startsWith(HEADER)) return undefined;
    return `at synth: ${(e as Error)?.constructor?.name}: ${message.split('\n').slice(0, 3).join(' / ')}`;
  }
  return undefined;
}

const classes = [...types.values()].filter((t) => t.fqn.startsWith(OWN) && t.kind === 'class');
const constructs = classes.filter((c) => !c.abstract && c.initializer?.parameters?.[0]?.type.fqn === 'constructs.Construct');
const exported = lib as unknown as Record<string, any>;
/** Asks `right` whether a parameter is one the tests pass right, without making anything. */
const RIGHT_PROBE = {};

describe('every public entry point, called with values of the wrong type, fails only with the library\'s error', () => {
  test('the assembly lists the constructs and factories (the test covers what jsii exports)', () => {
    expect(constructs.length).toBeGreaterThanOrEqual(23);
    expect(constructs.map((c) => c.name)).toEqual(expect.arrayContaining(['IscsiVolume', 'CephRbdStorageClass', 'AzureFilePersistentVolume', 'VolumeClaim', 'StorageClass']));
  });

  test.each(constructs.map((c) => [c.name, c] as const))('new %s(scope, id, props)', (name, c) => {
    const propsType = c.initializer!.parameters![2]?.type.fqn;
    const failures: string[] = [];
    for (const [what, props] of wrongProps(propsType ?? '')) {
      const failure = attempt((chart) => new exported[name](chart, 'Subject', props));
      if (failure) failures.push(`${what} → ${failure}`);
    }
    expect(failures).toEqual([]);
  });

  // each public method of each construct (made from empty props), each argument given wrong in turn
  const methods = constructs.flatMap((c) => (c.methods ?? []).filter((m) => !m.static && (m.parameters ?? []).length > 0).map((m) => [`${c.name}#${m.name}`, c, m] as const));
  test.each(methods)('%s(…)', (_label, c, m) => {
    const params = m.parameters!;
    const failures: string[] = [];
    // a scope and an id are passed right, as in the factories' test; the others wrong in turn, the rest left out
    const right = (chart: any, q: Parameter) => (q.type.fqn === 'constructs.Construct' ? chart : q.type.primitive === 'string' && q.name === 'id' ? 'Claim' : undefined);
    params.forEach((p, i) => {
      if (right({}, p) !== undefined) return;
      const struct = p.type.fqn !== undefined && types.get(p.type.fqn)?.datatype === true;
      const tries: Array<readonly [string, unknown]> = struct ? wrongProps(p.type.fqn!) : WRONG.map(([w, v]) => [w, v]);
      for (const [what, value] of tries) {
        const failure = attempt((chart) => {
          const subject = new exported[c.name](chart, 'Subject', {});
          subject[m.name](...params.map((q, k) => (k === i ? value : right(chart, q))));
        });
        if (failure) failures.push(`${p.name} ${what} → ${failure}`);
      }
    });
    expect(failures).toEqual([]);
  });

  const factories = classes.flatMap((c) => (c.methods ?? []).filter((m) => m.static && (m.parameters ?? []).length > 0).map((m) => [`${c.name}.${m.name}`, c, m] as const));
  test.each(factories)('%s(…)', (_label, c, m) => {
    const params = m.parameters!;
    const failures: string[] = [];
    // the arguments a caller passes right: a scope and an id; the others are given wrong, one at a time
    const right = (chart: any, p: Parameter) => (p.type.fqn === 'constructs.Construct' ? chart
      : p.type.fqn === 'cdk8s-plus-27.StatefulSet' && chart !== RIGHT_PROBE ? new kplus.StatefulSet(chart, 'Db', { containers: [{ image: 'postgres:16', portNumber: 5432 }] })
        : p.type.primitive === 'string' && p.name === 'id' ? 'Subject' : undefined);
    params.forEach((p, i) => {
      if (right(RIGHT_PROBE, p) !== undefined) return;
      const struct = p.type.fqn !== undefined && types.get(p.type.fqn)?.datatype === true;
      const tries: Array<readonly [string, unknown]> = struct ? wrongProps(p.type.fqn!) : WRONG.map(([w, v]) => [w, v]);
      for (const [what, value] of tries) {
        const failure = attempt((chart) => {
          const args = params.map((q, k) => (k === i ? value : right(chart, q)));
          exported[c.name][m.name](...args);
        });
        if (failure && !deliberate(`${c.name}.${m.name}`, failure)) failures.push(`${p.name} ${what} → ${failure}`);
      }
    });
    expect(failures).toEqual([]);
  });
});

/**
 * Factories that are lookups, not constructs: they throw at once, with the library's message, for a
 * value they do not know (there is no construct to report it on at synth).
 */
function deliberate(factory: string, failure: string): boolean {
  if (factory === 'ClaimTemplate.setRetentionPolicy') return /^at construction: Error: ClaimTemplate\.setRetentionPolicy: statefulSet must be a cdk8s-plus-27 StatefulSet/.test(failure);
  return ['KubernetesVersion.of', 'KubernetesVersion.targetOf'].includes(factory)
    && /^at construction: Error: (kubernetesVersion|scope): (Unsupported|Invalid) value: /.test(failure);
}

describe('what the entry-point test found, as exact errors', () => {
  const BASE = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:disk1', storage: Size.gibibytes(1) };

  test('finalizers and ownerReferences that are no lists: left out and reported (cdk8s would throw copying them)', () => {
    const chart = storageChart();
    new lib.IscsiPersistentVolume(chart, 'Lun', { ...BASE, metadata: { name: 'lun', finalizers: 'example.com/keep', ownerReferences: [null] } as any });
    expectSynthErrors(chart, [
      '[test/Lun] metadata.finalizers: Invalid value: "example.com/keep": must be a list of finalizers such as ["example.com/protect"] (got a string)',
      '[test/Lun] metadata.ownerReferences[0]: Invalid value: null: must be an owner reference { apiVersion, kind, name, uid } (got null)',
    ]);
  });

  test('a topology term or requirement that is null is a value of the wrong type, not "not given"', () => {
    const chart = storageChart();
    new lib.IscsiPersistentVolume(chart, 'Lun', { ...BASE, nodeAffinity: [null] as any });
    new lib.StorageClass(chart, 'Fast', { provisioner: 'example.com/fast', allowedTopologies: [{ matchLabelExpressions: [null] }] as any });
    expectSynthErrors(chart, [
      '[test/Lun] spec.nodeAffinity.required.nodeSelectorTerms[0]: Invalid value: null: must be a term { matchLabelExpressions: [...] } (got null)',
      '[test/Fast] allowedTopologies[0].matchLabelExpressions[0]: Invalid value: null: must be a requirement { key, values } (got null)',
    ]);
  });

  test('an existing claim without a name, or of a namespace of another type', () => {
    const chart = storageChart();
    lib.VolumeClaim.fromExistingClaim(chart, 'Unnamed', undefined as any);
    lib.VolumeClaim.fromExistingClaim(chart, 'Odd', { name: 'data', namespace: 7 } as any);
    expectSynthErrors(chart, [
      '[test/Unnamed] name: Required value: give the existing claim\'s name',
      '[test/Unnamed] namespace: Required value: give the existing claim\'s namespace',
      '[test/Odd] namespace: Invalid value: 7: must be a string, the claim\'s namespace (got a number)',
    ]);
  });

  test('createClaim without options, or with options of another type: the claim reports them', () => {
    const chart = storageChart({ namespace: 'db' });
    const fast = new lib.StorageClass(chart, 'Fast', { provisioner: 'example.com/fast', metadata: { name: 'fast' } });
    fast.createClaim(chart, 'Data', 'big' as any);
    expectSynthErrors(chart, [
      '[test/Data] spec.resources[storage]: Required value',
      '[test/Data] options: Invalid value: "big": must be an object such as { storage: Size.gibibytes(10) } (got a string)',
    ]);
  });

  test('KubernetesVersion.targetOf of something that is no construct', () => {
    expect(() => lib.KubernetesVersion.targetOf(7 as any)).toThrow(new Error('scope: Invalid value: 7: must be a construct (got a number)'));
  });
});
