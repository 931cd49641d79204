import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import { PairRequest } from '../../protocol/relay-api.js';
import { ClientMessage } from '../../protocol/relay-stream.js';
import { ValidationError, validator } from '../../protocol/validator.js';
import { hashesEqual, sha256 } from '../../relay-server/accounts/token-hash.js';
import { parseIngestUrl } from '../../relay-server/ingest/ingest-route.js';
import { createRelayLogger } from '../../relay-server/observability/logger.js';

const KEY = `wh_${'A1b2'.repeat(8)}`;

describe('ingest URL', () => {
  it('splits key, subpath and query without decoding', () => {
    expect(parseIngestUrl(`/h/${KEY}`)).toEqual({ key: KEY, path: '', query: '' });
    expect(parseIngestUrl(`/h/${KEY}/a%2Fb/c?x=1&x=2&y=%20`)).toEqual({
      key: KEY,
      path: '/a%2Fb/c',
      query: 'x=1&x=2&y=%20',
    });
    expect(parseIngestUrl(`/h/${KEY}?`)).toEqual({ key: KEY, path: '', query: '' });
    expect(parseIngestUrl('/h/not-a-key/x')?.key).toBe('');
    expect(parseIngestUrl('/api/endpoints')).toBeNull();
  });
});

describe('token hashes', () => {
  it('compares in constant time and treats a length mismatch as unequal, never throwing', () => {
    expect(hashesEqual(sha256('a'), sha256('a'))).toBe(true);
    expect(hashesEqual(sha256('a'), sha256('b'))).toBe(false);
    expect(hashesEqual(sha256('a'), sha256('a').subarray(0, 16))).toBe(false);
    expect(hashesEqual(Buffer.alloc(0), sha256('a'))).toBe(false);
  });
});

describe('validator', () => {
  it('types valid values and explains invalid ones', () => {
    const pair = validator(PairRequest);
    expect(pair({ code: 'ABCD-EFGH', deviceName: 'laptop' })).toBe(true);
    expect(() => pair.parse({ code: 'x', deviceName: 'laptop', admin: true }, 'pair request')).toThrow(ValidationError);
    expect(() => pair.parse({ code: 'ABCD' }, 'pair request')).toThrow(/deviceName/);
    const message = validator(ClientMessage);
    expect(message({ type: 'ack', seq: 3 })).toBe(true);
    expect(message({ type: 'ack', seq: -1 })).toBe(false);
    expect(message({ type: 'hello' })).toBe(false);
  });
});

describe('relay logger', () => {
  it('redacts tokens, codes, secrets and authorization headers', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = createRelayLogger('info', sink);
    log.info(
      {
        token: 'phd_secret-token',
        pairingCode: 'ABCD-EFGH',
        err: { code: 'ECONNRESET' },
        adminToken: 'pha_admin',
        req: { headers: { authorization: 'Bearer phd_x.y', cookie: 'sid=1' } },
        device: { secret: 'nested-secret', deviceToken: 'phd_nested' },
        keep: 'visible',
      },
      'hello',
    );
    for (const leaked of [
      'phd_secret-token',
      'ABCD-EFGH',
      'pha_admin',
      'Bearer phd_x.y',
      'sid=1',
      'nested-secret',
      'phd_nested',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('visible');
    expect(out).toContain('ECONNRESET');
    expect(out).toContain('[redacted]');
  });

  it('redacts the signing secrets of a door config however deep it is logged', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = createRelayLogger('info', sink);
    const door = (n: number): DoorConfig => ({
      ...DEFAULT_DOOR_CONFIG,
      signature: {
        check: { scheme: 'stripe', secrets: [`whsec_door-secret-${n}`, `whsec_old-${n}`] },
        onFail: 'reject',
      },
    });
    log.info({ secrets: ['top-level-secret'] }, 'a');
    log.info({ check: door(1).signature!.check }, 'b');
    log.info(door(2), 'c');
    log.info({ door: door(3) }, 'd');
    log.info({ endpoint: { id: 'ep_1', door: door(4) } }, 'e');
    log.info({ body: { name: 'x', door: door(5) } }, 'f');
    log.info({ check: { secrets: ['nested-check-secret'] }, keep: 'scheme-visible' }, 'g');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(out).not.toMatch(/whsec_|top-level-secret|nested-check-secret/);
    // Only the secrets go: the rest of the config stays readable.
    expect(out).toContain('"scheme":"stripe"');
    expect(out).toContain('scheme-visible');
    expect(out.match(/\[redacted\]/g)).toHaveLength(7);
  });
});
