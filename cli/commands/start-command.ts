// `porthole start` (what `npm start` runs): the engine with the embedded relay on
// 127.0.0.1, paired over loopback, with a first endpoint ready to receive.
import type { Command } from 'commander';
import { openInBrowser } from '../browser-opener.js';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { ensureFirstEndpoint, openEngineSession, rendererBuilt } from '../engine-session.js';
import { portArg } from '../option-parsers.js';
import { fail, printResult } from '../output.js';

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('run Porthole on this computer: the engine and the embedded relay, with a first endpoint')
    .addOption(engineDataDirOption())
    .option('--relay-port <port>', 'port of the embedded relay', portArg)
    .option('--no-open', 'do not open the inspector in a browser')
    .option('--json', 'print {"url", "inspectorUrl"} as one JSON line')
    .action(async (opts: { dataDir?: string; relayPort?: number; open: boolean; json?: boolean }) => {
      const dataDir = resolveDataDir(opts.dataDir);
      const session = await openEngineSession({
        dataDir,
        embeddedRelay: true,
        ...(opts.relayPort !== undefined ? { relayPort: opts.relayPort } : {}),
      }).catch((err: Error) => fail(`could not start Porthole: ${err.message}`));
      if (!session.engine) {
        await session.close();
        fail(`Porthole is already running on ${dataDir} (${session.url})`);
      }
      try {
        const endpoint = await ensureFirstEndpoint(session.api);
        const inspectorUrl = rendererBuilt() ? `${session.url}/#token=${session.token}` : null;
        printResult(Boolean(opts.json), { url: endpoint.url, inspectorUrl, dataDir }, () =>
          [
            `Porthole is running (data in ${dataDir}).`,
            `  your permanent webhook URL: ${endpoint.url ?? '(waiting for the relay)'}`,
            `  try it: curl -X POST ${endpoint.url} -H 'content-type: application/json' -d '{"hello":"porthole"}'`,
            inspectorUrl
              ? `  inspector: ${inspectorUrl}`
              : '  inspector: not built (npm run build:renderer); meanwhile: porthole events list',
          ].join('\n'),
        );
        if (inspectorUrl && opts.open && !(await openInBrowser(inspectorUrl))) {
          process.stderr.write('porthole: no browser could be started here; open the inspector URL yourself\n');
        }
      } catch (err) {
        await session.close();
        fail((err as Error).message);
      }
      const stop = () => void session.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
