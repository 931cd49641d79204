// A dump of either database shows no secret or token in plain text. Three ways in: the raw
// bytes of every file in the data dir (database, WAL and shared memory, while running and
// after close), and every value of every table read back through SQL. Each scan has a
// positive control, something stored in the clear on purpose, so a scan that finds nothing
// because it looked in the wrong place fails instead of passing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_KEY_SECRET } from '../../app/secrets/engine-key.js';
import { openDoorConfig, openEngineSecretBox, type SecretBox, sealDoorConfig } from '../../app/secrets/secret-box.js';
import { FileSecretStore } from '../../app/secrets/secret-store.js';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import { normalizePairingCode } from '../../protocol/ids.js';
import type { PairResponse } from '../../protocol/relay-api.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { openRelaySecrets } from '../../relay-server/secrets/secret-box.js';
import { type EngineHarness, startEngineHarness } from '../helpers/engine-harness.js';
import { callApi } from '../helpers/relay-api-client.js';
import { filesUnder, foundInDump, foundInFiles, spellings } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function tempDir(prefix: string): string {
  const temp = makeTempDir(prefix);
  cleanups.push(temp.cleanup);
  return temp.dir;
}

const STRIPE_SECRET = 'whsec_MySuperSecretValue123';
const STRIPE_OLD_SECRET = 'whsec_OldRotatedSecret456';
const GITHUB_SECRET = 'gh-hook-secret-Xy9!Qz7#Lm3';
const STANDARD_KEY = Buffer.from('StandardWebhooksKeyMaterial-0042');
const STANDARD_SECRET = `whsec_${STANDARD_KEY.toString('base64')}`;
const BASIC_SECRET = 'alice:CorrectHorse-Battery-Staple';
const PLAIN_CANARY = 'plain-canary-endpoint-name-7Q';

const doors: Record<string, DoorConfig> = {
  ep_stripe: {
    ...DEFAULT_DOOR_CONFIG,
    signature: { check: { scheme: 'stripe', secrets: [STRIPE_SECRET, STRIPE_OLD_SECRET] }, onFail: 'reject' },
  },
  ep_github: {
    ...DEFAULT_DOOR_CONFIG,
    signature: { check: { scheme: 'github', secrets: [GITHUB_SECRET] }, onFail: 'flag' },
  },
  ep_standard: {
    ...DEFAULT_DOOR_CONFIG,
    signature: { check: { scheme: 'standard-webhooks', secrets: [STANDARD_SECRET] }, onFail: 'reject' },
  },
  ep_basic: {
    ...DEFAULT_DOOR_CONFIG,
    signature: { check: { scheme: 'basic', secrets: [BASIC_SECRET] }, onFail: 'reject' },
  },
  ep_open: DEFAULT_DOOR_CONFIG,
};

const secretNeedles = [
  ...spellings('stripe secret', STRIPE_SECRET),
  ...spellings('stripe secret without prefix', 'MySuperSecretValue123'),
  ...spellings('rotated stripe secret', STRIPE_OLD_SECRET),
  ...spellings('github secret', GITHUB_SECRET),
  ...spellings('standard webhooks secret', STANDARD_SECRET),
  ...spellings('standard webhooks key bytes', STANDARD_KEY),
  ...spellings('basic credentials', BASIC_SECRET),
];

const label = (id: string) => `endpoint:${id}:door`;

