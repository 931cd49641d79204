// The one entry point every transport (WebSocket, Electron IPC, in-process) calls: checks the
// envelope and the params against the contract, runs the handler, and turns every outcome
// into a response envelope. Nothing a client sends reaches a handler unvalidated.

import type { ErrorObject } from 'ajv';
import {
  DesktopApiError,
  type DesktopErrorCode,
  DesktopMethods,
  DesktopRequest,
  type DesktopResponse,
  isDesktopMethod,
} from '../../protocol/desktop-api.js';
import { FilterError } from '../../protocol/filter/filter-error.js';
import { ValidationError, validator } from '../../protocol/validator.js';
import type { DesktopHandlers } from './desktop-handlers.js';

type RequestId = string | number;

export type DesktopDispatch = (request: unknown) => Promise<DesktopResponse>;

export interface DispatcherOptions {
  /** Gets the details of unexpected handler failures; the client only hears "internal error". */
  onInternalError?(err: unknown, method: string): void;
}

const INTERNAL_ERROR_MESSAGE = 'internal error in the engine';
const requestValidator = validator(DesktopRequest);

export function createDispatcher(handlers: DesktopHandlers, options: DispatcherOptions = {}): DesktopDispatch {
  return async (raw) => {
    let request: DesktopRequest;
    try {
      request = requestValidator.parse(raw);
    } catch (err) {
      const message = `request is invalid: ${describeValidationError(err)}`;
      const id = readableId(raw);
      return id === null
        ? { id, ok: false, error: { code: 'invalid_params', message } }
        : failure(id, 'invalid_params', message);
    }
    const { id, method } = request;
    // isDesktopMethod checks own keys only, so `__proto__`, `constructor` and friends are unknown.
    if (!isDesktopMethod(method)) return failure(id, 'unknown_method', `unknown method: ${method}`);
    let params: unknown;
    try {
      params = validator(DesktopMethods[method].params).parse(request.params === undefined ? {} : request.params);
    } catch (err) {
      return failure(id, 'invalid_params', `params of ${method} are invalid: ${describeValidationError(err)}`);
    }
    try {
      // Each handler takes its own method's params, which the schema check above guarantees.
      const handler = handlers[method] as (this: DesktopHandlers, params: unknown) => Promise<unknown>;
      return { id, ok: true, data: await handler.call(handlers, params) };
    } catch (err) {
      if (err instanceof DesktopApiError) return failure(id, err.code, err.message);
      // A filter that does not parse is the caller's mistake, wherever a handler reads one.
      if (err instanceof FilterError) return failure(id, 'invalid_params', `filter: ${err.message}`);
      options.onInternalError?.(err, method);
      return failure(id, 'internal', INTERNAL_ERROR_MESSAGE);
    }
  };
}

function failure(id: RequestId, code: DesktopErrorCode, message: string): DesktopResponse {
  return { id, ok: false, error: { code, message } };
}

/** Echoes the id of a broken envelope when the id itself is usable, so the client can match it. */
function readableId(raw: unknown): RequestId | null {
  if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, 'id')) return null;
  const id: unknown = (raw as { id: unknown }).id;
  if (typeof id === 'string' && id.length <= 100) return id;
  if (typeof id === 'number' && Number.isInteger(id)) return id;
  return null;
}

/** Ajv's messages, plus the name of an unexpected property, which ajv leaves out of its message. */
function describeValidationError(err: unknown): string {
  if (!(err instanceof ValidationError)) throw err;
  return err.errors.map(describeAjvError).join('; ');
}

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}
