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
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      try {
        const result = await route.handler(new ApiContext(req, res, params, this.store));
        if (result.status === 204) {
          res.writeHead(204).end();
        } else {
          sendJson(res, result.status, (result as { body: unknown }).body);
        }
      } catch (err) {
        if (err instanceof HttpError) {
          sendError(res, err.status, err.code, err.message, { details: err.details });
        } else {
          this.log.error({ err, path: pathname }, 'API request failed');
          sendError(res, 500, 'internal_error', 'the relay failed to handle this request');
        }
      }
      return;
    }
    if (pathMatched) sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${pathname}`);
    else sendError(res, 404, 'not_found', `no API at ${pathname}`);
  }
}
