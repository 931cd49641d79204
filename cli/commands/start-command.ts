// `porthole start` (what `npm start` runs): the embedded relay on 127.0.0.1, paired over
// loopback with this machine's own device, with a first endpoint ready to receive.
import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { Endpoint, PairResponse } from '../../protocol/relay-api.js';
import { createInvite } from '../../relay-server/accounts/invites.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { type RunningRelay, startRelay } from '../../relay-server/relay-server.js';
import { userDataDir } from '../data-dirs.js';
import { portArg } from '../option-parsers.js';
import { fail, printResult } from '../output.js';

interface LocalPairing {
  relayUrl: string;
  deviceToken: string;
  deviceId: string;
}

async function api<T>(relay: RunningRelay, method: string, route: string, token: string | null, body?: unknown) {
  const res = await fetch(`${relay.url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Pairs this machine with its own embedded relay once; the token file is readable by the owner only. */
async function ensureLocalPairing(relay: RunningRelay, file: string): Promise<LocalPairing> {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalPairing;
  const invite = await createInvite(relay.store, 'local');
  const paired = await api<PairResponse>(relay, 'POST', '/api/pair', null, {
    code: invite.code,
    deviceName: 'this computer',
  });
  const pairing = { relayUrl: relay.url, deviceToken: paired.deviceToken, deviceId: paired.deviceId };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(pairing), { mode: 0o600 });
  return pairing;
}

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('run Porthole on this computer: the embedded relay, paired with this machine, with a first endpoint')
    .addOption(new Option('--data-dir <dir>', 'where Porthole keeps its files').env('PORTHOLE_HOME'))
    .addOption(
      new Option('--port <port>', 'port of the embedded relay')
        .env('PORTHOLE_RELAY_PORT')
        .argParser(portArg)
        .default(8787),
    )
    .option('--json', 'print {"url", "relayUrl"} as one JSON line')
    .action(async (opts: { dataDir?: string; port: number; json?: boolean }) => {
      const home = opts.dataDir ? path.resolve(opts.dataDir) : userDataDir();
      const relay = await startRelay({
        ...RELAY_DEFAULTS,
        host: '127.0.0.1',
        port: opts.port,
        dataDir: path.join(home, 'relay'),
      }).catch((err: Error) => fail(`could not start the embedded relay: ${err.message}`));
      try {
        const pairing = await ensureLocalPairing(relay, path.join(home, 'local-device.json'));
        const { endpoints } = await api<{ endpoints: Endpoint[] }>(relay, 'GET', '/api/endpoints', pairing.deviceToken);
        const endpoint =
          endpoints[0] ??
          (await api<Endpoint>(relay, 'POST', '/api/endpoints', pairing.deviceToken, { name: 'default' }));
        printResult(Boolean(opts.json), { url: endpoint.url, relayUrl: relay.url, dataDir: home }, () =>
          [
            `Porthole is running (data in ${home}).`,
            `  your permanent webhook URL: ${endpoint.url}`,
            `  try it: curl -X POST ${endpoint.url} -H 'content-type: application/json' -d '{"hello":"porthole"}'`,
            '  events wait at the relay, durably, until this computer takes them.',
          ].join('\n'),
        );
      } catch (err) {
        await relay.close();
        fail((err as Error).message);
      }
      const stop = () => void relay.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
