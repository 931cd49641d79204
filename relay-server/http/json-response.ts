// JSON answers and errors, one shape for the whole relay: {"error": {"code", "message"}}.
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = Buffer.from(JSON.stringify(body));
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { details?: unknown; headers?: Record<string, string> } = {},
) {
  const error: { code: string; message: string; details?: unknown } = { code, message };
  if (extra.details !== undefined) error.details = extra.details;
  sendJson(res, status, { error }, extra.headers);
}

/** An error that already knows its HTTP answer; thrown by handlers, turned into JSON once. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
