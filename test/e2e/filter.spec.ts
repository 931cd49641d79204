// The filter language in the inspector, as the issue asks: type a filter with a body path and
// a status class and see the list and count change; build the same rule in the builder; save
// it; bulk replay it. Plus the box's help: colours, the error's spot, completion, history.
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

const HOOKS: [string, Record<string, string>, unknown][] = [
  ['/stripe', {}, { type: 'invoice.paid', data: { object: { amount_paid: 1200 } } }],
  ['/stripe', {}, { type: 'invoice.paid', data: { object: { amount_paid: 90 } } }],
  ['/stripe/refund', {}, { type: 'charge.refunded', data: { object: { amount: 500 } } }],
  ['/github', { 'x-github-event': 'push' }, { ref: 'refs/heads/main' }],
];

async function sendHooks(url: string) {
  for (const [path, headers, body] of HOOKS) {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }
}

let service: LocalService;
test.beforeEach(async ({ porthole }) => {
  service = await startLocalService();
  // The refund handler fails: those events end up with a 5xx.
  service.respond = (req, res) => {
    res.writeHead(req.url.includes('refund') ? 500 : 200);
    res.end();
  };
  const { endpoints } = await porthole.api.invoke('endpoints.list', {});
  await porthole.api.invoke('targets.create', { endpointId: endpoints[0]!.id, url: service.url, pathMode: 'append' });
});
test.afterEach(() => service.close());

test('a body path and a status class narrow the list; the builder, save and bulk replay follow', async ({
  page,
  porthole,
}) => {
  await sendHooks(porthole.webhookUrl);
  await service.waitFor(4);
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await expect(inspector.byTestId('event-count')).toHaveText('4');

  await inspector.filter.fill('body.type="invoice.paid" status=2xx');
  await expect(inspector.byTestId('event-count')).toHaveText('2');
  await expect(inspector.rows).toHaveCount(2);
  await inspector.filter.fill('body.data.object.amount>100 status=5xx');
  await expect(inspector.byTestId('event-count')).toHaveText('1');
  await expect(inspector.rows).toHaveCount(1);

  // The same rule from the builder: clear the box, add one condition, edit it.
  await inspector.filter.fill('');
  await expect(inspector.byTestId('event-count')).toHaveText('4');
  await inspector.byTestId('filter-builder-open').click();
  const builder = inspector.byTestId('filter-builder');
  await builder.getByTestId('builder-add-condition').first().click();
  const row = builder.getByTestId('builder-row').first();
  await row.getByTestId('builder-field').selectOption('body');
  await row.getByTestId('builder-path').fill('type');
  await row.getByTestId('builder-op').selectOption('equals');
  await row.getByTestId('builder-value').fill('invoice.paid');
  await builder.getByTestId('builder-add-condition').first().click();
  const second = builder.getByTestId('builder-row').nth(1);
  await second.getByTestId('builder-field').selectOption('status');
  await second.getByTestId('builder-value').fill('2xx');
  await expect(inspector.filter).toHaveValue('body.type=invoice.paid status=2xx');
  await expect(inspector.byTestId('event-count')).toHaveText('2');
  await expect(inspector.byTestId('builder-count')).toHaveText('2 events match');

  // Test against a pasted sample.
  await inspector.byTestId('sample-test').locator('summary').click();
  await expect(inspector.byTestId('sample-result')).toHaveAttribute('data-matches', 'false'); // a sample has no status
  await second.getByRole('button', { name: 'Remove condition' }).click();
  await expect(inspector.byTestId('sample-result')).toHaveAttribute('data-matches', 'true');
  await inspector.byTestId('sample-body').fill('{"type":"invoice.voided"}');
  await expect(inspector.byTestId('sample-result')).toHaveAttribute('data-matches', 'false');

  // Save it: it appears in the sidebar with its count, and applies from there.
  await inspector.byTestId('filter-save-open').click();
  await inspector.byTestId('filter-save-name').fill('Paid invoices');
  await inspector.byTestId('filter-save').click();
  const saved = inspector.byTestId('saved-filter');
  await expect(saved).toContainText('Paid invoices');
  await expect(saved.getByTestId('saved-filter-count')).toHaveText('2');
  await inspector.filter.fill('');
  await expect(inspector.byTestId('event-count')).toHaveText('4');
  await saved.click();
  await expect(inspector.filter).toHaveValue('body.type=invoice.paid');
  await expect(inspector.byTestId('event-count')).toHaveText('2');

  // Bulk replay what it matches.
  await inspector.byTestId('bulk-open').click();
  await inspector.byTestId('bulk-start').click();
  await expect(inspector.byTestId('bulk-progress')).toHaveAttribute('data-state', 'done');
  await expect(inspector.byTestId('bulk-sent')).toHaveText('2');
  await service.waitFor(6);
  const replayed = service.received.slice(4).map((r) => JSON.parse(r.body.toString()).type);
  expect(replayed).toEqual(['invoice.paid', 'invoice.paid']);
});

