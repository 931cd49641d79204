// Relay ingest: throughput and sender-side latency of POSTing a webhook to the relay (which
// answers only after the event is committed), beside a bare node:http server measured in the
// same run, at concurrency 1, 10 and 50. Rounds alternate servers so noise hits all alike.
import os from 'node:os';
import { startBaselineChild } from './baseline-child.js';
import type { Benchmark } from './benchmark.js';
import { type LoadResult, runClosedLoop } from './load-generator.js';
import { cpuMeter } from './process-cpu.js';
import { startRelayChild } from './relay-child.js';
import { median, ratio } from './stats.js';
import { STRIPE_WEBHOOK_BODY, STRIPE_WEBHOOK_HEADERS } from './stripe-webhook.js';
import { fixed, formatTable } from './text-table.js';

const CONCURRENCIES = [1, 10, 50] as const;
const ROUNDS = 3;
const WARMUP_MS = 500;
/** Once per server before round 1: a fresh process runs cold (JIT, SQLite page cache) for a while. */
const SERVER_WARMUP_MS = 1_000;
const MEASURE_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_REQUESTS_PER_CELL = 1_000_000;
/** The bar the durable relay should clear: this share of the baseline's throughput... */
const TARGET_RATIO = 0.7;
/** ...at this concurrency, where group commit has batches to work with. */
const TARGET_CONCURRENCY = 50;

type ServerName = 'baseline' | 'relay-full' | 'relay-normal';
const SERVER_NAMES: ServerName[] = ['baseline', 'relay-full', 'relay-normal'];

interface RunningServer {
  name: ServerName;
  /** Where the webhook is POSTed. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

interface CellRound extends LoadResult {
  serverCpuPercent: number;
  benchCpuPercent: number;
}

interface Row {
  server: ServerName;
  concurrency: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Total over all rounds. */
  errors: number;
  errorKinds: Record<string, number>;
  /** (max - min) / median of the rounds' req/s, in percent: how noisy this cell was. */
  spreadPercent: number;
  vsBaseline: { reqPerSec: number; p50: number; p99: number };
  serverCpuPercent: number;
  benchCpuPercent: number;
  rounds: { reqPerSec: number; p50Ms: number; p99Ms: number; errors: number }[];
}

const launchers: Record<ServerName, () => Promise<RunningServer>> = {
  baseline: async () => {
    const child = await startBaselineChild();
    // Same path shape as a relay webhook URL, so both parse request lines of equal length.
    return { name: 'baseline', url: `${child.info.url}/h/wh_${'0'.repeat(32)}`, pid: child.pid, stop: child.stop };
  },
  'relay-full': async () => {
    const relay = await startRelayChild('full');
    return { name: 'relay-full', url: relay.webhookUrl, pid: relay.server.pid, stop: relay.stop };
  },
  'relay-normal': async () => {
    const relay = await startRelayChild('normal');
    return { name: 'relay-normal', url: relay.webhookUrl, pid: relay.server.pid, stop: relay.stop };
  },
};

export const relayIngestBenchmark: Benchmark = {
  name: 'relay-ingest',
  description: 'relay webhook ingest (durable 2xx) vs a bare node:http server',
  run: runRelayIngest,
};

async function runRelayIngest() {
  const started = await Promise.allSettled(SERVER_NAMES.map((name) => launchers[name]()));
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const server of servers) {
      await sendOneWebhook(server);
      await warmUp(server);
    }

    const results = new Map<string, CellRound[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of CONCURRENCIES) {
        // Reverse the order every other round, so no server always runs first (or last) in a cell.
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const cell = await measureCell(server, concurrency);
          const key = cellKey(server.name, concurrency);
          results.set(key, [...(results.get(key) ?? []), cell]);
          process.stderr.write(
            `  round ${round + 1}/${ROUNDS}  c=${String(concurrency).padEnd(2)}  ${server.name.padEnd(12)}  ` +
              `${fixed(cell.requestsPerSecond, 0).padStart(6)} req/s  p50 ${fixed(cell.p50Ms, 2)} ms  ` +
              `p99 ${fixed(cell.p99Ms, 2)} ms  errors ${cell.errors}\n`,
          );
        }
      }
    }
    const rows = summarize(results);
    printReport(rows);
    return figures(rows);
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
  }
}

