// The event-shaped conditions of desktop rules, as pure functions: does this stored event, or
// this forward attempt, trip the condition, and if so why, in words. The time-shaped ones
// (silence, burst, relay unreachable) keep state and live in alert-watchers.ts.
import type { AlertCondition } from '../../protocol/alerts/alert-rule.js';
import type { ForwardAttempt } from '../../protocol/desktop-api.js';
import type { StoredEvent } from '../store/event-records.js';

type Condition<K extends AlertCondition['kind']> = Extract<AlertCondition, { kind: K }>;

const where = (event: Pick<StoredEvent, 'endpointName'>) => `"${event.endpointName}"`;
const request = (event: Pick<StoredEvent, 'method' | 'path'>) => `${event.method} ${event.path || '/'}`;

/** Why this newly stored event trips an event condition; null when it does not. */
export function eventReason(
  condition: AlertCondition,
  event: StoredEvent,
  matches: (filter: string) => boolean,
): string | null {
  switch (condition.kind) {
    case 'event_matches':
      return matches(condition.filter)
        ? `an event on ${where(event)} matched ${JSON.stringify(condition.filter)}`
        : null;
    case 'signature_failed': {
      const signature = event.findings?.signature;
      if (!signature || signature.ok) return null;
      const why =
        signature.explanation?.summary ?? signature.reason ?? `the ${signature.scheme} signature did not verify`;
      return `signature failed on ${where(event)}: ${why}`;
    }
    case 'schema_invalid': {
      const schema = event.findings?.schema;
      if (!schema || schema.ok) return null;
      const [first, ...rest] = schema.errors;
      const detail = first ? `${first.path || '/'} ${first.message}` : 'the body does not match the schema';
      return `schema invalid on ${where(event)}: ${detail}${rest.length > 0 ? ` (and ${rest.length} more)` : ''}`;
    }
    default:
      return null;
  }
}

/** Whether a local answer counts as failed for `on` (any: a network error or a status outside 2xx). */
export function forwardFailed(on: Condition<'forward_failed'>['on'], attempt: ForwardAttempt): boolean {
  const status = attempt.status;
  switch (on ?? 'any') {
    case 'error':
      return attempt.error !== null;
    case '4xx':
      return status !== null && status >= 400 && status < 500;
    case '5xx':
      return status !== null && status >= 500 && status < 600;
    default:
      return attempt.error !== null || status === null || status < 200 || status >= 300;
  }
}

const outcome = (attempt: ForwardAttempt) =>
  attempt.error ? `${attempt.error.kind} (${attempt.error.message})` : `answered ${attempt.status}`;

/** Why a forward or replay attempt trips the condition; null when it does not. */
export function attemptReason(
  condition: AlertCondition,
  attempt: ForwardAttempt,
  event: Pick<StoredEvent, 'endpointName' | 'method' | 'path' | 'replayOf'>,
): string | null {
  const replayed = event.replayOf !== null;
  if (condition.kind === 'forward_failed' && !replayed && forwardFailed(condition.on, attempt)) {
    return `forward failed on ${where(event)}: ${attempt.url} ${outcome(attempt)} for ${request(event)}`;
  }
  if (condition.kind === 'replay_failed' && replayed && forwardFailed('any', attempt)) {
    return `replay of ${event.replayOf} failed on ${where(event)}: ${attempt.url} ${outcome(attempt)}`;
  }
  return null;
}
