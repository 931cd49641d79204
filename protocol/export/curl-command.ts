// "Copy as curl": a bash command that sends the same request again — method, path, query,
// every header line (case, order, duplicates) and the exact body bytes. Text bodies go
// inline; binary ones (or text with NUL) through a base64 pipeline, since shell arguments
// cannot hold every byte. Pure, so it is unit-tested by running its output against a server.
import type { HeaderPair } from '../../../protocol/event.js';
import { bytesToBase64 } from '../bytes/base64.js';
import { bytesAsText } from '../bytes/body-text.js';
import { shellQuote } from './shell-quote.js';

export interface CurlRequest {
  method: string;
  /** The full URL, query included, exactly as it should be requested. */
  url: string;
  headers: readonly HeaderPair[];
  body: Uint8Array;
}

/** Lines curl derives from the URL and body, or that belong to one hop only. */
const NOT_COPIED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
]);

/** Headers curl adds on its own unless told otherwise; an empty `-H 'Name:'` removes one. */
const CURL_DEFAULTS = ['User-Agent', 'Accept'];

/** Linux caps one argument at 128 KiB; larger text bodies go through printf (a builtin). */
const MAX_INLINE_BODY = 64 * 1024;
/** curl sends `Expect: 100-continue` for bodies from 1 MiB on; the original did not. */
const CURL_EXPECT_FROM = 1024 * 1024;

function headerArg([name, value]: HeaderPair): string {
  // `Name;` is curl's syntax for a header with an empty value (`Name:` would remove it).
  return `-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`;
}

export function toCurl(request: CurlRequest): string {
  const { body } = request;
  const method = request.method.toUpperCase();
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const sendsBody = body.length > 0 || names.has('content-length') || names.has('transfer-encoding');
  const first: string[] = ['curl'];
  const args: string[] = [];
  let input: string | null = null;

  if (method === 'HEAD') first.push('--head');
  else if (!(method === 'GET' && !sendsBody) && !(method === 'POST' && sendsBody)) {
    first.push(`-X ${shellQuote(method)}`);
  }
  // -g: no [] {} globbing; --path-as-is: keep dot segments. Only when the URL needs them.
  if (/[[\]{}]/.test(request.url)) first.push('--globoff');
  if (/\/\.\.?(\/|\?|#|$)/.test(request.url)) first.push('--path-as-is');
  first.push(shellQuote(request.url));

  for (const header of request.headers) {
    if (!NOT_COPIED.has(header[0].toLowerCase())) args.push(headerArg(header));
  }
  for (const name of CURL_DEFAULTS) if (!names.has(name.toLowerCase())) args.push(`-H ${shellQuote(`${name}:`)}`);

  if (sendsBody) {
    if (!names.has('content-type')) args.push(`-H ${shellQuote('Content-Type:')}`);
    if (body.length >= CURL_EXPECT_FROM && !names.has('expect')) args.push(`-H ${shellQuote('Expect:')}`);
    const text = bytesAsText(body);
    if (text !== null && body.length <= MAX_INLINE_BODY) {
      args.push(`--data-raw ${shellQuote(text)}`);
    } else {
      input =
        text !== null
          ? `printf '%s' ${shellQuote(text)}`
          : `printf '%s' ${shellQuote(bytesToBase64(body))} | base64 -d`;
      args.push('--data-binary @-');
    }
  }

  const command = [first.join(' '), ...args].join(' \\\n  ');
  return input ? `${input} |\n${command}` : command;
}