/** Fails fast with the server's own answer if it would reject every webhook. */
async function sendOneWebhook(server: RunningServer) {
  const res = await fetch(server.url, { method: 'POST', headers: STRIPE_WEBHOOK_HEADERS, body: STRIPE_WEBHOOK_BODY });
  const text = await res.text();
  if (!res.ok) throw new Error(`${server.name} answered ${res.status} to a test webhook: ${text}`);
}

async function warmUp(server: RunningServer) {
  // Measured (then discarded) rather than passed as warm-up, so failures in it are counted.
  const result = await runClosedLoop({ ...loadSpec(server, 10), warmupMs: 0, durationMs: SERVER_WARMUP_MS });
  if (result.errors > 0) throw new Error(`${server.name} failed during warm-up: ${JSON.stringify(result.errorKinds)}`);
}

const loadSpec = (server: RunningServer, concurrency: number) => ({
  url: server.url,
  method: 'POST',
  headers: STRIPE_WEBHOOK_HEADERS,
  body: STRIPE_WEBHOOK_BODY,
  concurrency,
  warmupMs: WARMUP_MS,
  durationMs: MEASURE_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  maxRequests: MAX_REQUESTS_PER_CELL,
});

async function measureCell(server: RunningServer, concurrency: number): Promise<CellRound> {
  const serverCpu = cpuMeter(server.pid);
  const benchCpu = cpuMeter(process.pid);
  const result = await runClosedLoop(loadSpec(server, concurrency));
  return { ...result, serverCpuPercent: serverCpu.percent(), benchCpuPercent: benchCpu.percent() };
}

const cellKey = (server: ServerName, concurrency: number) => `${server}@${concurrency}`;

