// Bulk replay: every event of a filter's result (or a chosen list), oldest first, through the
// same path as a single replay (stored as replays, delivered to the endpoint's targets or a
// URL), with a concurrency cap, a start rate, progress pushed to the UI, and cancel. Cancel
// stops new starts at once; replays already in flight finish and are counted.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BULK_REPLAY_MAX_EVENTS,
  type BulkReplayProgress,
  DesktopApiError,
  type DesktopParams,
} from '../../protocol/desktop-api.js';
import { newId } from '../../protocol/ids.js';
import { extractIdempotencyKey } from '../../protocol/webhook/idempotency-key.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { EngineStore } from '../store/engine-store.js';
import type { EventPage } from '../store/event-read-thread.js';
import type { ReplayService } from './replay-service.js';

type StartParams = DesktopParams<'replay.bulk.start'>;

const DEFAULT_CONCURRENCY = 4;
const MAX_ERRORS_KEPT = 20;
/** Progress is pushed at most this often while running, and always at the end. */
const PUSH_INTERVAL_MS = 200;
/** Finished jobs are remembered for their status, up to this many. */
const FINISHED_KEPT = 20;

interface Job {
  progress: BulkReplayProgress;
  abort: AbortController;
  lastPush: number;
}

export class BulkReplays {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly deps: {
      store: EngineStore;
      replay: ReplayService;
      events: DesktopEventBus;
      now: () => number;
      /** Pages of a query, off the engine's thread (the read thread); absent, the store's own. */
      list?: (query: StartParams['query'], before: string | undefined, limit: number) => Promise<EventPage>;
    },
  ) {}

  async start(params: StartParams): Promise<BulkReplayProgress> {
    const ids = params.ids ?? (await this.matching(params.query));
    if (ids.length === 0) throw new DesktopApiError('invalid_params', 'no events to replay');
    const now = this.deps.now();
    const job: Job = {
      progress: {
        jobId: newId('bulk', now),
        state: 'running',
        total: ids.length,
        sent: 0,
        succeeded: 0,
        failed: 0,
        statuses: {},
        idempotencyKeys: 0,
        errors: [],
        startedAt: new Date(now).toISOString(),
        finishedAt: null,
      },
      abort: new AbortController(),
      lastPush: 0,
    };
    this.forgetOldJobs();
    this.jobs.set(job.progress.jobId, job);
    void this.run(job, ids, params);
    return snapshot(job.progress);
  }

  cancel(jobId: string): BulkReplayProgress {
    const job = this.job(jobId);
    job.abort.abort();
    return snapshot(job.progress);
  }

  status(jobId: string): BulkReplayProgress {
    return snapshot(this.job(jobId).progress);
  }

  /** On engine close: no new starts. */
  cancelAll() {
    for (const job of this.jobs.values()) job.abort.abort();
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new DesktopApiError('not_found', `no bulk replay ${jobId}`);
    return job;
  }

  /** The query's events, oldest first (the list pages newest first). */
  private async matching(query: StartParams['query']): Promise<string[]> {
    const list = this.deps.list ?? (async (q, b, limit) => this.deps.store.events.list(q, b, limit, this.deps.now()));
    const ids: string[] = [];
    let before: string | undefined;
    do {
      const page = await list(query, before, 1000);
      for (const e of page.events) ids.push(e.id);
      before = page.nextBefore ?? undefined;
      if (ids.length > BULK_REPLAY_MAX_EVENTS) {
        throw new DesktopApiError(
          'invalid_params',
          `the filter matches more than ${BULK_REPLAY_MAX_EVENTS} events; narrow it down first`,
        );
      }
    } while (before !== undefined);
    return ids.reverse();
  }

  private async run(job: Job, ids: readonly string[], params: StartParams) {
    const { signal } = job.abort;
    const interval = params.ratePerSecond ? 1000 / params.ratePerSecond : 0;
    const startedAt = performance.now();
    let next = 0;
    const worker = async () => {
      while (!signal.aborted && next < ids.length) {
        const index = next++;
        // The rate is a schedule of start times, so a slow replay does not make the next ones burst.
        const wait = startedAt + index * interval - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) return;
        await this.replayOne(job, ids[index]!, params);
      }
    };
    const workers = Array.from({ length: Math.min(params.concurrency ?? DEFAULT_CONCURRENCY, ids.length) }, worker);
    await Promise.all(workers);
    const processed = job.progress.sent + (job.progress.statuses['refused'] ?? 0);
    job.progress.state = processed < ids.length ? 'cancelled' : 'done';
    job.progress.finishedAt = new Date(this.deps.now()).toISOString();
    this.push(job, true);
  }

  private async replayOne(job: Job, eventId: string, params: StartParams) {
    const p = job.progress;
    try {
      const { event, attempts } = await this.deps.replay.replay(eventId, {}, params.to, params.resign ?? false);
      p.sent++;
      const stored = this.deps.store.events.get(event.id);
      if (stored && extractIdempotencyKey({ headers: stored.headers, body: stored.body })) p.idempotencyKeys++;
      let ok = attempts.length > 0;
      for (const a of attempts) {
        const key = a.status === null ? 'error' : String(a.status);
        p.statuses[key] = (p.statuses[key] ?? 0) + 1;
        if (a.status === null || a.status < 200 || a.status >= 300) ok = false;
      }
      if (ok) p.succeeded++;
      else {
        p.failed++;
        const first = attempts.find((a) => a.status === null || a.status < 200 || a.status >= 300);
        this.noteError(p, eventId, first?.error?.message ?? `answered ${first?.status ?? 'nothing'}`);
      }
    } catch (err) {
      // Refused before anything went out: gone, nested too deep, no target, cannot re-sign.
      p.failed++;
      p.statuses['refused'] = (p.statuses['refused'] ?? 0) + 1;
      this.noteError(p, eventId, err instanceof Error ? err.message : String(err));
    }
    this.push(job, false);
  }

  private noteError(p: BulkReplayProgress, eventId: string, message: string) {
    if (p.errors.length < MAX_ERRORS_KEPT) p.errors.push({ eventId, message });
  }

  private push(job: Job, force: boolean) {
    const now = performance.now();
    if (!force && now - job.lastPush < PUSH_INTERVAL_MS) return;
    job.lastPush = now;
    this.deps.events.emit('onBulkReplay', { progress: snapshot(job.progress) });
  }

  private forgetOldJobs() {
    const finished = [...this.jobs.values()].filter((j) => j.progress.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT + 1))) {
      this.jobs.delete(j.progress.jobId);
    }
  }
}

const snapshot = (p: BulkReplayProgress): BulkReplayProgress => ({
  ...p,
  statuses: { ...p.statuses },
  errors: [...p.errors],
});
