// Starts a worker thread from a module next to this file, from the TypeScript sources too.
import { Worker } from 'node:worker_threads';

// From the TypeScript sources (tsx), the worker starts through a bootstrap that registers
// the loader in its thread; a compiled build loads the .js worker directly.
const fromSources = import.meta.url.endsWith('.ts');
const bootstrap = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

/** `name`: the module's file name without extension, e.g. 'event-writer-worker'. */
export function startModuleWorker(name: string, workerData: Record<string, unknown>): Worker {
  const entry = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, import.meta.url);
  return new Worker(fromSources ? bootstrap : entry, { workerData: { ...workerData, entry: entry.href } });
}
