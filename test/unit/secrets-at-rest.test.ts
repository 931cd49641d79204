// Secrets at rest: the relay's master key (environment or a 0600 key file made at first start,
// checked against the key that sealed the data dir), the engine's store key in its
// SecretStore, and the shared AES-256-GCM codec: round trips, tampering, a wrong key, a value
// moved to another row, and door configs with only their signing secrets sealed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngineKey, STORE_KEY_SECRET } from '../../app/secrets/engine-key.js';
import { openEngineSecretBox } from '../../app/secrets/secret-box.js';
import { FileSecretStore } from '../../app/secrets/secret-store.js';
import { type SafeStorageApi, SafeStorageSecretStore } from '../../main/safe-storage-secret-store.js';
import { openDoorConfig, sealDoorConfig } from '../../protocol/crypto/door-config-secrets.js';
import { looksSealed, SecretBox, SecretBoxError } from '../../protocol/crypto/secret-box.js';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import { base64Decode, base64UrlEncode } from '../../protocol/signatures/base64.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { KEY_CHECK_FILE } from '../../relay-server/secrets/key-check.js';
import {
  loadMasterKey,
  MASTER_KEY_FILE,
  MasterKeyError,
  parseMasterKey,
} from '../../relay-server/secrets/master-key.js';
import { openRelaySecrets } from '../../relay-server/secrets/secret-box.js';
import { relayDatabasePath } from '../../relay-server/store/sqlite/sqlite-relay-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const posix = process.platform !== 'win32';
const temps: (() => void)[] = [];
function tempDir(): string {
  const temp = makeTempDir('porthole-secrets-');
  temps.push(temp.cleanup);
  return temp.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

async function caught(promise: Promise<unknown>): Promise<SecretBoxError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecretBoxError);
  return err as SecretBoxError;
}

/** Flips one bit of one byte inside part `index` of a sealed value. */
function flip(sealed: string, index: number, at = 0): string {
  const parts = sealed.split('.');
  const bytes = base64Decode(parts[index]!)!;
  bytes[at] = bytes[at]! ^ 0x01;
  parts[index] = base64UrlEncode(bytes);
  return parts.join('.');
}

