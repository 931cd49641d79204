// What happens after one try of an outgoing alert: done on 2xx; the rule switched off on 410;
// otherwise the next try per the rule's schedule, with jitter, and never before the receiver's
// Retry-After; given up when the schedule runs out. Pure, so the engine and the relay share it.
import { concatBytes, utf8 } from '../signatures/bytes.js';
import { signMac } from '../signatures/hmac.js';

export type AlertNextStep = { kind: 'done' } | { kind: 'gone' } | { kind: 'retry'; at: number } | { kind: 'give_up' };

export interface AlertTryOutcome {
  /** null: no answer (network error, timeout). */
  status: number | null;
  /** The Retry-After header, as sent. */
  retryAfter?: string | null;
}

/** Jitter spreads retries of many alerts: each delay is moved by up to ±20%. */
const JITTER = 0.2;
/** A Retry-After further out than this is read as this. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;
/** Each try waits at most this long for the answer. */
export const ALERT_TIMEOUT_MS = 10_000;
/** The part of an answer kept in the log. */
export const ALERT_RESPONSE_LOG_BYTES = 4096;

/**
 * `attempt` is the 1-based number of the try that just ended; `schedule[i]` is the delay before
 * try i+1 (schedule[0], the first try's, is usually 0).
 */
export function nextAlertStep(
  attempt: number,
  outcome: AlertTryOutcome,
  schedule: readonly number[],
  now: number,
  random: () => number = Math.random,
): AlertNextStep {
  const { status } = outcome;
  if (status !== null && status >= 200 && status < 300) return { kind: 'done' };
  if (status === 410) return { kind: 'gone' };
  if (attempt >= schedule.length) return { kind: 'give_up' };
  const planned = schedule[attempt]!;
  const jittered = Math.round(planned * (1 + JITTER * (2 * random() - 1)));
  const retryAfter = retryAfterMs(outcome.retryAfter ?? null, now);
  return { kind: 'retry', at: now + Math.max(jittered, retryAfter ?? 0) };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * The Standard Webhooks headers for an alert. `webhook-id` is the alert's id on every try, so a
 * receiver can drop a retry it already handled; `webhook-timestamp` is the try's time.
 */
export async function signAlert(secret: string, alertId: string, body: Uint8Array, nowMs: number) {
  const timestamp = String(Math.floor(nowMs / 1000));
  const content = concatBytes([utf8(`${alertId}.${timestamp}.`), body]);
  const signature = await signMac([secret], 'whsec', 'SHA-256', 'base64', content);
  const headers: [string, string][] = [
    ['webhook-id', alertId],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', `v1,${signature}`],
  ];
  return headers;
}
