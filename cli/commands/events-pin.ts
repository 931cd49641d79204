// `porthole events pin ID` / `unpin ID`: a pinned event is kept whatever its endpoint's
// retention limits say.
import type { Command } from 'commander';
import { engineDataDirOption } from '../engine-options.js';
import { printResult } from '../output.js';
import { withSession } from './events-shared.js';

export function registerEventsPin(events: Command) {
  for (const [verb, pinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const) {
    events
      .command(verb)
      .description(pinned ? 'keep an event whatever the retention limits say' : 'let retention remove it again')
      .argument('<id>', 'the event id')
      .addOption(engineDataDirOption())
      .option('--json', 'print the event summary as JSON')
      .action(async (id: string, opts: { dataDir?: string; json?: boolean }) => {
        await withSession(opts.dataDir, async (session) => {
          const { event } = await session.api.invoke('events.pin', { id, pinned });
          printResult(Boolean(opts.json), event, () => `${pinned ? 'pinned' : 'unpinned'} ${event.id}`);
        });
      });
  }
}
