// The export formats by name, with what a file of each is called and its media type, and one
// function that renders any of them: shared by the CLI and the renderer.
import type { EventDetail } from '../desktop-api.js';
import { toCsv } from './csv.js';
import { toCurlScript } from './curl-script.js';
import type { BaseUrlFor } from './event-request.js';
import { toFixtures } from './fixtures.js';
import { toHar } from './har.js';
import { toNdjson } from './ndjson.js';

export const EXPORT_FORMATS = ['har', 'json', 'ndjson', 'csv', 'curl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: string): value is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(value);

export const EXPORT_FORMAT_INFO: Record<ExportFormat, { label: string; extension: string; mimeType: string }> = {
  har: { label: 'HAR 1.2', extension: 'har', mimeType: 'application/json' },
  json: { label: 'JSON fixtures', extension: 'json', mimeType: 'application/json' },
  ndjson: { label: 'NDJSON', extension: 'ndjson', mimeType: 'application/x-ndjson' },
  csv: { label: 'CSV', extension: 'csv', mimeType: 'text/csv' },
  curl: { label: 'curl script', extension: 'sh', mimeType: 'text/x-shellscript' },
};

export interface ExportOptions {
  /** The base each request's URL is built on (HAR, curl); null or absent: see each format. */
  baseUrlFor?: BaseUrlFor;
  creatorVersion?: string;
  now?: Date;
}

/** The whole file as text. */
export function renderExport(format: ExportFormat, events: readonly EventDetail[], options: ExportOptions = {}) {
  switch (format) {
    case 'har':
      return `${JSON.stringify(toHar(events, options), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(toFixtures(events, options.now), null, 2)}\n`;
    case 'ndjson':
      return toNdjson(events);
    case 'csv':
      return toCsv(events);
    case 'curl':
      return toCurlScript(events, options);
  }
}
