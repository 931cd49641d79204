// The README's screenshots of the main views, light and dark, from the real app with a few
// typical webhooks. Off by default: `PORTHOLE_SCREENSHOTS=docs/screenshots npx playwright
// test screenshots` writes them (playwright.config.ts leaves this spec out otherwise).
import path from 'node:path';
import Stripe from 'stripe';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

const OUT = process.env['PORTHOLE_SCREENSHOTS'];

test('screenshots of the inspector, the replay editor and the relay page', async ({ page, porthole }) => {
  const service = await startLocalService();
  service.respond = (req, res) => {
    res.writeHead(req.url.includes('refund') ? 500 : 200, { 'content-type': 'application/json' });
    res.end(req.url.includes('refund') ? '{"error":"no such charge"}' : '{"received":true}');
  };
  try {
    const { endpoints } = await porthole.api.invoke('endpoints.list', {});
    await porthole.api.invoke('targets.create', { endpointId: endpoints[0]!.id, url: `${service.url}/webhooks` });
    const hooks: [string, string, string][] = [
      ['/github', 'application/json', '{"action":"opened","number":42,"pull_request":{"title":"Fix the flaky test"}}'],
      ['/shopify/orders', 'application/xml', '<?xml version="1.0"?><order><id>1001</id><total>19.90</total></order>'],
      ['/slack', 'application/x-www-form-urlencoded', 'token=x&team_id=T1&command=%2Fdeploy&text=prod'],
      [
        '/stripe/refund',
        'application/json',
        '{"id":"evt_2","type":"charge.refunded","data":{"object":{"amount":500}}}',
      ],
      [
        '/stripe',
        'application/json',
        '{"id":"evt_1","type":"invoice.paid","data":{"object":{"amount_paid":1200,"currency":"usd","customer":"cus_9"}}}',
      ],
    ];
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    for (const [subpath, type, body] of hooks) {
      await fetch(`${porthole.webhookUrl}${subpath}`, {
        method: 'POST',
        headers: { 'content-type': type, 'stripe-signature': 't=1700000000,v1=5257a869e7ecebeda32aff' },
        body,
      });
    }
    await service.waitFor(hooks.length);
    const newest = (await inspector.rows.first().getAttribute('data-event-id'))!;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await inspector.row(newest).click();
      await expect(inspector.detail(newest).getByTestId('attempt-item')).toHaveCount(1);
      await expect(inspector.byTestId('detail-body')).toBeVisible();
      await page.screenshot({ path: path.join(OUT!, `inspector-${scheme}.png`) });
      await inspector.byTestId('replay-open').click();
      await inspector.replaceEditorText(
        inspector.byTestId('replay-editor'),
        '{"id":"evt_1","type":"invoice.paid","data":{"object":{"amount_paid":9900,"currency":"usd","customer":"cus_9"}}}',
      );
      await expect(inspector.byTestId('replay-diff')).toBeVisible();
      await inspector.byTestId('replay-send').click();
      await expect(inspector.byTestId('replay-result')).toContainText('200');
      await page.screenshot({ path: path.join(OUT!, `replay-${scheme}.png`) });
      await inspector.byTestId('replay-close').click();
      await inspector.byTestId('relay-page-open').click();
      await expect(inspector.byTestId('relay-status')).toBeVisible();
      await page.screenshot({ path: path.join(OUT!, `relay-${scheme}.png`) });
      await inspector.byTestId('relay-page-close').click();
    }
  } finally {
    await service.close();
  }
});

test('screenshots of the door settings and a rejected webhook explained', async ({ page, porthole }) => {
  const secret = 'whsec_screenshot_0123456789';
  const { endpoints } = await porthole.api.invoke('endpoints.list', {});
  await porthole.api.invoke('endpoints.update', {
    id: endpoints[0]!.id,
    door: { ...DEFAULT_DOOR_CONFIG, signature: { check: { scheme: 'stripe', secrets: [secret] }, onFail: 'reject' } },
  });
  const body = '{"id":"evt_3","type":"invoice.paid","data":{"object":{"amount_paid":1200}}}';
  // Signed with a secret the endpoint does not know: refused with 401, kept and explained.
  const signature = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({
    payload: body,
    secret: 'whsec_old',
  });
  const res = await fetch(`${porthole.webhookUrl}/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body,
  });
  expect(res.status).toBe(401);
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('row-rejected').click();
  await expect(inspector.byTestId('signature-explanation')).toBeVisible();
  await page.screenshot({ path: path.join(OUT!, 'door-rejected-light.png') });
  await inspector.byTestId('endpoint-settings-open').click();
  await expect(inspector.byTestId('door-panel')).toBeVisible();
  await page.screenshot({ path: path.join(OUT!, 'door-settings-light.png') });
});

test('screenshot of the filter language: colours, the builder and saved filters', async ({ page, porthole }) => {
  const hooks: [string, Record<string, string>, string][] = [
    ['/stripe', {}, '{"type":"invoice.paid","data":{"object":{"amount_paid":1200}}}'],
    ['/stripe', {}, '{"type":"invoice.payment_failed","data":{"object":{"amount_due":900}}}'],
    ['/github', { 'x-github-event': 'push' }, '{"ref":"refs/heads/main","commits":[{"id":"abc"}]}'],
    ['/stripe', {}, '{"type":"invoice.paid","data":{"object":{"amount_paid":50}}}'],
  ];
  for (const [subpath, headers, body] of hooks) {
    await fetch(`${porthole.webhookUrl}${subpath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  }
  await porthole.api.invoke('filters.save', { name: 'GitHub pushes', filter: 'header.x-github-event=push' });
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.filter.fill('body.type="invoice.paid" body.data.object.amount_paid>=100');
  await expect(inspector.byTestId('event-count')).toHaveText('1');
  await inspector.byTestId('filter-builder-open').click();
  await expect(inspector.byTestId('builder-count')).toHaveText('1 event matches');
  await page.screenshot({ path: path.join(OUT!, 'filter-light.png') });
});
