// `porthole start` on a data dir, as a child process, the way the e2e fixture runs it: the
// engine serves the built inspector in browser mode; its first JSON line names the URL.
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';

const BIN = path.resolve(import.meta.dirname, '../bin/porthole.js');

export interface RunningPorthole {
  /** The inspector, with its session token in the fragment. */
  inspectorUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startPorthole(dataDir: string): Promise<RunningPorthole> {
  const server: ChildServer<{ inspectorUrl: string | null }> = await startChildServer({
    name: 'porthole start',
    args: [BIN, 'start', '--data-dir', dataDir, '--relay-port', '0', '--no-open', '--json'],
    env: { PORTHOLE_LOG_LEVEL: 'warn' },
    startTimeoutMs: 60_000,
  });
  const { inspectorUrl } = server.info;
  if (!inspectorUrl) {
    await server.stop();
    throw new Error('porthole start printed no inspector URL: is the renderer built?');
  }
  return { inspectorUrl, pid: server.pid, stop: server.stop };
}
