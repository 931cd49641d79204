// The preload's event fan-out: contract events only, unsubscribe works, a failing callback
// does not starve the others, and anything that is not {event, data} is dropped.
import { describe, expect, it } from 'vitest';
import { BridgeListeners } from '../../main/bridge/event-listeners.js';

describe('BridgeListeners', () => {
  it('refuses event names outside the contract and non-function listeners', () => {
    const listeners = new BridgeListeners();
    expect(() => listeners.add('onSecretLeak', () => {})).toThrow(/unknown event: onSecretLeak/);
    expect(() => listeners.add('__proto__', () => {})).toThrow(TypeError);
    expect(() => listeners.add(42, () => {})).toThrow(TypeError);
    expect(() => listeners.add('onEvent', 'not a function')).toThrow(/listener must be a function/);
  });

  it('delivers each event to its listeners until they unsubscribe', () => {
    const listeners = new BridgeListeners();
    const seen: unknown[] = [];
    const listener = (data: unknown) => seen.push(data);
    const first = listeners.add('onRelayStatus', listener);
    const second = listeners.add('onRelayStatus', listener);
    listeners.add('onEvent', () => seen.push('wrong event'));
    listeners.dispatch({ event: 'onRelayStatus', data: { state: 'connected' } });
    expect(seen).toEqual([{ state: 'connected' }, { state: 'connected' }]);
    first();
    listeners.dispatch({ event: 'onRelayStatus', data: 2 });
    expect(seen.slice(2)).toEqual([2]);
    second();
    second();
    expect(listeners.count('onRelayStatus')).toBe(0);
  });

  it('keeps delivering past a listener that throws, and reports it', () => {
    const reported: unknown[] = [];
    const listeners = new BridgeListeners((err) => reported.push(err));
    const seen: unknown[] = [];
    listeners.add('onEvent', () => {
      throw new Error('boom');
    });
    listeners.add('onEvent', (data: unknown) => seen.push(data));
    listeners.dispatch({ event: 'onEvent', data: 'x' });
    expect(seen).toEqual(['x']);
    expect(String(reported[0])).toContain('boom');
  });

  it('ignores messages that are not contract events', () => {
    const listeners = new BridgeListeners();
    const seen: unknown[] = [];
    listeners.add('onEvent', (data: unknown) => seen.push(data));
    for (const message of [null, 'onEvent', { data: 1 }, { event: 'onOther', data: 1 }, { event: 'toString' }]) {
      listeners.dispatch(message);
    }
    expect(seen).toEqual([]);
  });
});
