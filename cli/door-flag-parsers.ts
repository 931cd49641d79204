// commander parsers for the door flags of `porthole endpoints`: each turns one flag's text
// into its piece of a DoorConfig, or a one-line reason (InvalidArgumentError) why it cannot.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  DEFAULT_STATIC_RESPONSE,
  type DoorRateLimit,
  MAX_PAYLOAD_SCHEMA_BYTES,
  type StaticResponse,
} from '../protocol/endpoint-door.js';
import { SIGNATURE_SCHEMES, type SignatureScheme } from '../protocol/signatures/index.js';
import { parseDuration } from '../protocol/units.js';
import { compileIpRanges, IpListError } from '../relay-server/door/ip-ranges.js';

const invalid = (message: string): never => {
  throw new InvalidArgumentError(message);
};

export function schemeArg(value: string): SignatureScheme {
  if ((SIGNATURE_SCHEMES as readonly string[]).includes(value)) return value as SignatureScheme;
  return invalid(`unknown scheme "${value}": expected one of ${SIGNATURE_SCHEMES.join(', ')}`);
}

export function onFailArg(value: string): 'reject' | 'flag' {
  if (value === 'reject' || value === 'flag') return value;
  return invalid(`invalid --on-fail "${value}": expected reject or flag`);
}

/** Repeatable flags collect into a list. */
export const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function cidrArg(value: string, previous: string[] | undefined): string[] {
  // The relay's own parser, so what the CLI accepts is exactly what the door enforces.
  try {
    compileIpRanges([value], '--allow');
  } catch (err) {
    const reason = err instanceof IpListError ? err.problems[0]?.reason : undefined;
    invalid(`invalid --allow "${value}": ${reason ?? 'expected an IPv4/IPv6 address or CIDR range'}, e.g. 10.0.0.0/8`);
  }
  return collect(value, previous);
}

/** `100/1m`: N requests per window; the window must be whole seconds, 1s to 1d. */
export function rateLimitArg(value: string): DoorRateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(value);
  if (!match) return invalid(`invalid --rate-limit "${value}": expected N/WINDOW, e.g. 100/1m`);
  const requests = Number(match[1]);
  let windowMs: number;
  try {
    windowMs = parseDuration(/^\d+$/.test(match[2]!) ? `${match[2]}s` : match[2]!);
  } catch {
    return invalid(`invalid --rate-limit "${value}": window "${match[2]}" is not a duration like 1s, 10s, 1m, 1h`);
  }
  if (requests < 1 || requests > 1_000_000) return invalid(`invalid --rate-limit "${value}": N must be 1-1000000`);
  if (windowMs < 1000 || windowMs > 86_400_000 || windowMs % 1000 !== 0) {
    return invalid(`invalid --rate-limit "${value}": window must be whole seconds between 1s and 1d`);
  }
  return { requests, windowSeconds: windowMs / 1000 };
}

function readFileArg(flag: string, file: string): string {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return invalid(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/** A JSON Schema file, parsed; the door compiles it (and reports its problems) before it is sent. */
export function schemaFileArg(file: string): unknown {
  const text = readFileArg('--schema', file);
  if (Buffer.byteLength(text) > MAX_PAYLOAD_SCHEMA_BYTES) {
    invalid(`--schema ${file}: larger than ${MAX_PAYLOAD_SCHEMA_BYTES} bytes`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return invalid(`--schema ${file}: not JSON (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
}

/** `202` or `200:./body.json`; the content type follows the body: JSON when it parses, else text. */
export function respondArg(value: string): StaticResponse {
  const colon = value.indexOf(':');
  const statusText = colon === -1 ? value : value.slice(0, colon);
  const status = Number(statusText);
  if (!/^\d{3}$/.test(statusText) || status < 200 || status > 599) {
    return invalid(`invalid --respond "${value}": expected STATUS (200-599) or STATUS:BODY_FILE`);
  }
  // No body file: the default acknowledgement with this status (no body where HTTP allows none).
  if (colon === -1)
    return [204, 205, 304].includes(status)
      ? { status, headers: [], body: '' }
      : { ...DEFAULT_STATIC_RESPONSE, status };
  const body = readFileArg('--respond', value.slice(colon + 1));
  let json = true;
  try {
    JSON.parse(body);
  } catch {
    json = false;
  }
  return { status, headers: [['content-type', json ? 'application/json' : 'text/plain; charset=utf-8']], body };
}

/** The passthrough timeout, 100ms to 60s. */
export function passthroughArg(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (err) {
    return invalid((err as Error).message);
  }
  if (ms < 100 || ms > 60_000) return invalid(`invalid --passthrough "${value}": expected 100ms to 60s`);
  return ms;
}

export function choiceArg<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    return invalid(`invalid ${flag} "${value}": expected ${choices.join(', ')}`);
  };
}
