// The inspector as tests see it: every element found by its data-testid.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class InspectorPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async open(url: string) {
    await this.page.goto(url);
    await expect(this.page.locator('[data-testid="app"][data-ready="true"]')).toBeVisible();
  }

  get rows() {
    return this.byTestId('event-row');
  }

  row(eventId: string) {
    return this.page.locator(`[data-testid="event-row"][data-event-id="${eventId}"]`);
  }

  /** The detail pane once it shows this event. */
  detail(eventId: string) {
    return this.page.locator(`[data-testid="detail-pane"][data-event-id="${eventId}"]`);
  }

  get endpointItems() {
    return this.byTestId('endpoint-item');
  }

  endpoint(name: string) {
    return this.endpointItems.filter({ hasText: name });
  }

  get filter() {
    return this.byTestId('filter-input');
  }

  get endpointUrl() {
    return this.byTestId('endpoint-url').first();
  }

  /** Replaces the text of a Monaco editor the way a user does: focus, select all, type. */
  async replaceEditorText(container: Locator, text: string) {
    await container.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }
}
