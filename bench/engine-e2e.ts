// End to end: sender -> relay (durability full) -> engine (`porthole listen`) -> local HTTP
// service, beside the sender posting straight to the same local service in the same run.
// Four processes besides this one's load generator: relay, engine, local service. Cells run at
// concurrency 1, 10 and 50 (closed loop) and at a fixed 100 events/s (open loop); rounds
// alternate which path goes first, and every figure is the median of the rounds.
import type { Benchmark } from './benchmark.js';
import { startEngineChild } from './engine-child.js';
import { analyseCell } from './engine-e2e-analysis.js';
import {
  type CellResult,
  CLOSED_MEASURE_MS,
  CLOSED_WARMUP_MS,
  E2E_MODES,
  E2E_ROUNDS,
  type E2eMode,
  type E2ePath,
  type MeasuredCell,
  modeName,
  OPEN_MEASURE_MS,
  OPEN_WARMUP_MS,
} from './engine-e2e-modes.js';
import { e2eFigures, printE2eReport, summarizeE2e } from './engine-e2e-report.js';
import { sendClosedLoop, sendOpenLoop } from './engine-e2e-sender.js';
import { type ArrivalService, startArrivalService } from './engine-e2e-service-child.js';
import { cpuMeter } from './process-cpu.js';
import { startRelayChild } from './relay-child.js';
import { fixed } from './text-table.js';

/** Once per path before round 1, discarded: fresh processes run cold for a while. */
const PATH_WARMUP_MS = 1_500;
/** Waiting for the engine's backlog: give up when nothing arrived for this long... */
const DRAIN_IDLE_MS = 15_000;
/** ...and once every accepted event arrived, wait this long for late duplicates. */
const DRAIN_SETTLE_MS = 300;

interface Route {
  path: E2ePath;
  url: string;
}

interface Processes {
  service: ArrivalService;
  pids: { relay: number; engine: number; service: number; bench: number };
}

export const engineE2eBenchmark: Benchmark = {
  name: 'engine-e2e',
  description: 'sender -> relay -> engine -> local service, vs the sender posting to the local service directly',
  run: runEngineE2e,
};

async function runEngineE2e() {
  const stops: (() => Promise<void>)[] = [];
  try {
    const service = await startArrivalService();
    stops.push(service.stop);
    const relay = await startRelayChild('full');
    stops.push(relay.stop);
    const { url: relayUrl, adminToken } = relay.server.info;
    if (!adminToken) throw new Error('the relay printed no admin token');
    const engine = await startEngineChild(relayUrl, adminToken, `${service.url}/webhooks`);
    stops.push(engine.stop);

    const procs: Processes = {
      service,
      pids: { relay: relay.server.pid, engine: engine.server.pid, service: service.server.pid, bench: process.pid },
    };
    // The direct path uses a URL of the same shape and length as the relay's.
    const routes: Route[] = [
      { path: 'direct', url: `${service.url}/h/wh_${'0'.repeat(32)}` },
      { path: 'engine', url: engine.webhookUrl },
    ];
    for (const route of routes) {
      const warm = await measureCell(procs, route, { kind: 'closed', concurrency: 10 }, `warm-${route.path}`, {
        warmupMs: 0,
        measureMs: PATH_WARMUP_MS,
      });
      if (warm.lost > 0 || warm.accepted === 0) {
        throw new Error(`${route.path} path failed its warm-up: ${JSON.stringify(warm)}`);
      }
    }

    const cells: MeasuredCell[] = [];
    for (let round = 0; round < E2E_ROUNDS; round++) {
      for (const mode of E2E_MODES) {
        // Reverse the order every other round, so no path always runs first in a cell.
        for (const route of round % 2 === 0 ? routes : [...routes].reverse()) {
          const figures = await measureCell(procs, route, mode, `r${round}-${modeName(mode)}-${route.path}`);
          cells.push({ round, mode, path: route.path, figures });
          process.stderr.write(
            `  round ${round + 1}/${E2E_ROUNDS}  ${modeName(mode).padEnd(6)} ${route.path.padEnd(6)}  ` +
              `${fixed(figures.deliveredPerSec, 0).padStart(6)} ev/s  p50 ${fixed(figures.p50Ms, 2)}  ` +
              `p99 ${fixed(figures.p99Ms, 2)} ms  gap ${fixed(figures.maxGapMs, 1)} ms  ` +
              `lost ${figures.lost}  dup ${figures.duplicates}  cpu relay/engine ${fixed(figures.cpu.relay, 0)}/` +
              `${fixed(figures.cpu.engine, 0)}%\n`,
          );
        }
      }
    }
    const rows = summarizeE2e(cells);
    printE2eReport(rows, cells);
    return e2eFigures(rows, cells);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

async function measureCell(
  procs: Processes,
  route: Route,
  mode: E2eMode,
  tag: string,
  timing?: { warmupMs: number; measureMs: number },
): Promise<CellResult> {
  await procs.service.reset();
  const meters = {
    relay: cpuMeter(procs.pids.relay),
    engine: cpuMeter(procs.pids.engine),
    service: cpuMeter(procs.pids.service),
    bench: cpuMeter(procs.pids.bench),
  };
  const log =
    mode.kind === 'closed'
      ? await sendClosedLoop(
          route.url,
          tag,
          mode.concurrency,
          timing?.warmupMs ?? CLOSED_WARMUP_MS,
          timing?.measureMs ?? CLOSED_MEASURE_MS,
        )
      : await sendOpenLoop(route.url, tag, mode.perSecond, OPEN_WARMUP_MS, OPEN_MEASURE_MS);
  const cpu = {
    relay: meters.relay.percent(),
    engine: meters.engine.percent(),
    service: meters.service.percent(),
    bench: meters.bench.percent(),
  };
  const drainStarted = performance.now();
  await drain(procs.service, log.ok.filter(Boolean).length);
  const drainMs = performance.now() - drainStarted;
  const figures = analyseCell(log, await procs.service.report());
  return { ...figures, cpu, drainMs };
}

/** Waits until every accepted event could have arrived: the engine may still have a backlog. */
async function drain(service: ArrivalService, accepted: number) {
  let count = await service.count();
  let changedAt = performance.now();
  for (;;) {
    const idle = performance.now() - changedAt;
    if ((count >= accepted && idle >= DRAIN_SETTLE_MS) || idle >= DRAIN_IDLE_MS) return;
    await new Promise((r) => setTimeout(r, 50));
    const now = await service.count();
    if (now !== count) {
      count = now;
      changedAt = performance.now();
    }
  }
}
