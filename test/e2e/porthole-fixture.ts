// Per test: a temp data dir and `porthole start` (engine + embedded relay + first endpoint)
// as a child process, the inspector URL, and a DesktopApi connection for setup and checks.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test as base } from '@playwright/test';
import { connectDesktopApi, type DesktopApiConnection } from '../../app/desktop-api/ws-client.js';
import { readEngineLock } from '../../app/engine/engine-lock.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/porthole.js');

export interface Porthole {
  dataDir: string;
  /** The inspector, with its session token in the fragment. */
  inspectorUrl: string;
  /** The first endpoint's permanent URL. */
  webhookUrl: string;
  api: DesktopApiConnection;
}

async function startPorthole(
  dataDir: string,
): Promise<{ child: ChildProcess; info: { url: string; inspectorUrl: string } }> {
  const child = spawn(
    process.execPath,
    [BIN, 'start', '--data-dir', dataDir, '--relay-port', '0', '--no-open', '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PORTHOLE_LOG_LEVEL: 'warn' },
    },
  );
  const info = await new Promise<{ url: string; inspectorUrl: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`porthole start exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  });
  return { child, info };
}

export const test = base.extend<{ porthole: Porthole }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
  porthole: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-e2e-'));
    const { child, info } = await startPorthole(dataDir);
    const lock = readEngineLock(dataDir);
    if (!lock) throw new Error('the engine did not publish its lock');
    const api = await connectDesktopApi(lock.url, lock.token);
    try {
      await use({ dataDir, inspectorUrl: info.inspectorUrl, webhookUrl: info.url, api });
    } finally {
      await api.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
