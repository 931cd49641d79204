// Browser mode: a button that asks for the page's notification permission (browsers only
// ask from a click), or a line saying why alerts show only inside the page.
import { useState } from 'react';
import { type PagePermission, pageNotificationPermission, requestPageNotifications } from './page-notifications.js';

export function NotificationPermission() {
  const [permission, setPermission] = useState<PagePermission>(pageNotificationPermission);
  if (permission === 'granted' || permission === 'shell') return null;
  if (permission === 'default') {
    return (
      <button
        type="button"
        className="small"
        data-testid="alerts-allow-notifications"
        onClick={() => void requestPageNotifications().then(setPermission)}
      >
        Allow notifications
      </button>
    );
  }
  return (
    <span className="muted" data-testid="alerts-notifications-blocked">
      {permission === 'denied'
        ? 'Notifications are blocked for this page: alerts show here only.'
        : 'This browser has no notifications: alerts show here only.'}
    </span>
  );
}
