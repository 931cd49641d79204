// A real `porthole relay` in its own process on a throwaway data dir, set up over HTTP the way
// a user does (invite, pair, create an endpoint), ready to take webhooks at `webhookUrl`.

import path from 'node:path';
import { DEFAULT_DOOR_CONFIG } from '../protocol/endpoint-door.js';
import { createEndpoint, inviteAndPair } from '../test/helpers/relay-api-client.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { makeTempDir } from './temp-dirs.js';

export type Durability = 'full' | 'normal';

export interface RelayChild {
  server: ChildServer<RelayStartInfo>;
  webhookUrl: string;
  stop(): Promise<void>;
}

interface RelayStartInfo {
  url: string;
  adminToken: string | null;
}

const PORTHOLE_BIN = path.resolve(import.meta.dirname, '../bin/porthole.js');

/**
 * Extra node flags for the relay, for looking inside it during a run, e.g.
 * BENCH_RELAY_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/relay-prof" npm run bench
 */
const extraNodeFlags = (process.env['BENCH_RELAY_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);

/** `extraArgs` go after the relay's own flags, e.g. `--alerts-allow 127.0.0.1/32`. */
export async function startRelayChild(durability: Durability, extraArgs: string[] = []): Promise<RelayChild> {
  const dataDir = makeTempDir(`porthole-bench-${durability}-`);
  let server: ChildServer<RelayStartInfo> | null = null;
  const stop = async () => {
    await server?.stop();
    dataDir.remove();
  };
  try {
    server = await startChildServer<RelayStartInfo>({
      name: `relay (durability ${durability})`,
      args: [
        ...extraNodeFlags,
        PORTHOLE_BIN,
        'relay',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--json',
        '--data-dir',
        dataDir.dir,
        '--durability',
        durability,
        ...extraArgs,
      ],
      env: { PORTHOLE_LOG_LEVEL: 'warn' },
    });
    const { url, adminToken } = server.info;
    if (!adminToken) throw new Error('the relay printed no admin token for a fresh data dir');
    const device = await inviteAndPair(url, adminToken, 'bench', 'bench-device');
    // The load generator sends one fixed Stripe webhook again and again; with dedupe on the
    // relay would store it once and answer the rest as redeliveries.
    const endpoint = await createEndpoint(url, device.deviceToken, 'stripe-bench', {
      door: { ...DEFAULT_DOOR_CONFIG, dedupe: false },
    });
    return { server, webhookUrl: endpoint.url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
