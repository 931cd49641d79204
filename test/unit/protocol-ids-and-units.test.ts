import { describe, expect, it } from 'vitest';
import { isEndpointKey, newEndpointKey, newId, newPairingCode, normalizePairingCode } from '../../protocol/ids.js';
import { formatDuration, parseDuration, parseSize } from '../../protocol/units.js';

describe('ids', () => {
  it('makes endpoint keys of wh_ and 32 alphanumerics, all different', () => {
    const keys = new Set(Array.from({ length: 2000 }, newEndpointKey));
    expect(keys.size).toBe(2000);
    for (const key of keys) expect(key).toMatch(/^wh_[A-Za-z0-9]{32}$/);
    expect(isEndpointKey('wh_short')).toBe(false);
    expect(isEndpointKey(`wh_${'a'.repeat(31)}-`)).toBe(false);
  });

  it('uses every alphanumeric character in keys (no modulo bias leaves some out)', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newEndpointKey().slice(3)).join(''));
    expect(seen.size).toBe(62);
  });

  it('makes ids that sort by creation time', () => {
    const a = newId('evt', 1_700_000_000_000);
    const b = newId('evt', 1_700_000_000_001);
    const c = newId('evt', 1_800_000_000_000);
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(a).toMatch(/^evt_[0-9A-Z]{26}$/);
  });

  it('normalises pairing codes as people type them', () => {
    const code = newPairingCode();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(normalizePairingCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code.replaceAll('-', ''));
    expect(normalizePairingCode('o1l0-iiii')).toBe('01101111');
  });
});

describe('units', () => {
  it('parses durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(() => parseDuration('soon')).toThrow(/invalid duration "soon"/);
    expect(() => parseDuration('5y')).toThrow(/invalid duration/);
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(90_000)).toBe('90s');
  });

  it('parses sizes', () => {
    expect(parseSize('25MB')).toBe(25_000_000);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('512')).toBe(512);
    expect(() => parseSize('12 parsecs')).toThrow(/invalid size/);
  });
});
