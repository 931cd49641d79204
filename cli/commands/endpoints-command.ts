// `porthole endpoints list|show|create|update|delete`: endpoints and their door config (signature,
// schema, rate limit, allowlist, response) from the terminal, through the engine's DesktopApi.
import type { Command } from 'commander';
import type { LocalEndpoint } from '../../protocol/desktop-api.js';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { DEFAULT_RETENTION } from '../../protocol/retention.js';
import { addDoorOptions, applyDoorFlags, type DoorFlags } from '../door-options.js';
import { endpointDetail, endpointTable, maskEndpoint } from '../endpoint-display.js';
import { engineDataDirOption, resolveDataDir } from '../engine-options.js';
import { type EngineSession, openEngineSession } from '../engine-session.js';
import { fail, printResult } from '../output.js';
import { addRetentionOptions, type RetentionFlags, retentionFrom } from '../retention-options.js';

interface CommonOptions {
  dataDir?: string;
  json?: boolean;
  showSecrets?: boolean;
}

async function withSession(dataDir: string | undefined, fn: (s: EngineSession) => Promise<void>): Promise<void> {
  const session = await openEngineSession({ dataDir: resolveDataDir(dataDir), embeddedRelay: false }).catch(
    (err: Error) => fail(err.message),
  );
  let failure: Error | null = null;
  try {
    await fn(session);
  } catch (err) {
    failure = err as Error;
  } finally {
    await session.close();
  }
  if (failure) fail(failure.message);
}

async function findEndpoint(session: EngineSession, name: string): Promise<LocalEndpoint> {
  const { endpoints } = await session.api.invoke('endpoints.list', {});
  const endpoint = endpoints.find((e) => e.name === name) ?? endpoints.find((e) => e.id === name);
  if (!endpoint) throw new Error(`no endpoint named "${name}"`);
  return endpoint;
}

/** Door flags → config, checked before anything is sent; warnings go to stderr. */
function doorFrom(base: LocalEndpoint['door'], flags: DoorFlags) {
  const { door, warnings } = applyDoorFlags(base, flags);
  for (const w of warnings) process.stderr.write(`porthole: warning: ${w}\n`);
  return door;
}

const common = (command: Command) =>
  command.addOption(engineDataDirOption()).option('--json', 'print JSON (one object, or one line per endpoint)');

const printEndpoint = (endpoint: LocalEndpoint, opts: CommonOptions) => {
  const shown = maskEndpoint(endpoint, opts.showSecrets);
  printResult(Boolean(opts.json), shown, () => endpointDetail(shown));
};

export function registerEndpointsCommand(program: Command) {
  const endpoints = program.command('endpoints').description('list, show, create, update and delete endpoints');

  common(endpoints.command('list').description('every endpoint: a table, or one JSON object per line'))
    .option('--show-secrets', 'print signing secrets in clear (default: fingerprints)')
    .action(async (opts: CommonOptions) => {
      await withSession(opts.dataDir, async (session) => {
        const list = (await session.api.invoke('endpoints.list', {})).endpoints.map((e) =>
          maskEndpoint(e, opts.showSecrets),
        );
        if (opts.json) for (const e of list) process.stdout.write(`${JSON.stringify(e)}\n`);
        else process.stdout.write(`${endpointTable(list)}\n`);
      });
    });

  common(endpoints.command('show').description('one endpoint and its door config (secrets as fingerprints)'))
    .argument('<name>', 'the endpoint name (or id)')
    .option('--show-secrets', 'print signing secrets in clear')
    .action(async (name: string, opts: CommonOptions) => {
      await withSession(opts.dataDir, async (session) => printEndpoint(await findEndpoint(session, name), opts));
    });

  addRetentionOptions(
    addDoorOptions(common(endpoints.command('create').description('a new endpoint, with its door checks')), false),
  )
    .argument('<name>', 'the endpoint name')
    .action(async (name: string, opts: CommonOptions & DoorFlags & RetentionFlags) => {
      const { door, retention } = (() => {
        try {
          return { door: doorFrom(DEFAULT_DOOR_CONFIG, opts), retention: retentionFrom(DEFAULT_RETENTION, opts) };
        } catch (err) {
          return fail((err as Error).message);
        }
      })();
      await withSession(opts.dataDir, async (session) => {
        const { endpoints: existing } = await session.api.invoke('endpoints.list', {});
        if (existing.some((e) => e.name === name)) throw new Error(`an endpoint named "${name}" already exists`);
        const created = await session.api.invoke('endpoints.create', {
          name,
          door,
          ...(opts.maxBody !== undefined ? { maxBodyBytes: opts.maxBody } : {}),
        });
        // Retention is engine-local, set on the endpoint once it exists.
        printEndpoint(
          retention ? await session.api.invoke('endpoints.update', { id: created.id, retention }) : created,
          opts,
        );
      });
    });

  addRetentionOptions(
    addDoorOptions(
      common(endpoints.command('update').description('change only the given settings of an endpoint')),
      true,
    ),
  )
    .argument('<name>', 'the endpoint name (or id)')
    .option('--rename <name>', 'a new name')
    .action(async (name: string, opts: CommonOptions & DoorFlags & RetentionFlags & { rename?: string }) => {
      await withSession(opts.dataDir, async (session) => {
        const endpoint = await findEndpoint(session, name);
        const door = doorFrom(endpoint.door, opts);
        const retention = retentionFrom(endpoint.retention ?? DEFAULT_RETENTION, opts);
        // An unchanged door is not sent: a retention-only update stays local (no sync).
        const doorChanged = JSON.stringify(door) !== JSON.stringify(endpoint.door);
        const updated = await session.api.invoke('endpoints.update', {
          id: endpoint.id,
          ...(doorChanged || !retention ? { door } : {}),
          ...(retention ? { retention } : {}),
          ...(opts.rename ? { name: opts.rename } : {}),
          ...(opts.maxBody !== undefined ? { maxBodyBytes: opts.maxBody } : {}),
        });
        // An engine this command started stops with it: finish the cleanup the change began.
        if (retention && session.engine) await session.engine.runRetention();
        printEndpoint(updated, opts);
      });
    });

  common(endpoints.command('delete').description('remove an endpoint (its URL stops answering)'))
    .argument('<name>', 'the endpoint name (or id)')
    .action(async (name: string, opts: CommonOptions) => {
      await withSession(opts.dataDir, async (session) => {
        const endpoint = await findEndpoint(session, name);
        await session.api.invoke('endpoints.delete', { id: endpoint.id });
        printResult(Boolean(opts.json), { deleted: endpoint.name, id: endpoint.id }, () => `deleted ${endpoint.name}`);
      });
    });
}
