// Forwarding targets of each endpoint.
import type Database from 'better-sqlite3';
import type { Target } from '../../protocol/desktop-api.js';

interface TargetRow {
  id: string;
  endpoint_id: string;
  url: string;
  filter: string;
  path_mode: Target['pathMode'];
  headers: string;
  timeout_ms: number;
  concurrency: number;
  hold_while_down: number;
  enabled: number;
  created_at: number;
}

const toTarget = (r: TargetRow): Target => ({
  id: r.id,
  endpointId: r.endpoint_id,
  url: r.url,
  filter: JSON.parse(r.filter) as Target['filter'],
  pathMode: r.path_mode,
  headers: JSON.parse(r.headers) as Target['headers'],
  timeoutMs: r.timeout_ms,
  concurrency: r.concurrency,
  holdWhileDown: r.hold_while_down === 1,
  enabled: r.enabled === 1,
});

export class TargetRepository {
  private readonly ofEndpoint;
  private readonly byId;
  private readonly all;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly moveStmt;

  constructor(db: Database.Database) {
    this.ofEndpoint = db.prepare<[string], TargetRow>(
      'SELECT * FROM targets WHERE endpoint_id = ? ORDER BY created_at, id',
    );
    this.byId = db.prepare<[string], TargetRow>('SELECT * FROM targets WHERE id = ?');
    this.all = db.prepare<[], TargetRow>('SELECT * FROM targets ORDER BY created_at, id');
    this.upsertStmt = db.prepare(
      `INSERT INTO targets (id, endpoint_id, url, filter, path_mode, headers, timeout_ms, concurrency, hold_while_down, enabled, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET url = excluded.url, filter = excluded.filter, path_mode = excluded.path_mode,
         headers = excluded.headers, timeout_ms = excluded.timeout_ms, concurrency = excluded.concurrency,
         hold_while_down = excluded.hold_while_down, enabled = excluded.enabled`,
    );
    this.deleteStmt = db.prepare('DELETE FROM targets WHERE id = ?');
    this.moveStmt = db.prepare('UPDATE targets SET endpoint_id = ? WHERE endpoint_id = ?');
  }

  forEndpoint(endpointId: string): Target[] {
    return this.ofEndpoint.all(endpointId).map(toTarget);
  }

  get(id: string): Target | null {
    const r = this.byId.get(id);
    return r ? toTarget(r) : null;
  }

  list(): Target[] {
    return this.all.all().map(toTarget);
  }

  save(t: Target, createdAt: number) {
    this.upsertStmt.run(
      t.id,
      t.endpointId,
      t.url,
      JSON.stringify(t.filter),
      t.pathMode,
      JSON.stringify(t.headers),
      t.timeoutMs,
      t.concurrency,
      t.holdWhileDown ? 1 : 0,
      t.enabled ? 1 : 0,
      createdAt,
    );
  }

  remove(id: string) {
    this.deleteStmt.run(id);
  }

  moveToEndpoint(fromEndpointId: string, toEndpointId: string) {
    this.moveStmt.run(toEndpointId, fromEndpointId);
  }
}
