// Replays made from this event, newest last, each with its local result; click to open.
import type { EventSummary } from '../../../protocol/desktop-api.js';
import { formatReceived, forwardResult, pathWithQuery } from '../events/format.js';

export function ReplaysList({ replays, onOpen }: { replays: readonly EventSummary[]; onOpen(id: string): void }) {
  if (replays.length === 0) return null;
  return (
    <section className="replays" aria-label="Replays">
      <h3>
        Replays <span className="muted">({replays.length})</span>
      </h3>
      <ul>
        {replays.map((r) => {
          const result = forwardResult(r);
          return (
            <li key={r.id} data-testid="replay-item">
              <button type="button" className="replay-link" onClick={() => onOpen(r.id)}>
                <span className={`status tone-${result.tone}`}>{result.label}</span>
                <span>
                  {r.method} {pathWithQuery(r)}
                </span>
                <span className="muted">{formatReceived(r.receivedAt)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
