// Starts bench/baseline-server.ts in its own process, run through tsx like the relay's CLI.
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';

const BASELINE_SCRIPT = path.resolve(import.meta.dirname, 'baseline-server.ts');

export function startBaselineChild(): Promise<ChildServer<{ url: string }>> {
  return startChildServer<{ url: string }>({
    name: 'baseline node:http server',
    args: ['--import', import.meta.resolve('tsx'), BASELINE_SCRIPT],
  });
}
