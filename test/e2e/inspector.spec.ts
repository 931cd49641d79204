// The inspector in Chromium against the real engine and relay, as a user drives it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

const run = promisify(execFile);

async function send(url: string, init: RequestInit): Promise<string> {
  const res = await fetch(url, init);
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

test('a webhook appears within a second and opens with its headers and a pretty body', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const id = await send(`${porthole.webhookUrl}/orders?source=test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-header': 'present' },
    body: '{"order":{"id":7,"paid":true}}',
  });
  await expect(inspector.row(id)).toBeVisible({ timeout: 1000 });
  await inspector.row(id).click();
  await expect(inspector.byTestId('detail-request-line')).toContainText('POST');
  await expect(inspector.byTestId('detail-request-line')).toContainText('/orders');
  await expect(inspector.byTestId('detail-headers')).toContainText('x-test-header');
  await expect(inspector.byTestId('detail-headers')).toContainText('present');
  await expect(inspector.byTestId('detail-body-text')).toContainText('"order": {');
  await expect(inspector.byTestId('detail-body')).toBeVisible();
});

test('an edited replay delivers the edited bytes to the local service and shows the attempt', async ({
  page,
  porthole,
}) => {
  const service = await startLocalService();
  try {
    const { endpoints } = await porthole.api.invoke('endpoints.list', {});
    await porthole.api.invoke('targets.create', { endpointId: endpoints[0]!.id, url: `${service.url}/hook` });
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    const id = await send(porthole.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"amount":100}',
    });
    await service.waitFor(1);
    await inspector.row(id).click();
    await expect(inspector.byTestId('attempt-item').first()).toHaveAttribute('data-status', '200');
    await inspector.byTestId('replay-open').click();
    await inspector.replaceEditorText(inspector.byTestId('replay-editor'), '{"amount":999}');
    await expect(inspector.byTestId('replay-diff')).toBeVisible();
    await inspector.byTestId('replay-send').click();
    await expect(inspector.byTestId('replay-result')).toContainText('200');
    await service.waitFor(2);
    expect(service.received[1]!.body.toString()).toBe('{"amount":999}');
  } finally {
    await service.close();
  }
});

test('the filter box narrows the list and shows the count', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  for (const path of ['/alpha', '/bravo', '/alpha/two']) {
    await send(`${porthole.webhookUrl}${path}`, { method: 'POST', body: `{"path":"${path}"}` });
  }
  await expect(inspector.rows).toHaveCount(3);
  await inspector.filter.fill('path:/alpha');
  await expect(inspector.rows).toHaveCount(2);
  await expect(inspector.byTestId('event-count')).toHaveText('2');
  await inspector.filter.fill('bravo');
  await expect(inspector.rows).toHaveCount(1);
  await inspector.filter.fill('status:9zz');
  await expect(inspector.byTestId('filter-error')).toBeVisible();
});

test('copy as curl gives a command that sends the same request again', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const body = '{"quote":"it\'s \\"here\\"","unicode":"é✓","dollar":"$HOME"}';
  const id = await send(`${porthole.webhookUrl}/curl?a=1&a=2`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'x-signature': 'sha256=abc' },
    body,
  });
  await inspector.row(id).click();
  await inspector.byTestId('copy-curl').click();
  const command = await inspector
    .byTestId('curl-text')
    .inputValue()
    .catch(async () => (await inspector.byTestId('curl-text').textContent()) ?? '');
  await run('bash', ['-c', `${command} --silent --output /dev/null`]);
  await expect(inspector.rows).toHaveCount(2);
  const { events } = await porthole.api.invoke('events.list', { limit: 1 });
  const again = await porthole.api.invoke('events.get', { id: events[0]!.id });
  expect(again.id).not.toBe(id);
  expect(Buffer.from(again.body, 'base64').toString()).toBe(body);
  expect(again.method).toBe('PATCH');
  expect(again.path).toBe('/curl');
  expect(again.query).toBe('a=1&a=2');
  expect(again.headers).toContainEqual(['x-signature', 'sha256=abc']);
});

test('regenerating the key changes the URL shown, and the old URL answers 404', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await expect(inspector.endpointUrl).toHaveText(porthole.webhookUrl);
  await inspector.byTestId('regenerate-endpoint').first().click();
  await inspector.byTestId('confirm-regenerate').click();
  await expect(inspector.endpointUrl).not.toHaveText(porthole.webhookUrl);
  const fresh = ((await inspector.endpointUrl.textContent()) ?? '').trim();
  expect((await fetch(porthole.webhookUrl, { method: 'POST', body: '{}' })).status).toBe(404);
  expect((await fetch(fresh, { method: 'POST', body: '{}' })).status).toBe(200);
});
