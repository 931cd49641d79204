// Alerts with a notification action, as they fire: the page's Notification in browser mode
// when allowed (the desktop shell shows its native one instead), and always an in-app toast,
// which is all there is when the permission was refused. Clicking either opens the event.
import { useCallback, useEffect, useState } from 'react';
import './alerts.css';
import { useApiEvent } from '../api/api-context.js';
import { insideDesktopShell, showPageNotification } from './page-notifications.js';

interface Toast {
  alertId: string;
  eventId: string | null;
  title: string;
  body: string;
}

const MAX_TOASTS = 4;
const TOAST_MS = 20_000;

export function AlertToasts({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((alertId: string) => setToasts((list) => list.filter((t) => t.alertId !== alertId)), []);

  useApiEvent('onAlert', ({ alert, notify, title, body }) => {
    if (!notify) return;
    const toast = { alertId: alert.id, eventId: alert.eventId, title, body };
    setToasts((list) => [toast, ...list].slice(0, MAX_TOASTS));
    if (!insideDesktopShell()) {
      showPageNotification(title, body, alert.id, () => {
        if (toast.eventId) onOpenEvent(toast.eventId);
        dismiss(toast.alertId);
      });
    }
  });

  // The oldest goes after a while; a newer toast does not restart its clock.
  const oldest = toasts[toasts.length - 1]?.alertId;
  useEffect(() => {
    if (!oldest) return;
    const timer = setTimeout(() => dismiss(oldest), TOAST_MS);
    return () => clearTimeout(timer);
  }, [oldest, dismiss]);

  if (toasts.length === 0) return null;
  return (
    <ul className="alert-toasts" aria-live="polite">
      {toasts.map((t) => (
        <li key={t.alertId} className="alert-toast" data-testid="alert-toast" data-alert-id={t.alertId}>
          <button
            type="button"
            className="alert-toast-open"
            data-testid="alert-toast-open"
            disabled={!t.eventId}
            onClick={() => {
              if (t.eventId) onOpenEvent(t.eventId);
              dismiss(t.alertId);
            }}
          >
            <strong>{t.title}</strong>
            <span>{t.body}</span>
          </button>
          <button type="button" className="small link" aria-label="Dismiss" onClick={() => dismiss(t.alertId)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
