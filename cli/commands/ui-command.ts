// `porthole ui`: the inspector in any browser (browser mode), served by the engine on
// 127.0.0.1 — attaching to the engine already running on the data dir if there is one.
import type { Command } from 'commander';
import { openInBrowser } from '../browser-opener.js';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { openEngineSession, rendererBuilt } from '../engine-session.js';
import { portArg } from '../option-parsers.js';
import { fail, printResult } from '../output.js';

export function registerUiCommand(program: Command) {
  program
    .command('ui')
    .description('open the Porthole inspector in your browser (browser mode)')
    .addOption(engineDataDirOption())
    .option('--no-open', 'print the URL without opening a browser')
    .option('--relay-port <port>', 'port of the embedded relay, when this starts one', portArg)
    .option('--json', 'print {"url"} as one JSON line')
    .action(async (opts: { dataDir?: string; open: boolean; relayPort?: number; json?: boolean }) => {
      if (!rendererBuilt()) fail('the inspector is not built yet: run `npm run build:renderer` first');
      const dataDir = resolveDataDir(opts.dataDir);
      const session = await openEngineSession({
        dataDir,
        embeddedRelay: true,
        ...(opts.relayPort !== undefined ? { relayPort: opts.relayPort } : {}),
      }).catch((err: Error) => fail(err.message));
      // The session token travels in the fragment: browsers never send it to a server.
      const url = `${session.url}/#token=${session.token}`;
      const opened = opts.open ? await openInBrowser(url) : false;
      printResult(Boolean(opts.json), { url, attached: session.engine === null }, () =>
        [
          `Porthole inspector: ${url}`,
          opts.open && !opened ? '  (no browser could be started here; open the URL yourself)' : '',
          session.engine ? '  Ctrl-C to stop.' : '  (attached to the engine already running on this data dir)',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      if (!session.engine) {
        await session.close();
        return;
      }
      const stop = () => void session.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
