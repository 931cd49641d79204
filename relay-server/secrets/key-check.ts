// DATA_DIR/master.key.check records which master key sealed this relay's secrets (its key id,
// which reveals nothing of the key). With it a relay refuses to start under another key, or
// to make a fresh key.file when master.key went missing, instead of starting and failing
// later on every sealed secret.
import fs from 'node:fs';
import path from 'node:path';

export const KEY_CHECK_FILE = 'master.key.check';

export function keyCheckPath(dataDir: string): string {
  return path.join(dataDir, KEY_CHECK_FILE);
}

/** The recorded key id, or null before the first start. */
export function readKeyCheck(dataDir: string): string | null {
  try {
    const id = fs.readFileSync(keyCheckPath(dataDir), 'utf8').trim();
    return id === '' ? null : id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function writeKeyCheck(dataDir: string, keyId: string) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = keyCheckPath(dataDir);
  // Write beside, then rename: a crash never leaves an empty record.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${keyId}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}
