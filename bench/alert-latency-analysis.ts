// One round of the alert-latency benchmark, from the send log, the local service's arrivals
// and the alert receiver's: per event, send -> delivery and send -> each rule's alert.

import { type AlertArrivals, RULE_SIDES, type RuleSide } from './alert-latency-rig.js';
import type { SendLog } from './engine-e2e-sender.js';
import type { Arrivals } from './engine-e2e-service-child.js';
import { percentile } from './stats.js';

export type Series = 'delivery' | RuleSide;
export const SERIES: Series[] = ['delivery', ...RULE_SIDES];

export interface Distribution {
  /** Events sent in the measured window that arrived (or whose alert arrived). */
  n: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RoundFigures {
  /** Events the sender got a 2xx for, warm-up included: each must arrive and fire both rules. */
  accepted: number;
  /** Of those, sent inside the measured window. */
  measured: number;
  latency: Record<Series, Distribution>;
  /** Accepted, never arrived (the event itself, or that rule's alert for it). */
  lost: Record<Series, number>;
  /** Arrivals beyond the first for the same event (a retried alert, a redelivery). */
  duplicates: Record<Series, number>;
  /** Arrivals this round never sent: left over from an earlier round, or unreadable. */
  strays: number;
}

export function analyseRound(log: SendLog, deliveries: Arrivals, alerts: AlertArrivals): RoundFigures {
  const index = new Map<string, number>();
  for (let i = 0; i < log.ids.length; i++) index.set(log.ids[i]!, i);
  const first = Object.fromEntries(SERIES.map((s) => [s, new Float64Array(log.ids.length).fill(Number.NaN)])) as Record<
    Series,
    Float64Array
  >;
  const duplicates: Record<Series, number> = { delivery: 0, desktop: 0, relay: 0 };
  let strays = 0;
  const note = (series: Series | undefined, id: string, at: number) => {
    const i = index.get(id);
    if (series === undefined || i === undefined) strays++;
    else if (Number.isNaN(first[series][i]!)) first[series][i] = at;
    else duplicates[series]++;
  };
  for (let a = 0; a < deliveries.ids.length; a++) note('delivery', deliveries.ids[a]!, deliveries.arrivedAt[a]!);
  for (let a = 0; a < alerts.rules.length; a++) {
    const side = RULE_SIDES.find((s) => s === alerts.rules[a]);
    note(side, alerts.markers[a]!, alerts.arrivedAt[a]!);
  }

  const lost: Record<Series, number> = { delivery: 0, desktop: 0, relay: 0 };
  const samples: Record<Series, number[]> = { delivery: [], desktop: [], relay: [] };
  let accepted = 0;
  let measured = 0;
  for (let i = 0; i < log.ids.length; i++) {
    if (!log.ok[i]) continue;
    accepted++;
    const sent = log.sentAt[i]!;
    const inWindow = sent >= log.measureStart && sent < log.measureEnd;
    if (inWindow) measured++;
    for (const s of SERIES) {
      const at = first[s][i]!;
      if (Number.isNaN(at)) lost[s]++;
      else if (inWindow) samples[s].push(at - sent);
    }
  }
  const latency = Object.fromEntries(SERIES.map((s) => [s, distribution(samples[s])])) as Record<Series, Distribution>;
  return { accepted, measured, latency, lost, duplicates, strays };
}

function distribution(values: number[]): Distribution {
  values.sort((a, b) => a - b);
  return {
    n: values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    p99Ms: percentile(values, 99),
    maxMs: values.length > 0 ? values[values.length - 1]! : Number.NaN,
  };
}