test('the box colours the filter, points at an error, completes names seen, and remembers filters', async ({
  page,
  porthole,
}) => {
  await sendHooks(porthole.webhookUrl);
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await expect(inspector.byTestId('event-count')).toHaveText('4');

  await inspector.filter.fill('method=POST status=');
  const highlight = inspector.byTestId('filter-highlight');
  await expect(highlight.locator('.tok-field').first()).toHaveText('method');
  await expect(highlight.locator('.tok-value').first()).toHaveText('POST');
  await expect(inspector.byTestId('filter-error')).toContainText('at 19');
  await expect(highlight.locator('.error-at')).toHaveCount(1);
  // A bad filter leaves the last good list showing.
  await expect(inspector.byTestId('event-count')).toHaveText('4');

  // Completion: a header seen in recent events.
  await inspector.filter.fill('');
  await inspector.filter.pressSequentially('header.x-git');
  const suggestion = inspector.byTestId('filter-suggestion').first();
  await expect(suggestion).toHaveText('header.x-github-event');
  await inspector.filter.press('Tab');
  await expect(inspector.filter).toHaveValue('header.x-github-event');
  await inspector.filter.pressSequentially('=push');
  await expect(inspector.byTestId('event-count')).toHaveText('1');
  // And a JSON path from recent bodies.
  await inspector.filter.fill('');
  await inspector.filter.pressSequentially('body.data.obj');
  await expect(inspector.byTestId('filter-suggestion').first()).toHaveText('body.data.object');

  // History: Enter keeps a filter; an empty box offers it again.
  await inspector.filter.fill('path^=/stripe');
  await expect(inspector.byTestId('event-count')).toHaveText('3');
  await inspector.filter.press('Enter');
  await inspector.filter.fill('');
  await inspector.filter.focus();
  await expect(inspector.byTestId('filter-suggestions')).toContainText('path^=/stripe');
  await inspector.byTestId('filter-suggestion').filter({ hasText: 'path^=/stripe' }).click();
  await expect(inspector.byTestId('event-count')).toHaveText('3');
});

test("a target's routing filter, set in the sidebar, sends invoice.paid to one service and the rest to another", async ({
  page,
  porthole,
}) => {
  const other = await startLocalService();
  try {
    const { endpoints } = await porthole.api.invoke('endpoints.list', {});
    await porthole.api.invoke('targets.create', { endpointId: endpoints[0]!.id, url: other.url });
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    const items = inspector.byTestId('target-item');
    await expect(items).toHaveCount(2);
    await expect(items.first().getByTestId('target-route')).toHaveText('every event');

    await items.first().getByTestId('target-route-edit').click();
    const input = items.first().getByTestId('target-route-input');
    await input.fill('body.type=');
    await expect(items.first().getByTestId('target-route-save')).toBeDisabled();
    await input.fill('body.type="invoice.paid"');
    await items.first().getByTestId('target-route-save').click();
    await expect(items.first().getByTestId('target-route')).toContainText('body.type="invoice.paid"');
    await items.nth(1).getByTestId('target-route-edit').click();
    await items.nth(1).getByTestId('target-route-input').fill('not body.type="invoice.paid"');
    await items.nth(1).getByTestId('target-route-save').click();
    await expect(items.nth(1).getByTestId('target-route')).toContainText('not body.type');

    await sendHooks(porthole.webhookUrl);
    await service.waitFor(2);
    await other.waitFor(2);
    await page.waitForTimeout(200);
    const types = (s: LocalService) => s.received.map((r) => JSON.parse(r.body.toString()).type ?? 'push');
    expect(types(service)).toEqual(['invoice.paid', 'invoice.paid']);
    expect(types(other)).toEqual(['charge.refunded', 'push']);
  } finally {
    await other.close();
  }
});
