// `porthole listen --forward-to URL`: like `stripe listen`, but every event is kept, and
// events sent while this was not running arrive when it starts.
import type { Command } from 'commander';
import type { DesktopApi, EventSummary, LocalEndpoint } from '../../protocol/desktop-api.js';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { openEngineSession } from '../engine-session.js';
import { portArg } from '../option-parsers.js';
import { fail } from '../output.js';

async function ensureEndpoint(api: DesktopApi, name: string): Promise<LocalEndpoint> {
  const { endpoints } = await api.invoke('endpoints.list', {});
  return endpoints.find((e) => e.name === name) ?? (await api.invoke('endpoints.create', { name }));
}

/** Gives the relay connection a moment, so endpoints made on other devices are known first. */
async function waitForRelay(api: DesktopApi, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await api.invoke('relay.status', {})).state !== 'connected') {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The endpoint's URL comes from the relay; wait for the sync to deliver it. */
async function waitForUrl(api: DesktopApi, endpoint: LocalEndpoint, timeoutMs: number): Promise<LocalEndpoint> {
  const deadline = Date.now() + timeoutMs;
  let current = endpoint;
  while (!current.url && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const { endpoints } = await api.invoke('endpoints.list', {});
    current = endpoints.find((e) => e.id === endpoint.id) ?? current;
  }
  return current;
}

function eventLine(e: EventSummary, json: boolean): string {
  const status = e.lastStatus !== null ? String(e.lastStatus) : (e.lastError ?? 'no target');
  const duration = e.lastDurationMs !== null ? Math.round(e.lastDurationMs) : null;
  if (json) {
    return JSON.stringify({
      time: e.receivedAt,
      id: e.id,
      method: e.method,
      path: e.path || '/',
      status: e.lastStatus,
      error: e.lastError,
      durationMs: duration,
    });
  }
  const time = e.receivedAt.slice(11, 23);
  return `${time}  ${e.method.padEnd(6)} ${(e.path || '/').padEnd(30)} -> ${status}${duration !== null ? ` (${duration} ms)` : ''}`;
}

export function registerListenCommand(program: Command) {
  program
    .command('listen')
    .description('forward every webhook of an endpoint to a local URL, printing a line per event')
    .requiredOption('--forward-to <url>', 'the local service, e.g. http://localhost:3000/webhooks')
    .option('--endpoint <name>', 'the endpoint to listen on (created if new)', 'default')
    .option('--relay <url>', 'use this paired relay instead of the embedded one')
    .option('--relay-port <port>', 'port of the embedded relay', portArg)
    .addOption(engineDataDirOption())
    .option('--json', 'print JSON lines: first {"url"}, then one object per event')
    .action(
      async (opts: {
        forwardTo: string;
        endpoint: string;
        relay?: string;
        relayPort?: number;
        dataDir?: string;
        json?: boolean;
      }) => {
        if (!/^https?:\/\/[^\s]+$/.test(opts.forwardTo))
          fail(`--forward-to must be an http(s) URL, got "${opts.forwardTo}"`);
        const dataDir = resolveDataDir(opts.dataDir);
        const session = await openEngineSession({
          dataDir,
          embeddedRelay: !opts.relay,
          ...(opts.relayPort !== undefined ? { relayPort: opts.relayPort } : {}),
        }).catch((err: Error) => fail(err.message));
        const { api } = session;
        try {
          const status = await api.invoke('relay.status', {});
          if (opts.relay && status.relayUrl?.replace(/\/+$/, '') !== opts.relay.replace(/\/+$/, '')) {
            fail(`this data dir is not paired with ${opts.relay}: run porthole pair ${opts.relay} CODE first`);
          }
          await waitForRelay(api, 5_000);
          const endpoint = await waitForUrl(api, await ensureEndpoint(api, opts.endpoint), 10_000);
          const { targets } = await api.invoke('targets.list', { endpointId: endpoint.id });
          if (!targets.some((t) => t.url === opts.forwardTo)) {
            await api.invoke('targets.create', { endpointId: endpoint.id, url: opts.forwardTo });
          }
          const url = endpoint.url ?? '(waiting for the relay to create it)';
          if (opts.json) process.stdout.write(`${JSON.stringify({ url, forwardTo: opts.forwardTo })}\n`);
          else process.stdout.write(`Forwarding ${url}\n        to ${opts.forwardTo}\n(Ctrl-C to stop)\n`);
          api.on('onEventUpdated', ({ event }) => {
            if (event.endpointId === endpoint.id && event.replayOf === null) {
              process.stdout.write(`${eventLine(event, Boolean(opts.json))}\n`);
            }
          });
        } catch (err) {
          await session.close();
          fail((err as Error).message);
        }
        const stop = () => void session.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}
