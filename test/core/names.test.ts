import { formatError } from '../../src/core/rules/errors';
import { FieldPath } from '../../src/core/rules/field-path';
import { NameRule, isDnsLabel, labelValueErrors, nameErrors, qualifiedNameErrors } from '../../src/core/rules/names';

// kube-apiserver's messages (k8s.io/apimachinery/pkg/util/validation), reference §4.5.
const SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const LABEL_MSG = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';
const DNS1035_MSG = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')';
const NAME_PART_MSG = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const QUALIFIED_MSG = 'a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')';
const LABEL_VALUE_MSG = 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')';

const NAME = FieldPath.root('metadata', 'name');
const KEY = FieldPath.root('key');

const names = (value: string, rule: NameRule) => nameErrors(NAME, value, rule).map(formatError);
const qualified = (value: string) => qualifiedNameErrors(KEY, value).map(formatError);
const labelValues = (value: string) => labelValueErrors(KEY, value).map(formatError);
const q = (s: string) => JSON.stringify(s);

describe('nameErrors: DNS-1123 subdomain (PV, PVC, StorageClass, Secret)', () => {
  test.each(['fast', 'fast.example.com', '0-a', 'a'.repeat(253), `${'a'.repeat(63)}.${'b'.repeat(63)}`])('%s is valid', (name) => {
    expect(names(name, NameRule.DNS_SUBDOMAIN)).toEqual([]);
    expect(nameErrors(KEY, name, NameRule.DNS_SUBDOMAIN)).toEqual([]);
  });

  test.each(['Fast', 'fast_ssd', '-fast', 'fast.', '.fast', 'fast..ssd'])('%s breaks the pattern', (name) => {
    expect(names(name, NameRule.DNS_SUBDOMAIN)).toEqual([`metadata.name: Invalid value: ${q(name)}: ${SUBDOMAIN_MSG}`]);
    expect(nameErrors(KEY, name, NameRule.DNS_SUBDOMAIN)).not.toEqual([]);
  });

  test.each([NameRule.DNS_SUBDOMAIN, NameRule.DNS_LABEL, NameRule.DNS_1035_LABEL])('an empty name is missing (%s), as kube-apiserver says', (rule) => {
    expect(names('', rule)).toEqual(['metadata.name: Required value']);
  });

  test('254 characters: too long only', () => {
    const name = 'a'.repeat(254);
    expect(names(name, NameRule.DNS_SUBDOMAIN)).toEqual([`metadata.name: Invalid value: ${q(name)}: must be no more than 253 characters`]);
    expect(nameErrors(KEY, name, NameRule.DNS_SUBDOMAIN)).not.toEqual([]);
  });

  test('254 characters that also break the pattern: both messages', () => {
    const name = 'A'.repeat(254);
    expect(names(name, NameRule.DNS_SUBDOMAIN)).toEqual([
      `metadata.name: Invalid value: ${q(name)}: must be no more than 253 characters`,
      `metadata.name: Invalid value: ${q(name)}: ${SUBDOMAIN_MSG}`,
    ]);
  });
});

describe('nameErrors: DNS-1123 label (namespaces, Pod volume names)', () => {
  test.each(['data', 'my-name', '123-abc', 'a'.repeat(63)])('%s is valid', (name) => {
    expect(names(name, NameRule.DNS_LABEL)).toEqual([]);
    expect(isDnsLabel(name)).toBe(true);
  });

  test.each(['My-Name', 'my_name', '-data', 'data-'])('%s breaks the pattern', (name) => {
    expect(names(name, NameRule.DNS_LABEL)).toEqual([`metadata.name: Invalid value: ${q(name)}: ${LABEL_MSG}`]);
    expect(isDnsLabel(name)).toBe(false);
  });

  test('an empty name is no DNS label', () => {
    expect(isDnsLabel('')).toBe(false);
  });

  test('64 characters: too long only', () => {
    const name = 'a'.repeat(64);
    expect(names(name, NameRule.DNS_LABEL)).toEqual([`metadata.name: Invalid value: ${q(name)}: must be no more than 63 characters`]);
    expect(isDnsLabel(name)).toBe(false);
  });

  test('64 characters that also break the pattern: both messages', () => {
    const name = `${'a'.repeat(63)}_`;
    expect(names(name, NameRule.DNS_LABEL)).toEqual([
      `metadata.name: Invalid value: ${q(name)}: must be no more than 63 characters`,
      `metadata.name: Invalid value: ${q(name)}: ${LABEL_MSG}`,
    ]);
  });
});

