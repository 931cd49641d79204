// WAL checkpoints on their own thread and connection. Copying committed pages into the
// database file (and fsyncing it) took 15-60% of the committing thread's time, with every
// webhook waiting behind it; here it runs beside the commits instead. PASSIVE checkpoints
// never block commits. Should they fall behind a writer that never pauses, a RESTART
// checkpoint (which briefly holds the writer off) resets the WAL, so it stays bounded.
import { parentPort, workerData } from 'node:worker_threads';
import { type Durability, openRelayDatabase } from './sqlite-relay-store.js';

export type CheckpointerRequest = { type: 'close' };
export type CheckpointerReply = { type: 'closed' };

/** How often to copy what the writer committed since the last pass. */
const PASS_INTERVAL_MS = 20;
/**
 * WAL length (pages) past which the WAL is reset even under constant writes: 128 MiB at
 * 4 KiB pages. Each RESTART holds commits off for ~10-20 ms; at 10,000 frames (40 MB) they
 * cost 7% of the throughput at concurrency 50. The file keeps its largest size for reuse.
 */
const RESTART_FRAMES = 32_768;

const { dataDir, durability } = workerData as { dataDir: string; durability: Durability };
const db = openRelayDatabase(dataDir, durability);
db.pragma('wal_autocheckpoint = 0');
const port = parentPort!;

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const timer = setInterval(() => {
  const [pass] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  if (pass && pass.log > RESTART_FRAMES) db.pragma('wal_checkpoint(RESTART)');
}, PASS_INTERVAL_MS);

port.on('message', (request: CheckpointerRequest) => {
  if (request.type !== 'close') return;
  clearInterval(timer);
  db.close();
  port.postMessage({ type: 'closed' } satisfies CheckpointerReply);
});
