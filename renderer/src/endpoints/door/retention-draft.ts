// The Retention section's text fields and the EndpointRetention they make: empty is no limit
// on that axis; durations like 30d or 12h, sizes like 1GiB or 500MB, counts as whole numbers.
import { DEFAULT_RETENTION, type EndpointRetention } from '../../../../protocol/retention.js';
import { formatDuration, parseDuration, parseSize } from '../../../../protocol/units.js';

export interface RetentionDraft {
  keepFor: string;
  keepCount: string;
  keepSize: string;
}

export function formatBytes(bytes: number): string {
  for (const [unit, factor] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

export function draftFromRetention(r: EndpointRetention | undefined): RetentionDraft {
  const limits = r ?? DEFAULT_RETENTION;
  return {
    keepFor: limits.maxAgeMs === null ? '' : formatDuration(limits.maxAgeMs),
    keepCount: limits.maxCount === null ? '' : String(limits.maxCount),
    keepSize: limits.maxBytes === null ? '' : formatBytes(limits.maxBytes),
  };
}

/** The limits, or the first problem in words. */
export function retentionFromDraft(d: RetentionDraft): { retention: EndpointRetention } | { error: string } {
  try {
    const limit = (text: string, parse: (t: string) => number, what: string) => {
      if (text.trim() === '') return null;
      const n = parse(text.trim());
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${what} must be at least 1 (empty: no limit)`);
      return n;
    };
    const count = (t: string) => {
      if (!/^\d+$/.test(t)) throw new Error(`invalid count "${t}": expected a whole number`);
      return Number(t);
    };
    return {
      retention: {
        maxAgeMs: limit(d.keepFor, parseDuration, 'Keep for'),
        maxCount: limit(d.keepCount, count, 'Keep at most'),
        maxBytes: limit(d.keepSize, parseSize, 'Bodies up to'),
      },
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
