import { FieldError, invalid, required } from './errors';
import { FieldPath } from './field-path';

// kube-apiserver's own wording (k8s.io/apimachinery/pkg/util/validation).
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const compiled = new Map<string, RegExp>();
/** The pattern anchored at both ends, compiled once. */
const anchored = (re: string): RegExp => {
  let r = compiled.get(re);
  if (!r) compiled.set(re, r = new RegExp(`^${re}$`));
  return r;
};

const SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'' + DNS1123_SUBDOMAIN + '\')';
const LABEL_MSG = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'' + DNS1123_LABEL + '\')';
const DNS1035_MSG = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'' + DNS1035_LABEL + '\')';
const QUALIFIED_MSG = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'' + QUALIFIED_NAME + '\')';
const LABEL_VALUE_MSG = 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'' + LABEL_VALUE + '\')';

/** The name rules of Kubernetes objects (reference §4.5). */
export enum NameRule {
  /** PersistentVolume, PersistentVolumeClaim, StorageClass, Secret, Endpoints: up to 253 characters. */
  DNS_SUBDOMAIN = 'subdomain',
  /** Namespaces, Pod volume names: up to 63 characters. */
  DNS_LABEL = 'label',
  /** Services: up to 63 characters, starting with a letter. */
  DNS_1035_LABEL = 'dns1035',
}

export function isDnsLabel(v: string): boolean {
  return v.length <= 63 && anchored(DNS1123_LABEL).test(v);
}

/** Errors for a name under the given rule, in kube-apiserver's words; empty when the name is valid. */
export function nameErrors(at: FieldPath, name: string, rule: NameRule): FieldError[] {
  if (typeof name !== 'string') return []; // a value of another type: its shape rule reports it
  if (name === '') return [required(at)];
  const errs: FieldError[] = [];
  const [max, re, msg] = rule === NameRule.DNS_SUBDOMAIN
    ? [253, DNS1123_SUBDOMAIN, SUBDOMAIN_MSG]
    : rule === NameRule.DNS_LABEL ? [63, DNS1123_LABEL, LABEL_MSG] : [63, DNS1035_LABEL, DNS1035_MSG];
  if (name.length > max) errs.push(invalid(at, name, `must be no more than ${max} characters`));
  if (!anchored(re).test(name)) errs.push(invalid(at, name, msg));
  return errs;
}

/**
 * A qualified name (`prefix/name` or `name`): StorageClass provisioners, label keys.
 * The prefix is a DNS subdomain, the name part at most 63 characters of `QUALIFIED_NAME`.
 */
export function qualifiedNameErrors(at: FieldPath, value: string): FieldError[] {
  // apimachinery IsQualifiedName: each message on its own, prefixed with the part it is about.
  const parts = value.split('/');
  let name: string;
  const errs: FieldError[] = [];
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) {
      errs.push(invalid(at, value, 'prefix part must be non-empty'));
    } else {
      if (prefix.length > 253) errs.push(invalid(at, value, 'prefix part must be no more than 253 characters'));
      if (!anchored(DNS1123_SUBDOMAIN).test(prefix)) errs.push(invalid(at, value, `prefix part ${SUBDOMAIN_MSG}`));
    }
  } else {
    return [invalid(at, value, 'a qualified name ' + QUALIFIED_MSG.replace(/^name part /, '') + ' with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')')];
  }
  if (name.length === 0) errs.push(invalid(at, value, 'name part must be non-empty'));
  else if (name.length > 63) errs.push(invalid(at, value, 'name part must be no more than 63 characters'));
  if (!anchored(QUALIFIED_NAME).test(name)) errs.push(invalid(at, value, QUALIFIED_MSG));
  return errs;
}

/** A label value: empty, or up to 63 characters of `QUALIFIED_NAME`. */
export function labelValueErrors(at: FieldPath, value: string): FieldError[] {
  const errs: FieldError[] = [];
  if (value.length > 63) errs.push(invalid(at, value, 'must be no more than 63 characters'));
  if (!anchored(LABEL_VALUE).test(value)) errs.push(invalid(at, value, LABEL_VALUE_MSG));
  return errs;
}

/**
 * Cluster-scoped kinds (PersistentVolume, StorageClass) take no namespace, but cdk8s gives every
 * ApiObject its Chart's. This drops it, in the one place the library does so.
 */
export function makeClusterScoped(metadata: import('cdk8s').ApiObjectMetadataDefinition): void {
  (metadata as { namespace?: string }).namespace = undefined;
}
