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
  return {
    notify({ title, body, onClick }) {
      if (!Notification.isSupported()) return false;
      const notification = new Notification({ title, body });
      if (onClick) notification.on('click', onClick);
      notification.show();
      return true;
    },
  };
}
