// A POSIX sh script of curl commands that sends the exported events again, each with its exact
// method, path, query, header lines and body bytes (base64 in a here-doc through `base64 -d`,
// so NUL, invalid UTF-8 and any size survive). The base URL is a parameter: `sh FILE BASE_URL`
// sends everything there (e.g. a local service); without it each request goes to the base it
// was exported with (the endpoint's public URL, or the export's target URL).
import type { EventDetail } from '../desktop-api.js';
import { toCurl } from './curl-command.js';
import { type BaseUrlFor, eventBody } from './event-request.js';
import { posixQuote } from './shell-quote.js';

export interface CurlScriptOptions {
  baseUrlFor?: BaseUrlFor;
  now?: Date;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
const printable = (text: string) => text.replace(/[\x00-\x1f\x7f]/g, ' ');
/** A comment line: no line break can end it early. */
const comment = (text: string) => `# ${printable(text)}`;

function requestBlock(event: EventDetail, base: string | null): string {
  const target = `${event.path}${event.query ? `?${event.query}` : ''}`;
  const label = `${event.method} ${target}`;
  const command = toCurl(
    // The URL only decides --globoff and --path-as-is here; urlWord is what is sent.
    { method: event.method, url: target, headers: event.headers, body: eventBody(event) },
    {
      style: 'script',
      // A base ending in / does not double the path's leading one.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template.
      urlWord: `${event.path.startsWith('/') ? '"${base%/}"' : '"$base"'}${posixQuote(target)}`,
      extraArgs: ['--silent', '--show-error', '--output /dev/null', `--write-out '%{http_code}\\n'`],
      onFailure: '|| failed=$((failed + 1))',
    },
  );
  return [
    comment(`${event.id} from ${event.endpointName}, received ${event.receivedAt}`),
    `base=${base === null ? '$target' : posixQuote(base)}`,
    'if [ -n "$target" ]; then base=$target; fi',
    `printf '%s -> ' ${posixQuote(printable(label.slice(0, 200)))}`,
    command,
  ].join('\n');
}

export function toCurlScript(events: readonly EventDetail[], options: CurlScriptOptions = {}): string {
  const bases = events.map((e) => options.baseUrlFor?.(e) ?? null);
  const needsTarget = bases.some((b) => b === null);
  const head = [
    '#!/bin/sh',
    comment(`Porthole: ${events.length} request(s), exported ${(options.now ?? new Date()).toISOString()}.`),
    '# Sends each one again with its exact method, path, query, header lines and body bytes.',
    `# Usage: sh FILE ${needsTarget ? 'BASE_URL' : '[BASE_URL]'}   (needs curl and base64)`,
    '#   BASE_URL, e.g. http://localhost:3000/webhooks, replaces the URL each request was exported',
    "#   with; the event's path and query are appended to it.",
    'set -u',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template.
    'target=${1-}',
    'failed=0',
    ...(needsTarget ? ['if [ -z "$target" ]; then echo "usage: sh $0 BASE_URL" >&2; exit 2; fi'] : []),
  ].join('\n');
  const blocks = events.map((e, i) => requestBlock(e, bases[i] ?? null));
  const tail = 'if [ "$failed" -gt 0 ]; then echo "$failed request(s) failed" >&2; exit 1; fi';
  return `${[head, ...blocks, tail].join('\n\n')}\n`;
}
