// Lists and counts on a worker thread with its own read-only connection (WAL: it sees every
// committed event), and, when asked, the WAL checkpoints. See event-read-worker.ts for why.
import { Worker } from 'node:worker_threads';
import type { EventQuery, EventSummary } from '../../protocol/desktop-api.js';
import { FilterError } from '../../protocol/filter/filter-error.js';

export type ReadRequest =
  | { id: number; op: 'count'; query: EventQuery | undefined; now: number }
  | {
      id: number;
      op: 'list';
      query: EventQuery | undefined;
      before: string | undefined;
      limit: number;
      now: number;
    };

export type ReadResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; filter: { reason: string; position: number } }
  | { id: number; ok: false; message: string };

export interface EventPage {
  events: EventSummary[];
  nextBefore: string | null;
}

// From the TypeScript sources (tsx), a worker starts through a bootstrap that registers the
// loader in its thread; a compiled build loads the .js worker directly.
const fromSources = import.meta.url.endsWith('.ts');

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class EventReadThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private nextId = 1;
  private failure: Error | null = null;

  /** `checkpoints`: the thread runs the WAL checkpoints; the caller turns its own off. */
  constructor(file: string, options: { checkpoints?: boolean } = {}) {
    const entry = new URL(`./event-read-worker${fromSources ? '.ts' : '.js'}`, import.meta.url);
    const start = fromSources ? new URL('./ts-worker-bootstrap.mjs', import.meta.url) : entry;
    this.worker = new Worker(start, {
      workerData: { file, entry: entry.href, checkpoints: options.checkpoints ?? false },
    });
    this.worker.on('message', (r: ReadResponse | { closed: true }) => {
      if ('closed' in r) this.closedByRequest?.();
      else this.settle(r);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the read thread stopped (exit ${code})`)));
    // The engine's process may end while the thread idles.
    this.worker.unref();
  }

  count(query: EventQuery | undefined, now: number): Promise<number> {
    return this.ask({ op: 'count', query, now }) as Promise<number>;
  }

  list(query: EventQuery | undefined, before: string | undefined, limit: number, now: number): Promise<EventPage> {
    return this.ask({ op: 'list', query, before, limit, now }) as Promise<EventPage>;
  }

  private closedByRequest: (() => void) | null = null;

  /** Lets the thread finish a last checkpoint and close its connections, then stops it. */
  async close() {
    if (!this.failure) {
      this.failure = new Error('the read thread is closed');
      const closed = new Promise<void>((resolve) => {
        this.closedByRequest = resolve;
        this.worker.once('exit', () => resolve());
      });
      this.worker.postMessage({ op: 'close' });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
    }
    await this.worker.terminate();
  }

  private ask(request: DistributiveOmit<ReadRequest, 'id'>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(response: ReadResponse) {
    const waiter = this.pending.get(response.id);
    if (!waiter) return;
    this.pending.delete(response.id);
    if (response.ok) waiter.resolve(response.value);
    else if ('filter' in response) waiter.reject(new FilterError(response.filter.reason, response.filter.position));
    else waiter.reject(new Error(response.message));
  }

  private fail(err: Error) {
    this.failure ??= err;
    for (const w of this.pending.values()) w.reject(err);
    this.pending.clear();
  }
}
