// Medians over rounds, the table beside the direct path, and the issue's goals.
import os from 'node:os';
import {
  CLOSED_MEASURE_MS,
  CLOSED_WARMUP_MS,
  E2E_MODES,
  E2E_PATHS,
  E2E_ROUNDS,
  type E2eMode,
  type E2ePath,
  type MeasuredCell,
  modeName,
  OPEN_MEASURE_MS,
  OPEN_WARMUP_MS,
} from './engine-e2e-modes.js';
import { median, ratio } from './stats.js';
import { STRIPE_WEBHOOK_BODY } from './stripe-webhook.js';
import { fixed, formatTable } from './text-table.js';

/** Goals from the issue: throughput share, added latency at a fixed rate, loss, gaps. */
const GOAL_THROUGHPUT_RATIO = 0.5;
const GOAL_RATE_MODE = 'open';
const GOAL_ADDED_P50_MS = 2;
const GOAL_ADDED_P99_MS = 5;
const GOAL_MAX_GAP_MS = 100;

export interface E2eRow {
  mode: E2eMode;
  path: E2ePath;
  deliveredPerSec: number;
  acceptedPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  answerP50Ms: number;
  answerP99Ms: number;
  /** Median over rounds, and the worst round. */
  maxGapMs: number;
  worstGapMs: number;
  /** Totals over all rounds. */
  lost: number;
  duplicates: number;
  strays: number;
  /** (max - min) / median of the rounds' delivered rate, %. */
  spreadPercent: number;
  drainMs: number;
  cpu: { relay: number; engine: number; service: number; bench: number };
  vsDirect: {
    deliveredPerSec: number;
    p50: number;
    p95: number;
    p99: number;
    maxGap: number;
    addedP50Ms: number;
    addedP95Ms: number;
    addedP99Ms: number;
  };
}

interface Goal {
  goal: string;
  achieved: string;
  met: boolean;
}

export function summarizeE2e(cells: MeasuredCell[]): E2eRow[] {
  const rows: E2eRow[] = [];
  for (const mode of E2E_MODES) {
    const of = (path: E2ePath) => cells.filter((c) => c.path === path && modeName(c.mode) === modeName(mode));
    const med = (path: E2ePath, pick: (c: MeasuredCell) => number) => median(of(path).map(pick));
    for (const path of E2E_PATHS) {
      const mine = of(path);
      const rates = mine.map((c) => c.figures.deliveredPerSec);
      const row = {
        mode,
        path,
        deliveredPerSec: med(path, (c) => c.figures.deliveredPerSec),
        acceptedPerSec: med(path, (c) => c.figures.acceptedPerSec),
        p50Ms: med(path, (c) => c.figures.p50Ms),
        p95Ms: med(path, (c) => c.figures.p95Ms),
        p99Ms: med(path, (c) => c.figures.p99Ms),
        answerP50Ms: med(path, (c) => c.figures.answerP50Ms),
        answerP99Ms: med(path, (c) => c.figures.answerP99Ms),
        maxGapMs: med(path, (c) => c.figures.maxGapMs),
        worstGapMs: Math.max(...mine.map((c) => c.figures.maxGapMs)),
        lost: mine.reduce((n, c) => n + c.figures.lost, 0),
        duplicates: mine.reduce((n, c) => n + c.figures.duplicates, 0),
        strays: mine.reduce((n, c) => n + c.figures.strays, 0),
        spreadPercent: 100 * ratio(Math.max(...rates) - Math.min(...rates), median(rates)),
        drainMs: med(path, (c) => c.figures.drainMs),
        cpu: {
          relay: med(path, (c) => c.figures.cpu.relay),
          engine: med(path, (c) => c.figures.cpu.engine),
          service: med(path, (c) => c.figures.cpu.service),
          bench: med(path, (c) => c.figures.cpu.bench),
        },
      };
      const direct = rows.find((r) => r.path === 'direct' && r.mode === mode) ?? { ...row };
      rows.push({
        ...row,
        vsDirect: {
          deliveredPerSec: ratio(row.deliveredPerSec, direct.deliveredPerSec),
          p50: ratio(row.p50Ms, direct.p50Ms),
          p95: ratio(row.p95Ms, direct.p95Ms),
          p99: ratio(row.p99Ms, direct.p99Ms),
          maxGap: ratio(row.maxGapMs, direct.maxGapMs),
          addedP50Ms: row.p50Ms - direct.p50Ms,
          addedP95Ms: row.p95Ms - direct.p95Ms,
          addedP99Ms: row.p99Ms - direct.p99Ms,
        },
      });
    }
  }
  return rows;
}