describe('nameErrors: DNS-1035 label (Services)', () => {
  test.each(['gluster', 'abc-123', `g${'a'.repeat(62)}`])('%s is valid', (name) => {
    expect(names(name, NameRule.DNS_1035_LABEL)).toEqual([]);
  });

  test.each(['1gluster', 'Gluster', 'gluster-', 'glu.ster'])('%s breaks the pattern', (name) => {
    expect(names(name, NameRule.DNS_1035_LABEL)).toEqual([`metadata.name: Invalid value: ${q(name)}: ${DNS1035_MSG}`]);
  });

  test('64 characters: too long only', () => {
    const name = `g${'a'.repeat(63)}`;
    expect(names(name, NameRule.DNS_1035_LABEL)).toEqual([`metadata.name: Invalid value: ${q(name)}: must be no more than 63 characters`]);
  });
});

describe('qualifiedNameErrors (provisioners, label keys)', () => {
  test.each([
    'MyName', 'my.name', '123-abc', 'a', 'kubernetes.io/no-provisioner', 'rbd.csi.ceph.com',
    'topology.kubernetes.io/zone', 'example.com/My_Name', `example.com/${'n'.repeat(63)}`, `${'a'.repeat(253)}/x`,
  ])('%s is valid', (value) => {
    expect(qualified(value)).toEqual([]);
  });

  test('a name part with a space', () => {
    expect(qualified('my name')).toEqual([`key: Invalid value: "my name": ${NAME_PART_MSG}`]);
  });

  test('a name part that starts with a dash', () => {
    expect(qualified('example.com/-x')).toEqual([`key: Invalid value: "example.com/-x": ${NAME_PART_MSG}`]);
  });

  test('a name part over 63 characters', () => {
    const value = `example.com/${'n'.repeat(64)}`;
    expect(qualified(value)).toEqual([`key: Invalid value: ${q(value)}: name part must be no more than 63 characters`]);
  });

  test('a name part over 63 characters that also breaks the pattern', () => {
    const value = `${'n'.repeat(63)}_`;
    expect(qualified(value)).toEqual([
      `key: Invalid value: ${q(value)}: name part must be no more than 63 characters`,
      `key: Invalid value: ${q(value)}: ${NAME_PART_MSG}`,
    ]);
  });

  test('an empty prefix', () => {
    expect(qualified('/name')).toEqual(['key: Invalid value: "/name": prefix part must be non-empty']);
  });

  test('a prefix that is no DNS subdomain', () => {
    expect(qualified('Example.com/name')).toEqual([`key: Invalid value: "Example.com/name": prefix part ${SUBDOMAIN_MSG}`]);
  });

  test('a prefix over 253 characters: the length message, as kube-apiserver prefixes each subdomain message', () => {
    const value = `${'a'.repeat(254)}/name`;
    expect(qualified(value)).toEqual([`key: Invalid value: ${q(value)}: prefix part must be no more than 253 characters`]);
  });

  test('more than one slash', () => {
    expect(qualified('a/b/c')).toEqual([`key: Invalid value: "a/b/c": ${QUALIFIED_MSG}`]);
  });

  test('an empty name part: non-empty and the pattern, as kube-apiserver reports it', () => {
    expect(qualified('example.com/')).toEqual([
      'key: Invalid value: "example.com/": name part must be non-empty',
      `key: Invalid value: "example.com/": ${NAME_PART_MSG}`,
    ]);
  });

  test('prefix and name errors together', () => {
    expect(qualified('/-x')).toEqual([
      'key: Invalid value: "/-x": prefix part must be non-empty',
      `key: Invalid value: "/-x": ${NAME_PART_MSG}`,
    ]);
  });
});

describe('labelValueErrors', () => {
  test.each(['', 'eu-1a', 'MyValue', 'my_value', '12345', 'a.b', 'v'.repeat(63)])('%s is valid', (value) => {
    expect(labelValues(value)).toEqual([]);
  });

  test.each(['-x', 'x-', 'a b', 'a/b', '_x'])('%s breaks the pattern', (value) => {
    expect(labelValues(value)).toEqual([`key: Invalid value: ${q(value)}: ${LABEL_VALUE_MSG}`]);
  });

  test('64 characters: too long only', () => {
    const value = 'v'.repeat(64);
    expect(labelValues(value)).toEqual([`key: Invalid value: ${q(value)}: must be no more than 63 characters`]);
  });
});
