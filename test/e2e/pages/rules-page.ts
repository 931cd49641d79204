// The Rules page as tests see it: the rule list, the editor and the alert log, by data-testid.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class RulesPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async open() {
    await this.byTestId('rules-page-open').click();
    await expect(this.byTestId('rules-page')).toBeVisible();
  }

  rule(name: string): Locator {
    return this.byTestId('rule-row').filter({ hasText: name });
  }

  get logEntries(): Locator {
    return this.byTestId('alert-log-entry');
  }
}

/** Page notifications the app showed, recorded by wrapping window.Notification. */
export interface RecordedNotification {
  title: string;
  body: string;
}

// The page's side, typed here because the tests compile without the DOM library.
interface PageNotification {
  onclick: ((event: unknown) => void) | null;
}
interface PageNotificationClass {
  new (title: string, options?: { body?: string }): PageNotification;
  readonly permission: string;
  requestPermission(): Promise<string>;
}
declare const window: {
  Notification: PageNotificationClass;
  __notifications: RecordedNotification[];
  __clickNotification(index: number): void;
};

/** An init script: keeps every Notification the page makes, and lets a test click one. */
export function recordNotifications() {
  const Real = window.Notification;
  const made: PageNotification[] = [];
  window.__notifications = [];
  function Recorded(title: string, options?: { body?: string }) {
    // Recorded first, so a notification the browser then fails to show still counts.
    window.__notifications.push({ title, body: options?.body ?? '' });
    const notification = new Real(title, options);
    made.push(notification);
    return notification;
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Object.defineProperty(Recorded, 'requestPermission', { value: Real.requestPermission.bind(Real) });
  window.Notification = Recorded as unknown as PageNotificationClass;
  // The OS shows the real one, where a test cannot click: this fires its click handler.
  window.__clickNotification = (index) => made[index]?.onclick?.({ type: 'click' });
}

export function recordedNotifications(page: Page): Promise<RecordedNotification[]> {
  return page.evaluate(() => window.__notifications);
}

export function clickNotification(page: Page, index: number): Promise<void> {
  return page.evaluate((i) => window.__clickNotification(i), index);
}
