// An endpoint's door config end to end, over real sockets and real SQLite: through the relay's
// API (created, read back, changed with revisions, refused when it cannot be enforced), through
// the engine's DesktopApi (saved, synced to the relay, kept across a restart, a relay-side
// change adopted), and at rest on both sides: the signing secrets are in no byte of any
// database file, WAL included, nor in any value SQL gives back.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEngine, startEngine } from '../../app/engine/engine.js';
import type { LocalEndpoint } from '../../protocol/desktop-api.js';
import { DEFAULT_DOOR_CONFIG, type DoorConfig, MAX_PAYLOAD_SCHEMA_DEPTH } from '../../protocol/endpoint-door.js';
import type { Endpoint, EndpointList } from '../../protocol/relay-api.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { relayDatabasePath } from '../../relay-server/store/sqlite/sqlite-relay-store.js';
import { eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { callApi, createEndpoint } from '../helpers/relay-api-client.js';
import { startTestRelay } from '../helpers/relay-harness.js';
import { filesUnder, foundInDump, foundInFiles, spellings } from '../helpers/secret-scan.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const STRIPE_SECRET = 'whsec_DoorConfigCurrentSecret9Kq2';
const STRIPE_OLD_SECRET = 'whsec_DoorConfigRotatedSecret7Zx4';
const STRIPE_NEXT_SECRET = 'whsec_DoorConfigNextSecret3Vb8';
/** Not secret: in the schema, so a scan that cannot see plain text fails its control. */
const SCHEMA_CANARY = 'door-schema-title-canary-41';

function stripeDoor(secrets: string[], overrides: Partial<DoorConfig> = {}): DoorConfig {
  return {
    signature: { check: { scheme: 'stripe', secrets, toleranceSeconds: 300 }, onFail: 'reject' },
    schema: {
      schema: {
        title: SCHEMA_CANARY,
        type: 'object',
        required: ['id', 'type'],
        properties: { id: { type: 'string', pattern: '^evt_' }, type: { type: 'string' } },
      },
      onFail: 'flag',
    },
    rateLimit: { requests: 100, windowSeconds: 60, burst: 20 },
    allow: { cidrs: ['3.18.12.63/32', '10.0.0.0/8', '2001:db8::/32'] },
    dedupe: true,
    response: {
      mode: 'passthrough',
      timeoutMs: 5000,
      fallback: { status: 202, headers: [['content-type', 'application/json']], body: '{"queued":"{{event.id}}"}' },
    },
    ...overrides,
  };
}

const secretNeedles = [
  ...spellings('stripe secret', STRIPE_SECRET),
  ...spellings('rotated stripe secret', STRIPE_OLD_SECRET),
  ...spellings('next stripe secret', STRIPE_NEXT_SECRET),
];
const control = spellings('schema canary', SCHEMA_CANARY).slice(0, 1);

/** The door column as stored, straight from SQLite. */
function storedDoor(file: string, id: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT door FROM endpoints WHERE id = ?').get(id) as { door: string }).door;
  } finally {
    db.close();
  }
}

function nested(depth: number): unknown {
  let schema: unknown = { type: 'string' };
  for (let i = 1; i < depth; i++) schema = { not: schema };
  return schema;
}

