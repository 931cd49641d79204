// What an API handler gets: the parsed request, its caller and helpers to read a checked body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Static, TSchema } from '@sinclair/typebox';
import { type ValidationError, validator } from '../../protocol/validator.js';
import { isAdminToken } from '../accounts/admin-token.js';
import { authenticateDevice } from '../accounts/device-tokens.js';
import type { DeviceRecord, RelayStore } from '../store/relay-store.js';
import { HttpError } from './json-response.js';
import { BodyTooLargeError, readBody } from './read-body.js';

const MAX_API_BODY_BYTES = 1024 * 1024;

/** The token of an `Authorization: Bearer ...` header (scheme case-insensitive, RFC 7235), or ''. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : '';
}

export class ApiContext {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly params: Record<string, string>,
    private readonly store: RelayStore,
  ) {}

  private bearer(): string {
    return bearerToken(this.req.headers.authorization);
  }

  async device(): Promise<DeviceRecord> {
    const token = this.bearer();
    const device = token ? await authenticateDevice(this.store, token) : null;
    if (!device)
      throw new HttpError(401, 'unauthorized', 'a valid device token is required (Authorization: Bearer ...)');
    return device;
  }

  async admin(): Promise<void> {
    const token = this.bearer();
    if (!token || !(await isAdminToken(this.store, token))) {
      throw new HttpError(401, 'unauthorized', 'the admin token is required (Authorization: Bearer ...)');
    }
  }

  async body<T extends TSchema>(schema: T): Promise<Static<T>> {
    let raw: Buffer;
    try {
      raw = await readBody(this.req, MAX_API_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new HttpError(413, 'body_too_large', err.message);
      throw err;
    }
    const type = this.req.headers['content-type'] ?? '';
    if (raw.length > 0 && !/^application\/json\b/i.test(type)) {
      throw new HttpError(415, 'unsupported_media_type', 'send the request body as application/json');
    }
    let parsed: unknown;
    try {
      parsed = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
    }
    try {
      return validator(schema).parse(parsed, 'request body');
    } catch (err) {
      throw new HttpError(400, 'invalid_request', (err as ValidationError).message, (err as ValidationError).errors);
    }
  }
}
