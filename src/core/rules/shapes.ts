import { Size } from 'cdk8s';
import { ErrorValue, FieldError, Literal, REDACTED, invalid, required, unsupported } from './errors';
import { FieldPath } from './field-path';

/*
 * What JavaScript and Python callers can pass. TypeScript's types stop a wrong type at compile
 * time only, and jsii's runtime checks do not cover every field: at run time a prop can be
 * anything (a number for a string, `null` from Python's None, a string for a list). Rules check
 * each prop's shape here before they read it; models and renders never assume a shape they have
 * not checked, so that a wrong type is the library's error at synth (with the construct path and
 * the field), never a TypeError. `null` counts as not given, as Python's None does.
 */

/** A value as an error message prints it: strings quoted, numbers bare, anything else as JSON. */
export function shown(v: unknown, secret = false): ErrorValue {
  if (secret && v !== undefined && v !== null) return REDACTED_VALUE;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Object.is(v, -0) ? new Literal('-0') : v;
  if (v === null) return new Literal('null');
  if (v === undefined) return new Literal('undefined');
  if (typeof v === 'function') return new Literal('a function');
  if (typeof v === 'bigint' || typeof v === 'symbol') return new Literal(String(v));
  try {
    const text = JSON.stringify(v);
    return new Literal(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  } catch {
    return new Literal('an object');
  }
}

const REDACTED_VALUE = REDACTED;

/** What a value is, for a message about its type: `a number`, `a list`, `null`. */
export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'object': return 'an object';
    case 'undefined': return 'undefined';
    default: return `a ${typeof v}`;
  }
}

/** `must be <what> (got a number)`: the detail of every error about a value's type. */
function mustBe(what: string, v: unknown): string {
  return `must be ${what} (got ${typeOf(v)})`;
}

/** Whether a prop was given (`null`, Python's None, counts as not given). */
export function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A cdk8s `Size` (by its methods, so that a Size of another copy of cdk8s counts too). */
export function isSize(v: unknown): v is Size {
  return typeof v === 'object' && v !== null && typeof (v as Size).toKibibytes === 'function';
}

/** A string, when given; `what` says which string (`"host" or "host:port"`). */
export function stringShape(at: FieldPath, v: unknown, what = 'a string', secret = false): FieldError[] {
  return !given(v) || isString(v) ? [] : [invalid(at, shown(v, secret), mustBe(what, v))];
}

/** A string that must be given: Required when it is not, Invalid when it is no string. */
export function requiredStringShape(at: FieldPath, v: unknown, what = 'a string', detail?: string, secret = false): FieldError[] {
  if (!given(v) || v === '') return [required(at, detail)];
  return stringShape(at, v, what, secret);
}

/** A boolean, when given. */
export function booleanShape(at: FieldPath, v: unknown): FieldError[] {
  return !given(v) || isBoolean(v) ? [] : [invalid(at, shown(v), mustBe('true or false', v))];
}

/** A whole number (no NaN, infinity, fraction or unsafe integer), in `[min, max]` when given. */
export function integerShape(at: FieldPath, v: unknown, min?: number, max?: number): FieldError[] {
  if (!given(v)) return [];
  const between = min !== undefined && max !== undefined ? ` between ${min} and ${max}` : '';
  if (typeof v !== 'number') return [invalid(at, shown(v), mustBe(`a whole number${between}`, v))];
  // NaN and the infinities too: YAML can carry them (.nan, .inf), JSON cannot, so kubectl cannot send the manifest
  if (!Number.isSafeInteger(v) || Object.is(v, -0)) return [invalid(at, shown(v), `must be a whole number${between}`)];
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    return [invalid(at, v, between ? `must be between ${min} and ${max}, inclusive` : min !== undefined ? `must be greater than or equal to ${min}` : `must be less than or equal to ${max}`)];
  }
  return [];
}

/** A list, when given; `each` checks its elements (which it is given only for a list). */
export function listShape(at: FieldPath, v: unknown, each?: (at: FieldPath, element: unknown) => FieldError[], what = 'a list'): FieldError[] {
  if (!given(v)) return [];
  if (!Array.isArray(v)) return [invalid(at, shown(v), mustBe(what, v))];
  return each ? v.flatMap((e, i) => each(at.index(i), e)) : [];
}

/** A list of strings, when given: `what` each element is, `list` what the list is. */
export function stringListShape(at: FieldPath, v: unknown, what = 'a string', list = 'a list of strings'): FieldError[] {
  return listShape(at, v, (p, e) => (isString(e) ? [] : [invalid(p, shown(e), mustBe(what, e))]), list);
}

/** One of a closed set of values, when given: kube-apiserver's Unsupported value. */
export function oneOfShape(at: FieldPath, v: unknown, allowed: readonly string[], why?: string): FieldError[] {
  if (!given(v) || (isString(v) && allowed.includes(v))) return [];
  if (!isString(v)) return [invalid(at, shown(v), mustBe(`one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v))];
  return [unsupported(at, v, allowed, why)];
}

/** A `Size`, when given (`Size.gibibytes(10)`). */
export function sizeShape(at: FieldPath, v: unknown): FieldError[] {
  return !given(v) || isSize(v) ? [] : [invalid(at, shown(v), mustBe('a Size, such as Size.gibibytes(10)', v))];
}

/** A map of strings to strings, when given. */
export function stringMapShape(at: FieldPath, v: unknown, secret = false): FieldError[] {
  if (!given(v)) return [];
  if (!isPlainObject(v)) return [invalid(at, shown(v), mustBe('a map of strings to strings', v))];
  return Object.entries(v).flatMap(([k, e]) => (isString(e) ? [] : [invalid(at.key(k), shown(e, secret), mustBe('a string', e))]));
}

/** An object of one of the library's types (a construct, `FsType.of(...)`), when given. */
export function instanceShape(at: FieldPath, v: unknown, ok: (v: unknown) => boolean, what: string): FieldError[] {
  return !given(v) || ok(v) ? [] : [invalid(at, shown(v), mustBe(what, v))];
}

/** An element of a list, of the given kind: there null (Python's None) is a value of the wrong type, not "not given". */
export function elementShape(at: FieldPath, v: unknown, ok: (v: unknown) => boolean, what: string): FieldError[] {
  return ok(v) ? [] : [invalid(at, shown(v), mustBe(what, v))];
}

/** `v` when it is a list, else an empty one: for code that iterates what a rule checks. */
export function listOf<T>(v: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(v) ? v : [];
}

/** `v` when it is a string, else undefined: for code that reads what a rule checks. */
export function stringOf(v: unknown): string | undefined {
  return isString(v) ? v : undefined;
}