describe('door config through the relay API', () => {
  it('is stored with its secrets sealed, read back equal, versioned by revision, and refused when unenforceable', async () => {
    const h = await startTestRelay();
    cleanups.push(() => h.stop());
    const token = h.device.deviceToken;
    const api = <T>(method: string, route: string, body?: unknown) =>
      callApi<T>(h.relay.url, method, route, { token, ...(body === undefined ? {} : { body }) });

    const door = stripeDoor([STRIPE_SECRET, STRIPE_OLD_SECRET]);
    const created = await createEndpoint(h.relay.url, token, 'stripe-door', { door });
    expect(created.door).toEqual(door);
    expect((await api<Endpoint>('GET', `/api/endpoints/${created.id}`)).body.door).toEqual(door);
    const listed = (await api<EndpointList>('GET', '/api/endpoints')).body.endpoints;
    expect(listed.find((e) => e.id === created.id)!.door).toEqual(door);
    // Endpoints made without one get the default.
    expect(listed.find((e) => e.id === h.endpoint.id)!.door).toEqual(DEFAULT_DOOR_CONFIG);

    // At rest: the secrets sealed, the rest readable.
    const file = relayDatabasePath(h.dataDir);
    const row = JSON.parse(storedDoor(file, created.id));
    expect(row.signature.check.secrets).toEqual({ sealed: expect.stringMatching(/^v1\./) });
    expect(row.schema.schema.title).toBe(SCHEMA_CANARY);
    expect(row.allow).toEqual(door.allow);

    // The webhook path sees the config too (its by-key cache included) and a change at once.
    expect((await h.relay.store.findEndpointByKey(created.key))!.door).toEqual(door);
    expect((await h.relay.store.findEndpointByKey(created.key))!.door).toEqual(door);

    // Rotation: a new first secret, the old one kept; a static response instead of passthrough.
    const rotated = stripeDoor([STRIPE_NEXT_SECRET, STRIPE_SECRET], {
      rateLimit: null,
      response: { mode: 'static', response: { status: 200, headers: [], body: 'ok {{event.id}}' } },
    });
    const patched = await api<Endpoint>('PATCH', `/api/endpoints/${created.id}`, {
      revision: created.revision,
      door: rotated,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.revision).toBe(created.revision + 1);
    expect(patched.body.door).toEqual(rotated);
    expect((await api<Endpoint>('GET', `/api/endpoints/${created.id}`)).body.door).toEqual(rotated);
    expect((await h.relay.store.findEndpointByKey(created.key))!.door).toEqual(rotated);

    // A change of something else keeps the door as it was.
    const renamed = await api<Endpoint>('PATCH', `/api/endpoints/${created.id}`, {
      revision: patched.body.revision,
      name: 'stripe-door-renamed',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.door).toEqual(rotated);

    // Stale: 409, nothing changed, the current config in the details.
    const stale = await api<{ error: { code: string; details: { current: Endpoint } } }>(
      'PATCH',
      `/api/endpoints/${created.id}`,
      { revision: created.revision, door },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('revision_conflict');
    expect(stale.body.error.details.current.door).toEqual(rotated);
    expect(stale.body.error.details.current.revision).toBe(renamed.body.revision);

    // Unenforceable configs: 400 with the reason, nothing stored.
    const refuse = async (bad: unknown, code: string, reason: RegExp) => {
      const onUpdate = await api<{ error: { code: string; message: string; details?: { problems: string[] } } }>(
        'PATCH',
        `/api/endpoints/${created.id}`,
        { revision: renamed.body.revision, door: bad },
      );
      expect(onUpdate.status).toBe(400);
      expect(onUpdate.body.error.code).toBe(code);
      expect(onUpdate.body.error.message).toMatch(reason);
      const onCreate = await api<{ error: { code: string } }>('POST', '/api/endpoints', {
        name: `refused-${code}`,
        door: bad,
      });
      expect(onCreate.status).toBe(400);
      expect(onCreate.body.error.code).toBe(code);
      return onUpdate.body.error;
    };
    const hmac = { scheme: 'hmac', secrets: [STRIPE_SECRET], algorithm: 'sha256', encoding: 'hex' };
    // The JSON Schema already refuses an HMAC check without its header.
    await refuse({ ...DEFAULT_DOOR_CONFIG, signature: { check: hmac, onFail: 'reject' } }, 'invalid_request', /header/);
    // Beyond the schema: a template signing a timestamp it is not told where to read.
    const problem = await refuse(
      {
        ...DEFAULT_DOOR_CONFIG,
        signature: {
          check: { ...hmac, header: 'X-Signature', template: '{timestamp}.{body}' },
          onFail: 'reject',
        },
      },
      'invalid_door_config',
      /signature \(hmac\): the template uses \{timestamp\}: set a timestamp header/,
    );
    expect(problem.details!.problems).toEqual([
      'signature (hmac): the template uses {timestamp}: set a timestamp header',
    ]);
    // The refusal does not echo the secrets back.
    expect(JSON.stringify(problem)).not.toContain(STRIPE_SECRET);
    await refuse(
      { ...DEFAULT_DOOR_CONFIG, signature: { check: { scheme: 'svix', secrets: ['whsec_***'] }, onFail: 'flag' } },
      'invalid_door_config',
      /secret #1/,
    );
    await refuse(
      { ...DEFAULT_DOOR_CONFIG, schema: { schema: nested(MAX_PAYLOAD_SCHEMA_DEPTH + 5), onFail: 'reject' } },
      'invalid_door_config',
      new RegExp(`the payload schema is nested deeper than ${MAX_PAYLOAD_SCHEMA_DEPTH} levels`),
    );
    await refuse(
      { ...DEFAULT_DOOR_CONFIG, schema: { schema: { description: 'x'.repeat(300 * 1024) }, onFail: 'reject' } },
      'invalid_door_config',
      /the payload schema is larger than 256 KiB as JSON/,
    );
    // Compiled as the door will: not a JSON Schema, or a pattern the linear-time engine refuses.
    await refuse(
      { ...DEFAULT_DOOR_CONFIG, schema: { schema: { type: 'nonsense' }, onFail: 'flag' } },
      'invalid_door_config',
      /the payload schema cannot be used: \/type: must be one of/,
    );
    await refuse(
      { ...DEFAULT_DOOR_CONFIG, schema: { schema: { type: 'string', pattern: '(a)\\1' }, onFail: 'flag' } },
      'invalid_door_config',
      /pattern .* cannot be used/,
    );
    await refuse(
      { ...DEFAULT_DOOR_CONFIG, allow: { cidrs: ['10.0.0.0/8', '300.1.2.3'] } },
      'invalid_door_config',
      /IP allowlist: entry 2 "300\.1\.2\.3"/,
    );
    // A schema just within the depth limit is fine.
    const deepOk = await api<Endpoint>('POST', '/api/endpoints', {
      name: 'deep-enough',
      door: { ...DEFAULT_DOOR_CONFIG, schema: { schema: nested(MAX_PAYLOAD_SCHEMA_DEPTH), onFail: 'reject' } },
    });
    expect(deepOk.status).toBe(201);
    const after = await api<Endpoint>('GET', `/api/endpoints/${created.id}`);
    expect(after.body.revision).toBe(renamed.body.revision);
    expect(after.body.door).toEqual(rotated);
    expect((await api<EndpointList>('GET', '/api/endpoints')).body.endpoints.map((e) => e.name)).not.toContain(
      'refused-invalid_door_config',
    );

    // No secret in any file of the data dir (relay.sqlite, -wal, -shm) nor in any dumped value.
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect(foundInFiles(filesUnder(h.dataDir), control)).not.toEqual([]);
    expect(foundInFiles(filesUnder(h.dataDir), secretNeedles)).toEqual([]);
    expect(foundInDump(file, control)).not.toEqual([]);
    expect(foundInDump(file, secretNeedles)).toEqual([]);

    // Restarted on the same data dir (same master key): the same configs, opened again.
    await h.relay.close();
    expect(foundInFiles(filesUnder(h.dataDir), secretNeedles)).toEqual([]);
    const again = await startRelay({
      ...RELAY_DEFAULTS,
      port: 0,
      dataDir: h.dataDir,
      log: createRelayLogger(process.env['PORTHOLE_TEST_LOG'] ?? 'silent'),
    });
    cleanups.push(() => again.close());
    const reread = await callApi<Endpoint>(again.url, 'GET', `/api/endpoints/${created.id}`, { token });
    expect(reread.body.door).toEqual(rotated);
    expect((await again.store.findEndpointByKey(created.key))!.door).toEqual(rotated);
  });

  it('a sealed config copied onto another endpoint does not open there', async () => {
    const h = await startTestRelay();
    cleanups.push(() => h.stop());
    const token = h.device.deviceToken;
    const a = await createEndpoint(h.relay.url, token, 'a', { door: stripeDoor([STRIPE_SECRET]) });
    const b = await createEndpoint(h.relay.url, token, 'b');
    const file = relayDatabasePath(h.dataDir);
    const db = new Database(file);
    db.prepare('UPDATE endpoints SET door = ? WHERE id = ?').run(storedDoor(file, a.id), b.id);
    db.close();
    // The store reads the row afresh: the secrets are bound to endpoint a.
    const res = await callApi<{ error: { code: string } }>(h.relay.url, 'GET', `/api/endpoints/${b.id}`, { token });
    expect(res.status).toBe(500);
    const ok = await callApi<Endpoint>(h.relay.url, 'GET', `/api/endpoints/${a.id}`, { token });
    expect(ok.body.door.signature!.check.secrets).toEqual([STRIPE_SECRET]);
  });
});

describe('door config through the engine', () => {
  it('is saved sealed, synced to the relay, refused configs surface as the sync error, and survives a restart', async () => {
    const h = await startEngineHarness({ endpointName: 'engine-door' });
    cleanups.push(() => h.stop());
    const relayToken = h.relay.device.deviceToken;
    const relayView = async (id: string) =>
      (
        await callApi<EndpointList>(h.relay.relay.url, 'GET', '/api/endpoints', { token: relayToken })
      ).body.endpoints.find((e) => e.id === id);

    const door = stripeDoor([STRIPE_SECRET, STRIPE_OLD_SECRET]);
    const updated = await h.api.invoke('endpoints.update', { id: h.endpoint.id, door });
    expect(updated.door).toEqual(door);
    expect(updated.syncState).toBe('synced');
    expect(updated.syncError).toBeNull();
    expect((await relayView(h.endpoint.id))!.door).toEqual(door);
    expect((await h.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === h.endpoint.id)!.door).toEqual(
      door,
    );

    // Created with a door: the same.
    const created = await h.api.invoke('endpoints.create', {
      name: 'engine-door-2',
      door: stripeDoor([STRIPE_NEXT_SECRET]),
    });
    expect(created.syncState).toBe('synced');
    expect((await relayView(created.id))!.door).toEqual(stripeDoor([STRIPE_NEXT_SECRET]));

    // The relay refuses a config it cannot enforce: the endpoint says why; the relay keeps the old one.
    const refused = await h.api.invoke('endpoints.update', {
      id: h.endpoint.id,
      door: {
        ...door,
        signature: {
          check: {
            scheme: 'hmac',
            secrets: [STRIPE_SECRET],
            algorithm: 'sha256',
            encoding: 'hex',
            header: 'X-Signature',
            template: '{timestamp}.{body}',
          },
          onFail: 'reject',
        },
      },
    });
    expect(refused.syncState).toBe('error');
    expect(refused.syncError).toMatch(/the template uses \{timestamp\}: set a timestamp header/);
    expect((await relayView(h.endpoint.id))!.door).toEqual(door);
    // Fixed, it syncs.
    const fixed = await h.api.invoke('endpoints.update', { id: h.endpoint.id, door: { ...door, dedupe: false } });
    expect(fixed.syncState).toBe('synced');
    expect((await relayView(h.endpoint.id))!.door).toEqual({ ...door, dedupe: false });

    // At rest in the engine: sealed under its store key, nowhere in clear outside secrets/.
    const database = path.join(h.dataDir, 'porthole.sqlite');
    expect(JSON.parse(storedDoor(database, h.endpoint.id)).signature.check.secrets).toEqual({
      sealed: expect.stringMatching(/^v1\./),
    });
    const outsideSecrets = (relative: string) => relative === 'secrets' || relative.startsWith(`secrets${path.sep}`);
    const engineFiles = () => filesUnder(h.dataDir, outsideSecrets);
    expect(foundInFiles(engineFiles(), control)).not.toEqual([]);
    expect(foundInFiles(engineFiles(), secretNeedles)).toEqual([]);
    expect(foundInDump(database, control)).not.toEqual([]);
    expect(foundInDump(database, secretNeedles)).toEqual([]);
    // Nor did the relay keep them in clear.
    expect(foundInFiles(filesUnder(h.relay.dataDir), secretNeedles)).toEqual([]);

    // Stopped; meanwhile another device of the user rotates the secret on the relay.
    await h.engine.close();
    expect(foundInFiles(engineFiles(), secretNeedles)).toEqual([]);
    const current = (await relayView(h.endpoint.id))!;
    const fromElsewhere = stripeDoor([STRIPE_NEXT_SECRET, STRIPE_SECRET]);
    const patched = await callApi<Endpoint>(h.relay.relay.url, 'PATCH', `/api/endpoints/${h.endpoint.id}`, {
      token: relayToken,
      body: { revision: current.revision, door: fromElsewhere },
    });
    expect(patched.status).toBe(200);

    // Restarted on the same data dir: its own copy opens, then the relay's change is adopted.
    let engine: RunningEngine | null = await startEngine({ dataDir: h.dataDir });
    cleanups.push(() => engine?.close());
    const list = async () => (await engine!.api.invoke('endpoints.list', {})).endpoints;
    const second = (await list()).find((e) => e.id === created.id)!;
    expect(second.door).toEqual(stripeDoor([STRIPE_NEXT_SECRET]));
    const adopted = await eventually(async () => {
      const e = (await list()).find((x: LocalEndpoint) => x.id === h.endpoint.id);
      return e && e.revision === patched.body.revision ? e : undefined;
    });
    expect(adopted.door).toEqual(fromElsewhere);
    expect(adopted.syncState).toBe('synced');
    await engine.close();
    engine = null;
    expect(foundInFiles(engineFiles(), secretNeedles)).toEqual([]);
    expect(foundInDump(database, secretNeedles)).toEqual([]);
  });
});
