// Native desktop notifications, for the alert rules to use: one call, quietly nothing where
// the platform has no notification service.
import { Notification } from 'electron';

export interface DesktopNotice {
  title: string;
  body: string;
  /** Called when the user clicks the notification (e.g. to show the event). */
  onClick?: () => void;
}

export interface DesktopNotifier {
  /** False when notifications are not supported here. */
  notify(notice: DesktopNotice): boolean;
}

export function createDesktopNotifier(): DesktopNotifier {
  // Held until closed or clicked: a notification only referenced by its handlers can be
  // garbage-collected while shown, and its click then never arrives.
  const shown = new Set<Notification>();
  return {
    notify({ title, body, onClick }) {
      if (!Notification.isSupported()) return false;
      const notification = new Notification({ title, body });
      shown.add(notification);
      notification.on('close', () => shown.delete(notification));
      notification.on('click', () => {
        shown.delete(notification);
        onClick?.();
      });
      notification.show();
      return true;
    },
  };
}
