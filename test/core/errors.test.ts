import { ErrorKind, REDACTED, duplicate, forbidden, formatError, formatValue, formatWarning, invalid, isWarning, required, tooLong, unsupported, warning } from '../../src/core/rules/errors';
import { FieldPath } from '../../src/core/rules/field-path';

const LUN = FieldPath.root('spec', 'iscsi', 'lun');

describe('formatError', () => {
  test('Required value, with and without detail', () => {
    expect(formatError(required(FieldPath.root('spec', 'rbd', 'monitors')))).toEqual('spec.rbd.monitors: Required value');
    expect(formatError(required(FieldPath.root('spec', 'rbd', 'monitors'), 'list at least one monitor as "host:port"')))
      .toEqual('spec.rbd.monitors: Required value: list at least one monitor as "host:port"');
  });

  test('Invalid value: strings quoted, numbers and booleans bare', () => {
    expect(formatError(invalid(LUN, 300, 'must be between 0 and 255, inclusive'))).toEqual('spec.iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive');
    expect(formatError(invalid(LUN, -1.5, 'must be a whole number'))).toEqual('spec.iscsi.lun: Invalid value: -1.5: must be a whole number');
    expect(formatError(invalid(FieldPath.root('provisioner'), 'a b', 'bad'))).toEqual('provisioner: Invalid value: "a b": bad');
    expect(formatError(invalid(FieldPath.root('provisioner'), '300', 'bad'))).toEqual('provisioner: Invalid value: "300": bad');
    expect(formatError(invalid(FieldPath.root('spec', 'readOnly'), false, 'bad'))).toEqual('spec.readOnly: Invalid value: false: bad');
    expect(formatError(invalid(FieldPath.root('parameters'), '', 'field can not be empty.'))).toEqual('parameters: Invalid value: "": field can not be empty.');
  });

  test('strings are quoted like Go %q: quotes and backslashes escaped', () => {
    expect(formatError(invalid(FieldPath.root('x'), 'say "hi"\\', 'bad'))).toEqual('x: Invalid value: "say \\"hi\\"\\\\": bad');
  });

  test('Unsupported value, with the supported list and an optional reason', () => {
    const at = FieldPath.root('spec', 'accessModes').index(0);
    expect(formatError(unsupported(at, 'ReadWriteMany', ['ReadWriteOnce', 'ReadOnlyMany'])))
      .toEqual('spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadOnlyMany"');
    expect(formatError(unsupported(at, 'ReadWriteMany', ['ReadWriteOnce'], 'a LUN is attached by one node')))
      .toEqual('spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce"; a LUN is attached by one node');
  });

  test('Forbidden', () => {
    expect(formatError(forbidden(FieldPath.root('spec', 'glusterfs'), 'in-tree glusterfs was removed in 1.26 (target 1.30)')))
      .toEqual('spec.glusterfs: Forbidden: in-tree glusterfs was removed in 1.26 (target 1.30)');
  });

  test('Duplicate value: strings quoted, numbers bare', () => {
    expect(formatError(duplicate(FieldPath.root('values').index(1), 'eu-1a'))).toEqual('values[1]: Duplicate value: "eu-1a"');
    expect(formatError(duplicate(FieldPath.root('ports').index(1), 8080))).toEqual('ports[1]: Duplicate value: 8080');
    expect(formatError(duplicate(FieldPath.root('terms').index(1), ''))).toEqual('terms[1]: Duplicate value: ""');
  });

  test('Too long, in bytes unless told otherwise', () => {
    expect(formatError(tooLong(FieldPath.root('parameters'), 512))).toEqual('parameters: Too long: may not be more than 512 bytes');
    expect(formatError(tooLong(FieldPath.root('data'), 1048576))).toEqual('data: Too long: may not be more than 1048576 bytes');
    expect(formatError(tooLong(FieldPath.root('items'), 3, 'items'))).toEqual('items: Too long: may not be more than 3 items');
  });

  test('secret material prints as <redacted>, unquoted', () => {
    const at = FieldPath.root('stringData').key('node.session.auth.password');
    expect(formatValue(REDACTED)).toEqual('<redacted>');
    expect(String(REDACTED)).toEqual('<redacted>');
    expect(formatError(invalid(at, REDACTED, 'must be at least 12 characters')))
      .toEqual('stringData[node.session.auth.password]: Invalid value: <redacted>: must be at least 12 characters');
  });

  test('every kind carries the API server\'s word', () => {
    expect(Object.values(ErrorKind)).toEqual([
      'Required value', 'Invalid value', 'Unsupported value', 'Forbidden', 'Duplicate value', 'Too long',
    ]);
  });
});

describe('formatValue', () => {
  test.each([
    ['abc', '"abc"'],
    ['', '""'],
    [0, '0'],
    [65536, '65536'],
    [1.3, '1.3'],
    [true, 'true'],
  ])('%p → %s', (value, expected) => {
    expect(formatValue(value)).toEqual(expected);
  });
});

describe('warnings', () => {
  test('formatWarning is "<path>: <text>" and isWarning tells warnings from errors', () => {
    const w = warning(FieldPath.root('spec', 'rbd'), 'deprecated in v1.28, non-functional in v1.31+');
    expect(formatWarning(w)).toEqual('spec.rbd: deprecated in v1.28, non-functional in v1.31+');
    expect(isWarning(w)).toBe(true);
    expect(isWarning(required(FieldPath.root('spec')))).toBe(false);
  });
});

describe('FieldPath', () => {
  test('prints fields, list indexes and map keys the way kube-apiserver does', () => {
    const spec = FieldPath.root('spec');
    expect(String(spec.child('iscsi', 'lun'))).toEqual('spec.iscsi.lun');
    expect(String(spec.child('accessModes').index(0))).toEqual('spec.accessModes[0]');
    expect(String(spec.child('resources').key('storage'))).toEqual('spec.resources[storage]');
    expect(String(FieldPath.root('spec', 'template', 'spec').child('volumes').index(2).child('rbd', 'monitors').index(0)))
      .toEqual('spec.template.spec.volumes[2].rbd.monitors[0]');
    expect(String(FieldPath.root().child('provisioner'))).toEqual('provisioner');
  });
});
