import { FieldError, invalid } from './errors';
import { FieldPath } from './field-path';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** IPv6 in any RFC 4291 text form (no zone), checked by structure. */
export function isIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  const groups = 8;
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parse = (h: string) => (h === '' ? [] : h.split(':'));
  const parts = halves.flatMap(parse);
  if (!parts.every((p) => /^[0-9A-Fa-f]{1,4}$/.test(p))) return false;
  return halves.length === 2 ? parts.length < groups : parts.length === groups;
}

/**
 * A storage portal or monitor address: `host` or `host:port`, where host is an IPv4 address, a DNS
 * name or a bracketed IPv6 address (`[fd00::1]:3260`). `defaultPort` is what the consumer appends
 * when the port is missing; a bare IPv6 address would get it glued on, so it needs brackets and a port.
 */
export function hostPortErrors(at: FieldPath, value: string, defaultPort: number): FieldError[] {
  const allowed = () => `must be "host" or "host:port" with host an IP address or DNS name and port 1-65535; an IPv6 address needs brackets and a port, e.g. "[fd00::1]:${defaultPort}"`;
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(value);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2];
    if (!isIPv6(host) || port === undefined) return [invalid(at, value, allowed())];
  } else {
    const parts = value.split(':');
    if (parts.length > 2) return [invalid(at, value, allowed())];
    [host, port] = parts;
    if (!isIPv4(host) && !(HOSTNAME.test(host) && !/^[\d.]+$/.test(host))) return [invalid(at, value, allowed())];
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535) return [invalid(at, value, `port must be between 1 and 65535, inclusive (${allowed()})`)];
  }
  return [];
}
