// One keep-alive connection pool per target. The pool is what bounds a target to
// `concurrency` TCP connections and what reuses them, so a burst of events never opens
// a connection per event.
import http from 'node:http';
import https from 'node:https';
import type { Target } from '../../protocol/desktop-api.js';

// Idle sockets are closed before common servers close them (Node's default is 5 s), so a
// reused socket is rarely one the server is closing; Node lowers this further when the
// server announces `Keep-Alive: timeout=N`.
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

interface TargetPool {
  concurrency: number;
  http?: http.Agent;
  https?: http.Agent;
}

function createAgent(protocol: 'http:' | 'https:', concurrency: number): http.Agent {
  const options: http.AgentOptions = {
    keepAlive: true,
    maxSockets: concurrency,
    maxFreeSockets: concurrency,
    timeout: IDLE_SOCKET_TIMEOUT_MS,
    // Reuse the most recently used socket, so a quiet target keeps few connections open.
    scheduling: 'lifo',
  };
  return protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/** Lets requests already on the agent finish, then closes its sockets instead of pooling them. */
function retire(agent: http.Agent | undefined): void {
  if (!agent) return;
  // keepSocketAlive is the documented hook: a falsy answer destroys a socket instead of pooling it.
  agent.keepSocketAlive = () => false;
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy();
  }
}

export class TargetAgents {
  private readonly pools = new Map<string, TargetPool>();

  /**
   * The agent for this target and protocol; a new one when the target's concurrency changed.
   * Requests already on the old agent finish there, so for that moment both pools are open.
   */
  agentFor(target: Pick<Target, 'id' | 'concurrency'>, protocol: 'http:' | 'https:'): http.Agent {
    let pool = this.pools.get(target.id);
    if (pool && pool.concurrency !== target.concurrency) {
      this.release(target.id);
      pool = undefined;
    }
    if (!pool) {
      pool = { concurrency: target.concurrency };
      this.pools.set(target.id, pool);
    }
    if (protocol === 'https:') {
      pool.https ??= createAgent(protocol, target.concurrency);
      return pool.https;
    }
    pool.http ??= createAgent(protocol, target.concurrency);
    return pool.http;
  }

  /** For a deleted or disabled target: in-flight requests finish, then its connections close. */
  release(targetId: string): void {
    const pool = this.pools.get(targetId);
    if (!pool) return;
    this.pools.delete(targetId);
    retire(pool.http);
    retire(pool.https);
  }

  /** Shutdown: closes every connection at once, in-flight requests included. */
  destroy(): void {
    for (const pool of this.pools.values()) {
      pool.http?.destroy();
      pool.https?.destroy();
    }
    this.pools.clear();
  }
}
