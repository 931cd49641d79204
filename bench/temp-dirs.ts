// Temp dirs that are removed even when the bench dies half-way (error, Ctrl-C).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made = new Set<string>();

process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return {
    dir,
    remove: () => {
      fs.rmSync(dir, { recursive: true, force: true });
      made.delete(dir);
    },
  };
}
