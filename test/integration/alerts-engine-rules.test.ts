// Alert rules through the DesktopApi: the checks beyond the schema, the secret (made, sealed at
// rest so no dump of the database shows it, regenerated), relay rules kept pending while there
// is no relay client, and everything read back after a restart.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../app/engine/engine.js';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { DesktopApi } from '../../protocol/desktop-api.js';
import { filesUnder, foundInDump, foundInFiles, spellings } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('porthole-alert-rules-');
let engine: Awaited<ReturnType<typeof startEngine>>;
let api: DesktopApi;
beforeAll(async () => {
  engine = await startEngine({ dataDir: temp.dir });
  api = engine.api;
});
afterAll(async () => {
  await engine?.close();
  temp.cleanup();
});

const base = {
  runsOn: 'desktop' as const,
  condition: { kind: 'signature_failed' as const },
  actions: [{ type: 'notification' as const }],
};

describe('alert rules', () => {
  it('creates with defaults and a fresh whsec_ secret of 32 random bytes', async () => {
    const rule = await api.invoke('alerts.create', { name: 'sig', ...base });
    expect(rule).toMatchObject({
      enabled: true,
      endpointId: null,
      throttleMs: 0,
      retryScheduleMs: [0, 5_000, 300_000, 1_800_000, 7_200_000],
      revision: 1,
      state: 'ok',
      stateReason: null,
      lastFiredAt: null,
    });
    expect(Buffer.from(rule.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect((await api.invoke('alerts.list', {})).rules.map((r) => r.id)).toEqual([rule.id]);
    expect(await api.invoke('alerts.get', { id: rule.id })).toEqual(rule);
  });

  it('refuses what the schema cannot see', async () => {
    const refuse = async (params: object, code: string, message: RegExp) => {
      await expect(
        api.invoke('alerts.create', { name: `r${Math.random()}`, ...base, ...params } as never),
      ).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    };
    await refuse({ runsOn: 'relay', condition: { kind: 'forward_failed' } }, 'invalid_params', /only on the desktop/);
    await refuse({ condition: { kind: 'rate_limited' } }, 'invalid_params', /only on the relay/);
    await refuse({ condition: { kind: 'device_offline', minEvents: 5 } }, 'invalid_params', /only on the relay/);
    await refuse({ condition: { kind: 'event_matches', filter: 'body.a=(' } }, 'invalid_params', /filter/);
    await refuse({ condition: { kind: 'burst', count: 2, minutes: 1, filter: 'status=' } }, 'invalid_params', /filter/);
    await refuse(
      {
        actions: [
          { type: 'webhook', url: 'http://127.0.0.1:1/', method: 'POST', headers: [], bodyTemplate: '{{event.nope}}' },
        ],
      },
      'invalid_params',
      /unknown placeholder \{\{event\.nope\}\}/,
    );
    await refuse({ endpointId: 'ep_missing' }, 'invalid_params', /no endpoint ep_missing/);
    await refuse({ name: 'sig' }, 'conflict', /named "sig" exists/);
    await refuse({ actions: [] }, 'invalid_params', /actions/);
    const rule = (await api.invoke('alerts.list', {})).rules[0]!;
    await expect(
      api.invoke('alerts.update', { id: rule.id, runsOn: 'relay', condition: { kind: 'replay_failed' } }),
    ).rejects.toMatchObject({ code: 'invalid_params' });
    await expect(api.invoke('alerts.update', { id: 'alr_nope', enabled: false })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('updates only what is given and regenerates the secret on request', async () => {
    const rule = (await api.invoke('alerts.list', {})).rules[0]!;
    const renamed = await api.invoke('alerts.update', { id: rule.id, name: 'signatures', throttleMs: 60_000 });
    expect(renamed).toMatchObject({ name: 'signatures', throttleMs: 60_000, revision: 2, secret: rule.secret });
    const fresh = await api.invoke('alerts.update', { id: rule.id, regenerateSecret: true });
    expect(fresh.secret).not.toBe(rule.secret);
    expect(fresh.secret).toMatch(/^whsec_/);
  });

  it('keeps a relay rule pending while no relay takes it', async () => {
    const rule = await api.invoke('alerts.create', {
      name: 'offline laptop',
      runsOn: 'relay',
      condition: { kind: 'device_offline', minEvents: 10 },
      actions: [{ type: 'notification' }],
    });
    expect(rule.runsOn).toBe('relay');
    const db = new Database(path.join(temp.dir, 'porthole.sqlite'), { readonly: true });
    const row = db.prepare('SELECT sync_state FROM alert_rules WHERE id = ?').get(rule.id) as { sync_state: string };
    db.close();
    expect(row.sync_state).toBe('pending');
  });

  it('seals the secrets: no file of the data dir, nor any dumped value, shows one; a restart opens them', async () => {
    const rules = (await api.invoke('alerts.list', {})).rules;
    const needles = rules.flatMap((r: AlertRule) => [
      ...spellings(`secret of ${r.name}`, r.secret),
      ...spellings(`key of ${r.name}`, Buffer.from(r.secret.slice('whsec_'.length), 'base64')),
    ]);
    const control = spellings('rule name', 'offline laptop').slice(0, 1);
    const database = path.join(temp.dir, 'porthole.sqlite');
    const notSecrets = (relative: string) => relative === 'secrets' || relative.startsWith(`secrets${path.sep}`);
    expect(foundInDump(database, control)).not.toEqual([]);
    expect(foundInDump(database, needles)).toEqual([]);
    expect(foundInFiles(filesUnder(temp.dir, notSecrets), needles)).toEqual([]);

    await engine.close();
    expect(foundInFiles(filesUnder(temp.dir, notSecrets), needles)).toEqual([]);
    engine = await startEngine({ dataDir: temp.dir });
    api = engine.api;
    expect((await api.invoke('alerts.list', {})).rules).toEqual(rules);
  });

  it('deletes a rule with its log', async () => {
    const rule = (await api.invoke('alerts.list', {})).rules[0]!;
    await api.invoke('alerts.test', { id: rule.id });
    expect((await api.invoke('alerts.log', { ruleId: rule.id })).alerts).toHaveLength(1);
    await api.invoke('alerts.delete', { id: rule.id });
    await expect(api.invoke('alerts.get', { id: rule.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await api.invoke('alerts.log', {})).alerts).toEqual([]);
  });
});
