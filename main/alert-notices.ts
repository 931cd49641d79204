// Alerts with a notification action, shown by the shell as native notifications (the page
// shows none inside Electron). A click brings the window forward and asks the page to open
// the alert's event (onOpenEvent, sent by main.ts).
import type { DesktopApi } from '../protocol/desktop-api.js';
import type { DesktopNotifier } from './notifications.js';

export function showAlertNotices(
  api: Pick<DesktopApi, 'on'>,
  notifier: DesktopNotifier,
  onClick: (eventId: string | null) => void,
): () => void {
  return api.on('onAlert', ({ alert, notify, title, body }) => {
    if (notify) notifier.notify({ title, body, onClick: () => onClick(alert.eventId) });
  });
}
