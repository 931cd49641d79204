// The flags of `porthole alerts`: --when CONDITION, --retry SCHEDULE, --header 'Name: value',
// each turned into the rule model or a one-line error (commander's InvalidArgumentError).

import { InvalidArgumentError } from 'commander';
import type { AlertCondition } from '../protocol/alerts/alert-rule.js';
import { parseRetrySchedule } from '../protocol/alerts/retry-schedule.js';
import { parseDuration } from '../protocol/units.js';
import { filterArg } from './option-parsers.js';

const MINUTE = 60_000;

function minutes(text: string, what: string): number {
  // A bare number is minutes here, not parseDuration's milliseconds.
  const ms = parseDuration(/^\d+$/.test(text) ? `${text}m` : text);
  if (ms < MINUTE || ms % MINUTE !== 0)
    throw new Error(`${what} must be whole minutes, e.g. 10m or 2h (got "${text}")`);
  return ms / MINUTE;
}

function count(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new Error(`${what} must be a positive whole number (got "${text}")`);
  return Number(text);
}

const WHEN_HELP =
  'signature-failed, schema-invalid, rate-limited, forward-failed[:any|error|4xx|5xx], replay-failed, relay-unreachable:10m, device-offline:N, silence:30m, burst:N/5m, match:FILTER';

/** `--when` in words: see WHEN_HELP. */
export function parseWhen(value: string): AlertCondition {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const arg = colon < 0 ? '' : value.slice(colon + 1);
  const need = () => {
    if (!arg) throw new Error(`--when ${kind} needs a value after ':' (${WHEN_HELP})`);
    return arg;
  };
  const none = (c: AlertCondition) => {
    if (arg) throw new Error(`--when ${kind} takes no value`);
    return c;
  };
  switch (kind) {
    case 'signature-failed':
      return none({ kind: 'signature_failed' });
    case 'schema-invalid':
      return none({ kind: 'schema_invalid' });
    case 'rate-limited':
      return none({ kind: 'rate_limited' });
    case 'replay-failed':
      return none({ kind: 'replay_failed' });
    case 'forward-failed': {
      if (!arg) return { kind: 'forward_failed' };
      if (!['any', 'error', '4xx', '5xx'].includes(arg)) {
        throw new Error(`--when forward-failed:${arg}: expected any, error, 4xx or 5xx`);
      }
      return { kind: 'forward_failed', on: arg as 'any' | 'error' | '4xx' | '5xx' };
    }
    case 'relay-unreachable':
      return { kind: 'relay_unreachable', minutes: minutes(need(), 'relay-unreachable') };
    case 'silence':
      return { kind: 'silence', minutes: minutes(need(), 'silence') };
    case 'device-offline':
      return { kind: 'device_offline', minEvents: count(need(), 'device-offline') };
    case 'burst': {
      const m = /^(\d+)\/(.+)$/.exec(need());
      if (!m) throw new Error(`--when burst:${arg}: expected COUNT/WINDOW, e.g. burst:50/5m`);
      return { kind: 'burst', count: count(m[1]!, 'the burst count'), minutes: minutes(m[2]!, 'the burst window') };
    }
    case 'match':
      return { kind: 'event_matches', filter: filterArg(need()) };
    default:
      throw new Error(`unknown condition "${kind}": expected one of ${WHEN_HELP}`);
  }
}

/** `0,5s,5m,30m,2h`: the delay before each try. */
export function parseRetry(value: string): number[] {
  try {
    return parseRetrySchedule(value);
  } catch (err) {
    throw new Error(`--retry: ${(err as Error).message}`);
  }
}

/** `Name: value`. */
export function parseHeader(value: string, previous: [string, string][] = []): [string, string][] {
  const colon = value.indexOf(':');
  const name = colon < 0 ? '' : value.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new InvalidArgumentError(`invalid header "${value}": expected 'Name: value'`);
  }
  return [...previous, [name, value.slice(colon + 1).trim()]];
}

export const wrapArg =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (err) {
      throw err instanceof InvalidArgumentError ? err : new InvalidArgumentError((err as Error).message);
    }
  };

export { WHEN_HELP };
