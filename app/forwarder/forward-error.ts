// Names a failed exchange the way the UI and hold-while-down reason about it.
import type { ForwardError } from '../../protocol/desktop-api.js';

const KIND_BY_CODE: Record<string, ForwardError['kind']> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
};

interface NetworkError {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** The code of the error, or of the first attempt when happy-eyeballs tried several addresses. */
function codeOf(err: NetworkError): string | undefined {
  if (typeof err.code === 'string') return err.code;
  if (Array.isArray(err.errors)) return codeOf((err.errors[0] ?? {}) as NetworkError);
  return undefined;
}

function messageOf(err: NetworkError): string {
  if (typeof err.message === 'string' && err.message !== '') return err.message;
  // An AggregateError from connecting to several addresses has an empty message of its own.
  if (Array.isArray(err.errors)) return err.errors.map((e) => messageOf((e ?? {}) as NetworkError)).join('; ');
  return String(err);
}

export function classifyNetworkError(error: unknown): ForwardError {
  const err = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NetworkError;
  const message = messageOf(err);
  const code = codeOf(err);
  const kind = (code && KIND_BY_CODE[code]) || (message === 'socket hang up' ? 'reset' : 'other');
  return { kind, message };
}

export function timeoutError(timeoutMs: number): ForwardError {
  return { kind: 'timeout', message: `no complete response within ${timeoutMs} ms` };
}
