// Medians over rounds, the table beside the event's own delivery, and the goal.
import os from 'node:os';
import { type Distribution, type RoundFigures, SERIES, type Series } from './alert-latency-analysis.js';
import { RULE_SIDES } from './alert-latency-rig.js';
import { median, ratio } from './stats.js';
import { fixed, formatTable } from './text-table.js';

/** Issue 7: trigger to the alert's request at the receiver, p99. */
const GOAL_P99_MS = 500;

export interface LoadShape {
  rounds: number;
  perSecond: number;
  warmupMs: number;
  measureMs: number;
}

interface Row {
  series: Series;
  latency: Distribution;
  /** The worst round's p99. */
  worstP99Ms: number;
  /** Against the delivery's p50 (and p99) of the same rounds. */
  p50VsDelivery: number;
  p99VsDelivery: number;
  /** Totals over the rounds; expected is how many events were accepted. */
  lost: number;
  expected: number;
  duplicates: number;
}

const LABEL: Record<Series, string> = {
  delivery: 'event delivered (baseline)',
  desktop: 'desktop rule alert',
  relay: 'relay rule alert',
};

export function summarize(rounds: RoundFigures[]): Row[] {
  const med = (s: Series, pick: (d: Distribution) => number) => median(rounds.map((r) => pick(r.latency[s])));
  const sum = (pick: (r: RoundFigures) => number) => rounds.reduce((n, r) => n + pick(r), 0);
  const latencyOf = (s: Series): Distribution => ({
    n: med(s, (d) => d.n),
    p50Ms: med(s, (d) => d.p50Ms),
    p95Ms: med(s, (d) => d.p95Ms),
    p99Ms: med(s, (d) => d.p99Ms),
    maxMs: med(s, (d) => d.maxMs),
  });
  const delivery = latencyOf('delivery');
  return SERIES.map((series) => {
    const latency = latencyOf(series);
    return {
      series,
      latency,
      worstP99Ms: Math.max(...rounds.map((r) => r.latency[series].p99Ms)),
      p50VsDelivery: ratio(latency.p50Ms, delivery.p50Ms),
      p99VsDelivery: ratio(latency.p99Ms, delivery.p99Ms),
      lost: sum((r) => r.lost[series]),
      expected: sum((r) => r.accepted),
      duplicates: sum((r) => r.duplicates[series]),
    };
  });
}

function goals(rows: Row[]) {
  return rows
    .filter((r) => r.series !== 'delivery')
    .map((r) => ({
      goal: `${LABEL[r.series]}: p99 < ${GOAL_P99_MS} ms`,
      achieved: `${fixed(r.latency.p99Ms, 1)} ms (worst round ${fixed(r.worstP99Ms, 1)} ms), lost ${r.lost}`,
      met: r.latency.p99Ms < GOAL_P99_MS && r.lost === 0,
    }));
}

export function printReport(rows: Row[], rounds: RoundFigures[], shape: LoadShape) {
  const vs = (r: Row, v: number) => (r.series === 'delivery' ? '' : fixed(v, 1));
  const table = formatTable<Row>(
    [
      { header: 'what', align: 'left', cell: (r) => LABEL[r.series] },
      { header: 'n', cell: (r) => fixed(r.latency.n, 0) },
      { header: 'p50 ms', cell: (r) => fixed(r.latency.p50Ms, 1) },
      { header: 'p95 ms', cell: (r) => fixed(r.latency.p95Ms, 1) },
      { header: 'p99 ms', cell: (r) => fixed(r.latency.p99Ms, 1) },
      { header: 'max ms', cell: (r) => fixed(r.latency.maxMs, 1) },
      { header: 'p50 x', cell: (r) => vs(r, r.p50VsDelivery) },
      { header: 'p99 x', cell: (r) => vs(r, r.p99VsDelivery) },
      { header: 'worst p99', cell: (r) => fixed(r.worstP99Ms, 1) },
      { header: 'lost', cell: (r) => `${r.lost}/${r.expected}` },
      { header: 'dup', cell: (r) => String(r.duplicates) },
    ],
    rows,
  );
  const goalTable = formatTable(
    [
      { header: 'goal', align: 'left', cell: (g: ReturnType<typeof goals>[number]) => g.goal },
      { header: 'achieved', align: 'left', cell: (g) => g.achieved },
      { header: '', align: 'left', cell: (g) => (g.met ? 'met' : 'MISSED') },
    ],
    goals(rows),
  );
  const strays = rounds.reduce((n, r) => n + r.strays, 0);
  const lines = [
    '',
    `Alert latency: webhooks at ${shape.perSecond}/s (${shape.warmupMs / 1000} s warm-up + ${shape.measureMs / 1000} s ` +
      `measured per round) -> relay (durability full) -> engine (porthole listen) -> local service; each event also`,
    `fires a desktop rule (engine) and a relay rule (relay), event_matches on header.x-bench-id, throttle 0, a webhook`,
    'to a node:http receiver. Relay, engine, local service and receiver are separate processes; every time is on the',
    `shared monotonic clock. Medians of ${shape.rounds} rounds. Node ${process.version}, ` +
      `${os.availableParallelism()} cores shared by all processes.`,
    '',
    table,
    '',
    'Each time runs from the sender starting the request to the request fully read at the local service (delivery)',
    'or the receiver (alerts), for events sent in the measured window. p50 x / p99 x: alert / delivery at the same',
    'percentile. worst p99: the worst round. lost: accepted events (all rounds, warm-up included) with no arrival.',
  ];
  if (strays > 0) lines.push(`${strays} arrivals matched no event of their round`);
  lines.push('', 'Goal (issue 7):', goalTable);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function figures(rows: Row[], rounds: RoundFigures[], shape: LoadShape) {
  const round = (v: number, decimals = 2) => (Number.isFinite(v) ? Number(v.toFixed(decimals)) : null);
  const dist = (d: Distribution) => ({
    n: d.n,
    p50Ms: round(d.p50Ms),
    p95Ms: round(d.p95Ms),
    p99Ms: round(d.p99Ms),
    maxMs: round(d.maxMs),
  });
  return {
    ...shape,
    node: process.version,
    cores: os.availableParallelism(),
    rules: RULE_SIDES,
    rows: rows.map((r) => ({
      series: r.series,
      ...dist(r.latency),
      worstP99Ms: round(r.worstP99Ms),
      p50VsDelivery: round(r.p50VsDelivery),
      p99VsDelivery: round(r.p99VsDelivery),
      lost: r.lost,
      expected: r.expected,
      duplicates: r.duplicates,
    })),
    goals: goals(rows),
    perRound: rounds.map((r) => ({
      accepted: r.accepted,
      measured: r.measured,
      latency: Object.fromEntries(SERIES.map((s) => [s, dist(r.latency[s])])),
      lost: r.lost,
      duplicates: r.duplicates,
      strays: r.strays,
    })),
  };
}
