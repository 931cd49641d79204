// `porthole events list|show|export`: the stored events, as JSON lines for scripts.
import { type Command, InvalidArgumentError } from 'commander';
import type { EventQuery } from '../../protocol/desktop-api.js';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { type EngineSession, openEngineSession } from '../engine-session.js';
import { fail } from '../output.js';

const limitArg = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
};

interface QueryOptions {
  endpoint?: string;
  method?: string;
  path?: string;
  status?: string;
  search?: string;
  dataDir?: string;
}

async function withSession<T>(dataDir: string | undefined, fn: (s: EngineSession) => Promise<T>): Promise<T> {
  const session = await openEngineSession({ dataDir: resolveDataDir(dataDir), embeddedRelay: false }).catch(
    (err: Error) => fail(err.message),
  );
  try {
    return await fn(session);
  } catch (err) {
    fail((err as Error).message);
  } finally {
    await session.close();
  }
}

async function buildQuery(session: EngineSession, opts: QueryOptions): Promise<EventQuery> {
  const query: EventQuery = {};
  if (opts.endpoint) {
    const { endpoints } = await session.api.invoke('endpoints.list', {});
    const endpoint = endpoints.find((e) => e.name === opts.endpoint || e.id === opts.endpoint);
    if (!endpoint) throw new Error(`no endpoint named "${opts.endpoint}"`);
    query.endpointId = endpoint.id;
  }
  if (opts.method) query.method = opts.method;
  if (opts.path) query.pathPrefix = opts.path;
  if (opts.status) query.status = opts.status;
  if (opts.search) query.text = opts.search;
  return query;
}

const withQueryOptions = (command: Command) =>
  command
    .option('--endpoint <name>', 'only this endpoint')
    .option('--method <method>', 'only this method')
    .option('--path <prefix>', 'only paths starting with this')
    .option('--status <status>', 'last local status: 404, 5xx, none or error')
    .option('--search <text>', 'full-text search over path, headers and body')
    .addOption(engineDataDirOption());

export function registerEventsCommand(program: Command) {
  const events = program.command('events').description('read stored events');

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

  withQueryOptions(
    events.command('export').description('every matching event in full, one JSON object per line'),
  ).action(async (opts: QueryOptions) => {
    await withSession(opts.dataDir, async (session) => {
      const query = await buildQuery(session, opts);
      let before: string | undefined;
      do {
        const page = await session.api.invoke('events.list', { query, limit: 200, ...(before ? { before } : {}) });
        for (const e of page.events) {
          process.stdout.write(`${JSON.stringify(await session.api.invoke('events.get', { id: e.id }))}\n`);
        }
        before = page.nextBefore ?? undefined;
      } while (before);
    });
  });
}
