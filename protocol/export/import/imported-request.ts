// A request read from an imported file, ready to be stored as an event and replayed, and the
// checks every one passes whatever file it came from.
import type { TSchema } from '@sinclair/typebox';
import type { HeaderPair } from '../../event.js';
import { base64Encode } from '../../signatures/base64.js';
import type { Validator } from '../../validator.js';

export interface ImportedRequest {
  method: string;
  /** The subpath under the endpoint, starting with / (or empty), as the event stores it. */
  path: string;
  /** The raw query without `?`. */
  query: string;
  headers: HeaderPair[];
  body: Uint8Array;
  /** The endpoint named in the file, if it says. */
  endpoint: string | null;
}

export interface ImportLimits {
  /** Characters of file text. */
  maxFileChars: number;
  maxRequests: number;
  maxBodyBytes: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  maxFileChars: 256 * 1024 * 1024,
  maxRequests: 10_000,
  // The largest body a relay endpoint accepts, as in replay edits.
  maxBodyBytes: 64 * 1024 * 1024,
};

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/;
// What node:http sends: latin-1 text without control characters but tab.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const BAD_TARGET = /[\x00-\x20\x7f#]/;

/** Throws an ImportError naming `where` (e.g. "entry 3") and the problem. */
export function checkImportedRequest(request: ImportedRequest, where: string, limits: ImportLimits): ImportedRequest {
  const fail = (problem: string): never => {
    throw new ImportError(`${where}: ${problem}`);
  };
  if (!METHOD.test(request.method)) fail(`"${request.method.slice(0, 30)}" is not an HTTP method`);
  if (request.path !== '' && !request.path.startsWith('/')) fail('the path must start with /');
  if (request.path.length > 4000 || BAD_TARGET.test(request.path)) fail('the path is too long or has spaces');
  if (request.query.length > 8000 || BAD_TARGET.test(request.query)) fail('the query is too long or has spaces');
  if (request.headers.length > 500) fail('more than 500 header lines');
  for (const [name, value] of request.headers) {
    if (!HEADER_NAME.test(name)) fail(`"${name.slice(0, 50)}" is not a header name`);
    if (value.length > 8192 || !HEADER_VALUE.test(value))
      fail(`header ${name} has control or non-latin-1 characters, or is too long`);
  }
  if (request.body.length > limits.maxBodyBytes) fail(`the body is larger than ${limits.maxBodyBytes} bytes`);
  return { ...request, method: request.method.toUpperCase() };
}

/** The value typed by `check`'s schema, or an ImportError with the first few problems. */
export function parseOrImportError<T extends TSchema>(check: Validator<T>, value: unknown, what: string) {
  try {
    return check.parse(value, what);
  } catch (err) {
    const message = (err as Error).message;
    throw new ImportError(message.length > 400 ? `${message.slice(0, 400)}…` : message);
  }
}

/** The request as `events.import` takes it (body in base64). */
export function toImportParams(request: ImportedRequest) {
  const { method, path, query, headers } = request;
  return { method, path, query, headers, body: base64Encode(request.body) };
}
