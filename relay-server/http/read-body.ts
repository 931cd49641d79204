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
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        fail(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // The request stream only errors when the client goes away mid-body.
    const onError = () => fail(new BodyAbortedError());
    const onClose = () => fail(new BodyAbortedError());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
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
