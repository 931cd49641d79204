// Where the engine keeps secrets such as the device token. Headless (CLI, tests) that is a
// 0600 file per secret; the Electron shell supplies one backed by safeStorage.
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStorageInfo } from '../../protocol/desktop-api.js';

export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** How the secrets are protected, said plainly to the user. */
  describe(): SecretStorageInfo;
}

export class FileSecretStore implements SecretStore {
  constructor(private readonly dir: string) {}

  private file(name: string) {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid secret name "${name}"`);
    return path.join(this.dir, name);
  }

  get(name: string): string | null {
    try {
      return fs.readFileSync(this.file(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  set(name: string, value: string) {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(name);
    // Write beside, then rename: a crash never leaves a half-written token.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, value, { mode: 0o600 });
    fs.renameSync(temp, file);
  }

  delete(name: string) {
    fs.rmSync(this.file(name), { force: true });
  }

  describe(): SecretStorageInfo {
    return {
      backend: 'file',
      protected: false,
      note: 'secrets are files readable only by your user (0600), not encrypted by the OS keyring',
    };
  }
}
