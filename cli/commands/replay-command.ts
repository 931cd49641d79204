// `porthole replay ID [--to URL] [--resign]`: send a stored event again.
import type { Command } from 'commander';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { openEngineSession } from '../engine-session.js';
import { fail, printResult } from '../output.js';

export function registerReplayCommand(program: Command) {
  program
    .command('replay')
    .description("send a stored event again, to its endpoint's targets or to a URL")
    .argument('<id>', 'the event id')
    .option('--to <url>', 'send to this URL instead of the targets')
    .option('--resign', "sign the request afresh with the endpoint's signature scheme and first secret")
    .addOption(engineDataDirOption())
    .option('--json', 'print the replay and its attempts as JSON')
    .action(async (id: string, opts: { to?: string; resign?: boolean; dataDir?: string; json?: boolean }) => {
      const session = await openEngineSession({ dataDir: resolveDataDir(opts.dataDir), embeddedRelay: false }).catch(
        (err: Error) => fail(err.message),
      );
      try {
        const result = await session.api.invoke('replay.send', {
          eventId: id,
          ...(opts.to ? { to: { url: opts.to } } : {}),
          ...(opts.resign ? { resign: true } : {}),
        });
        printResult(Boolean(opts.json), result, () =>
          [
            `Replayed ${id} as ${result.event.id}`,
            ...result.attempts.map(
              (a) => `  ${a.url} -> ${a.status ?? a.error?.kind ?? '?'} (${Math.round(a.durationMs)} ms)`,
            ),
          ].join('\n'),
        );
      } catch (err) {
        fail((err as Error).message);
      } finally {
        await session.close();
      }
    });
}
