// `porthole events import FILE`: the requests of a HAR, Porthole JSON fixtures or NDJSON file,
// stored as events of an endpoint (listed, marked as imported, not forwarded) to replay them.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { EventSummary, LocalEndpoint } from '../../protocol/desktop-api.js';
import { IMPORT_LIMITS, type ImportedRequest, toImportParams } from '../../protocol/export/import/imported-request.js';
import { parseImport } from '../../protocol/export/import/parse-import.js';
import { engineDataDirOption } from '../engine-options.js';
import { fail } from '../output.js';
import { withSession } from './events-shared.js';

/** One events.import call stays well inside the DesktopApi's 96 MiB message. */
const MAX_BATCH_REQUESTS = 1000;
const MAX_BATCH_BODY_BYTES = 24 * 1024 * 1024;

function readImportFile(file: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    fail(`cannot read ${file}`);
  }
  if (size > IMPORT_LIMITS.maxFileChars) fail(`${file} is larger than ${IMPORT_LIMITS.maxFileChars} bytes`);
  return fs.readFileSync(file, 'utf8');
}

/** --endpoint for all; else the endpoint the file names, if it exists here; else the only one. */
function chooseEndpoint(request: ImportedRequest, endpoints: LocalEndpoint[], named?: string): LocalEndpoint {
  if (named) {
    const endpoint = endpoints.find((e) => e.name === named || e.id === named);
    if (!endpoint) throw new Error(`no endpoint named "${named}"`);
    return endpoint;
  }
  const fromFile = endpoints.find((e) => e.name === request.endpoint);
  if (fromFile) return fromFile;
  if (endpoints.length === 1) return endpoints[0]!;
  throw new Error(
    endpoints.length === 0
      ? 'there is no endpoint to import into: create one first (porthole endpoints create NAME)'
      : 'say which endpoint to import into with --endpoint NAME',
  );
}

function batches(requests: ImportedRequest[]): ImportedRequest[][] {
  const out: ImportedRequest[][] = [];
  let batch: ImportedRequest[] = [];
  let bytes = 0;
  for (const r of requests) {
    if (batch.length === MAX_BATCH_REQUESTS || (batch.length > 0 && bytes + r.body.length > MAX_BATCH_BODY_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(r);
    bytes += r.body.length;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

export function registerEventsImport(events: Command) {
  events
    .command('import')
    .description('store the requests of a HAR, Porthole JSON fixtures or NDJSON file as events, to replay them')
    .argument('<file>', 'the file to import')
    .option('--endpoint <name>', 'the endpoint they belong to (default: the one the file names, or the only one)')
    .option('--json', 'print each imported event as one JSON line')
    .addOption(engineDataDirOption())
    .action(async (file: string, opts: { endpoint?: string; json?: boolean; dataDir?: string }) => {
      let parsed: ReturnType<typeof parseImport>;
      try {
        parsed = parseImport(readImportFile(file));
      } catch (err) {
        fail(`${file}: ${(err as Error).message}`);
      }
      await withSession(opts.dataDir, async (session) => {
        const { endpoints } = await session.api.invoke('endpoints.list', {});
        // Grouped by endpoint, in file order within each.
        const byEndpoint = new Map<LocalEndpoint, ImportedRequest[]>();
        for (const request of parsed.requests) {
          const endpoint = chooseEndpoint(request, endpoints, opts.endpoint);
          byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), request]);
        }
        const imported: EventSummary[] = [];
        for (const [endpoint, requests] of byEndpoint) {
          for (const batch of batches(requests)) {
            const result = await session.api.invoke('events.import', {
              endpointId: endpoint.id,
              source: parsed.format,
              requests: batch.map(toImportParams),
            });
            imported.push(...result.events);
          }
        }
        if (opts.json) {
          for (const e of imported) process.stdout.write(`${JSON.stringify(e)}\n`);
          return;
        }
        const names = [...byEndpoint.keys()].map((e) => e.name).join(', ');
        process.stdout.write(`imported ${imported.length} request(s) from ${file} (${parsed.format}) into ${names}\n`);
        for (const e of imported)
          process.stdout.write(`${e.id}  ${e.method} ${e.path}${e.query ? `?${e.query}` : ''}\n`);
      });
    });
}
