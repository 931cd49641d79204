// The header lines sent to a target: the captured lines with their case, order and
// duplicates, minus what belongs to the relay's hop (hop-by-hop, Host, Content-Length),
// plus the target's rewrites. Returned as node:http's flat raw-headers array, the one form
// that keeps case, order and duplicates on the wire.
import type { HeaderRewrites } from '../../protocol/desktop-api.js';
import type { HeaderPair } from '../../protocol/event.js';

export interface ForwardHeaders {
  /** `[name1, value1, name2, value2, ...]`, as node:http's `headers` option accepts it. */
  headers: string[];
  /** Lines that were not sent because node:http would reject them, or a rewrite may not set them. */
  dropped: string[];
}

// RFC 9110 §7.6.1, plus the de-facto ones proxies also strip.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// The forwarder owns these: Host names the target, Content-Length frames the exact body.
const OWNED = new Set(['host', 'content-length']);

// The same checks node:http makes before writing a header (checkIsHttpToken and
// checkInvalidHeaderChar); anything failing them would make the whole request throw.
const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const VALID_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function invalidReason([name, value]: HeaderPair): string | null {
  if (!TOKEN.test(name)) return 'invalid characters in the name';
  if (!VALID_VALUE.test(value)) return 'invalid characters in the value (CR, LF, NUL or another control)';
  return null;
}

function droppedLine(name: string, reason: string): string {
  // JSON quoting shows an injected CR/LF as \r\n instead of breaking the line it is shown on.
  return `${JSON.stringify(name)}: ${reason}`;
}

/** Hop-by-hop names: the fixed list plus every name listed in a Connection header. */
function hopByHopNames(headers: readonly HeaderPair[]): Set<string> {
  const names = new Set(HOP_BY_HOP);
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const token of value.split(',')) {
      const listed = token.trim().toLowerCase();
      if (listed) names.add(listed);
    }
  }
  return names;
}

/** The captured lines to pass on, with the Host and Content-Length of this hop in place. */
function passOn(headers: readonly HeaderPair[], targetHost: string, bodyLength: number, dropped: string[]) {
  const hopByHop = hopByHopNames(headers);
  const lines: HeaderPair[] = [['Host', targetHost]];
  let contentLengthPlaced = false;
  for (const line of headers) {
    const lower = line[0].toLowerCase();
    if (lower === 'host') continue;
    if (lower === 'content-length') {
      // Recomputed, but kept where the sender put it and spelled as the sender spelled it.
      if (!contentLengthPlaced) lines.push([line[0], String(bodyLength)]);
      contentLengthPlaced = true;
      continue;
    }
    if (hopByHop.has(lower)) continue;
    const reason = invalidReason(line);
    if (reason) dropped.push(droppedLine(line[0], reason));
    else lines.push([line[0], line[1]]);
  }
  // Always a Content-Length: the exact body is sent in one piece, never chunked.
  if (!contentLengthPlaced) lines.push(['Content-Length', String(bodyLength)]);
  return lines;
}

/** `set` entries grouped by name (case-insensitive), so a rewrite can set a repeated header. */
function groupSets(set: readonly HeaderPair[]): Map<string, HeaderPair[]> {
  const groups = new Map<string, HeaderPair[]>();
  for (const line of set) {
    const lower = line[0].toLowerCase();
    const group = groups.get(lower) ?? [];
    group.push([line[0], line[1]]);
    groups.set(lower, group);
  }
  return groups;
}

function applySets(lines: HeaderPair[], set: readonly HeaderPair[], dropped: string[]): HeaderPair[] {
  let result = lines;
  for (const [lower, group] of groupSets(set)) {
    // Host may be set (virtual hosts); framing and hop-by-hop lines may not.
    if (HOP_BY_HOP.has(lower) || lower === 'content-length') {
      dropped.push(
        droppedLine(group[0]![0], 'a rewrite may not set it: the forwarder manages framing and connections'),
      );
      continue;
    }
    const valid = group.filter((line) => {
      const reason = invalidReason(line);
      if (reason) dropped.push(droppedLine(line[0], reason));
      return !reason;
    });
    if (valid.length === 0) continue;
    const first = result.findIndex(([name]) => name.toLowerCase() === lower);
    const kept = result.filter(([name]) => name.toLowerCase() !== lower);
    // Replaced at the position of the first line of that name, or appended.
    kept.splice(first === -1 ? kept.length : first, 0, ...valid);
    result = kept;
  }
  return result;
}

export function buildForwardHeaders(
  headers: readonly HeaderPair[],
  rewrites: HeaderRewrites,
  targetHost: string,
  bodyLength: number,
): ForwardHeaders {
  const dropped: string[] = [];
  const removed = new Set(rewrites.remove.map((name) => name.toLowerCase()).filter((name) => !OWNED.has(name)));
  const passed = passOn(headers, targetHost, bodyLength, dropped).filter(([name]) => !removed.has(name.toLowerCase()));
  const lines = applySets(passed, rewrites.set, dropped);
  return { headers: lines.flat(), dropped };
}