function summarize(results: Map<string, CellRound[]>): Row[] {
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    const baseline = results.get(cellKey('baseline', concurrency)) ?? [];
    const base = {
      reqPerSec: median(baseline.map((r) => r.requestsPerSecond)),
      p50Ms: median(baseline.map((r) => r.p50Ms)),
      p99Ms: median(baseline.map((r) => r.p99Ms)),
    };
    for (const server of SERVER_NAMES) {
      const rounds = results.get(cellKey(server, concurrency)) ?? [];
      const rates = rounds.map((r) => r.requestsPerSecond);
      const reqPerSec = median(rates);
      const p50Ms = median(rounds.map((r) => r.p50Ms));
      const p99Ms = median(rounds.map((r) => r.p99Ms));
      const errorKinds: Record<string, number> = {};
      for (const r of rounds) {
        for (const [kind, n] of Object.entries(r.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
      }
      rows.push({
        server,
        concurrency,
        reqPerSec,
        p50Ms,
        p99Ms,
        errors: rounds.reduce((sum, r) => sum + r.errors, 0),
        errorKinds,
        spreadPercent: 100 * ratio(Math.max(...rates) - Math.min(...rates), reqPerSec),
        vsBaseline: {
          reqPerSec: ratio(reqPerSec, base.reqPerSec),
          p50: ratio(p50Ms, base.p50Ms),
          p99: ratio(p99Ms, base.p99Ms),
        },
        serverCpuPercent: median(rounds.map((r) => r.serverCpuPercent)),
        benchCpuPercent: median(rounds.map((r) => r.benchCpuPercent)),
        rounds: rounds.map((r) => ({
          reqPerSec: r.requestsPerSecond,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          errors: r.errors,
        })),
      });
    }
  }
  return rows;
}

function verdict(rows: Row[]) {
  const durable = rows.find((r) => r.server === 'relay-full' && r.concurrency === TARGET_CONCURRENCY);
  const baseline = rows.find((r) => r.server === 'baseline' && r.concurrency === TARGET_CONCURRENCY);
  const achieved = durable?.vsBaseline.reqPerSec ?? Number.NaN;
  return {
    threshold: TARGET_RATIO,
    concurrency: TARGET_CONCURRENCY,
    relayReqPerSec: durable?.reqPerSec ?? Number.NaN,
    baselineReqPerSec: baseline?.reqPerSec ?? Number.NaN,
    ratio: achieved,
    reached: achieved >= TARGET_RATIO,
  };
}

function printReport(rows: Row[]) {
  const table = formatTable<Row>(
    [
      { header: 'server', align: 'left', cell: (r) => r.server },
      { header: 'conc', cell: (r) => String(r.concurrency) },
      { header: 'req/s', cell: (r) => fixed(r.reqPerSec, 0) },
      { header: 'spread%', cell: (r) => fixed(r.spreadPercent, 0) },
      { header: 'p50 ms', cell: (r) => fixed(r.p50Ms, 2) },
      { header: 'p99 ms', cell: (r) => fixed(r.p99Ms, 2) },
      { header: 'errors', cell: (r) => String(r.errors) },
      { header: 'x req/s', cell: (r) => fixed(r.vsBaseline.reqPerSec, 2) },
      { header: 'x p50', cell: (r) => fixed(r.vsBaseline.p50, 2) },
      { header: 'x p99', cell: (r) => fixed(r.vsBaseline.p99, 2) },
      { header: 'server cpu%', cell: (r) => fixed(r.serverCpuPercent, 0) },
      { header: 'bench cpu%', cell: (r) => fixed(r.benchCpuPercent, 0) },
    ],
    rows,
  );
  const lines = [
    '',
    `Relay ingest: POST of a ${STRIPE_WEBHOOK_BODY.length}-byte Stripe-like webhook over keep-alive HTTP/1.1 on 127.0.0.1.`,
    `Medians of ${ROUNDS} rounds; each cell ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s measured, closed loop` +
      ` (each server first warmed ${SERVER_WARMUP_MS / 1000} s at c=10).`,
    `Node ${process.version}, ${os.availableParallelism()} cores; the load generator shares them (bench cpu%).`,
    '',
    table,
    '',
    'x req/s, x p50, x p99: this row / baseline at the same concurrency. errors: non-2xx or failed, all rounds.',
    'spread%: (max - min) / median of the rounds req/s. cpu%: of one core, server process and bench process.',
  ];
  for (const r of rows) {
    if (r.errors > 0) lines.push(`errors at ${r.server} c=${r.concurrency}: ${JSON.stringify(r.errorKinds)}`);
  }
  const v = verdict(rows);
  lines.push(
    '',
    `Durable relay (durability full) at concurrency ${v.concurrency}: ${fixed(v.relayReqPerSec, 0)} req/s vs baseline ` +
      `${fixed(v.baselineReqPerSec, 0)} req/s = ${fixed(v.ratio, 2)}x: ` +
      (v.reached ? `reached the >= ${v.threshold}x target.` : `did NOT reach the >= ${v.threshold}x target.`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Figures for the BENCH_JSON line, rounded so notes can quote them as they are. */
function figures(rows: Row[]) {
  const round = (v: number, decimals: number) => (Number.isFinite(v) ? Number(v.toFixed(decimals)) : null);
  const v = verdict(rows);
  return {
    bodyBytes: STRIPE_WEBHOOK_BODY.length,
    rounds: ROUNDS,
    warmupMs: WARMUP_MS,
    measureMs: MEASURE_MS,
    node: process.version,
    cores: os.availableParallelism(),
    rows: rows.map((r) => ({
      server: r.server,
      concurrency: r.concurrency,
      reqPerSec: round(r.reqPerSec, 0),
      p50Ms: round(r.p50Ms, 3),
      p99Ms: round(r.p99Ms, 3),
      errors: r.errors,
      errorKinds: r.errorKinds,
      spreadPercent: round(r.spreadPercent, 1),
      vsBaseline: {
        reqPerSec: round(r.vsBaseline.reqPerSec, 3),
        p50: round(r.vsBaseline.p50, 3),
        p99: round(r.vsBaseline.p99, 3),
      },
      serverCpuPercent: round(r.serverCpuPercent, 0),
      benchCpuPercent: round(r.benchCpuPercent, 0),
      rounds: r.rounds.map((x) => ({
        reqPerSec: round(x.reqPerSec, 0),
        p50Ms: round(x.p50Ms, 3),
        p99Ms: round(x.p99Ms, 3),
        errors: x.errors,
      })),
    })),
    verdict: {
      threshold: v.threshold,
      concurrency: v.concurrency,
      ratio: round(v.ratio, 3),
      reached: v.reached,
    },
  };
}