/** Door configs in a SQLite TEXT column, the shape the relay's and the engine's stores use. */
async function writeDoors(file: string, box: SecretBox): Promise<Database.Database> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE endpoints (id TEXT PRIMARY KEY, name TEXT NOT NULL, door TEXT NOT NULL, revision INTEGER)`);
  const insert = db.prepare('INSERT INTO endpoints (id, name, door, revision) VALUES (?, ?, ?, 1)');
  for (const [id, door] of Object.entries(doors)) {
    insert.run(id, id === 'ep_open' ? PLAIN_CANARY : id, await sealDoorConfig(box, door, label(id)));
  }
  return db;
}

async function expectDoorsReadBack(db: Database.Database, box: SecretBox) {
  const rows = db.prepare('SELECT id, door FROM endpoints').all() as { id: string; door: string }[];
  expect(rows).toHaveLength(Object.keys(doors).length);
  for (const row of rows) expect(await openDoorConfig(box, row.door, label(row.id))).toEqual(doors[row.id]);
  // The part that is not secret stays inspectable in the row.
  const stripe = rows.find((r) => r.id === 'ep_stripe')!;
  expect(JSON.parse(stripe.door).signature.check.scheme).toBe('stripe');
}

describe('signing secrets in a database file', () => {
  it.each([
    ['relay', 'relay.sqlite'],
    ['engine', 'porthole.sqlite'],
  ])('%s: no secret in the file bytes, the WAL or any dumped value; all read back', async (side, name) => {
    const dir = tempDir(`porthole-dump-${side}-`);
    const box =
      side === 'relay'
        ? (await openRelaySecrets(dir)).box
        : await openEngineSecretBox(new FileSecretStore(path.join(dir, 'secrets')));
    const file = path.join(dir, name);
    const db = await writeDoors(file, box);
    const notSecrets = (relative: string) => relative === 'secrets' || relative.startsWith(`secrets${path.sep}`);

    // Running: the rows sit in the WAL.
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    const control = spellings('plain canary', PLAIN_CANARY).slice(0, 1);
    expect(foundInFiles(filesUnder(dir, notSecrets), control)).not.toEqual([]);
    expect(foundInFiles(filesUnder(dir, notSecrets), secretNeedles)).toEqual([]);
    expect(foundInDump(file, control)).toEqual(['plain canary in a dumped value']);
    expect(foundInDump(file, secretNeedles)).toEqual([]);
    await expectDoorsReadBack(db, box);

    // Closed: checkpointed into the main file.
    db.close();
    expect(foundInFiles([file], control)).not.toEqual([]);
    expect(foundInFiles(filesUnder(dir, notSecrets), secretNeedles)).toEqual([]);

    // After a restart the same key opens them.
    const reopened =
      side === 'relay'
        ? (await openRelaySecrets(dir)).box
        : await openEngineSecretBox(new FileSecretStore(path.join(dir, 'secrets')));
    const again = new Database(file, { readonly: true });
    await expectDoorsReadBack(again, reopened);
    again.close();
  });
});

describe('tokens in a running relay and engine', () => {
  it('relay: the admin token, a device token and pairing codes appear in no file of its data dir', async () => {
    const dataDir = tempDir('porthole-dump-relay-');
    const relay = await startRelay({
      ...RELAY_DEFAULTS,
      port: 0,
      dataDir,
      log: createRelayLogger(process.env['PORTHOLE_TEST_LOG'] ?? 'silent'),
    });
    cleanups.push(() => relay.close());
    const adminToken = relay.adminToken!;
    const invite = async (name: string) =>
      (
        await callApi<{ code: string }>(relay.url, 'POST', '/api/admin/invites', {
          token: adminToken,
          body: { name },
        })
      ).body.code;
    const usedCode = await invite('dump-canary-user');
    const paired = await callApi<PairResponse>(relay.url, 'POST', '/api/pair', {
      body: { code: usedCode, deviceName: 'dump-device' },
    });
    expect(paired.status).toBe(201);
    // One code left unredeemed: a pending invite is stored too.
    const pendingCode = await invite('dump-canary-user');
    const endpoint = await callApi(relay.url, 'POST', '/api/endpoints', {
      token: paired.body.deviceToken,
      body: { name: 'dump-endpoint' },
    });
    expect(endpoint.status).toBe(201);

    const needles = [
      ...spellings('admin token', adminToken),
      ...spellings('device token', paired.body.deviceToken),
      ...spellings('used pairing code', usedCode),
      ...spellings('used pairing code, normalized', normalizePairingCode(usedCode)),
      ...spellings('pending pairing code', pendingCode),
      ...spellings('pending pairing code, normalized', normalizePairingCode(pendingCode)),
    ];
    const control = spellings('user name', 'dump-canary-user').slice(0, 1);
    const database = path.join(dataDir, 'relay.sqlite');

    expect(foundInFiles(filesUnder(dataDir), control)).not.toEqual([]);
    expect(foundInFiles(filesUnder(dataDir), needles)).toEqual([]);
    expect(foundInDump(database, control)).not.toEqual([]);
    expect(foundInDump(database, needles)).toEqual([]);

    await relay.close();
    expect(foundInFiles([database], control)).not.toEqual([]);
    expect(foundInFiles(filesUnder(dataDir), needles)).toEqual([]);
  });

  it('engine: the device token and the store key are only under secrets/, 0600', async () => {
    const harness: EngineHarness = await startEngineHarness({ endpointName: PLAIN_CANARY });
    cleanups.push(() => harness.stop());
    const secretsDir = path.join(harness.dataDir, 'secrets');
    const deviceToken = fs.readFileSync(path.join(secretsDir, 'device-token'), 'utf8');
    expect(deviceToken.length).toBeGreaterThan(20);
    // The store key is made at first open, in the same SecretStore as the device token.
    const box = await openEngineSecretBox(new FileSecretStore(secretsDir));
    const storeKey = fs.readFileSync(path.join(secretsDir, STORE_KEY_SECRET), 'utf8');
    expect(Buffer.from(storeKey, 'base64')).toHaveLength(32);
    expect(box.keyId).toMatch(/^[\w-]{8}$/);
    if (process.platform !== 'win32') {
      for (const name of ['device-token', STORE_KEY_SECRET]) {
        expect(fs.statSync(path.join(secretsDir, name)).mode & 0o777).toBe(0o600);
      }
    }

    const needles = [
      ...spellings('device token', deviceToken),
      ...spellings('store key', storeKey),
      ...spellings('store key bytes', Buffer.from(storeKey, 'base64')),
    ];
    const outsideSecrets = (relative: string) => relative === 'secrets' || relative.startsWith(`secrets${path.sep}`);
    const files = () => filesUnder(harness.dataDir, outsideSecrets);
    const database = path.join(harness.dataDir, 'porthole.sqlite');
    const control = spellings('endpoint name', PLAIN_CANARY).slice(0, 1);

    expect(files().map((f) => path.basename(f))).toContain('porthole.sqlite');
    expect(foundInFiles(files(), control)).not.toEqual([]);
    expect(foundInFiles(files(), needles)).toEqual([]);
    expect(foundInDump(database, control)).not.toEqual([]);
    expect(foundInDump(database, needles)).toEqual([]);
    // Nor did the relay it paired with keep the token.
    expect(foundInFiles(filesUnder(harness.relay.dataDir), spellings('device token', deviceToken))).toEqual([]);

    await harness.engine.close();
    expect(foundInFiles([database], control)).not.toEqual([]);
    expect(foundInFiles(files(), needles)).toEqual([]);
  });
});