function goals(rows: E2eRow[]): Goal[] {
  const engineRows = rows.filter((r) => r.path === 'engine');
  const result: Goal[] = [];
  for (const r of engineRows.filter((r) => r.mode.kind === 'closed')) {
    const direct = rows.find((d) => d.path === 'direct' && d.mode === r.mode);
    // The relay's own 2xx rate bounds what can arrive: shown so a miss can be placed.
    const relayShare = ratio(r.acceptedPerSec, direct?.deliveredPerSec ?? Number.NaN);
    result.push({
      goal: `throughput at ${modeName(r.mode)} >= ${GOAL_THROUGHPUT_RATIO}x direct`,
      achieved:
        `${fixed(r.vsDirect.deliveredPerSec, 2)}x (${fixed(r.deliveredPerSec, 0)} ev/s; ` +
        `the relay's 2xx alone: ${fixed(relayShare, 2)}x)`,
      met: r.vsDirect.deliveredPerSec >= GOAL_THROUGHPUT_RATIO,
    });
  }
  const rate = engineRows.find((r) => r.mode.kind === GOAL_RATE_MODE);
  if (rate) {
    result.push(
      {
        goal: `p50 at ${modeName(rate.mode)} <= direct + ${GOAL_ADDED_P50_MS} ms`,
        achieved: `+${fixed(rate.vsDirect.addedP50Ms, 2)} ms (${fixed(rate.p50Ms, 2)} ms)`,
        met: rate.vsDirect.addedP50Ms <= GOAL_ADDED_P50_MS,
      },
      {
        goal: `p99 at ${modeName(rate.mode)} <= direct + ${GOAL_ADDED_P99_MS} ms`,
        achieved: `+${fixed(rate.vsDirect.addedP99Ms, 2)} ms (${fixed(rate.p99Ms, 2)} ms)`,
        met: rate.vsDirect.addedP99Ms <= GOAL_ADDED_P99_MS,
      },
    );
  }
  const lost = engineRows.reduce((n, r) => n + r.lost, 0);
  result.push({ goal: 'lost = 0 (all cells, all rounds)', achieved: String(lost), met: lost === 0 });
  const bursts = engineRows.filter((r) => r.mode.kind === 'closed');
  const worst = Math.max(...bursts.map((r) => r.worstGapMs));
  const where = bursts.find((r) => r.worstGapMs === worst);
  result.push({
    goal: `longest gap mid-burst <= ${GOAL_MAX_GAP_MS} ms (worst round, closed-loop cells)`,
    achieved: `${fixed(worst, 1)} ms${where ? ` (at ${modeName(where.mode)})` : ''}`,
    met: worst <= GOAL_MAX_GAP_MS,
  });
  return result;
}

