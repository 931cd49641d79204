// What the `porthole events` subcommands share: the engine session, and the query options
// (endpoint, method, path, status, search, filter) turned into an EventQuery.
import { type Command, InvalidArgumentError } from 'commander';
import type { EventQuery } from '../../protocol/desktop-api.js';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { type EngineSession, openEngineSession } from '../engine-session.js';
import { filterArg } from '../option-parsers.js';
import { fail } from '../output.js';

export const limitArg = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
};

export interface QueryOptions {
  endpoint?: string;
  method?: string;
  path?: string;
  status?: string;
  search?: string;
  filter?: string;
  dataDir?: string;
}

/** Runs `fn` on the engine of the data dir (attached or started); any failure is one line and exit 1. */
export async function withSession<T>(dataDir: string | undefined, fn: (s: EngineSession) => Promise<T>): Promise<T> {
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

export async function buildQuery(session: EngineSession, opts: QueryOptions): Promise<EventQuery> {
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
  if (opts.filter) query.filter = opts.filter;
  return query;
}

export const withQueryOptions = (command: Command) =>
  command
    .option('--endpoint <name>', 'only this endpoint')
    .option('--method <method>', 'only this method')
    .option('--path <prefix>', 'only paths starting with this')
    .option('--status <status>', 'last local status: 404, 5xx, none or error')
    .option('--search <text>', 'full-text search over path, headers and body')
    .option(
      '--filter <expr>',
      'the filter language, e.g. \'body.type="invoice.paid" status=5xx\' (docs/filters.md)',
      filterArg,
    )
    .addOption(engineDataDirOption());
