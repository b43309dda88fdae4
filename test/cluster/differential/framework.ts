import { ApiObject, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { KubernetesVersion } from '../../../src';
import { captureWarnings } from '../../helpers';

/*
 * The differential test's machinery: a family of inputs for one kind of construct, what the
 * library says about an input (synthesizes, or which fields it rejects), and the objects the
 * input would write without the library's rules, for the API server to judge.
 */

/** Inputs for one kind of construct, and how an input becomes an app. */
export interface Family<T extends { readonly version: string }> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  /** Adds the input's constructs to the chart (target version set through context, namespace given). */
  build(chart: Chart, input: T): void;
  /** The chart's namespace. @default "diff" */
  namespaceOf?(input: T): string | undefined;
}

/** One library error line, split: construct path, field path, kind, the rest. */
export interface LibraryError {
  readonly construct: string;
  readonly path: string;
  readonly kind: string;
  readonly line: string;
}

export type LibraryVerdict =
  | { readonly kind: 'accepts' }
  | { readonly kind: 'rejects'; readonly errors: LibraryError[] }
  /** An exception that is not the library's validation error: never acceptable. */
  | { readonly kind: 'crash'; readonly error: string };

export interface Evaluated {
  readonly verdict: LibraryVerdict;
  readonly target: KubernetesVersion;
  /** The objects the input writes without the library's rules; undefined when rendering throws. */
  readonly docs?: any[];
  readonly renderError?: string;
}

const HEADER = 'Validation failed with the following errors:';
const KINDS = ['Required value', 'Invalid value', 'Unsupported value', 'Forbidden', 'Duplicate value', 'Too long', 'Too many'];
// `[construct] path: Kind…`; a path has no spaces but inside a quoted key: volumes["a b"].name
const LINE = new RegExp(`^\\[([^\\]]+)\\] ((?:[^\\s"]|"(?:[^"\\\\]|\\\\.)*")+): (${KINDS.join('|')})(?::|$)`);

export function parseErrorLine(line: string): LibraryError | undefined {
  const m = LINE.exec(line);
  return m ? { construct: m[1], path: m[2], kind: m[3], line } : undefined;
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : `thrown ${typeof e}: ${String(e)}`;
}

/** Builds the input's app, asks the library, and renders the objects without its rules. */
export function evaluate<T extends { readonly version: string }>(family: Family<T>, input: T): Evaluated {
  const target = KubernetesVersion.of(input.version);
  const app = Testing.app();
  target.applyTo(app);
  const chart = new Chart(app, 'diff', { namespace: family.namespaceOf ? family.namespaceOf(input) : 'diff' });
  let verdict: LibraryVerdict = { kind: 'accepts' };
  captureWarnings(() => {
    try {
      family.build(chart, input);
      Testing.synth(chart);
    } catch (e) {
      const msg = e instanceof Error ? e.message : '';
      if (msg.startsWith(`${HEADER}\n`)) {
        const lines = msg.split('\n').slice(1).map((l) => l.trim());
        const errors = lines.map(parseErrorLine);
        verdict = errors.every((x) => x !== undefined)
          ? { kind: 'rejects', errors: errors as LibraryError[] }
          : { kind: 'crash', error: `validation lines the differential test cannot read:\n${lines.filter((l) => !parseErrorLine(l)).join('\n')}` };
      } else {
        verdict = { kind: 'crash', error: describeError(e) };
      }
    }
  });
  // the objects as the constructs would write them, with no rule run (what a hand-written manifest would hold)
  try {
    const docs = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart).map((o) => o.toJson());
    return { verdict, target, docs };
  } catch (e) {
    return { verdict, target, renderError: describeError(e) };
  }
}

/**
 * Values a JavaScript or Python caller can pass where TypeScript's types would stop them: an
 * input's field replaced by one of these now and then.
 */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer({ min: -5, max: 70000 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 0.5, 2 ** 53 + 2),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant(['a', 1]),
  fc.constant({ name: 'x' }),
);

/** A field of the props replaced by a value of any type: what a JavaScript or Python caller can pass. */
export interface WrongField {
  readonly key: string;
  readonly value: unknown;
}

/** In about one input of `every`, one of `keys` gets a value of any type. */
export function wrongField(keys: readonly string[], every = 5): fc.Arbitrary<WrongField | undefined> {
  return fc.oneof(
    { weight: every - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ key: fc.constantFrom(...keys), value: anyValue }) },
  );
}

/** `props` with the wrong field, if any, written over it. */
export function withWrong<P extends object>(props: P, wrong: WrongField | undefined): P {
  return wrong ? { ...props, [wrong.key]: wrong.value } : props;
}
