// Closed-loop HTTP load: `concurrency` workers on a keep-alive agent, each sending its next
// request as soon as the previous one answered, so the server's speed sets the pace.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';

export interface LoadSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  concurrency: number;
  /** Traffic before the measured window: fills the keep-alive pool and warms the JIT. */
  warmupMs: number;
  durationMs: number;
  /** A request slower than this is abandoned and counted as an error. */
  requestTimeoutMs: number;
  /** Hard cap on requests sent (warm-up included), so a failing server cannot spin the loop forever. */
  maxRequests: number;
}

export interface LoadResult {
  /** 2xx answers completed inside the measured window. */
  completed: number;
  /** Non-2xx answers and failed requests completed inside the measured window. */
  errors: number;
  errorKinds: Record<string, number>;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

type Outcome = { status: number } | { failure: string };

export async function runClosedLoop(spec: LoadSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  // The bench only ever talks to servers it started on loopback.
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
    throw new Error(`refusing to send load to ${spec.url}: only http://127.0.0.1 is allowed`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const headers = { ...spec.headers, 'content-length': String(spec.body.length) };
  const send = (): Promise<Outcome> =>
    new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: spec.method,
          headers,
          timeout: spec.requestTimeoutMs,
        },
        (res) => {
          res.on('error', (err) => resolve({ failure: errorName(err) }));
          res.on('close', () => {
            if (!res.complete) resolve({ failure: 'response aborted' });
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          // Read the body fully, as a sender does, without keeping it.
          res.resume();
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => resolve({ failure: errorName(err) }));
      req.end(spec.body);
    });

  // Sized for the cap, so recording a sample never allocates during the measurement.
  const latencies = new Float64Array(spec.maxRequests);
  let completed = 0;
  let errors = 0;
  let sent = 0;
  const errorKinds: Record<string, number> = {};
  const measureStart = performance.now() + spec.warmupMs;
  const measureEnd = measureStart + spec.durationMs;

  const worker = async () => {
    while (sent < spec.maxRequests) {
      const started = performance.now();
      if (started >= measureEnd) return;
      sent++;
      const outcome = await send();
      const finished = performance.now();
      if (finished < measureStart || finished > measureEnd) continue;
      if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) {
        latencies[completed++] = finished - started;
      } else {
        errors++;
        const kind = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.failure;
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
  } finally {
    agent.destroy();
  }

  const sorted = latencies.subarray(0, completed).sort();
  return {
    completed,
    errors,
    errorKinds,
    requestsPerSecond: completed / (spec.durationMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

function errorName(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}
