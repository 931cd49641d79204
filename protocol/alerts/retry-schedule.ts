// A retry schedule as people write it: `0, 5s, 5m, 30m, 2h`, the delay before each try. Shared
// by the CLI's --retry and the rule editor.
import { formatDuration, parseDuration } from '../units.js';

const MAX_TRIES = 10;
const MAX_DELAY_MS = 7 * 24 * 3_600_000;

/** Throws with a one-line reason. */
export function parseRetrySchedule(text: string): number[] {
  const delays = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => parseDuration(part));
  if (delays.length < 1 || delays.length > MAX_TRIES) {
    throw new Error(`a retry schedule has 1 to ${MAX_TRIES} delays, e.g. 0, 5s, 5m, 30m, 2h`);
  }
  if (delays.some((d) => d > MAX_DELAY_MS)) throw new Error('a retry delay is at most 7d');
  return delays;
}

export function formatRetrySchedule(delays: readonly number[]): string {
  return delays.map((d) => (d === 0 ? '0' : formatDuration(d))).join(', ');
}
