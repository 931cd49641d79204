// SSRF guard for the relay's outgoing alerts: a rule's webhook URL is the user's to choose, and
// the relay sits inside someone's network. Every address a host resolves to must be public
// unicast (ipaddr.js range() names the rest), unless the relay admin allowed its range. The
// address that passed is the one connected to (safe-fetch.ts), so DNS rebinding cannot slip in.
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { compileIpRanges, type IpAddress, type IpRanges } from '../door/ip-ranges.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has; injectable so tests need no DNS. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export class OutboundBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundBlockedError';
  }
}

/** IPv6 ranges that carry an IPv4 address: judged by the IPv4 address inside. */
const EMBEDS_V4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4']);

/** The IPv4 address carried by an IPv4-mapped, SIIT, NAT64 (64:ff9b::/96) or 6to4 address. */
function embeddedV4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const b = v6.toByteArray();
  if (range === '6to4') return new ipaddr.IPv4(b.slice(2, 6));
  // 64:ff9b:1::/48 is for local NAT64 deployments: nothing public lives there.
  if (range === 'rfc6052' && !v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) return null;
  return new ipaddr.IPv4(b.slice(12, 16));
}

/** Why an address may not be reached ("loopback", "private", …), or null when it is public. */
export function blockedRange(address: IpAddress): string | null {
  if (address.kind() === 'ipv4') {
    const range = (address as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'unicast') return null;
  if (EMBEDS_V4.has(range)) {
    const v4 = embeddedV4(v6, range);
    if (!v4) return range;
    const inner = blockedRange(v4);
    return inner === null ? null : `${range} ${inner}`;
  }
  return range;
}

/** A literal address as it appears in a URL's host (brackets for IPv6), or null for a name. */
export function literalAddress(hostname: string): IpAddress | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (ipaddr.IPv6.isValid(bare) && bare.includes(':')) return ipaddr.IPv6.parse(bare);
  // WHATWG URL has already turned 127.1 and 0x7f.0.0.1 into four decimal parts.
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  return null;
}

export class OutboundGuard {
  private readonly allowed: IpRanges;

  /** `allow`: CIDRs the relay admin lets through (--alerts-allow); throws IpListError on a bad one. */
  constructor(
    allow: readonly string[] = [],
    private readonly resolver: HostResolver = systemResolver,
  ) {
    this.allowed = compileIpRanges(allow, 'alerts allowlist');
  }

  /** Why this address is refused, or null. */
  refusal(address: IpAddress): string | null {
    if (this.allowed.contains(address)) return null;
    // An admin rule for 127.0.0.1/32 also covers ::ffff:127.0.0.1.
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      if (this.allowed.contains((address as ipaddr.IPv6).toIPv4Address())) return null;
    }
    const range = blockedRange(address);
    return range === null ? null : `${address.toString()} is a ${range} address`;
  }

  /**
   * What can be told without DNS, for a rule being saved: the scheme, credentials in the URL,
   * and a literal address that is not public. Empty when the URL may be tried.
   */
  staticProblems(url: string): string[] {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return [`"${url}" is not a URL`];
    }
    const problems: string[] = [];
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`${parsed.protocol} is not http(s)`);
    if (parsed.username || parsed.password) problems.push('credentials in the URL are not allowed; use a header');
    const literal = literalAddress(parsed.hostname);
    const why = literal ? this.refusal(literal) : null;
    if (why) problems.push(`${why}; the relay does not send alerts there unless its admin allows the range`);
    return problems;
  }

  /**
   * Resolves the URL's host and returns the address to connect to. Throws OutboundBlockedError
   * when any address it resolves to is refused: one bad record is enough to refuse the host.
   */
  async check(url: URL): Promise<ResolvedAddress> {
    const problems = this.staticProblems(url.href);
    if (problems.length > 0) throw new OutboundBlockedError(problems.join('; '));
    const literal = literalAddress(url.hostname);
    if (literal) {
      const v4 = literal.kind() === 'ipv4';
      return { address: literal.toString(), family: v4 ? 4 : 6 };
    }
    let resolved: ResolvedAddress[];
    try {
      resolved = await this.resolver(url.hostname);
    } catch (err) {
      throw new OutboundBlockedError(`${url.hostname} does not resolve: ${(err as Error).message}`);
    }
    if (resolved.length === 0) throw new OutboundBlockedError(`${url.hostname} has no addresses`);
    for (const r of resolved) {
      const address = literalAddress(r.address);
      const why = address ? this.refusal(address) : `${r.address} is not an IP address`;
      if (why) throw new OutboundBlockedError(`${url.hostname} resolves to ${why}`);
    }
    return resolved[0]!;
  }
}
