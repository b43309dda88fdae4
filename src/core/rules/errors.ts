import { FieldPath, quote } from './field-path';

/**
 * The kinds of field error kube-apiserver reports (apimachinery `field.ErrorType`).
 */
export enum ErrorKind {
  REQUIRED = 'Required value',
  INVALID = 'Invalid value',
  UNSUPPORTED = 'Unsupported value',
  FORBIDDEN = 'Forbidden',
  DUPLICATE = 'Duplicate value',
  TOO_LONG = 'Too long',
}

/** A value that is printed as `<redacted>`: secret material never reaches an error message. */
export class Redacted {
  public toString(): string {
    return '<redacted>';
  }
}

/** The single redacted value. */
export const REDACTED = new Redacted();

/** A value printed as it is, unquoted: `null`, `[1,2]`, `NaN` where a string or number was expected. */
export class Literal {
  constructor(private readonly text: string) {}

  public toString(): string {
    return this.text;
  }
}

export type ErrorValue = string | number | boolean | Redacted | Literal;

/**
 * One problem with one field, in kube-apiserver's terms. Rules return these; `core/app/validation.ts`
 * prints them. Nothing else formats an error message.
 */
export interface FieldError {
  readonly path: FieldPath;
  readonly kind: ErrorKind;
  readonly value?: ErrorValue;
  readonly detail?: string;
}

/** Formats a value the way Go's `%q`/`%v` does in apimachinery messages: strings quoted, numbers bare. */
export function formatValue(value: ErrorValue): string {
  if (value instanceof Redacted || value instanceof Literal) return value.toString();
  if (typeof value === 'string') return quote(value);
  return String(value);
}

/** `<path>: <kind>[: <value>][: <detail>]` */
export function formatError(e: FieldError): string {
  return `${e.path}: ${formatErrorMessage(e)}`;
}

/** `<kind>[: <value>][: <detail>]`: the error without its path (where the path is printed apart). */
export function formatErrorMessage(e: FieldError): string {
  const parts: string[] = [e.kind];
  if (e.value !== undefined) parts.push(formatValue(e.value));
  if (e.detail) parts.push(e.detail);
  return parts.join(': ');
}

export function required(path: FieldPath, detail?: string): FieldError {
  return { path, kind: ErrorKind.REQUIRED, detail };
}

export function invalid(path: FieldPath, value: ErrorValue, detail: string): FieldError {
  return { path, kind: ErrorKind.INVALID, value, detail };
}

/** `Unsupported value: "x": supported values: "a", "b"`, optionally followed by why. */
export function unsupported(path: FieldPath, value: ErrorValue, supported: readonly string[], why?: string): FieldError {
  const list = supported.map((s) => quote(s)).join(', ');
  return { path, kind: ErrorKind.UNSUPPORTED, value, detail: `supported values: ${list}${why ? `; ${why}` : ''}` };
}

export function forbidden(path: FieldPath, detail: string): FieldError {
  return { path, kind: ErrorKind.FORBIDDEN, detail };
}

export function duplicate(path: FieldPath, value: ErrorValue, detail?: string): FieldError {
  return { path, kind: ErrorKind.DUPLICATE, value, detail };
}

export function tooLong(path: FieldPath, max: number, unit = 'bytes'): FieldError {
  return { path, kind: ErrorKind.TOO_LONG, detail: `may not be more than ${max} ${unit}` };
}


/**
 * Something that works but deserves attention (a deprecated plugin, a claim whose binding depends on
 * the cluster). Printed once per construct at synth, like kube-apiserver's `Warning:` lines.
 */
export interface FieldWarning {
  readonly path: FieldPath;
  readonly warning: string;
}

export type Finding = FieldError | FieldWarning;

export function warning(path: FieldPath, text: string): FieldWarning {
  return { path, warning: text };
}

export function isWarning(f: Finding): f is FieldWarning {
  return (f as FieldWarning).warning !== undefined;
}

export function formatWarning(w: FieldWarning): string {
  return `${w.path}: ${w.warning}`;
}
