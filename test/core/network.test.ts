import { formatError } from '../../src/core/rules/errors';
import { FieldPath } from '../../src/core/rules/field-path';
import { hostPortErrors, isIPv4, isIPv6 } from '../../src/core/rules/network';

const AT = FieldPath.root('spec', 'iscsi', 'targetPortal');
const ALLOWED = 'must be "host" or "host:port" with host an IP address or DNS name and port 1-65535; an IPv6 address needs brackets and a port, e.g. "[fd00::1]:3260"';
const PORT = `port must be between 1 and 65535, inclusive (${ALLOWED})`;

const check = (value: string) => hostPortErrors(AT, value, 3260).map(formatError);
const q = (s: string) => JSON.stringify(s);

describe('hostPortErrors', () => {
  test.each([
    '10.0.2.34',
    '10.0.2.34:3260',
    '0.0.0.0:1',
    '255.255.255.255:65535',
    'storage',
    'storage.example.com',
    'storage.example.com:3260',
    'Storage-1.Example.com:6789',
    '[fd00::1]:3260',
    '[::1]:1',
    '[2001:db8:0:0:0:0:0:1]:3260',
    '[::ffff:10.0.0.1]:3260',
    '[FD00::ABCD]:65535',
  ])('%s is valid', (value) => {
    expect(check(value)).toEqual([]);
  });

  test.each([
    'fd00::1', // bare IPv6: the consumer would glue ":3260" onto it
    '::1',
    'fd00::1:3260',
    '[fd00::1]', // brackets without a port
    '[fd00::zz]:3260',
    '[10.0.0.1]:3260', // brackets hold IPv6 only
    '[fd00::1%eth0]:3260', // no zones
    '10.0.0.256',
    '10.0.0',
    '1.2.3.4.5',
    '-storage.example.com',
    'storage-.example.com',
    'storage..example.com',
    'stor age',
    'storage_1.example.com',
    '',
    `${'a'.repeat(64)}.example.com`,
  ])('%s is refused as no host', (value) => {
    expect(check(value)).toEqual([`spec.iscsi.targetPortal: Invalid value: ${q(value)}: ${ALLOWED}`]);
  });

  test.each([
    '10.0.2.34:0',
    '10.0.2.34:65536',
    '10.0.2.34:',
    'storage.example.com:http',
    'storage:-1',
    'storage:3260.5',
    '[fd00::1]:0',
    '[fd00::1]:70000',
    '[fd00::1]:',
  ])('%s is refused for its port', (value) => {
    expect(check(value)).toEqual([`spec.iscsi.targetPortal: Invalid value: ${q(value)}: ${PORT}`]);
  });

  test('the default port shows in the IPv6 example', () => {
    expect(hostPortErrors(FieldPath.root('monitors').index(0), 'fd00::1', 6789).map(formatError)).toEqual([
      'monitors[0]: Invalid value: "fd00::1": must be "host" or "host:port" with host an IP address or DNS name and port 1-65535; an IPv6 address needs brackets and a port, e.g. "[fd00::1]:6789"',
    ]);
  });
});

describe('isIPv4 / isIPv6', () => {
  test.each(['0.0.0.0', '10.0.2.34', '255.255.255.255'])('%s is IPv4', (s) => expect(isIPv4(s)).toBe(true));
  test.each(['256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d'])('%s is not IPv4', (s) => expect(isIPv4(s)).toBe(false));

  test.each(['::', '::1', 'fd00::1', '2001:db8::', '1:2:3:4:5:6:7:8', '::ffff:10.0.0.1', '1:2:3:4:5:6:1.2.3.4'])('%s is IPv6', (s) => {
    expect(isIPv6(s)).toBe(true);
  });
  test.each(['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fd00::1%eth0', '12345::1', 'g::1', '1:2:3:4:5:6:7::8:9', '::ffff:10.0.0.256'])('%s is not IPv6', (s) => {
    expect(isIPv6(s)).toBe(false);
  });
});
