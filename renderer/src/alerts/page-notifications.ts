// Browser mode's notifications: the page's Notification API. Inside Electron the shell
// shows the native one (main/alert-notices.ts), so the page must not show a second.
export type PagePermission = NotificationPermission | 'unsupported' | 'shell';

/** The preload's bridge is only there inside the desktop app. */
export function insideDesktopShell(): boolean {
  return window.porthole !== undefined;
}

export function pageNotificationPermission(): PagePermission {
  if (insideDesktopShell()) return 'shell';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Must run inside a user gesture (a click): browsers ignore a request made without one. */
export function requestPageNotifications(): Promise<PagePermission> {
  const now = pageNotificationPermission();
  if (now !== 'default') return Promise.resolve(now);
  return Notification.requestPermission();
}

/** Shows one when allowed; false when the caller should rely on the in-app toast alone. */
export function showPageNotification(title: string, body: string, tag: string, onClick: () => void): boolean {
  if (pageNotificationPermission() !== 'granted') return false;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
  return true;
}