describe('relay master key', () => {
  it('is created at first start as a 0600 file of 32 random bytes, then reused', () => {
    const dir = tempDir();
    const first = loadMasterKey(dir);
    const file = path.join(dir, MASTER_KEY_FILE);
    expect(first).toMatchObject({ source: 'created', file });
    expect(first.key.byteLength).toBe(32);
    if (posix) expect(mode(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${first.key.toString('base64')}\n`);
    // Written beside and linked into place: no temp file is left behind.
    expect(fs.readdirSync(dir)).toEqual([MASTER_KEY_FILE]);

    const again = loadMasterKey(dir);
    expect(again.source).toBe('file');
    expect(again.key.equals(first.key)).toBe(true);
    expect(loadMasterKey(tempDir()).key.equals(first.key)).toBe(false);
  });

  it('makes a missing data dir private', () => {
    const dir = path.join(tempDir(), 'nested', 'relay');
    loadMasterKey(dir);
    if (posix) expect(mode(dir)).toBe(0o700);
  });

  it('takes PORTHOLE_RELAY_MASTER_KEY as base64, base64url or hex, and then makes no file', () => {
    const dir = tempDir();
    const raw = crypto.randomBytes(32);
    for (const text of [
      raw.toString('base64'),
      raw.toString('base64url'),
      raw.toString('hex'),
      ` ${raw.toString('hex')}\n`,
    ]) {
      const loaded = loadMasterKey(dir, text);
      expect(loaded).toMatchObject({ source: 'environment', file: null });
      expect(loaded.key.equals(raw)).toBe(true);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    // Empty counts as unset, as an empty `Environment=` line in a unit file would give.
    expect(loadMasterKey(dir, '').source).toBe('created');
  });

  it('refuses a PORTHOLE_RELAY_MASTER_KEY that is not exactly 32 bytes, without echoing it', () => {
    const dir = tempDir();
    const bad = [
      crypto.randomBytes(31).toString('base64'),
      crypto.randomBytes(33).toString('base64'),
      crypto.randomBytes(16).toString('hex'),
      'correct horse battery staple, definitely not base64!',
      'QQ',
    ];
    for (const text of bad) {
      let err: unknown;
      try {
        loadMasterKey(dir, text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MasterKeyError);
      const message = (err as Error).message;
      expect(message).toMatch(
        /^PORTHOLE_RELAY_MASTER_KEY (holds \d+ bytes|is neither hex nor base64): it must be 32 bytes/,
      );
      expect(message).not.toContain(text);
    }
    expect(() => parseMasterKey('*'.repeat(44), 'X')).toThrow(/X is neither hex nor base64/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.runIf(posix)('refuses to start on a key file that group or others can read', () => {
    const dir = tempDir();
    loadMasterKey(dir);
    const file = path.join(dir, MASTER_KEY_FILE);
    for (const loose of [0o640, 0o604, 0o660]) {
      fs.chmodSync(file, loose);
      expect(() => loadMasterKey(dir)).toThrow(
        new MasterKeyError(
          `refusing to start: ${file} is accessible to group or others (mode ${loose.toString(8)}); make it private with \`chmod 600 ${file}\` and start again`,
        ),
      );
    }
    fs.chmodSync(file, 0o400);
    expect(loadMasterKey(dir).source).toBe('file');
  });

  it('refuses a key file of the wrong length', () => {
    const dir = tempDir();
    const file = path.join(dir, MASTER_KEY_FILE);
    fs.writeFileSync(file, crypto.randomBytes(16).toString('base64'), { mode: 0o600 });
    expect(() => loadMasterKey(dir)).toThrow(`${file} holds 16 bytes: it must be 32 bytes`);
    fs.writeFileSync(file, '');
    expect(() => loadMasterKey(dir)).toThrow(`${file} holds 0 bytes`);
  });

  it('is checked against the key that sealed the data dir: another key, or a lost key file, stops the start', async () => {
    const dir = tempDir();
    const first = await openRelaySecrets(dir);
    expect(first.source).toBe('created');
    expect(fs.readFileSync(path.join(dir, KEY_CHECK_FILE), 'utf8')).toBe(`${first.box.keyId}\n`);
    expect((await openRelaySecrets(dir)).box.keyId).toBe(first.box.keyId);

    const other = crypto.randomBytes(32).toString('base64');
    await expect(openRelaySecrets(dir, other)).rejects.toThrow(
      /^refusing to start: the master key in PORTHOLE_RELAY_MASTER_KEY \(key id [\w-]{8}\) differs from the one that sealed this relay's secrets/,
    );
    // The same key moved into the environment is fine.
    const keyText = fs.readFileSync(path.join(dir, MASTER_KEY_FILE), 'utf8');
    expect((await openRelaySecrets(dir, keyText)).source).toBe('environment');

    // A restored database without its key file must not quietly get a new key.
    fs.rmSync(path.join(dir, MASTER_KEY_FILE));
    await expect(openRelaySecrets(dir)).rejects.toThrow(/master\.key is missing, but this relay's secrets were sealed/);
    expect(fs.existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(false);
    fs.writeFileSync(path.join(dir, MASTER_KEY_FILE), keyText, { mode: 0o600 });
    expect((await openRelaySecrets(dir)).box.keyId).toBe(first.box.keyId);
  });

  it('stops startRelay before the database is made, with the reason', async () => {
    const dir = tempDir();
    await expect(startRelay({ ...RELAY_DEFAULTS, port: 0, dataDir: dir, masterKey: 'c2hvcnQ' })).rejects.toThrow(
      /PORTHOLE_RELAY_MASTER_KEY holds \d+ bytes/,
    );
    expect(fs.existsSync(relayDatabasePath(dir))).toBe(false);
  });
});

describe('SecretBox (AES-256-GCM)', () => {
  const key = () => SecretBox.create(crypto.randomBytes(32), 'the master key');

  it('round-trips text and JSON, with a fresh nonce every time', async () => {
    const box = await key();
    const text = 'whsec_MySuperSecretValue123 — ünïcödé 🔑';
    const a = await box.seal(text, 'endpoint:ep_1:secret');
    const b = await box.seal(text, 'endpoint:ep_1:secret');
    expect(a).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+$/);
    expect(looksSealed(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toContain('MySuperSecret');
    expect(await box.open(a, 'endpoint:ep_1:secret')).toBe(text);
    expect(await box.open(b, 'endpoint:ep_1:secret')).toBe(text);

    const value = { secrets: ['one', 'two'], n: 3, nested: { ok: true } };
    expect(await box.openJson(await box.sealJson(value, 'row:2'), 'row:2')).toEqual(value);
    expect(await box.open(await box.seal('', 'row:3'), 'row:3')).toBe('');
  });

  it('fails on a flipped byte anywhere: ciphertext, tag, nonce', async () => {
    const box = await key();
    const sealed = await box.seal('whsec_MySuperSecretValue123', 'row:1');
    const tagStart = base64Decode(sealed.split('.')[3]!)!.byteLength - 1;
    for (const tampered of [flip(sealed, 3, 0), flip(sealed, 3, tagStart), flip(sealed, 2, 5)]) {
      const err = await caught(box.open(tampered, 'row:1'));
      expect(err.code).toBe('tampered');
      expect(err.message).toBe(
        'cannot decrypt "row:1": the sealed value was altered, or it was sealed for another row or field',
      );
    }
    // Cut short, or not sealed at all.
    expect((await caught(box.open(sealed.slice(0, 30), 'row:1'))).code).toBe('malformed');
    expect((await caught(box.open('whsec_MySuperSecretValue123', 'row:1'))).code).toBe('malformed');
    expect((await caught(box.open(sealed.replace(/^v1/, 'v2'), 'row:1'))).message).toBe(
      'cannot decrypt: sealed with format v2, this Porthole reads v1',
    );
  });

  it('says so when the key differs from the one that sealed it', async () => {
    const sealer = await key();
    const other = await key();
    const sealed = await sealer.seal('whsec_MySuperSecretValue123', 'row:1');
    const err = await caught(other.open(sealed, 'row:1'));
    expect(err.code).toBe('wrong_key');
    expect(err.message).toBe(
      `cannot decrypt: the master key differs from the one that sealed it (sealed under key id ${sealer.keyId}, this is ${other.keyId})`,
    );
    // A forged key id does not get past GCM either.
    const relabelled = sealed.replace(sealer.keyId, other.keyId);
    expect((await caught(other.open(relabelled, 'row:1'))).code).toBe('tampered');
    // The same bytes give the same key id: ids are stable across restarts.
    const raw = crypto.randomBytes(32);
    expect((await SecretBox.create(raw)).keyId).toBe((await SecretBox.create(raw)).keyId);
  });

  it('binds a value to its row and field: moved elsewhere it will not open', async () => {
    const box = await key();
    const sealed = await box.seal('whsec_MySuperSecretValue123', 'endpoint:ep_1:door#signature.check.secrets');
    for (const label of ['endpoint:ep_2:door#signature.check.secrets', 'endpoint:ep_1:other', 'endpoint:ep_1:door']) {
      expect((await caught(box.open(sealed, label))).code).toBe('tampered');
    }
    expect((await caught(box.seal('x', ''))).code).toBe('bad_label');
  });

  it('refuses a key that is not 32 bytes', async () => {
    expect((await caught(SecretBox.create(crypto.randomBytes(16), 'the master key'))).message).toBe(
      'the master key must be 32 bytes, not 16',
    );
  });
});

describe('door configs at rest', () => {
  const stripeDoor: DoorConfig = {
    ...DEFAULT_DOOR_CONFIG,
    signature: {
      check: { scheme: 'stripe', secrets: ['whsec_MySuperSecretValue123', 'whsec_OldRotatedSecret456'] },
      onFail: 'reject',
    },
    rateLimit: { requests: 10, windowSeconds: 60 },
  };

  it('seals only the signing secrets; the rest stays readable JSON', async () => {
    const box = await SecretBox.create(crypto.randomBytes(32));
    const stored = await sealDoorConfig(box, stripeDoor, 'endpoint:ep_1:door');
    expect(stored).not.toContain('MySuperSecretValue123');
    expect(stored).not.toContain('OldRotatedSecret456');
    const plain = JSON.parse(stored);
    expect(plain.signature.check.scheme).toBe('stripe');
    expect(plain.rateLimit).toEqual({ requests: 10, windowSeconds: 60 });
    expect(Object.keys(plain.signature.check.secrets)).toEqual(['sealed']);
    expect(looksSealed(plain.signature.check.secrets.sealed)).toBe(true);

    expect(await openDoorConfig(box, stored, 'endpoint:ep_1:door')).toEqual(stripeDoor);
    expect((await caught(openDoorConfig(box, stored, 'endpoint:ep_2:door'))).code).toBe('tampered');
  });

  it('stores a config without a signature as is, and never reads plain secrets back', async () => {
    const box = await SecretBox.create(crypto.randomBytes(32));
    const stored = await sealDoorConfig(box, DEFAULT_DOOR_CONFIG, 'endpoint:ep_1:door');
    expect(JSON.parse(stored)).toEqual(DEFAULT_DOOR_CONFIG);
    expect(await openDoorConfig(box, stored, 'endpoint:ep_1:door')).toEqual(DEFAULT_DOOR_CONFIG);
    const err = await caught(openDoorConfig(box, JSON.stringify(stripeDoor), 'endpoint:ep_1:door'));
    expect(err.message).toBe('the door config of "endpoint:ep_1:door" has no sealed signing secrets');
  });
});

/** A stand-in for Electron's safeStorage: real encryption under a key only "the keyring" holds. */
class FakeSafeStorage implements SafeStorageApi {
  private readonly key = crypto.randomBytes(32);
  isEncryptionAvailable() {
    return true;
  }
  getSelectedStorageBackend() {
    return 'gnome_libsecret';
  }
  encryptString(plainText: string): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
}

describe('engine store key', () => {
  it('headless: a 0600 file in the secret store, made at first open and reused', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const secrets = new FileSecretStore(dir);
    const first = loadEngineKey(secrets);
    expect(first.created).toBe(true);
    expect(first.key.byteLength).toBe(32);
    const file = path.join(dir, STORE_KEY_SECRET);
    if (posix) expect(mode(file)).toBe(0o600);
    const again = loadEngineKey(new FileSecretStore(dir));
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);

    const box = await openEngineSecretBox(secrets);
    const sealed = await box.seal('whsec_MySuperSecretValue123', 'endpoint:ep_1:door');
    const reopened = await openEngineSecretBox(new FileSecretStore(dir));
    expect(await reopened.open(sealed, 'endpoint:ep_1:door')).toBe('whsec_MySuperSecretValue123');
  });

  it('refuses a damaged key rather than replacing it', () => {
    const secrets = new FileSecretStore(path.join(tempDir(), 'secrets'));
    secrets.set(STORE_KEY_SECRET, 'bm90IGEga2V5');
    expect(() => loadEngineKey(secrets)).toThrow(/store key \(secret "store-key"\) is damaged/);
  });

  it('in the desktop app: kept through safeStorage, never in the clear', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const safeStorage = new FakeSafeStorage();
    const secrets = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    const box = await openEngineSecretBox(secrets);
    expect(fs.readdirSync(dir)).toEqual([`${STORE_KEY_SECRET}.enc`]);
    const key = Buffer.from(secrets.get(STORE_KEY_SECRET)!, 'base64');
    const onDisk = fs.readFileSync(path.join(dir, `${STORE_KEY_SECRET}.enc`));
    expect(onDisk.includes(key)).toBe(false);
    expect(onDisk.includes(Buffer.from(key.toString('base64')))).toBe(false);
    const again = await openEngineSecretBox(new SafeStorageSecretStore(dir, safeStorage, 'linux'));
    expect(again.keyId).toBe(box.keyId);
  });
});
