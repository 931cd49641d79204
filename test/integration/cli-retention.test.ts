// Retention from the terminal, as the real `porthole` binary runs it (each command starting the
// engine of the data dir): limits set by flags merge over the current ones, --keep-forever
// clears them, pin/unpin, and a count limit removes the oldest unpinned events at once.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../app/engine/engine.js';
import type { EventSummary, LocalEndpoint } from '../../protocol/desktop-api.js';
import { DEFAULT_RETENTION } from '../../protocol/retention.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const temp = makeTempDir('porthole-cli-retention-');
const porthole = (...args: string[]) =>
  run(process.execPath, [PORTHOLE_BIN, ...args, '--data-dir', temp.dir]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const ids: string[] = [];

beforeAll(async () => {
  // Five events of "shop", oldest first, stored by an engine that is closed again.
  const engine = await startEngine({ dataDir: temp.dir, retention: { startupDelayMs: 1e9, intervalMs: 0 } });
  const shop = await engine.api.invoke('endpoints.create', { name: 'shop' });
  for (let i = 0; i < 5; i++) {
    const { events } = await engine.api.invoke('events.import', {
      endpointId: shop.id,
      source: 'json',
      requests: [{ method: 'POST', path: `/o/${i}`, query: '', headers: [], body: '' }],
    });
    ids.push(events[0]!.id);
  }
  await engine.close();
}, 30_000);
afterAll(() => temp.cleanup());

const listIds = async () =>
  (await porthole('events', 'list')).stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as EventSummary).id)
    .reverse();

describe('porthole retention flags', { timeout: 60_000 }, () => {
  it('creates an endpoint with limits', async () => {
    const created = await porthole(
      'endpoints',
      'create',
      'logs',
      '--keep-for',
      '30d',
      '--keep-count',
      '10000',
      '--keep-size',
      '1GB',
      '--json',
    );
    expect(created.stderr).toBe('');
    expect((JSON.parse(created.stdout) as LocalEndpoint).retention).toEqual({
      maxAgeMs: 30 * 86_400_000,
      maxCount: 10_000,
      maxBytes: 1_000_000_000,
    });
  });

  it('pins, then a count limit keeps the newest and the pinned, merged over the other limits', async () => {
    expect(ids).toHaveLength(5);
    const pinned = await porthole('events', 'pin', ids[0]!);
    expect(pinned).toMatchObject({ code: 0, stdout: `pinned ${ids[0]}\n` });

    const updated = await porthole('endpoints', 'update', 'shop', '--keep-count', '2', '--json');
    expect(updated.stderr).toBe('');
    const shop = JSON.parse(updated.stdout) as LocalEndpoint;
    expect(shop.retention).toEqual({ ...DEFAULT_RETENTION, maxCount: 2 });
    expect(shop.syncState).toBe('pending'); // as created offline: the retention change pushed nothing new
    expect(await listIds()).toEqual([ids[0], ids[3], ids[4]]);

    const unpinned = await porthole('events', 'unpin', ids[0]!, '--json');
    expect((JSON.parse(unpinned.stdout) as EventSummary).pinned).toBe(false);
  });

  it('--keep-forever clears every limit; bad values fail in one line', async () => {
    const cleared = await porthole('endpoints', 'update', 'shop', '--keep-forever', '--json');
    expect((JSON.parse(cleared.stdout) as LocalEndpoint).retention).toEqual({
      maxAgeMs: null,
      maxCount: null,
      maxBytes: null,
    });
    expect((await porthole('endpoints', 'show', 'shop')).stdout).toContain('retention: keep forever');

    const bad = await porthole('endpoints', 'update', 'shop', '--keep-for', 'soon');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/invalid duration "soon"/);
    const zero = await porthole('endpoints', 'update', 'shop', '--keep-count', '0');
    expect(zero.code).not.toBe(0);
    const both = await porthole('endpoints', 'update', 'shop', '--keep-forever', '--keep-count', '5');
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/cannot be combined/);
  });
});
