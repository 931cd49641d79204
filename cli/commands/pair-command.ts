// `porthole pair RELAY_URL CODE`: pair this computer with a team relay.
import type { Command } from 'commander';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { openEngineSession } from '../engine-session.js';
import { fail, printResult } from '../output.js';

export function registerPairCommand(program: Command) {
  program
    .command('pair')
    .description('pair this computer with a relay, using a code from `porthole relay invite`')
    .argument('<relay-url>', 'the relay, e.g. https://hooks.example.com')
    .argument('<code>', 'the one-time pairing code')
    .option('--name <device>', 'how this device is listed at the relay')
    .addOption(engineDataDirOption())
    .option('--json', 'print the relay status as JSON')
    .action(async (relayUrl: string, code: string, opts: { name?: string; dataDir?: string; json?: boolean }) => {
      if (!/^https?:\/\/[^\s]+$/.test(relayUrl)) fail(`the relay URL must be http(s), got "${relayUrl}"`);
      const session = await openEngineSession({ dataDir: resolveDataDir(opts.dataDir), embeddedRelay: false }).catch(
        (err: Error) => fail(err.message),
      );
      try {
        const status = await session.api.invoke('relay.pair', {
          relayUrl,
          code,
          ...(opts.name ? { deviceName: opts.name } : {}),
        });
        printResult(Boolean(opts.json), status, () => `Paired with ${relayUrl}. Events stream to this computer now.`);
      } catch (err) {
        fail((err as Error).message);
      } finally {
        await session.close();
      }
    });
}
