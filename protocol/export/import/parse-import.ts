// Reads an import file — HAR 1.2, Porthole JSON fixtures, or NDJSON — into checked requests,
// refusing files that are too large or malformed with an error that says where.
import { fixtureRequests, isFixtures, lineRequest } from './fixtures-import.js';
import { harRequests, isHar } from './har-import.js';
import {
  checkImportedRequest,
  IMPORT_LIMITS,
  ImportError,
  type ImportedRequest,
  type ImportLimits,
} from './imported-request.js';

export type ImportFormat = 'har' | 'json' | 'ndjson';

export interface ParsedImport {
  format: ImportFormat;
  requests: ImportedRequest[];
}

function tooMany(count: number, limits: ImportLimits) {
  if (count > limits.maxRequests) {
    throw new ImportError(`the file has ${count} requests; at most ${limits.maxRequests} are imported at once`);
  }
}

function readAll(items: { where: string; read: () => ImportedRequest }[], limits: ImportLimits) {
  tooMany(items.length, limits);
  return items.map(({ where, read }) => {
    let request: ImportedRequest;
    try {
      request = read();
    } catch (err) {
      throw err instanceof ImportError ? err : new ImportError(`${where}: ${(err as Error).message}`);
    }
    return checkImportedRequest(request, where, limits);
  });
}

function parseNdjson(text: string, limits: ImportLimits): ImportedRequest[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  tooMany(lines.length, limits);
  return readAll(
    lines.map((line, i) => {
      const where = `line ${i + 1}`;
      return {
        where,
        read: () => {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            throw new ImportError(`${where}: not JSON`);
          }
          return lineRequest(value, where);
        },
      };
    }),
    limits,
  );
}

export function parseImport(text: string, limits: ImportLimits = IMPORT_LIMITS): ParsedImport {
  if (text.length > limits.maxFileChars) {
    throw new ImportError(`the file is larger than ${limits.maxFileChars} characters`);
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new ImportError('the file is empty');
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    // Not one JSON document: NDJSON, if its first line is an object.
    if (trimmed.startsWith('{')) return { format: 'ndjson', requests: parseNdjson(trimmed, limits) };
    throw new ImportError('not JSON: expected a HAR file, Porthole JSON fixtures or NDJSON');
  }
  if (isHar(value)) return { format: 'har', requests: readAll(harRequests(value), limits) };
  if (isFixtures(value)) return { format: 'json', requests: readAll(fixtureRequests(value), limits) };
  // A single line of NDJSON is also one JSON document.
  if (typeof value === 'object' && value !== null && 'method' in value) {
    return { format: 'ndjson', requests: parseNdjson(trimmed, limits) };
  }
  throw new ImportError('not a HAR file (no "log"), Porthole JSON fixtures (no "format") or NDJSON');
}
