// A rule in words for the list: its condition, where it runs, its throttle.
import type { AlertCondition, AlertConditionKind, AlertSide } from '../../../protocol/alerts/alert-rule.js';

/** The condition kinds in the order the editor offers them, with their short labels. */
export const CONDITION_LABELS: Record<AlertConditionKind, string> = {
  event_matches: 'An event matches a filter',
  forward_failed: 'Forwarding to a local target failed',
  signature_failed: 'Signature check failed',
  schema_invalid: 'Payload schema check failed',
  rate_limited: 'The door rate-limited requests',
  replay_failed: 'A replay failed',
  relay_unreachable: 'The relay is unreachable',
  device_offline: 'A device is offline with events waiting',
  silence: 'No events for a while',
  burst: 'A burst of events',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const FORWARD_FAILED_ON = {
  any: 'forwarding failed (error, 4xx or 5xx)',
  error: 'forwarding failed with a network error',
  '4xx': 'the local service answered 4xx',
  '5xx': 'the local service answered 5xx',
} as const;

export function conditionInWords(condition: AlertCondition): string {
  switch (condition.kind) {
    case 'event_matches':
      return `an event matches ${condition.filter}`;
    case 'forward_failed':
      return FORWARD_FAILED_ON[condition.on ?? 'any'];
    case 'signature_failed':
      return 'a signature check failed';
    case 'schema_invalid':
      return 'a payload failed its schema';
    case 'rate_limited':
      return 'the door answered 429';
    case 'replay_failed':
      return 'a replay failed';
    case 'relay_unreachable':
      return `the relay is unreachable for ${plural(condition.minutes, 'minute')}`;
    case 'device_offline':
      return `a device is offline while ${plural(condition.minEvents, 'event')} wait`;
    case 'silence':
      return `no event for ${plural(condition.minutes, 'minute')}`;
    case 'burst':
      return `more than ${plural(condition.count, 'event')}${condition.filter ? ` matching ${condition.filter}` : ''} in ${plural(condition.minutes, 'minute')}`;
  }
}

export function sideInWords(side: AlertSide): string {
  return side === 'relay' ? 'on the relay' : 'on this desktop';
}

export function throttleInWords(throttleMs: number): string {
  if (throttleMs === 0) return 'every time';
  const minutes = throttleMs / 60_000;
  if (Number.isInteger(minutes)) return `at most once per ${plural(minutes, 'minute')}`;
  return `at most once per ${plural(Math.round(throttleMs / 1000), 'second')}`;
}
