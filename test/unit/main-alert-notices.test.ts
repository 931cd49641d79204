// The shell's alert notifications: only alerts with a notification action become native
// notifications, a click passes on the alert's event, and unsubscribing stops them.
import { describe, expect, it } from 'vitest';
import { showAlertNotices } from '../../main/alert-notices.js';
import type { DesktopNotice } from '../../main/notifications.js';
import type { DesktopEventData } from '../../protocol/desktop-api.js';

type AlertData = DesktopEventData<'onAlert'>;

function fakeApi() {
  const listeners = new Set<(data: AlertData) => void>();
  return {
    emit: (data: AlertData) => {
      for (const l of listeners) l(data);
    },
    on: ((event: string, listener: (data: AlertData) => void) => {
      expect(event).toBe('onAlert');
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as never,
  };
}

const alert = (id: string, eventId: string | null, notify: boolean): AlertData => ({
  alert: {
    id,
    ruleId: 'alr_1',
    ruleName: 'forward failed',
    firedAt: '2026-01-01T00:00:00.000Z',
    reason: 'forwarding failed',
    eventId,
    suppressed: 0,
    test: false,
  },
  notify,
  title: 'forward failed',
  body: 'forwarding failed',
});

describe('showAlertNotices', () => {
  it('notifies for alerts with a notification action and passes the event on click', () => {
    const api = fakeApi();
    const shown: DesktopNotice[] = [];
    const clicked: (string | null)[] = [];
    const stop = showAlertNotices(api, { notify: (n) => shown.push(n) > 0 }, (id) => clicked.push(id));
    api.emit(alert('alt_1', 'evt_1', true));
    api.emit(alert('alt_2', 'evt_2', false));
    api.emit(alert('alt_3', null, true));
    expect(shown.map((n) => [n.title, n.body])).toEqual([
      ['forward failed', 'forwarding failed'],
      ['forward failed', 'forwarding failed'],
    ]);
    shown[0]!.onClick!();
    shown[1]!.onClick!();
    expect(clicked).toEqual(['evt_1', null]);
    stop();
    api.emit(alert('alt_4', 'evt_4', true));
    expect(shown).toHaveLength(2);
  });
});
