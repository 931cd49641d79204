// A real engine in its own process, the way a developer runs one: `porthole pair RELAY CODE`
// on a throwaway data dir, then `porthole listen --relay RELAY --forward-to URL --json`, which
// creates the endpoint (synced to the relay) and its target and prints the permanent URL.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { callApi } from '../test/helpers/relay-api-client.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { makeTempDir } from './temp-dirs.js';

export interface EngineChild {
  server: ChildServer<{ url: string; forwardTo: string }>;
  /** The endpoint's permanent URL at the relay. */
  webhookUrl: string;
  /** Its data dir, so `porthole alerts … --data-dir` can attach to it. */
  dataDir: string;
  stop(): Promise<void>;
}

const PORTHOLE_BIN = path.resolve(import.meta.dirname, '../bin/porthole.js');

/**
 * Extra node flags for the engine, for looking inside it during a run, e.g.
 * BENCH_ENGINE_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/engine-prof" npm run bench -- engine-e2e
 */
const extraNodeFlags = (process.env['BENCH_ENGINE_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);

export async function startEngineChild(relayUrl: string, adminToken: string, forwardTo: string): Promise<EngineChild> {
  const dataDir = makeTempDir('porthole-bench-engine-');
  let server: ChildServer<{ url: string; forwardTo: string }> | null = null;
  const stop = async () => {
    await server?.stop();
    dataDir.remove();
  };
  try {
    const invite = await callApi<{ code: string }>(relayUrl, 'POST', '/api/admin/invites', {
      token: adminToken,
      body: { name: 'bench-engine' },
    });
    if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
    await promisify(execFile)(
      process.execPath,
      [PORTHOLE_BIN, 'pair', relayUrl, invite.body.code, '--name', 'bench-engine', '--data-dir', dataDir.dir],
      { timeout: 30_000 },
    );
    server = await startChildServer({
      name: 'engine (porthole listen)',
      args: [
        ...extraNodeFlags,
        PORTHOLE_BIN,
        'listen',
        '--relay',
        relayUrl,
        '--forward-to',
        forwardTo,
        '--endpoint',
        'bench',
        '--data-dir',
        dataDir.dir,
        '--json',
      ],
      env: { PORTHOLE_LOG_LEVEL: 'warn' },
    });
    const { url } = server.info;
    if (!/^https?:\/\//.test(url)) throw new Error(`porthole listen printed no endpoint URL: ${url}`);
    return { server, webhookUrl: url, dataDir: dataDir.dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
