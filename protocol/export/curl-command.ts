// A curl command that sends a request again — method, path, query, every header line (case,
// order, duplicates) and the exact body bytes. Two styles:
// - 'paste' ("Copy as curl"): bash/zsh, text bodies inline, binary ones (or text with NUL)
//   through a base64 pipeline, since shell arguments cannot hold every byte;
// - 'script' (the exported shell script): POSIX sh, every body as base64 in a here-doc
//   piped through `base64 -d`, which is byte-exact for any bytes and any size.
// Pure, so it is unit-tested by running its output against a server.

import type { HeaderPair } from '../event.js';
import { FRAMING_HEADERS } from '../framing-headers.js';
import { base64Encode } from '../signatures/base64.js';
import { bytesAsText } from './body-text.js';
import { posixQuote, shellQuote } from './shell-quote.js';

export interface CurlRequest {
  method: string;
  /** The full URL, query included, exactly as it should be requested. */
  url: string;
  headers: readonly HeaderPair[];
  body: Uint8Array;
}

export interface CurlOptions {
  style?: 'paste' | 'script';
  /** A shell word to use for the URL instead of the quoted `url` (a script's "$base"'/path'). */
  urlWord?: string;
  /** More curl options, already quoted. */
  extraArgs?: readonly string[];
  /** Shell text after the command on its last line, before any here-doc (`|| failed=1`), run when curl fails. */
  onFailure?: string;
}

/** Lines curl derives from the URL and body, or that belong to one hop only. */
const NOT_COPIED: ReadonlySet<string> = new Set(['host', ...FRAMING_HEADERS]);

/** Headers curl adds on its own unless told otherwise; an empty `-H 'Name:'` removes one. */
const CURL_DEFAULTS = ['User-Agent', 'Accept'];

/** Linux caps one argument at 128 KiB; larger text bodies go through printf (a builtin). */
const MAX_INLINE_BODY = 64 * 1024;
/** curl sends `Expect: 100-continue` for bodies from 1 MiB on; the original did not. */
const CURL_EXPECT_FROM = 1024 * 1024;
/** The here-doc's end line; base64 text can never equal it. */
export const BODY_DELIMITER = 'PORTHOLE_BODY';

function base64Lines(body: Uint8Array): string {
  return (base64Encode(body).match(/.{1,76}/g) ?? []).join('\n');
}

export function toCurl(request: CurlRequest, options: CurlOptions = {}): string {
  const script = options.style === 'script';
  const quote = script ? posixQuote : shellQuote;
  const { body } = request;
  const method = request.method.toUpperCase();
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const sendsBody = body.length > 0 || names.has('content-length') || names.has('transfer-encoding');
  const first: string[] = ['curl'];
  const args: string[] = [];
  let input: string | null = null;
  let hereDoc: string | null = null;

  if (method === 'HEAD') first.push('--head');
  else if (!(method === 'GET' && !sendsBody) && !(method === 'POST' && sendsBody)) {
    first.push(`-X ${quote(method)}`);
  }
  // -g: no [] {} globbing; --path-as-is: keep dot segments. Only when the URL needs them.
  if (/[[\]{}]/.test(request.url)) first.push('--globoff');
  if (/\/\.\.?(\/|\?|#|$)/.test(request.url)) first.push('--path-as-is');
  first.push(options.urlWord ?? quote(request.url));

  for (const [name, value] of request.headers) {
    // `Name;` is curl's syntax for a header with an empty value (`Name:` would remove it).
    if (!NOT_COPIED.has(name.toLowerCase())) args.push(`-H ${quote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  for (const name of CURL_DEFAULTS) if (!names.has(name.toLowerCase())) args.push(`-H ${quote(`${name}:`)}`);

  if (sendsBody) {
    if (!names.has('content-type')) args.push(`-H ${quote('Content-Type:')}`);
    if (body.length >= CURL_EXPECT_FROM && !names.has('expect')) args.push(`-H ${quote('Expect:')}`);
    const text = script ? null : bytesAsText(body);
    if (body.length === 0) {
      args.push("--data-binary ''");
    } else if (script) {
      input = `base64 -d <<'${BODY_DELIMITER}'`;
      hereDoc = `${base64Lines(body)}\n${BODY_DELIMITER}`;
      args.push('--data-binary @-');
    } else if (text !== null && body.length <= MAX_INLINE_BODY) {
      args.push(`--data-raw ${quote(text)}`);
    } else {
      input = text !== null ? `printf '%s' ${quote(text)}` : `printf '%s' ${quote(base64Encode(body))} | base64 -d`;
      args.push('--data-binary @-');
    }
  }
  args.push(...(options.extraArgs ?? []));

  const then = options.onFailure ? ` ${options.onFailure}` : '';
  if (script) {
    const command = [input ? `${input} | ${first.join(' ')}` : first.join(' '), ...args].join(' \\\n  ');
    return hereDoc ? `${command}${then}\n${hereDoc}` : `${command}${then}`;
  }
  const command = `${[first.join(' '), ...args].join(' \\\n  ')}${then}`;
  return input ? `${input} |\n${command}` : command;
}
