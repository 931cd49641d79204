// Human-friendly durations and sizes for CLI flags and environment variables.

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses `500ms`, `30s`, `15m`, `24h`, `7d` (or a bare number of milliseconds) into ms. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) {
    throw new Error(`invalid duration "${text}": expected a number with a unit, e.g. 30s, 15m, 24h, 7d`);
  }
  const unit = (match[2] ?? 'ms').toLowerCase();
  return Math.round(Number(match[1]) * (DURATION_UNITS[unit] ?? 1));
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** Parses `512`, `64KiB`, `25MB`, `1g` into bytes. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(text);
  const unit = (match?.[2] ?? 'b').toLowerCase();
  const factor = SIZE_UNITS[unit];
  if (!match || factor === undefined) {
    throw new Error(`invalid size "${text}": expected a number with a unit, e.g. 512KiB, 25MB, 1GiB`);
  }
  return Math.round(Number(match[1]) * factor);
}

export function formatDuration(ms: number): string {
  for (const [unit, factor] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= factor && ms % factor === 0) return `${ms / factor}${unit}`;
  }
  return `${ms}ms`;
}
