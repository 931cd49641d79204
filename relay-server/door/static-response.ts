// The answer a sender gets from an endpoint in static mode (and passthrough's fallback). The
// body is a template with exactly two placeholders, {{event.id}} and {{endpoint.name}},
// substituted as plain text in one pass: no escaping (the owner writes a JSON body knowing
// what an endpoint name contains; event ids are ASCII letters, digits and `_`), no other
// syntax, and a substituted value is never read again as a placeholder. Headers are sent as
// written, except the ones that frame the message, which only the relay may set.

import type { StaticResponse } from '../../protocol/endpoint-door.js';
import { FRAMING_HEADERS } from '../../protocol/framing-headers.js';

export interface StaticResponseVars {
  eventId: string;
  endpointName: string;
}

export interface RenderedResponse {
  status: number;
  /** As configured, in order; the relay adds content-length for the body itself. */
  headers: [string, string][];
  body: Uint8Array;
}

export interface CompiledStaticResponse {
  render(vars: StaticResponseVars): RenderedResponse;
}

export class StaticResponseError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the static response cannot be used: ${problems.join('; ')}`);
    this.name = 'StaticResponseError';
  }
}

/** Message framing and connection handling belong to the relay; a configured value would break it. */
export const RELAY_OWNED_HEADERS: ReadonlySet<string> = FRAMING_HEADERS;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What Node's http module itself accepts in a header value: no CR, LF or NUL, nothing past 0xff.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const BODYLESS_STATUS = new Set([204, 205, 304]);
const PLACEHOLDER = /\{\{(event\.id|endpoint\.name)\}\}/g;

/** A header line node:http can send and the relay does not own (for passthrough answers). */
export function isSendableHeader(name: string, value: string): boolean {
  return TOKEN.test(name) && !RELAY_OWNED_HEADERS.has(name.toLowerCase()) && FIELD_VALUE.test(value);
}

/** Everything wrong with a configured response; empty when it can be used. For the config API. */
export function staticResponseProblems(response: StaticResponse): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(response.status) || response.status < 200 || response.status > 599) {
    problems.push(`status ${response.status} is not between 200 and 599`);
  } else if (BODYLESS_STATUS.has(response.status) && response.body !== '') {
    problems.push(`status ${response.status} cannot carry a body; leave the body empty`);
  }
  response.headers.forEach(([name, value], i) => {
    const where = `header ${i + 1}`;
    if (!TOKEN.test(name)) problems.push(`${where}: ${JSON.stringify(name)} is not a valid header name`);
    else if (RELAY_OWNED_HEADERS.has(name.toLowerCase())) {
      problems.push(`${where}: ${name} is set by the relay and cannot be configured`);
    }
    if (!FIELD_VALUE.test(value)) {
      problems.push(
        `${where}: the value of ${JSON.stringify(name)} contains a line break or a character HTTP cannot carry`,
      );
    }
  });
  return problems;
}

/** Validates once and splits the template, so each response is a join. Throws StaticResponseError. */
export function compileStaticResponse(response: StaticResponse): CompiledStaticResponse {
  const problems = staticResponseProblems(response);
  if (problems.length > 0) throw new StaticResponseError(problems);
  // Even indexes are literal text, odd ones placeholder names.
  const parts = response.body.split(PLACEHOLDER);
  const status = response.status;
  const headers = response.headers.map(([n, v]) => [n, v] as [string, string]);
  const encoder = new TextEncoder();
  return {
    render({ eventId, endpointName }) {
      let body = '';
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        body += i % 2 === 0 ? part : part === 'event.id' ? eventId : endpointName;
      }
      return { status, headers: headers.map(([n, v]) => [n, v]), body: encoder.encode(body) };
    },
  };
}

export function renderStaticResponse(response: StaticResponse, vars: StaticResponseVars): RenderedResponse {
  return compileStaticResponse(response).render(vars);
}
