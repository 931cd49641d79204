// Turns one cell's send log and the local service's arrivals into the figures of the
// end-to-end benchmark: delivered rate, arrival latency, lost, duplicates, longest gap.

import type { SendLog } from './engine-e2e-sender.js';
import type { Arrivals } from './engine-e2e-service-child.js';
import { percentile } from './stats.js';

export interface CellFigures {
  /** Requests sent in all, warm-up included, and how many got a 2xx. */
  sent: number;
  accepted: number;
  /** 2xx answers to requests sent inside the measured window, per second. */
  acceptedPerSec: number;
  /** Distinct events arriving at the local service inside the measured window, per second. */
  deliveredPerSec: number;
  /** Send to arrival at the local service, for events sent inside the measured window. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Send to the sender's 2xx inside the window (for the relay: its durable commit). */
  answerP50Ms: number;
  answerP99Ms: number;
  /** Got a 2xx, never arrived. */
  lost: number;
  /** Arrivals beyond the first of the same event. */
  duplicates: number;
  /** Arrivals of events this cell never sent (left over from an earlier cell). */
  strays: number;
  /** Longest wait between consecutive arrivals inside the measured window. */
  maxGapMs: number;
  errorKinds: Record<string, number>;
}

export function analyseCell(log: SendLog, arrivals: Arrivals): CellFigures {
  const index = new Map<string, number>();
  for (let i = 0; i < log.ids.length; i++) index.set(log.ids[i]!, i);
  const firstArrival = new Float64Array(log.ids.length).fill(Number.NaN);
  let duplicates = 0;
  let strays = 0;
  for (let a = 0; a < arrivals.ids.length; a++) {
    const i = index.get(arrivals.ids[a]!);
    if (i === undefined) strays++;
    else if (Number.isNaN(firstArrival[i]!)) firstArrival[i] = arrivals.arrivedAt[a]!;
    else duplicates++;
  }

  const inWindow = (t: number) => t >= log.measureStart && t < log.measureEnd;
  const windowSeconds = (log.measureEnd - log.measureStart) / 1000;
  const latencies: number[] = [];
  const answers: number[] = [];
  const arrivedInWindow: number[] = [];
  let lost = 0;
  let accepted = 0;
  let acceptedInWindow = 0;
  for (let i = 0; i < log.ids.length; i++) {
    const arrived = firstArrival[i]!;
    if (log.ok[i]) accepted++;
    if (log.ok[i] && Number.isNaN(arrived)) lost++;
    if (!Number.isNaN(arrived) && inWindow(arrived)) arrivedInWindow.push(arrived);
    if (!inWindow(log.sentAt[i]!)) continue;
    if (log.ok[i]) {
      acceptedInWindow++;
      answers.push(log.answerMs[i]!);
    }
    if (!Number.isNaN(arrived)) latencies.push(arrived - log.sentAt[i]!);
  }
  latencies.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  arrivedInWindow.sort((a, b) => a - b);
  let maxGapMs = arrivedInWindow.length > 0 ? 0 : Number.NaN;
  for (let k = 1; k < arrivedInWindow.length; k++) {
    maxGapMs = Math.max(maxGapMs, arrivedInWindow[k]! - arrivedInWindow[k - 1]!);
  }
  return {
    sent: log.ids.length,
    accepted,
    acceptedPerSec: acceptedInWindow / windowSeconds,
    deliveredPerSec: arrivedInWindow.length / windowSeconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    answerP50Ms: percentile(answers, 50),
    answerP99Ms: percentile(answers, 99),
    lost,
    duplicates,
    strays,
    maxGapMs,
    errorKinds: log.errorKinds,
  };
}
