// Alert rules in Chromium against the real engine: a "forward failed" rule made on the Rules
// page fires when the local service is down, as a page notification, a toast that opens the
// event, a signed webhook at a local receiver and a log entry with its attempt; then a test alert.
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { clickNotification, RulesPage, recordedNotifications, recordNotifications } from './pages/rules-page.js';
import { expect, test } from './porthole-fixture.js';

/** Set by `PORTHOLE_SCREENSHOTS=docs/screenshots`: the Rules page is saved there too. */
const SCREENSHOTS = process.env['PORTHOLE_SCREENSHOTS'];

test('a forward failed rule notifies, opens the event, logs its webhook attempt, and sends a test alert', async ({
  page,
  context,
  porthole,
}) => {
  await context.grantPermissions(['notifications']);
  await page.addInitScript(recordNotifications);
  const target = await startLocalService();
  const receiver = await startLocalService();
  try {
    const { endpoints } = await porthole.api.invoke('endpoints.list', {});
    await porthole.api.invoke('targets.create', { endpointId: endpoints[0]!.id, url: `${target.url}/hook` });
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    const rules = new RulesPage(page);
    await rules.open();

    await rules.byTestId('rule-new').click();
    await rules.byTestId('rule-name').fill('forward failed');
    await expect(rules.byTestId('rule-condition-kind')).toHaveValue('forward_failed');
    await expect(rules.byTestId('rule-notify')).toBeChecked();
    await rules.byTestId('rule-add-webhook').click();
    await rules.byTestId('rule-webhook-url').fill(`${receiver.url}/alerts`);
    await rules.byTestId('rule-webhook-headers').fill('X-Team: payments');
    await expect(rules.byTestId('rule-webhook-template')).toBeVisible();
    await expect(rules.byTestId('rule-webhook-preview')).toContainText('"name": "forward failed"');
    await rules.byTestId('rule-save').click();
    await expect(rules.rule('forward failed')).toBeVisible();
    await expect(rules.rule('forward failed').getByTestId('rule-condition')).toHaveText(
      'forwarding failed (error, 4xx or 5xx)',
    );
    await expect(rules.rule('forward failed').getByTestId('rule-last-fired')).toHaveText('never');
    await expect(rules.byTestId('rule-secret')).toContainText('whsec_••••');

    // The local service stops: the next webhook cannot be forwarded.
    await target.close();
    const res = await fetch(`${porthole.webhookUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"order":42}',
    });
    expect(res.status).toBe(200);
    const eventId = ((await res.json()) as { id: string }).id;

    // The webhook action arrives signed with the rule's secret.
    const [delivered] = await receiver.waitFor(1);
    expect(delivered!.url).toBe('/alerts');
    expect(delivered!.rawHeaders).toContainEqual(['X-Team', 'payments']);
    const { rules: stored } = await porthole.api.invoke('alerts.list', {});
    const headers = Object.fromEntries(delivered!.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
    const payload = new Webhook(stored[0]!.secret).verify(delivered!.body.toString(), headers) as {
      rule: { name: string };
      event: { id: string };
    };
    expect(payload.rule.name).toBe('forward failed');
    expect(payload.event.id).toBe(eventId);

    // The page notification and the toast, both about this event.
    await expect.poll(async () => (await recordedNotifications(page)).length).toBe(1);
    const [shown] = await recordedNotifications(page);
    expect(shown!.title).toContain('forward failed');
    const toast = rules.byTestId('alert-toast');
    await expect(toast).toHaveCount(1);
    await expect(toast).toContainText(shown!.title);

    // The log: the alert with its one successful attempt, and the rule's last fired time.
    const entry = rules.logEntries.first();
    await expect(entry).toContainText('forward failed');
    await expect(entry).toContainText(`POST ${receiver.url}/alerts`);
    await expect(entry.getByTestId('alert-attempt-status')).toHaveText('200');
    await expect(entry.getByTestId('alert-attempt-body')).toContainText('received');
    await expect(rules.rule('forward failed').getByTestId('rule-last-fired')).not.toHaveText('never');

    // Clicking the toast opens the event.
    await rules.byTestId('alert-toast-open').click();
    await expect(inspector.detail(eventId)).toBeVisible();
    await expect(rules.byTestId('rules-page')).toHaveCount(0);

    // So does clicking the page notification, from the Rules page.
    await rules.open();
    await clickNotification(page, 0);
    await expect(inspector.detail(eventId)).toBeVisible();

    // A test alert reaches the receiver and the log, marked as a test.
    await rules.open();
    await rules.rule('forward failed').getByTestId('rule-open').click();
    await rules.byTestId('rule-test').click();
    await receiver.waitFor(2);
    await expect(rules.logEntries).toHaveCount(2);
    await expect(rules.logEntries.first()).toContainText('test');
    await expect(rules.logEntries.first().getByTestId('alert-attempt-status')).toHaveText('200');
    if (SCREENSHOTS) {
      await rules.rule('forward failed').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'rules-light.png') });
    }
  } finally {
    await target.close().catch(() => {});
    await receiver.close();
  }
});