export function printE2eReport(rows: E2eRow[], cells: MeasuredCell[]) {
  const vs = (r: E2eRow, v: number, decimals = 2) => (r.path === 'direct' ? '' : fixed(v, decimals));
  const plus = (r: E2eRow, v: number) => (r.path === 'direct' ? '' : `${v >= 0 ? '+' : ''}${fixed(v, 2)}`);
  const table = formatTable<E2eRow>(
    [
      { header: 'mode', align: 'left', cell: (r) => modeName(r.mode) },
      { header: 'path', align: 'left', cell: (r) => r.path },
      { header: 'ev/s', cell: (r) => fixed(r.deliveredPerSec, 0) },
      { header: 'x', cell: (r) => vs(r, r.vsDirect.deliveredPerSec) },
      { header: 'spr%', cell: (r) => fixed(r.spreadPercent, 0) },
      { header: 'p50 ms', cell: (r) => fixed(r.p50Ms, 2) },
      { header: 'x', cell: (r) => vs(r, r.vsDirect.p50, 1) },
      { header: '+ms', cell: (r) => plus(r, r.vsDirect.addedP50Ms) },
      { header: 'p95 ms', cell: (r) => fixed(r.p95Ms, 2) },
      { header: 'x', cell: (r) => vs(r, r.vsDirect.p95, 1) },
      { header: 'p99 ms', cell: (r) => fixed(r.p99Ms, 2) },
      { header: 'x', cell: (r) => vs(r, r.vsDirect.p99, 1) },
      { header: '+ms', cell: (r) => plus(r, r.vsDirect.addedP99Ms) },
      { header: 'lost', cell: (r) => String(r.lost) },
      { header: 'dup', cell: (r) => String(r.duplicates) },
      { header: 'gap ms', cell: (r) => fixed(r.maxGapMs, 1) },
      { header: 'x', cell: (r) => vs(r, r.vsDirect.maxGap, 1) },
      { header: 'worst', cell: (r) => fixed(r.worstGapMs, 1) },
      { header: '2xx/s', cell: (r) => fixed(r.acceptedPerSec, 0) },
      { header: '2xx p50', cell: (r) => fixed(r.answerP50Ms, 2) },
      { header: '2xx p99', cell: (r) => fixed(r.answerP99Ms, 2) },
      { header: 'cpu% relay', cell: (r) => fixed(r.cpu.relay, 0) },
      { header: 'engine', cell: (r) => fixed(r.cpu.engine, 0) },
      { header: 'svc', cell: (r) => fixed(r.cpu.service, 0) },
      { header: 'bench', cell: (r) => fixed(r.cpu.bench, 0) },
    ],
    rows,
  );
  const goalTable = formatTable<Goal>(
    [
      { header: 'goal', align: 'left', cell: (g) => g.goal },
      { header: 'achieved', align: 'left', cell: (g) => g.achieved },
      { header: '', align: 'left', cell: (g) => (g.met ? 'met' : 'MISSED') },
    ],
    goals(rows),
  );
  const lines = [
    '',
    `End to end: a ${STRIPE_WEBHOOK_BODY.length}-byte Stripe-like webhook, sender -> relay (durability full) -> engine ` +
      '(porthole listen, target concurrency 8) -> local node:http service;',
    'direct: the same sender posting to the same local service. Relay, engine and service are separate processes.',
    `Medians of ${E2E_ROUNDS} rounds. Closed loop: ${CLOSED_WARMUP_MS / 1000} s warm-up + ${CLOSED_MEASURE_MS / 1000} s ` +
      `measured; open loop: ${OPEN_WARMUP_MS / 1000} s + ${OPEN_MEASURE_MS / 1000} s at a fixed rate, never waiting ` +
      'for answers.',
    `Node ${process.version}, ${os.availableParallelism()} cores shared by all processes.`,
    '',
    table,
    '',
    'ev/s: distinct events arriving at the local service in the measured window. x: engine / direct. +ms: engine - direct.',
    'p50/p95/p99: send -> fully read at the local service, one monotonic clock. lost: sender got 2xx, never arrived',
    '(all rounds, warm-up included). dup: arrived again. gap: longest wait between consecutive arrivals in the window',
    "(median; worst: worst round). 2xx/s, 2xx p50/p99: the sender's view (engine path: the relay's durable 2xx).",
    'cpu%: of one core while sending, per process. spr%: (max - min) / median of the rounds ev/s.',
  ];
  const errors = new Map<string, number>();
  for (const c of cells) {
    for (const [kind, n] of Object.entries(c.figures.errorKinds)) {
      const key = `${c.path} ${modeName(c.mode)}: ${kind}`;
      errors.set(key, (errors.get(key) ?? 0) + n);
    }
  }
  for (const [key, n] of errors) lines.push(`sender errors at ${key} x${n}`);
  const strays = rows.reduce((n, r) => n + r.strays, 0);
  if (strays > 0) lines.push(`${strays} arrivals of events from an earlier cell (drain gave up waiting for them)`);
  lines.push('', 'Goals (issue 3):', goalTable);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function e2eFigures(rows: E2eRow[], cells: MeasuredCell[]) {
  const round = (v: number, decimals = 3) => (Number.isFinite(v) ? Number(v.toFixed(decimals)) : null);
  return {
    bodyBytes: STRIPE_WEBHOOK_BODY.length,
    rounds: E2E_ROUNDS,
    node: process.version,
    cores: os.availableParallelism(),
    rows: rows.map((r) => ({
      mode: modeName(r.mode),
      path: r.path,
      deliveredPerSec: round(r.deliveredPerSec, 0),
      acceptedPerSec: round(r.acceptedPerSec, 0),
      p50Ms: round(r.p50Ms),
      p95Ms: round(r.p95Ms),
      p99Ms: round(r.p99Ms),
      answerP50Ms: round(r.answerP50Ms),
      answerP99Ms: round(r.answerP99Ms),
      maxGapMs: round(r.maxGapMs, 1),
      worstGapMs: round(r.worstGapMs, 1),
      lost: r.lost,
      duplicates: r.duplicates,
      strays: r.strays,
      spreadPercent: round(r.spreadPercent, 1),
      drainMs: round(r.drainMs, 0),
      cpu: {
        relay: round(r.cpu.relay, 0),
        engine: round(r.cpu.engine, 0),
        service: round(r.cpu.service, 0),
        bench: round(r.cpu.bench, 0),
      },
      vsDirect: Object.fromEntries(Object.entries(r.vsDirect).map(([k, v]) => [k, round(v)])),
    })),
    goals: goals(rows),
    cells: cells.map((c) => ({
      round: c.round,
      mode: modeName(c.mode),
      path: c.path,
      deliveredPerSec: round(c.figures.deliveredPerSec, 0),
      p50Ms: round(c.figures.p50Ms),
      p99Ms: round(c.figures.p99Ms),
      maxGapMs: round(c.figures.maxGapMs, 1),
      lost: c.figures.lost,
      duplicates: c.figures.duplicates,
    })),
  };
}
