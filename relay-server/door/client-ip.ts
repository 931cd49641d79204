// Which address the door checks: the socket peer, unless that peer is one of the relay's
// trusted proxies, in which case X-Forwarded-For is walked from the right (the end a trusted
// proxy wrote) past further trusted proxies to the first address that is not one. Anything
// left of that point was written by the client and could say anything, so it is never read.
import { compileIpRanges, type IpAddress, type IpRanges, parseIpAddress } from './ip-ranges.js';

export { IpListError } from './ip-ranges.js';

/** The relay-level list of proxies (CIDRs) whose X-Forwarded-For is believed. */
export type TrustedProxies = IpRanges;

export function compileTrustedProxies(cidrs: readonly string[]): TrustedProxies {
  return compileIpRanges(cidrs, 'trusted proxies');
}

export interface ClientIpInput {
  /** req.socket.remoteAddress; undefined once the socket is gone. */
  socketAddress: string | undefined;
  /**
   * Every X-Forwarded-For value in arrival order: one string (Node's req.headers joins repeats
   * with ", ") or each header line as received. Several lines are one list, in order.
   */
  forwardedFor: string | readonly string[] | undefined;
  trusted: TrustedProxies | null;
}

export interface ClientIp {
  /** Canonical text (IPv4-mapped IPv6 shown as IPv4); '' if the socket address is unknown. */
  ip: string;
  source: 'socket' | 'x-forwarded-for';
  /** Why the walk stopped early, for logs and the owner; never sent to the sender. */
  note?: string;
}

const MAX_NOTE_ENTRY = 64;

export function clientIp({ socketAddress, forwardedFor, trusted }: ClientIpInput): ClientIp {
  const peer = parseIpAddress(socketAddress ?? '');
  if (!peer) return { ip: socketAddress ?? '', source: 'socket', note: 'the socket address is not an IP address' };
  if (!trusted?.contains(peer) || forwardedFor === undefined) return { ip: peer.toString(), source: 'socket' };

  const entries = (typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor).flatMap((v) => v.split(','));
  let nearest: IpAddress = peer;
  let source: ClientIp['source'] = 'socket';
  for (let i = entries.length - 1; i >= 0; i--) {
    const text = entries[i]!.trim();
    if (text === '') continue; // empty list elements are allowed and mean nothing
    const hop = parseForwardedEntry(text);
    if (!hop) {
      // A trusted proxy passed on something that is not an address: the client is unknown,
      // so the last trusted hop stands in for it (it will rarely be on an allowlist).
      const shown = text.length > MAX_NOTE_ENTRY ? `${text.slice(0, MAX_NOTE_ENTRY)}…` : text;
      return { ip: nearest.toString(), source, note: `X-Forwarded-For entry "${shown}" is not an IP address` };
    }
    if (!trusted.contains(hop)) return { ip: hop.toString(), source: 'x-forwarded-for' };
    nearest = hop;
    source = 'x-forwarded-for';
  }
  // Every hop was a trusted proxy: the farthest one is the best knowledge there is.
  return { ip: nearest.toString(), source };
}

/** `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:443`. */
function parseForwardedEntry(text: string): IpAddress | null {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return null;
    const rest = text.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return parseIpAddress(text.slice(1, close));
  }
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = text.split(':') as [string, string];
    return /^\d{1,5}$/.test(port) ? parseIpAddress(host) : null;
  }
  return parseIpAddress(text);
}
