import { FieldError, REDACTED, forbidden, invalid } from './errors';
import { FieldPath } from './field-path';

/*
 * What cdk8s can write and YAML readers read back unchanged. Kubernetes accepts these strings, but
 * cdk8s's writer does not carry them safely, so a manifest would fail or change on the way:
 * - a map key "constructor" makes cdk8s fail while writing (sanitizeValue reads obj.constructor);
 * - a map key "<<" is written unquoted, and YAML readers (kubectl's too) take it as a merge key;
 * - control characters, U+FFFE/U+FFFF and lone surrogates are written raw, and readers refuse them;
 * - NEL, U+2028 and U+2029 are line breaks to YAML 1.1 readers and are written unquoted.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const UNSAFE_TEXT = 'must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest';

/** Invalid when `value` holds characters the written manifest cannot carry; `secret` prints it redacted. */
export function textRules(at: FieldPath, value: string | undefined, secret = false): FieldError[] {
  return value !== undefined && UNSAFE.test(value) ? [invalid(at, secret ? REDACTED : value, UNSAFE_TEXT)] : [];
}

/** Keys and values of a string map that lands in a manifest (StorageClass parameters, attributes). */
export function stringMapRules(at: FieldPath, map: Readonly<Record<string, string>>): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(map)) {
    const kp = at.key(k);
    if (k === 'constructor') errs.push(forbidden(kp, 'cdk8s cannot write a map key named "constructor": it fails while writing manifests'));
    if (k === '__proto__') errs.push(forbidden(kp, 'a map key named "__proto__" is lost on the way to the manifest (JavaScript objects treat it as their prototype)'));
    if (k === '<<') errs.push(forbidden(kp, 'cdk8s writes the key "<<" unquoted, and YAML readers (kubectl\'s too) take it as a merge key'));
    errs.push(...textRules(kp, k), ...textRules(kp, v));
  }
  return errs;
}
