// Starts a real relay in this process on 127.0.0.1:0 with its SQLite file in a temp dir,
// and pairs one device with one endpoint, ready for a test to send webhooks to.
import type { Endpoint, PairResponse } from '../../protocol/relay-api.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';
import { RELAY_DEFAULTS, type RelayConfig } from '../../relay-server/relay-config.js';
import { type RunningRelay, startRelay } from '../../relay-server/relay-server.js';
import { createEndpoint, inviteAndPair } from './relay-api-client.js';
import { makeTempDir } from './temp-dir.js';

export interface RelayHarness {
  relay: RunningRelay;
  adminToken: string;
  device: PairResponse;
  endpoint: Endpoint;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestRelay(overrides: Partial<RelayConfig> = {}): Promise<RelayHarness> {
  const temp = overrides.dataDir ? null : makeTempDir('porthole-relay-');
  const dataDir = overrides.dataDir ?? temp!.dir;
  const relay = await startRelay({
    ...RELAY_DEFAULTS,
    port: 0,
    log: createRelayLogger(process.env['PORTHOLE_TEST_LOG'] ?? 'silent'),
    ...overrides,
    dataDir,
  });
  const adminToken = relay.adminToken ?? '';
  const device = await inviteAndPair(relay.url, adminToken, 'alice');
  const endpoint = await createEndpoint(relay.url, device.deviceToken, 'default');
  return {
    relay,
    adminToken,
    device,
    endpoint,
    dataDir,
    async stop() {
      await relay.close();
      temp?.cleanup();
    },
  };
}
