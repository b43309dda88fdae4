import { FieldError, invalid } from './errors';
import { FieldPath } from './field-path';
import { isIPv4, isIPv6 } from './network';

/*
 * IP addresses as kube-apiserver validates them in v1 Endpoints and EndpointSlices (reference §4.7):
 * a valid IP (strict, as with StrictIPCIDRValidation: no leading zeros, no IPv4-mapped IPv6), and
 * none of the special ranges ValidateNonSpecialIP refuses. Valid addresses are written in canonical
 * form (dotted decimal; RFC 5952 for IPv6), which kube-apiserver otherwise warns about.
 */

/** A parsed address: 4 octets for IPv4, 8 16-bit groups for IPv6. */
interface Address {
  readonly v4: boolean;
  readonly parts: readonly number[];
}

const SLOPPY_IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

function parseIPv4(s: string): Address | undefined {
  return isIPv4(s) ? { v4: true, parts: s.split('.').map(Number) } : undefined;
}

function parseIPv6(s: string): Address | undefined {
  if (!isIPv6(s)) return undefined;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
  }
  const halves = text.split('::');
  const groups = (h: string) => (h === '' ? [] : h.split(':').map((g) => parseInt(g, 16)));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  return { v4: false, parts: halves.length === 2 ? [...head, ...new Array(8 - head.length - rest.length).fill(0), ...rest] : head };
}

/** RFC 5952: lower-case hex without leading zeros; the first longest run of two or more zero groups is `::`. */
function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: readonly number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** ::ffff:0:0/96 */
function isMapped(a: Address): boolean {
  return !a.v4 && a.parts.slice(0, 5).every((g) => g === 0) && a.parts[5] === 0xffff;
}

/** The canonical form of an IPv4 or IPv6 address, or undefined if `s` is not one kube-apiserver accepts strictly. */
export function canonicalIP(s: string): string | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4.parts.join('.');
  const v6 = parseIPv6(s);
  if (!v6 || isMapped(v6)) return undefined;
  return formatIPv6(v6.parts);
}

const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Go's net.IP predicates, as ValidateNonSpecialIP applies them. */
function specialRangeErrors(at: FieldPath, value: string, a: Address): FieldError[] {
  const p = a.parts;
  const errs: FieldError[] = [];
  if (p.every((x) => x === 0)) errs.push(invalid(at, value, `may not be unspecified (${value})`));
  if (a.v4 ? p[0] === 127 : p.slice(0, 7).every((g) => g === 0) && p[7] === 1) {
    errs.push(invalid(at, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  }
  // fe80::/10: the first group is fe80 through febf
  if (a.v4 ? p[0] === 169 && p[1] === 254 : p[0] >= 0xfe80 && p[0] <= 0xfebf) {
    errs.push(invalid(at, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  // Go's IsLinkLocalMulticast for IPv6: ff followed by any flags and scope 2 (ffX2::/16)
  if (a.v4 ? p[0] === 224 && p[1] === 0 && p[2] === 0 : p[0] >= 0xff00 && p[0] % 16 === 2) {
    errs.push(invalid(at, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

/**
 * kube-apiserver's rules for one Endpoints (or EndpointSlice) address at `at` (`subsets[0].addresses[1].ip`),
 * with its StrictIPCIDRValidation checks. A host name gets the same error, with a hint.
 */
export function endpointIPErrors(at: FieldPath, value: string): FieldError[] {
  const v4 = parseIPv4(value);
  const v6 = v4 ? undefined : parseIPv6(value);
  const a = v4 ?? v6;
  if (!a) {
    if (SLOPPY_IPV4.test(value) && value.split('.').every((o) => Number(o) <= 255)) {
      return [invalid(at, value, 'must not have leading 0s')];
    }
    const hostName = !value.includes(':') && /[A-Za-z]/.test(value);
    return [invalid(at, value, hostName ? `${INVALID_IP}; Endpoints hold IP addresses, not host names` : INVALID_IP)];
  }
  if (isMapped(a)) return [invalid(at, value, 'must not be an IPv4-mapped IPv6 address')];
  return specialRangeErrors(at, value, a);
}

