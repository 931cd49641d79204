// The relay's 32-byte master key: from PORTHOLE_RELAY_MASTER_KEY when set, otherwise from
// DATA_DIR/master.key, which the first start creates (0600, random bytes). The key itself is
// never logged and never part of an error message.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_BYTES } from '../../protocol/crypto/secret-box.js';
import { base64Decode } from '../../protocol/signatures/base64.js';

export const MASTER_KEY_ENV = 'PORTHOLE_RELAY_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';

export interface MasterKey {
  key: Buffer;
  /** environment: PORTHOLE_RELAY_MASTER_KEY; created: the key file was made just now. */
  source: 'environment' | 'file' | 'created';
  /** The key file, when the key came from one. */
  file: string | null;
}

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

export function masterKeyPath(dataDir: string): string {
  return path.join(dataDir, MASTER_KEY_FILE);
}

/** 32 bytes as hex (64 digits) or base64 / base64url (padding optional); surrounding whitespace ignored. */
export function parseMasterKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : base64Decode(trimmed);
  const expected = `${SECRET_KEY_BYTES} bytes as base64 (44 characters) or hex (64 characters)`;
  if (!bytes) throw new MasterKeyError(`${where} is neither hex nor base64: it must be ${expected}`);
  if (bytes.byteLength !== SECRET_KEY_BYTES) {
    throw new MasterKeyError(`${where} holds ${bytes.byteLength} bytes: it must be ${expected}`);
  }
  return Buffer.from(bytes);
}

/** `fromEnv` is the value of PORTHOLE_RELAY_MASTER_KEY, if set; an empty value counts as unset. */
export function loadMasterKey(dataDir: string, fromEnv?: string): MasterKey {
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseMasterKey(fromEnv, MASTER_KEY_ENV), source: 'environment', file: null };
  }
  const file = masterKeyPath(dataDir);
  const existing = readKeyFile(file);
  if (existing) return { key: existing, source: 'file', file };
  const created = createKeyFile(dataDir, file);
  return { key: created.key, source: created.won ? 'created' : 'file', file };
}

function readKeyFile(file: string): Buffer | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (!stat.isFile()) throw new MasterKeyError(`${file} is not a regular file`);
  // Windows has no POSIX modes; there the data dir's ACL is what protects the file.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new MasterKeyError(
      `refusing to start: ${file} is accessible to group or others (mode ${mode}); ` +
        `make it private with \`chmod 600 ${file}\` and start again`,
    );
  }
  return parseMasterKey(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Writes a new key beside the final name, then links it into place: link (unlike rename)
 * fails if another relay starting on the same dir got there first, and then its key is used.
 */
function createKeyFile(dataDir: string, file: string): { key: Buffer; won: boolean } {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(SECRET_KEY_BYTES);
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true }); // left by a crashed start that had our pid
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${key.toString('base64')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      fs.rmSync(temp, { force: true });
      key.fill(0);
      return { key: readKeyFile(file)!, won: false };
    }
    // A filesystem without hard links: rename is atomic too, just not exclusive.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    fs.renameSync(temp, file);
  }
  fs.rmSync(temp, { force: true });
  syncDir(dataDir);
  return { key, won: true };
}

/** Makes the new directory entry durable, where the platform allows opening a directory. */
function syncDir(dir: string) {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
