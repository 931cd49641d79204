// Sends one event to one target and records what happened. Every outcome is a result,
// never a thrown error: a refused port, a reset and a timeout are things the user inspects.
import http from 'node:http';
import https from 'node:https';
import type { ForwardError, Target } from '../../protocol/desktop-api.js';
import type { HeaderPair } from '../../protocol/event.js';
import { CappedBody } from './capped-body.js';
import { classifyNetworkError, timeoutError } from './forward-error.js';
import { buildForwardHeaders } from './forward-headers.js';
import type { OutgoingRequest } from './outgoing-request.js';
import type { TargetAgents } from './target-agents.js';
import { buildTargetUrl, parseRequestAddress, type RequestAddress } from './target-url.js';

export const DEFAULT_RESPONSE_BODY_CAP = 1024 * 1024;

/** A ForwardAttempt before it is given ids and stored, plus the header lines not sent. */
export interface DeliveryResult {
  url: string;
  startedAt: string;
  durationMs: number;
  status: number | null;
  responseHeaders: HeaderPair[];
  responseBody: Buffer;
  responseBodySize: number;
  responseTruncated: boolean;
  error: ForwardError | null;
  droppedHeaders: string[];
}

export interface DeliverOptions {
  /** Response bytes kept; the rest is read and counted, not kept. Default 1 MiB. */
  responseBodyCap?: number;
  /** Clock for startedAt and durationMs. */
  now?: () => number;
}

interface Exchange {
  status: number | null;
  headers: HeaderPair[];
  body: CappedBody;
  error: ForwardError | null;
  /** The server closed a pooled connection as we reused it: the request never reached it. */
  staleSocket: boolean;
}

function pairs(rawHeaders: string[]): HeaderPair[] {
  const result: HeaderPair[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) result.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return result;
}

/** One request/response exchange; settles once, on the response's end, an error or the abort signal. */
function exchange(
  address: RequestAddress,
  req: OutgoingRequest,
  headers: string[],
  agent: http.Agent,
  bodyCap: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const result: Exchange = {
      status: null,
      headers: [],
      body: new CappedBody(bodyCap),
      error: null,
      staleSocket: false,
    };
    let settled = false;
    let request: http.ClientRequest | undefined;
    const settle = (error: ForwardError | null, staleSocket = false) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve({ ...result, error, staleSocket });
    };
    const onAbort = () => {
      settle(timeoutError(timeoutMs));
      // Frees the socket instead of returning a half-read connection to the pool.
      request?.destroy();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);

    try {
      const send = address.protocol === 'https:' ? https.request : http.request;
      request = send({
        method: req.method,
        hostname: address.hostname,
        port: address.port,
        path: address.requestTarget,
        headers,
        agent,
      });
    } catch (err) {
      // node:http refuses an invalid method or path synchronously.
      return settle(classifyNetworkError(err));
    }
    const sent = request;
    sent.on('response', (res) => {
      result.status = res.statusCode ?? null;
      result.headers = pairs(res.rawHeaders);
      res.on('data', (chunk: Buffer) => result.body.add(chunk));
      res.on('end', () => settle(null));
      res.on('error', (err) => settle(classifyNetworkError(err)));
    });
    sent.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      settle(classifyNetworkError(err), sent.reusedSocket && result.status === null && code === 'ECONNRESET');
    });
    sent.end(req.body);
  });
}

export async function deliver(
  req: OutgoingRequest,
  target: Target,
  agents: TargetAgents,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const finish = (url: string, droppedHeaders: string[], outcome: Omit<Exchange, 'staleSocket'>): DeliveryResult => ({
    url,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
    status: outcome.status,
    responseHeaders: outcome.headers,
    responseBody: outcome.body.toBuffer(),
    responseBodySize: outcome.body.size,
    responseTruncated: outcome.body.truncated,
    error: outcome.error,
    droppedHeaders,
  });
  const bodyCap = options.responseBodyCap ?? DEFAULT_RESPONSE_BODY_CAP;

  let url = target.url;
  let address: RequestAddress;
  try {
    url = buildTargetUrl(target.url, target.pathMode, req.path, req.query);
    address = parseRequestAddress(url);
  } catch (err) {
    return finish(url, [], { status: null, headers: [], body: new CappedBody(0), error: classifyNetworkError(err) });
  }
  const { headers, dropped } = buildForwardHeaders(req.headers, target.headers, address.host, req.body.length);
  const agent = agents.agentFor(target, address.protocol);

  // One deadline for the whole delivery: connect, send, and the full response body.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), target.timeoutMs);
  try {
    let outcome = await exchange(address, req, headers, agent, bodyCap, deadline.signal, target.timeoutMs);
    if (outcome.staleSocket) {
      // Node's documented remedy for a keep-alive socket the server closed while idle: the
      // request was never processed, so sending it once more on a fresh socket is safe.
      outcome = await exchange(address, req, headers, agent, bodyCap, deadline.signal, target.timeoutMs);
    }
    return finish(url, dropped, outcome);
  } finally {
    clearTimeout(timer);
  }
}

/** The target refused the connection: nothing is listening, so hold-while-down queues the event. */
export function isTargetDown(result: Pick<DeliveryResult, 'error'>): boolean {
  return result.error?.kind === 'refused';
}
