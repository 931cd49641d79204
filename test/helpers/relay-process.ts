// Runs `porthole relay` as a child process, the way a user does, for crash and signal tests.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const PORTHOLE_BIN = path.resolve(import.meta.dirname, '../../bin/porthole.js');

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  port: number;
  adminToken: string | null;
  stderr: () => string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

export function spawnRelay(dataDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RelayProcess> {
  const child = spawn(process.execPath, [PORTHOLE_BIN, 'relay', '--json', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORTHOLE_LOG_LEVEL: 'info', ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start in time:\n${stderr}`)), 20_000);
    void exited.then((code) => reject(new Error(`relay exited (${code}) before starting:\n${stderr}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; adminToken: string | null };
      resolve({
        child,
        url: info.url,
        port: Number(new URL(info.url).port),
        adminToken: info.adminToken,
        stderr: () => stderr,
        exited,
      });
    });
  });
}
