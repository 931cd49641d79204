// The cells of the end-to-end benchmark and what one measured cell holds.
import type { CellFigures } from './engine-e2e-analysis.js';

export type E2eMode = { kind: 'closed'; concurrency: number } | { kind: 'open'; perSecond: number };
/** direct: the sender posts to the local service; engine: through relay and engine. */
export type E2ePath = 'direct' | 'engine';

export const E2E_MODES: E2eMode[] = [
  { kind: 'closed', concurrency: 1 },
  { kind: 'closed', concurrency: 10 },
  { kind: 'closed', concurrency: 50 },
  { kind: 'open', perSecond: 100 },
];
export const E2E_PATHS: E2ePath[] = ['direct', 'engine'];
export const E2E_ROUNDS = 3;
export const CLOSED_WARMUP_MS = 500;
export const CLOSED_MEASURE_MS = 3_000;
export const OPEN_WARMUP_MS = 1_000;
export const OPEN_MEASURE_MS = 10_000;

export const modeName = (m: E2eMode) => (m.kind === 'closed' ? `c=${m.concurrency}` : `${m.perSecond}/s`);

export interface CellResult extends CellFigures {
  /** CPU use while sending, % of one core. */
  cpu: { relay: number; engine: number; service: number; bench: number };
  /** How long the engine path needed after the last send until every event had arrived. */
  drainMs: number;
}

export interface MeasuredCell {
  round: number;
  mode: E2eMode;
  path: E2ePath;
  figures: CellResult;
}
