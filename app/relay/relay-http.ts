// Calls to the relay's JSON API as a paired device: time-limited, size-limited, and every
// answer checked against its schema before the engine trusts it.
import type { Static, TSchema } from '@sinclair/typebox';
import { ErrorBody } from '../../protocol/relay-api.js';
import { validator } from '../../protocol/validator.js';

const TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const isErrorBody = validator(ErrorBody);

export class RelayHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RelayHttpError';
  }
}

export async function relayRequest<T extends TSchema>(
  relayUrl: string,
  token: string | null,
  method: string,
  route: string,
  responseSchema: T | null,
  body?: unknown,
): Promise<Static<T>> {
  let res: Response;
  try {
    res = await fetch(`${relayUrl.replace(/\/+$/, '')}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    throw new RelayHttpError(0, 'unreachable', `the relay at ${relayUrl} is unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new RelayHttpError(res.status, 'bad_response', 'relay answer too large');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new RelayHttpError(res.status, 'bad_response', `the relay answered ${res.status} with something not JSON`);
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) {
      throw new RelayHttpError(res.status, parsed.error.code, parsed.error.message, parsed.error.details);
    }
    throw new RelayHttpError(res.status, 'bad_response', `the relay answered ${res.status}`);
  }
  if (responseSchema === null) return undefined as Static<T>;
  try {
    return validator(responseSchema).parse(parsed, 'relay answer');
  } catch (err) {
    throw new RelayHttpError(res.status, 'bad_response', (err as Error).message);
  }
}
