// Parsing and matching of IP addresses and CIDR ranges, shared by the endpoint allowlist and
// the relay's trusted-proxy list. ipaddr.js does the parsing; this file only decides which
// spellings Porthole accepts and how IPv4-mapped IPv6 is treated.
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

interface IpRange {
  entry: string;
  address: IpAddress;
  bits: number;
}

export interface EntryProblem {
  index: number;
  entry: string;
  reason: string;
}

export class IpListError extends Error {
  constructor(
    readonly what: string,
    readonly problems: readonly EntryProblem[],
  ) {
    super(`${what}: ${problems.map((p) => `entry ${p.index + 1} "${p.entry}" ${p.reason}`).join('; ')}`);
    this.name = 'IpListError';
  }
}

export interface IpRanges {
  /** True when the address (already parsed) lies in one of the ranges. */
  contains(address: IpAddress): boolean;
  /** Accepted but probably not what was meant, e.g. host bits set in a CIDR. */
  readonly warnings: readonly string[];
  readonly size: number;
}

/**
 * Parses one address as it appears in a socket, a header or a config entry. IPv4 must be
 * four decimal parts: ipaddr.js also accepts `127.1` and octal/hex forms, which nobody means
 * in an allowlist and which would let `010.0.0.1` silently mean 8.0.0.1. IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`, what a dual-stack socket reports) becomes the IPv4 address it carries,
 * so one IPv4 rule covers both ways the same sender can appear.
 */
export function parseIpAddress(text: string): IpAddress | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    if (!ipaddr.IPv6.isValid(trimmed)) return null;
    const v6 = ipaddr.IPv6.parse(trimmed);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(trimmed) ? ipaddr.IPv4.parse(trimmed) : null;
}

/** One config entry: a range, perhaps with a warning, or why it is refused. */
function parseEntry(entry: string): { range: Omit<IpRange, 'entry'>; warning?: string } | { error: string } {
  const text = entry.trim();
  if (text === '') return { error: 'is empty' };
  if (text.startsWith('[')) return { error: 'has brackets; write the IPv6 address without [ ]' };
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (!address) {
    if (addressText.includes(':')) return { error: 'is not a valid IPv6 address' };
    return { error: 'is not a valid IPv4 address (four decimal parts, e.g. 203.0.113.7)' };
  }
  const written = addressText.includes(':') ? 128 : 32;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (slash === -1) return { range: { address, bits: max } };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return { error: 'has a prefix length that is not a number' };
  let bits = Number(prefixText);
  if (bits > written) return { error: `has prefix length /${bits}; the most for this address is /${written}` };
  // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range 10.0.0.0/8.
  if (written === 128 && max === 32) {
    if (bits < 96)
      return { error: 'is an IPv4-mapped range shorter than /96, which spans beyond IPv4; write it in IPv4' };
    bits -= 96;
  }
  const range = { address, bits };
  const network = networkAddress(address, bits);
  if (network.toNormalizedString() !== address.toNormalizedString()) {
    return { range, warning: `"${entry}" has host bits set; it matches ${network.toString()}/${bits}` };
  }
  return { range };
}

function networkAddress(address: IpAddress, bits: number): IpAddress {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}

/**
 * Compiles a list of addresses and CIDR ranges once, so each request only matches. Every bad
 * entry is reported together (which one, and why) in an IpListError.
 */
export function compileIpRanges(entries: readonly string[], what: string): IpRanges {
  const v4: IpRange[] = [];
  const v6: IpRange[] = [];
  const warnings: string[] = [];
  const problems: EntryProblem[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry);
    if ('error' in parsed) {
      problems.push({ index, entry, reason: parsed.error });
      return;
    }
    if (parsed.warning) warnings.push(parsed.warning);
    (parsed.range.address.kind() === 'ipv4' ? v4 : v6).push({ entry, ...parsed.range });
  });
  if (problems.length > 0) throw new IpListError(what, problems);
  return {
    contains(address) {
      const ranges = address.kind() === 'ipv4' ? v4 : v6;
      for (const r of ranges) if (address.match(r.address, r.bits)) return true;
      return false;
    },
    warnings,
    size: v4.length + v6.length,
  };
}
