// Starts bench/engine-e2e-service.ts in its own process and reads what arrived there.
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';

const SERVICE_SCRIPT = path.resolve(import.meta.dirname, 'engine-e2e-service.ts');

/** What the local service saw, one entry per request, in arrival order. */
export interface Arrivals {
  ids: string[];
  /** The sender's x-bench-sent stamp (shared monotonic ms). */
  sentAt: number[];
  /** When the request's body was fully read (shared monotonic ms). */
  arrivedAt: number[];
}

export interface ArrivalService {
  server: ChildServer<{ url: string }>;
  url: string;
  count(): Promise<number>;
  report(): Promise<Arrivals>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startArrivalService(): Promise<ArrivalService> {
  const server = await startChildServer<{ url: string }>({
    name: 'local service',
    args: ['--import', import.meta.resolve('tsx'), SERVICE_SCRIPT],
  });
  const url = server.info.url;
  const call = async <T>(route: string, method = 'GET'): Promise<T> => {
    const res = await fetch(`${url}/__bench/${route}`, { method });
    if (!res.ok) throw new Error(`local service answered ${res.status} to ${route}`);
    return (await res.json()) as T;
  };
  return {
    server,
    url,
    count: async () => (await call<{ count: number }>('count')).count,
    report: () => call<Arrivals>('report'),
    reset: async () => {
      await call('reset', 'POST');
    },
    stop: server.stop,
  };
}
