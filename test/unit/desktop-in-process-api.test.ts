// The in-process DesktopApi takes the dispatcher's path, so it validates and reports errors
// exactly as the WebSocket does; and the event bus keeps delivering past a failing listener.
import { describe, expect, it } from 'vitest';
import type { DesktopHandlers } from '../../app/desktop-api/desktop-handlers.js';
import { createDispatcher } from '../../app/desktop-api/dispatcher.js';
import { DesktopEventBus } from '../../app/desktop-api/event-bus.js';
import { createInProcessApi } from '../../app/desktop-api/in-process-api.js';
import { DesktopApiError, DesktopMethods, type RelayStatus } from '../../protocol/desktop-api.js';

const relay: RelayStatus = {
  state: 'connected',
  relayUrl: 'http://127.0.0.1:1',
  embedded: true,
  cursor: 3,
  backlog: 0,
  lastError: null,
  connectedAt: null,
};

function setup() {
  const seen: unknown[] = [];
  const failures: unknown[] = [];
  const unavailable = async () => {
    throw new DesktopApiError('unavailable', 'not here');
  };
  const handlers = {
    ...(Object.fromEntries(Object.keys(DesktopMethods).map((m) => [m, unavailable])) as unknown as DesktopHandlers),
    'relay.status': async () => relay,
    'events.count': async (params) => {
      seen.push(params);
      return { count: 2 };
    },
    'events.get': async () => {
      throw new TypeError('cannot read properties of undefined');
    },
  } satisfies DesktopHandlers;
  const events = new DesktopEventBus();
  const api = createInProcessApi(createDispatcher(handlers, { onInternalError: (err) => failures.push(err) }), events);
  return { api, events, seen, failures };
}

describe('in-process DesktopApi', () => {
  it('calls the handler with validated params and returns its result', async () => {
    const { api, seen } = setup();
    await expect(api.invoke('relay.status', {})).resolves.toEqual(relay);
    await expect(api.invoke('events.count', { query: { method: 'POST', text: undefined } })).resolves.toEqual({
      count: 2,
    });
    // Sent as JSON would send it: the undefined field is gone.
    expect(seen).toEqual([{ query: { method: 'POST' } }]);
  });

  it('rejects invalid params, unknown methods and handler errors with DesktopApiError', async () => {
    const { api, failures } = setup();
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof DesktopApiError ? e.code : 'not a DesktopApiError'),
      );
    expect(await codeOf(api.invoke('events.count', { query: { status: 'teapot' } }))).toBe('invalid_params');
    expect(await codeOf(api.invoke('relay.status', { extra: 1 } as never))).toBe('invalid_params');
    expect(await codeOf(api.invoke('__proto__' as 'relay.status', {}))).toBe('unknown_method');
    expect(await codeOf(api.invoke('app.status', {}))).toBe('unavailable');
    const internal = await api.invoke('events.get', { id: 'ev_1' }).catch((e: DesktopApiError) => e);
    expect(internal).toMatchObject({ code: 'internal' });
    expect((internal as Error).message).not.toContain('undefined');
    expect(failures).toHaveLength(1);
  });

  it('delivers bus events to listeners until they unsubscribe, past a throwing listener', () => {
    const { api, events } = setup();
    const errors: unknown[] = [];
    const bus = new DesktopEventBus({ onListenerError: (err) => errors.push(err) });
    const got: string[] = [];
    bus.on('onRelayStatus', () => {
      throw new Error('listener bug');
    });
    const off = bus.on('onRelayStatus', (data) => got.push(data.state));
    bus.onAny((message) => got.push(`any:${message.event}`));
    bus.emit('onRelayStatus', relay);
    off();
    bus.emit('onRelayStatus', relay);
    expect(got).toEqual(['connected', 'any:onRelayStatus', 'any:onRelayStatus']);
    expect(errors).toHaveLength(2);

    const viaApi: unknown[] = [];
    const unsubscribe = api.on('onRelayStatus', (data) => viaApi.push(data));
    events.emit('onRelayStatus', relay);
    unsubscribe();
    events.emit('onRelayStatus', relay);
    expect(viaApi).toEqual([relay]);
  });
});
