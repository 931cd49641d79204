import { describe, expect, it } from 'vitest';
import { DesktopMethods } from '../../protocol/desktop-api.js';
import { validator } from '../../protocol/validator.js';

const createTarget = validator(DesktopMethods['targets.create'].params);
const replay = validator(DesktopMethods['replay.send'].params);

describe('DesktopApi schemas', () => {
  it('accepts plain http(s) target URLs and refuses credentials, whitespace and other schemes', () => {
    for (const url of ['http://localhost:3000/webhooks', 'https://127.0.0.1/x?y=1', 'http://[::1]:8080']) {
      expect(createTarget({ endpointId: 'ep_1', url }), url).toBe(true);
    }
    for (const url of [
      'ftp://x',
      'http://user:pass@localhost/',
      'http://local host/',
      'http://x/a b',
      'localhost:3000',
    ]) {
      expect(createTarget({ endpointId: 'ep_1', url }), url).toBe(false);
    }
  });

  it('refuses header rewrites node:http could not send', () => {
    const target = (set: [string, string][], remove: string[] = []) =>
      createTarget({ endpointId: 'ep_1', url: 'http://localhost/', headers: { set, remove } });
    expect(target([['X-Env', 'test']], ['Cookie'])).toBe(true);
    expect(target([['X-Bad\r\nInjected', 'v']])).toBe(false);
    expect(target([['X-Env', 'a\r\nInjected: yes']])).toBe(false);
    expect(target([['X-Env', 'nul\u0000']])).toBe(false);
    expect(target([], ['bad name'])).toBe(false);
  });

  it('takes replay bodies as base64 only', () => {
    expect(replay({ eventId: 'evt_1', edits: { body: Buffer.from('{"a":1}').toString('base64') } })).toBe(true);
    expect(replay({ eventId: 'evt_1', edits: { body: 'not base64!' } })).toBe(false);
  });
});
