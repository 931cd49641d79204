// A small method + path-pattern router for the relay's JSON API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayStore } from '../store/relay-store.js';
import { ApiContext } from './api-context.js';
import { HttpError, sendError, sendJson } from './json-response.js';

export type ApiResult = { status: number; body: unknown } | { status: 204 };
export type ApiHandler = (ctx: ApiContext) => Promise<ApiResult>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: ApiHandler;
}

export class ApiRouter {
  private readonly routes: Route[] = [];

  constructor(
    private readonly store: RelayStore,
    private readonly log: RelayLogger,
  ) {}

  on(method: string, path: string, handler: ApiHandler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0]!;
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      if (route.method !== req.method) {
        allowed.push(route.method);
        continue;
      }
      try {
        const params = decodeParams(route.names, m);
        const result = await route.handler(new ApiContext(req, res, params, this.store));
        if (result.status === 204) {
          res.writeHead(204).end();
        } else {
          sendJson(res, result.status, (result as { body: unknown }).body);
        }
      } catch (err) {
        if (err instanceof HttpError) {
          const headers: Record<string, string> = err.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
          sendError(res, err.status, err.code, err.message, { details: err.details, headers });
        } else {
          this.log.error({ err, path: pathname }, 'API request failed');
          sendError(res, 500, 'internal_error', 'the relay failed to handle this request');
        }
      }
      return;
    }
    if (allowed.length > 0) {
      sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${pathname}`, {
        headers: { allow: allowed.join(', ') },
      });
    } else sendError(res, 404, 'not_found', `no API at ${pathname}`);
  }
}

function decodeParams(names: string[], match: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    try {
      params[name] = decodeURIComponent(match[i + 1]!);
    } catch {
      throw new HttpError(400, 'invalid_path', `the ${name} in the path is not valid percent-encoding`);
    }
  }
  return params;
}
