// `porthole events list|show|export|import`: the stored events, as JSON lines for scripts;
// export and import in their own files.
import type { Command } from 'commander';
import { engineDataDirOption } from '../engine-options.js';
import { registerEventsExport } from './events-export.js';
import { registerEventsImport } from './events-import.js';
import { registerEventsPin } from './events-pin.js';
import { buildQuery, limitArg, type QueryOptions, withQueryOptions, withSession } from './events-shared.js';

export function registerEventsCommand(program: Command) {
  const events = program.command('events').description('read, export and import stored events');

  withQueryOptions(events.command('list').description('the newest events, one JSON object per line'))
    .option('--limit <n>', 'how many', limitArg, 50)
    .action(async (opts: QueryOptions & { limit: number }) => {
      await withSession(opts.dataDir, async (session) => {
        const query = await buildQuery(session, opts);
        const page = await session.api.invoke('events.list', { query, limit: Math.min(opts.limit, 1000) });
        for (const e of page.events) process.stdout.write(`${JSON.stringify(e)}\n`);
      });
    });

  events
    .command('show')
    .description('one event in full (body base64), with its forward attempts, as JSON')
    .argument('<id>', 'the event id')
    .addOption(engineDataDirOption())
    .action(async (id: string, opts: { dataDir?: string }) => {
      await withSession(opts.dataDir, async (session) => {
        process.stdout.write(`${JSON.stringify(await session.api.invoke('events.get', { id }), null, 2)}\n`);
      });
    });

  registerEventsExport(events);
  registerEventsImport(events);
  registerEventsPin(events);
}
