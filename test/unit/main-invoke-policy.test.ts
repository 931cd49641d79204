// Main's gate on the IPC bridge: only the app's own page in Porthole's window, only contract
// methods, only params that match their schema; refusals carry the DesktopApi error shape.
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../main/app-url.js';
import { bridgeFailure, bridgeFailureFrom } from '../../main/bridge/bridge-response.js';
import { decideInvoke, type InvokeSender, isTrustedSender } from '../../main/bridge/invoke-policy.js';
import { DesktopApiError } from '../../protocol/desktop-api.js';

const WINDOW = 7;
const own: InvokeSender = { contentsId: WINDOW, frameUrl: APP_INDEX_URL, isMainFrame: true };

function refusal(sender: InvokeSender, request: unknown) {
  const decision = decideInvoke(sender, WINDOW, request);
  if (decision.kind !== 'refuse') throw new Error(`expected a refusal, got a call of ${decision.method}`);
  if (decision.response.ok) throw new Error('a refusal must not be ok');
  return decision.response.error;
}

describe('decideInvoke', () => {
  it('passes a contract method with valid params from the app page, hash routes included', () => {
    expect(decideInvoke(own, WINDOW, { method: 'endpoints.create', params: { name: 'stripe' } })).toEqual({
      kind: 'call',
      method: 'endpoints.create',
      params: { name: 'stripe' },
    });
    const routed = { ...own, frameUrl: `${APP_INDEX_URL}#/events/evt_1` };
    expect(decideInvoke(routed, WINDOW, { method: 'app.status' })).toEqual({
      kind: 'call',
      method: 'app.status',
      params: {},
    });
  });

  it('refuses names outside the contract, including inherited object keys', () => {
    for (const method of ['fs.readFile', 'shell.openExternal', '__proto__', 'constructor', 'toString', '']) {
      expect(refusal(own, { method, params: {} })).toEqual({
        code: 'unknown_method',
        message: `unknown method: ${method}`,
      });
    }
  });

  it('refuses params that do not match the method schema, naming the problem', () => {
    const extra = refusal(own, { method: 'app.status', params: { debug: true } });
    expect(extra.code).toBe('invalid_params');
    expect(extra.message).toContain('params of app.status');
    const wrongType = refusal(own, { method: 'endpoints.create', params: { name: 5 } });
    expect(wrongType.code).toBe('invalid_params');
    expect(wrongType.message).toContain('/name');
    expect(refusal(own, { method: 'events.list', params: { limit: 100_000 } }).code).toBe('invalid_params');
    expect(refusal(own, { method: 'events.get', params: 'evt_1' }).code).toBe('invalid_params');
  });

  it('refuses malformed requests', () => {
    for (const request of [null, 'app.status', 42, ['app.status'], {}, { method: 7 }, { method: 'x'.repeat(101) }]) {
      expect(refusal(own, request).code).toBe('invalid_params');
    }
  });

  it('refuses other windows, sub-frames, foreign pages and vanished frames before reading the request', () => {
    const request = { method: 'app.status', params: {} };
    const foreign: InvokeSender[] = [
      { ...own, contentsId: WINDOW + 1 },
      { ...own, isMainFrame: false },
      { ...own, frameUrl: null },
      { ...own, frameUrl: 'https://evil.example/index.html' },
      { ...own, frameUrl: 'file:///work/main/dist/renderer/index.html' },
      { ...own, frameUrl: 'porthole-app://ui/other.html' },
      { ...own, frameUrl: 'porthole-app://evil/index.html' },
      { ...own, frameUrl: 'porthole-app://user@ui/index.html' },
    ];
    for (const sender of foreign) {
      expect(isTrustedSender(sender, WINDOW)).toBe(false);
      const error = refusal(sender, request);
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('refused');
    }
  });
});

describe('bridge responses', () => {
  it('keeps a DesktopApiError code and hides other errors', () => {
    expect(bridgeFailureFrom(new DesktopApiError('not_found', 'no event evt_1'))).toEqual(
      bridgeFailure('not_found', 'no event evt_1'),
    );
    expect(bridgeFailureFrom(new Error('SQLITE_CORRUPT at /home/me/secret/path'))).toEqual(
      bridgeFailure('internal', 'internal error in the desktop shell'),
    );
  });
});
