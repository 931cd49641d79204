// Issue 7's benchmark: how long after a webhook is sent its alert reaches the receiver, for a
// desktop rule (evaluated by the engine after it commits the event) and a relay rule (evaluated
// by the relay after its commit), beside the event's own delivery to the local service in the
// same run. Processes: relay, engine, local service, alert receiver; the sender is this one.
import { analyseRound, type RoundFigures } from './alert-latency-analysis.js';
import { figures, type LoadShape, printReport, summarize } from './alert-latency-report.js';
import { MARKER_PREFIX, type Rig, startRig } from './alert-latency-rig.js';
import type { Benchmark } from './benchmark.js';
import { sendOpenLoop } from './engine-e2e-sender.js';
import { fixed } from './text-table.js';

/** 300 measured events per round at a steady rate, as a busy endpoint sends them. */
const SHAPE: LoadShape = { rounds: 3, perSecond: 50, warmupMs: 1_000, measureMs: 6_000 };
/** Once before round 1, discarded: fresh processes run cold for a while. */
const RIG_WARMUP_MS = 2_000;
/** Waiting for late arrivals: give up when nothing arrived for this long... */
const DRAIN_IDLE_MS = 15_000;
/** ...and once everything expected arrived, wait this long for duplicates. */
const DRAIN_SETTLE_MS = 300;

export const alertLatencyBenchmark: Benchmark = {
  name: 'alert-latency',
  description: 'webhook sent -> alert at the receiver, desktop and relay rules, vs the event delivery itself',
  run: runAlertLatency,
};

async function runAlertLatency() {
  const rig = await startRig();
  try {
    const warm = await measureRound(rig, `${MARKER_PREFIX}warm`, { ...SHAPE, warmupMs: 0, measureMs: RIG_WARMUP_MS });
    // A rule that never fires (not pushed, refused by the SSRF guard) would read as all lost.
    if (warm.accepted === 0 || warm.lost.desktop === warm.accepted || warm.lost.relay === warm.accepted) {
      throw new Error(`the warm-up round got no alerts: ${JSON.stringify(warm)}`);
    }
    const rounds: RoundFigures[] = [];
    for (let round = 0; round < SHAPE.rounds; round++) {
      const f = await measureRound(rig, `${MARKER_PREFIX}r${round + 1}`, SHAPE);
      rounds.push(f);
      process.stderr.write(
        `  round ${round + 1}/${SHAPE.rounds}  delivery p50/p99 ${fixed(f.latency.delivery.p50Ms, 1)}/` +
          `${fixed(f.latency.delivery.p99Ms, 1)}  desktop ${fixed(f.latency.desktop.p50Ms, 1)}/` +
          `${fixed(f.latency.desktop.p99Ms, 1)}  relay ${fixed(f.latency.relay.p50Ms, 1)}/` +
          `${fixed(f.latency.relay.p99Ms, 1)} ms  lost ${f.lost.delivery}/${f.lost.desktop}/${f.lost.relay}\n`,
      );
    }
    const rows = summarize(rounds);
    printReport(rows, rounds, SHAPE);
    return figures(rows, rounds, SHAPE);
  } finally {
    await rig.stop();
  }
}

async function measureRound(rig: Rig, tag: string, shape: LoadShape): Promise<RoundFigures> {
  await Promise.all([rig.service.reset(), rig.receiver.reset()]);
  const log = await sendOpenLoop(rig.webhookUrl, tag, shape.perSecond, shape.warmupMs, shape.measureMs, uniqueId);
  const accepted = log.ok.filter(Boolean).length;
  await drain(rig, accepted);
  const [deliveries, alerts] = await Promise.all([rig.service.report(), rig.receiver.report()]);
  return analyseRound(log, deliveries, alerts);
}

/**
 * The bench body is one fixed Stripe event, so the relay's dedupe (on by default) would store
 * only the first: a Standard Webhooks id per request (checked before Stripe's) keeps each.
 */
const uniqueId = (id: string) => ({ 'webhook-id': `msg_${id}` });

/** Waits until every accepted event and both its alerts could have arrived. */
async function drain(rig: Rig, accepted: number) {
  const count = async () => (await rig.service.count()) + (await rig.receiver.count());
  const expected = accepted * 3;
  let seen = await count();
  let changedAt = performance.now();
  for (;;) {
    const idle = performance.now() - changedAt;
    if ((seen >= expected && idle >= DRAIN_SETTLE_MS) || idle >= DRAIN_IDLE_MS) return;
    await new Promise((r) => setTimeout(r, 50));
    const now = await count();
    if (now !== seen) {
      seen = now;
      changedAt = performance.now();
    }
  }
}
