// The desktop app's SecretStore on safeStorage. Electron is not installed here, so a stand-in
// for safeStorage behaves as the real one does: real authenticated encryption with a key the
// "keyring" holds, a throw on anything it did not encrypt, and the backend it reports.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../app/engine/engine.js';
import { FileSecretStore } from '../../app/secrets/secret-store.js';
import {
  describeSafeStorage,
  type SafeStorageApi,
  SafeStorageSecretStore,
} from '../../main/safe-storage-secret-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

class KeyringSafeStorage implements SafeStorageApi {
  private readonly key = crypto.randomBytes(32);
  constructor(
    private readonly backend = 'gnome_libsecret',
    private readonly available = true,
  ) {}
  isEncryptionAvailable() {
    return this.available;
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString.');
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    try {
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('unknown version');
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
}

const TOKEN = 'phd_dev_01J0000000000000000000000.c2VjcmV0LXRva2VuLXZhbHVlLXRoYXQtaXMtbG9uZw';

describe('SafeStorageSecretStore', () => {
  const temps: Array<() => void> = [];
  const tempDir = () => {
    const t = makeTempDir('porthole-secrets-');
    temps.push(t.cleanup);
    return t.dir;
  };
  afterEach(() => {
    for (const cleanup of temps.splice(0)) cleanup();
  });

  it('keeps secrets encrypted in 0600 files when a keyring backs safeStorage', () => {
    const dir = path.join(tempDir(), 'secrets');
    const store = new SafeStorageSecretStore(dir, new KeyringSafeStorage(), 'linux');
    expect(store.get('device-token')).toBeNull();
    store.set('device-token', TOKEN);
    expect(store.get('device-token')).toBe(TOKEN);
    expect(fs.readdirSync(dir)).toEqual(['device-token.enc']);
    const onDisk = fs.readFileSync(path.join(dir, 'device-token.enc'));
    expect(onDisk.includes(Buffer.from('c2VjcmV0'))).toBe(false);
    expect(fs.statSync(path.join(dir, 'device-token.enc')).mode & 0o777).toBe(0o600);
    expect(store.describe()).toEqual({
      backend: 'gnome_libsecret',
      protected: true,
      note: 'secrets are encrypted with a key kept in the GNOME keyring (libsecret)',
    });
    store.delete('device-token');
    expect(store.get('device-token')).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('moves a secret the CLI stored in the clear into encrypted storage on first read', () => {
    const dir = path.join(tempDir(), 'secrets');
    new FileSecretStore(dir).set('device-token', TOKEN);
    const store = new SafeStorageSecretStore(dir, new KeyringSafeStorage('kwallet6'), 'linux');
    expect(store.get('device-token')).toBe(TOKEN);
    expect(fs.readdirSync(dir)).toEqual(['device-token.enc']);
    expect(store.get('device-token')).toBe(TOKEN);
  });

  it('says plainly that nothing is protected on Linux without a keyring (basic_text)', () => {
    const dir = path.join(tempDir(), 'secrets');
    // The real safeStorage reports encryption as available with basic_text: a hardcoded key.
    const store = new SafeStorageSecretStore(dir, new KeyringSafeStorage('basic_text', true), 'linux');
    const info = store.describe();
    expect(info.backend).toBe('basic_text');
    expect(info.protected).toBe(false);
    expect(info.note).toMatch(/No OS keyring was found/);
    expect(info.note).toMatch(/NOT protected/);
    expect(info.note).toMatch(/0600/);
    // Kept exactly as the CLI keeps them, so `porthole` commands on this data dir can read them.
    store.set('device-token', TOKEN);
    expect(fs.readFileSync(path.join(dir, 'device-token'), 'utf8')).toBe(TOKEN);
    expect(new FileSecretStore(dir).get('device-token')).toBe(TOKEN);
    expect(store.get('device-token')).toBe(TOKEN);
  });

  it('says so too when safeStorage cannot encrypt at all', () => {
    const info = describeSafeStorage(new KeyringSafeStorage('gnome_libsecret', false), 'linux');
    expect(info).toMatchObject({ backend: 'gnome_libsecret', protected: false });
    expect(info.note).toMatch(/not available/);
    const windows = describeSafeStorage(new KeyringSafeStorage('unknown', false), 'win32');
    expect(windows).toMatchObject({ backend: 'dpapi', protected: false });
    expect(windows.note).not.toMatch(/keyring/i);
  });

  it('names the macOS Keychain and Windows DPAPI when they protect the secrets', () => {
    expect(describeSafeStorage(new KeyringSafeStorage(), 'darwin')).toEqual({
      backend: 'keychain',
      protected: true,
      note: 'secrets are encrypted with a key in your macOS Keychain',
    });
    expect(describeSafeStorage(new KeyringSafeStorage(), 'win32')).toMatchObject({ backend: 'dpapi', protected: true });
  });

  it('treats a secret it cannot decrypt as missing, and says why in the log', () => {
    const dir = path.join(tempDir(), 'secrets');
    new SafeStorageSecretStore(dir, new KeyringSafeStorage(), 'linux').set('device-token', TOKEN);
    const logged: string[] = [];
    // Another key: the keyring was reset, or the data dir came from another machine.
    const store = new SafeStorageSecretStore(dir, new KeyringSafeStorage(), 'linux', (m) => logged.push(m));
    expect(store.get('device-token')).toBeNull();
    expect(logged[0]).toMatch(/device-token.*could not be decrypted/);
  });

  it('refuses secret names that could leave its directory', () => {
    const store = new SafeStorageSecretStore(path.join(tempDir(), 'secrets'), new KeyringSafeStorage(), 'linux');
    expect(() => store.set('../escape', 'x')).toThrow(/invalid secret name/);
    expect(() => store.get('a/b')).toThrow(/invalid secret name/);
  });

  it('is what the engine reports in app.status', async () => {
    const dataDir = tempDir();
    const secrets = new SafeStorageSecretStore(path.join(dataDir, 'secrets'), new KeyringSafeStorage(), 'linux');
    const engine = await startEngine({ dataDir, secrets });
    try {
      const status = await engine.api.invoke('app.status', {});
      expect(status.secrets).toEqual(secrets.describe());
    } finally {
      await engine.close();
    }
  });
});
