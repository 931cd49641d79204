// One engine per data dir. The running engine writes where its DesktopApi listens into a
// 0600 lock file; a second process reads it and attaches instead of opening the store twice
// or consuming the relay stream twice.
import fs from 'node:fs';
import path from 'node:path';

export interface EngineLockInfo {
  pid: number;
  url: string;
  token: string;
}

export function engineLockPath(dataDir: string): string {
  return path.join(dataDir, 'engine.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running engine of this data dir, if there is one. */
export function readEngineLock(dataDir: string): EngineLockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(engineLockPath(dataDir), 'utf8')) as EngineLockInfo;
    return info.pid && info.url && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export class EngineLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock, or returns the engine that holds it. Stale locks of dead processes are taken over. */
  static acquire(dataDir: string): EngineLock | EngineLockInfo {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = engineLockPath(dataDir);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url: '', token: '' }), { flag: 'wx', mode: 0o600 });
        return new EngineLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = readEngineLock(dataDir);
        if (holder) return holder;
        let pid = 0;
        try {
          pid = (JSON.parse(fs.readFileSync(file, 'utf8')) as EngineLockInfo).pid;
        } catch {
          // unreadable: a crash mid-write
        }
        if (pid && alive(pid) && pid !== process.pid) {
          throw new Error(`another Porthole (pid ${pid}) is starting on ${dataDir}; try again in a moment`);
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new Error(`could not take the engine lock ${file}`);
  }

  /** Publishes where this engine's DesktopApi listens. */
  publish(url: string, token: string) {
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ pid: process.pid, url, token }), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }

  release() {
    fs.rmSync(this.file, { force: true });
  }
}
