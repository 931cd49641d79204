// One outgoing alert request through the SSRF guard: the host is resolved and checked, the
// socket connects to exactly the checked address (a `lookup` that answers with it, so TLS still
// verifies the name), the answer is read up to a cap and the socket then dropped. Redirects are
// the answer unless the relay admin enabled following them; each hop is checked again.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ALERT_RESPONSE_LOG_BYTES, ALERT_TIMEOUT_MS } from '../../protocol/alerts/alert-delivery.js';
import { OutboundBlockedError, type OutboundGuard, type ResolvedAddress } from './outbound-guard.js';

export interface OutgoingRequest {
  url: string;
  method: string;
  headers: readonly (readonly [string, string])[];
  body: Uint8Array;
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Redirect hops to follow (0: a 3xx is the answer). At most 3. */
  followRedirects?: number;
}

export interface FetchOutcome {
  /** null when no answer came (blocked, refused, timeout). */
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  /** The first maxBodyBytes of the answer, as text. */
  body: string;
  error: string | null;
  /** The URL that answered, after followed redirects. */
  finalUrl: string;
}

const MAX_HOPS = 3;

/** Answers every lookup with the address the guard checked; never asks DNS again. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

export async function safeFetch(
  guard: OutboundGuard,
  request: OutgoingRequest,
  options: FetchOptions = {},
): Promise<FetchOutcome> {
  const hops = Math.min(options.followRedirects ?? 0, MAX_HOPS);
  let current = { ...request };
  const deadline = Date.now() + (options.timeoutMs ?? ALERT_TIMEOUT_MS);
  for (let hop = 0; ; hop++) {
    const outcome = await oneRequest(guard, current, deadline, options.maxBodyBytes ?? ALERT_RESPONSE_LOG_BYTES);
    const location = outcome.headers['location'];
    const isRedirect = outcome.status !== null && outcome.status >= 300 && outcome.status < 400 && location;
    if (!isRedirect) return outcome;
    const target = new URL(String(location), current.url).href;
    if (hop >= hops) {
      return { ...outcome, error: `redirect to ${target} not followed (the relay does not follow alert redirects)` };
    }
    current = redirected(current, target, outcome.status!);
  }
}

/** 307/308 keep method and body; the others become a GET, as browsers do. */
function redirected(previous: OutgoingRequest, url: string, status: number): OutgoingRequest {
  const sameOrigin = new URL(url).origin === new URL(previous.url).origin;
  // The action's own headers may hold credentials meant for the first host only.
  const headers = sameOrigin
    ? previous.headers
    : previous.headers.filter(([n]) => /^(webhook-|content-type$)/i.test(n));
  if (status === 307 || status === 308) return { ...previous, url, headers };
  return { url, method: 'GET', headers: headers.filter(([n]) => !/^content-type$/i.test(n)), body: new Uint8Array() };
}

async function oneRequest(
  guard: OutboundGuard,
  request: OutgoingRequest,
  deadline: number,
  maxBodyBytes: number,
): Promise<FetchOutcome> {
  const url = new URL(request.url);
  const failed = (error: string): FetchOutcome => ({ status: null, headers: {}, body: '', error, finalUrl: url.href });
  let pinned: ResolvedAddress;
  try {
    pinned = await guard.check(url);
  } catch (err) {
    if (err instanceof OutboundBlockedError) return failed(`blocked: ${err.message}`);
    throw err;
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) return failed('timed out');
  const client = url.protocol === 'https:' ? https : http;
  // An object, not raw lines: node then adds Host (the name, not the pinned address) itself.
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    const prior = headers[key];
    headers[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  headers['content-length'] = String(request.body.byteLength);
  return new Promise<FetchOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: FetchOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = client.request(url, {
      method: request.method,
      headers,
      lookup: pinnedLookup(pinned),
      // A fresh connection each time: a pooled socket could have been opened to another address.
      agent: false,
    });
    // Set once the head has arrived: a body that then stalls still reports the status.
    let answered: ((error: string) => void) | null = null;
    const timer = setTimeout(() => {
      req.destroy();
      if (answered) answered(`the answer's body timed out after ${remaining} ms`);
      else finish(failed(`timed out after ${remaining} ms`));
    }, remaining);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish(failed(err.code ? `${err.code}: ${err.message}` : err.message)),
    );
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = (error: string | null = null) =>
        finish({
          status: res.statusCode ?? null,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          error,
          finalUrl: url.href,
        });
      answered = done;
      res.on('data', (chunk: Buffer) => {
        const room = maxBodyBytes - kept;
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          kept += Math.min(room, chunk.length);
        }
        // Enough for the log: nothing more is read from this receiver.
        if (kept >= maxBodyBytes) {
          done();
          res.destroy();
        }
      });
      res.on('end', () => done());
      res.on('error', () => done());
      res.on('aborted', () => done());
    });
    req.end(request.body.byteLength > 0 ? request.body : undefined);
  });
}
