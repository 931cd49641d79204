// Reads a request body into memory, never past a byte limit.
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds the limit of ${limit} bytes`);
  }
}

export class BodyAbortedError extends Error {
  constructor() {
    super('the client closed the connection before the body was complete');
  }
}

/**
 * Collects the exact body bytes. Rejects with BodyTooLargeError as soon as the declared
 * Content-Length or the bytes received so far pass `limit`, and stops reading there.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      req.pause();
      reject(new BodyTooLargeError(limit));
      return;
    }
    new BodyCollector(req, limit, resolve, reject);
  });
}

/**
 * One request's body on its way in. Runs once per webhook: its listeners are anonymous
 * arrows calling methods, not named closures, which the TypeScript loader (keepNames)
 * would rename with Object.defineProperty on every request.
 */
class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private readonly onData: (chunk: Buffer) => void;
  private readonly onEnd: () => void;
  private readonly onAbort: () => void;

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
    private readonly resolve: (body: Buffer) => void,
    private readonly reject: (err: Error) => void,
  ) {
    // Assigned here, not as class fields, which the loader would wrap in __name too.
    this.onData = (chunk) => this.data(chunk);
    this.onEnd = () => this.end();
    // The request stream only errors (or closes early) when the client goes away mid-body.
    this.onAbort = () => this.fail(new BodyAbortedError());
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('error', this.onAbort);
    req.on('close', this.onAbort);
  }

  private data(chunk: Buffer) {
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.req.pause();
      this.fail(new BodyTooLargeError(this.limit));
      return;
    }
    this.chunks.push(chunk);
  }

  private end() {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    const { chunks } = this;
    this.resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size));
  }

  private fail(err: Error) {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.reject(err);
  }

  private cleanup() {
    this.req.off('data', this.onData);
    this.req.off('end', this.onEnd);
    this.req.off('error', this.onAbort);
    this.req.off('close', this.onAbort);
  }
}

/** Sends a final answer to a request whose body was not read, then drops the connection. */
export function closeAfterResponse(req: IncomingMessage, res: import('node:http').ServerResponse) {
  res.shouldKeepAlive = false;
  res.once('finish', () => {
    // Half-close so the answer is read before the unread body makes the kernel reset the socket.
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  });
}
