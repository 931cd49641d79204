// `porthole events export`: every matching event as NDJSON (the default, one event in full per
// line, newest first, as it always was) or CSV, both streamed; or HAR 1.2, JSON fixtures or a
// curl script, oldest first.
import fs from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { EventDetail, EventQuery } from '../../protocol/desktop-api.js';
import { CSV_HEADER, toCsvRow } from '../../protocol/export/csv.js';
import { EXPORT_FORMATS, type ExportFormat, renderExport } from '../../protocol/export/export-format.js';
import { toNdjsonLine } from '../../protocol/export/ndjson.js';
import type { EngineSession } from '../engine-session.js';
import { printResult } from '../output.js';
import { buildQuery, limitArg, type QueryOptions, withQueryOptions, withSession } from './events-shared.js';

interface ExportOptions extends QueryOptions {
  format: ExportFormat;
  out?: string;
  targetUrl?: string;
  limit?: number;
  json?: boolean;
}

const urlArg = (value: string) => {
  if (!/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/.test(value)) {
    throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  }
  return value;
};

/** Every matching event in full, newest first, one page of summaries at a time. */
async function* matchingEvents(session: EngineSession, query: EventQuery, limit: number): AsyncGenerator<EventDetail> {
  let before: string | undefined;
  let count = 0;
  do {
    const page = await session.api.invoke('events.list', { query, limit: 200, ...(before ? { before } : {}) });
    for (const e of page.events) {
      if (count++ >= limit) return;
      yield await session.api.invoke('events.get', { id: e.id });
    }
    before = page.nextBefore ?? undefined;
  } while (before);
}

/** Writes to the file or stdout, waiting when the pipe is full. */
function outputStream(out: string | undefined, format: ExportFormat) {
  // Opened here so a path that cannot be written fails at once, with its reason.
  const stream: NodeJS.WritableStream = out
    ? fs.createWriteStream('', { fd: fs.openSync(out, 'w', format === 'curl' ? 0o755 : 0o644) })
    : process.stdout;
  return {
    async write(text: string) {
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    },
    async end() {
      if (stream !== process.stdout) {
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => resolve());
        });
      }
    },
  };
}

export function registerEventsExport(events: Command) {
  withQueryOptions(
    events
      .command('export')
      .description('every matching event, newest first: NDJSON (default), HAR 1.2, JSON fixtures, CSV or a curl script')
      .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).default('ndjson'))
      .option('--out <file>', 'write to this file instead of stdout')
      .option(
        '--target-url <url>',
        "base URL for the requests in HAR and curl (default: each endpoint's public URL)",
        urlArg,
      )
      .option('--limit <n>', 'at most this many events', limitArg)
      .option('--json', 'with --out: print {out, format, count} as JSON when done'),
  ).action(async (opts: ExportOptions) => {
    await withSession(opts.dataDir, async (session) => {
      const query = await buildQuery(session, opts);
      const { endpoints } = await session.api.invoke('endpoints.list', {});
      const urls = new Map(endpoints.map((e) => [e.id, e.url]));
      const baseUrlFor = (e: EventDetail) => opts.targetUrl ?? urls.get(e.endpointId) ?? null;
      const out = outputStream(opts.out, opts.format);
      const found = matchingEvents(session, query, opts.limit ?? Number.POSITIVE_INFINITY);
      let count = 0;
      if (opts.format === 'ndjson' || opts.format === 'csv') {
        // Line formats stream: an export of a million events never sits in memory.
        if (opts.format === 'csv') await out.write(CSV_HEADER);
        for await (const e of found) {
          await out.write(opts.format === 'csv' ? toCsvRow(e) : toNdjsonLine(e));
          count++;
        }
      } else {
        const all: EventDetail[] = [];
        for await (const e of found) all.push(e);
        count = all.length;
        // Whole-file formats are in the order the events arrived, so a script replays them in it.
        await out.write(renderExport(opts.format, all.reverse(), { baseUrlFor }));
      }
      await out.end();
      if (opts.out) {
        const data = { out: opts.out, format: opts.format, count };
        printResult(Boolean(opts.json), data, () => `exported ${count} event(s) as ${opts.format} to ${opts.out}`);
      }
    });
  });
}
