// The engine's SecretStore in the desktop app: each secret encrypted with Electron's
// safeStorage (Keychain on macOS, DPAPI on Windows, the desktop keyring on Linux) in a 0600
// file. Where safeStorage has no keyring (Linux `basic_text`, or encryption unavailable) it
// would only obfuscate with a hardcoded key, so the secrets are kept exactly as the CLI keeps
// them, in 0600 files, and describe() says plainly that they are not protected.
import fs from 'node:fs';
import path from 'node:path';
import { FileSecretStore, type SecretStore } from '../app/secrets/secret-store.js';
import type { SecretStorageInfo } from '../protocol/desktop-api.js';

/** The part of Electron's `safeStorage` this store uses; passed in so tests can stand in for it. */
export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs the encryption key. */
  getSelectedStorageBackend(): string;
}

const ENCRYPTED_SUFFIX = '.enc';

const KEYRING_NAMES: Record<string, string> = {
  gnome_libsecret: 'the GNOME keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
};

/** Which backend safeStorage uses here, and whether it really protects anything. */
export function describeSafeStorage(safeStorage: SafeStorageApi, platform: NodeJS.Platform): SecretStorageInfo {
  const available = safeStorage.isEncryptionAvailable();
  const backend =
    platform === 'darwin'
      ? 'keychain'
      : platform === 'win32'
        ? 'dpapi'
        : platform === 'linux'
          ? safeStorage.getSelectedStorageBackend()
          : 'unknown';
  const unprotected = (why: string): SecretStorageInfo => ({
    backend,
    protected: false,
    note:
      `${why}, so secrets such as the device token are NOT protected: they are stored unencrypted ` +
      'in files only your user can read (0600).' +
      (platform === 'linux'
        ? ' Install and unlock a keyring (GNOME Keyring or KWallet) and restart Porthole to protect them.'
        : ''),
  });
  if (platform === 'linux' && backend === 'basic_text') {
    return unprotected('No OS keyring was found (Electron safeStorage backend: basic_text)');
  }
  if (!available || backend === 'unknown') return unprotected('OS encryption is not available to Porthole');
  const where =
    platform === 'darwin'
      ? 'a key in your macOS Keychain'
      : platform === 'win32'
        ? 'Windows DPAPI (your Windows login)'
        : `a key kept in ${KEYRING_NAMES[backend] ?? backend}`;
  return { backend, protected: true, note: `secrets are encrypted with ${where}` };
}

export class SafeStorageSecretStore implements SecretStore {
  private readonly info: SecretStorageInfo;
  private readonly files: FileSecretStore;

  /** Create it after the app's `ready` event: before it, safeStorage cannot tell its backend. */
  constructor(
    private readonly dir: string,
    private readonly safeStorage: SafeStorageApi,
    platform: NodeJS.Platform = process.platform,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.info = describeSafeStorage(safeStorage, platform);
    this.files = new FileSecretStore(dir);
  }

  private encryptedFile(name: string): string {
    // The same names FileSecretStore accepts; it validates them when asked for the plain file.
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid secret name "${name}"`);
    return path.join(this.dir, `${name}${ENCRYPTED_SUFFIX}`);
  }

  get(name: string): string | null {
    if (!this.info.protected) return this.files.get(name);
    let encrypted: Buffer;
    try {
      encrypted = fs.readFileSync(this.encryptedFile(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return this.migratePlainFile(name);
    }
    try {
      return this.safeStorage.decryptString(encrypted);
    } catch (err) {
      // A keyring that was reset or a file from another machine: the secret is lost, not fatal.
      this.log(`secret "${name}" could not be decrypted (${(err as Error).message}); it must be set again`);
      return null;
    }
  }

  set(name: string, value: string): void {
    if (!this.info.protected) {
      this.files.set(name, value);
      return;
    }
    const file = this.encryptedFile(name);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Write beside, then rename: a crash never leaves a half-written secret.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, this.safeStorage.encryptString(value), { mode: 0o600 });
    fs.renameSync(temp, file);
    this.files.delete(name);
  }

  delete(name: string): void {
    fs.rmSync(this.encryptedFile(name), { force: true });
    this.files.delete(name);
  }

  describe(): SecretStorageInfo {
    return { ...this.info };
  }

  /** A secret the CLI stored in the clear on this data dir moves into encrypted storage on first read. */
  private migratePlainFile(name: string): string | null {
    const plain = this.files.get(name);
    if (plain !== null) this.set(name, plain);
    return plain;
  }
}
