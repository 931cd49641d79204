// The webhook sender of the end-to-end benchmark. Every request carries its own id and send
// time (x-bench-id, x-bench-sent on the shared monotonic clock), so the local service can tell
// when each event arrived, which never arrived and which arrived twice.
// Closed loop: `concurrency` workers, each sending as soon as its previous request answered.
// Open loop: a fixed rate, each request sent at its scheduled time whatever the answers do.
import http from 'node:http';
import { monoMs } from './mono-clock.js';
import { STRIPE_WEBHOOK_BODY, STRIPE_WEBHOOK_HEADERS } from './stripe-webhook.js';

export interface SendWindow {
  /** Requests sent before this (shared monotonic ms) are warm-up. */
  measureStart: number;
  measureEnd: number;
}

/** One entry per request sent, column-wise. */
export interface SendLog extends SendWindow {
  ids: string[];
  sentAt: number[];
  /** The sender got a 2xx: from then on the event must arrive. */
  ok: boolean[];
  /** Request to answer, ms (NaN when it failed). */
  answerMs: number[];
  errorKinds: Record<string, number>;
}

const REQUEST_TIMEOUT_MS = 30_000;
/** Hard cap, so a server answering errors instantly cannot spin a closed loop forever. */
const MAX_REQUESTS = 500_000;

/** Headers added to one request, from its id (e.g. a unique `webhook-id`, so the relay's dedupe keeps each). */
export type ExtraHeaders = (id: string) => Record<string, string>;

class Sender {
  readonly agent: http.Agent;
  readonly target: URL;
  readonly log: SendLog;

  constructor(
    url: string,
    private readonly tag: string,
    maxSockets: number,
    window: SendWindow,
    private readonly extraHeaders?: ExtraHeaders,
  ) {
    this.target = new URL(url);
    // The bench only ever talks to servers it started on loopback.
    if (this.target.protocol !== 'http:' || this.target.hostname !== '127.0.0.1') {
      throw new Error(`refusing to send load to ${url}: only http://127.0.0.1 is allowed`);
    }
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
    this.log = { ...window, ids: [], sentAt: [], ok: [], answerMs: [], errorKinds: {} };
  }

  get count() {
    return this.log.ids.length;
  }

  /** Sends one webhook stamped with `stamp` (default: now); resolves when it is answered. */
  send(stamp = monoMs()): Promise<void> {
    const index = this.log.ids.length;
    const id = `${this.tag}-${index}`;
    this.log.ids.push(id);
    this.log.sentAt.push(stamp);
    this.log.ok.push(false);
    this.log.answerMs.push(Number.NaN);
    const fail = (kind: string) => {
      this.log.errorKinds[kind] = (this.log.errorKinds[kind] ?? 0) + 1;
    };
    return new Promise((resolve) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.target.hostname,
          port: this.target.port,
          path: `${this.target.pathname}${this.target.search}`,
          method: 'POST',
          headers: {
            ...STRIPE_WEBHOOK_HEADERS,
            // Every request is its own webhook: the relay stores a redelivery (same key) once.
            'webhook-id': id,
            ...this.extraHeaders?.(id),
            'x-bench-id': id,
            'x-bench-sent': stamp.toFixed(3),
            'content-length': String(STRIPE_WEBHOOK_BODY.length),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              this.log.ok[index] = true;
              this.log.answerMs[index] = monoMs() - stamp;
            } else fail(`HTTP ${status}`);
            resolve();
          });
          res.on('error', (err) => {
            fail(errorName(err));
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => {
        fail(errorName(err));
        resolve();
      });
      req.end(STRIPE_WEBHOOK_BODY);
    });
  }

  close() {
    this.agent.destroy();
  }
}

export async function sendClosedLoop(
  url: string,
  tag: string,
  concurrency: number,
  warmupMs: number,
  durationMs: number,
): Promise<SendLog> {
  const measureStart = monoMs() + warmupMs;
  const sender = new Sender(url, tag, concurrency, { measureStart, measureEnd: measureStart + durationMs });
  const worker = async () => {
    while (sender.count < MAX_REQUESTS && monoMs() < sender.log.measureEnd) await sender.send();
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    sender.close();
  }
  return sender.log;
}

export async function sendOpenLoop(
  url: string,
  tag: string,
  perSecond: number,
  warmupMs: number,
  durationMs: number,
  extraHeaders?: ExtraHeaders,
): Promise<SendLog> {
  const start = monoMs();
  const measureStart = start + warmupMs;
  const interval = 1000 / perSecond;
  const total = Math.round(((warmupMs + durationMs) * perSecond) / 1000);
  // Enough sockets that a slow answer never delays the next scheduled send.
  const sender = new Sender(url, tag, 256, { measureStart, measureEnd: measureStart + durationMs }, extraHeaders);
  const inFlight = new Set<Promise<void>>();
  try {
    for (let i = 0; i < total; i++) {
      await waitUntil(start + i * interval);
      // Stamped when sent: the schedule never waits for answers, so only this process's own
      // timer lateness (under a millisecond) is left out, on both paths alike.
      const sending = sender.send().finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
  } finally {
    sender.close();
  }
  return sender.log;
}

/** Timers may fire early (whole ms, cached loop time), so sleep again until `due` has passed; no spinning. */
async function waitUntil(due: number) {
  for (let wait = due - monoMs(); wait > 0; wait = due - monoMs()) {
    await new Promise((r) => setTimeout(r, Math.ceil(wait)));
  }
}

function errorName(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}
