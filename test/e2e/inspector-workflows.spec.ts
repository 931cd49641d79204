// The rest of the inspector as a user drives it: keyboard, live rows that do not move under
// the reader, endpoint management, replay to a URL with edits, JSON export, the relay page.
import fs from 'node:fs';
import { startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

async function send(url: string, init: RequestInit = { method: 'POST', body: '{}' }): Promise<string> {
  const res = await fetch(url, init);
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

test('the keyboard moves through the list, opens with Enter and focuses the filter with /', async ({
  page,
  porthole,
}) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const ids: string[] = [];
  for (const path of ['/one', '/two', '/three']) ids.push(await send(`${porthole.webhookUrl}${path}`));
  await expect(inspector.rows).toHaveCount(3);
  await page.keyboard.press('j');
  await expect(inspector.row(ids[2]!)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('k');
  await expect(inspector.row(ids[1]!)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(inspector.detail(ids[1]!)).toBeVisible();
  await expect(inspector.byTestId('detail-request-line')).toContainText('/two');
  await page.keyboard.press('/');
  await expect(inspector.filter).toBeFocused();
});

test('new events do not move the rows a scrolled-down reader is looking at', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  for (let i = 0; i < 120; i++) await send(`${porthole.webhookUrl}/n/${i}`);
  await expect(inspector.byTestId('event-count')).toHaveText('120');
  await inspector.byTestId('event-list').evaluate((el) => {
    el.scrollTop = 40 * 28;
  });
  const watched = page.locator('[data-testid="event-row"][data-index="45"]');
  const id = (await watched.getAttribute('data-event-id'))!;
  const before = (await inspector.row(id).boundingBox())!.y;
  for (let i = 0; i < 3; i++) await send(`${porthole.webhookUrl}/late/${i}`);
  await expect(inspector.byTestId('event-count')).toHaveText('123');
  await expect(inspector.row(id)).toHaveAttribute('data-index', '48');
  expect((await inspector.row(id).boundingBox())!.y).toBeCloseTo(before, 0);
});

test('endpoints: create with its own URL, unread badge, disable (403), targets, rename, delete', async ({
  page,
  porthole,
}) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('create-endpoint').click();
  await inspector.byTestId('endpoint-name-input').fill('second');
  await inspector.byTestId('endpoint-create-submit').click();
  const second = inspector.endpoint('second');
  await expect(second.getByTestId('endpoint-url')).toHaveText(/\/h\/wh_[A-Za-z0-9]{32}$/);
  const secondUrl = (await second.getByTestId('endpoint-url').textContent())!;

  // Looking at the first endpoint, an event for the second shows as unread there.
  await inspector.endpointItems.first().getByRole('button').first().click();
  await send(secondUrl);
  await expect(second.getByTestId('unread-badge')).toHaveText('1');
  await second.getByRole('button').first().click();
  await expect(second.getByTestId('unread-badge')).toHaveCount(0);
  await expect(inspector.rows).toHaveCount(1);

  await inspector.byTestId('target-url-input').fill('http://127.0.0.1:9/hook');
  await inspector.byTestId('add-target').click();
  await expect(inspector.byTestId('target-item')).toHaveText(/127\.0\.0\.1:9\/hook/);
  await inspector
    .byTestId('target-item')
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(inspector.byTestId('target-item')).toHaveCount(0);

  await inspector.byTestId('toggle-endpoint').click();
  await expect(inspector.byTestId('toggle-endpoint')).toHaveText('Enable');
  await expect.poll(async () => (await fetch(secondUrl, { method: 'POST', body: '{}' })).status).toBe(403);

  await inspector.byTestId('rename-endpoint').click();
  await inspector.byTestId('rename-input').fill('renamed');
  await inspector.byTestId('rename-input').press('Enter');
  await expect(inspector.endpoint('renamed')).toBeVisible();

  await inspector.byTestId('delete-endpoint').click();
  await inspector.byTestId('confirm-delete').click();
  await expect(inspector.endpointItems).toHaveCount(1);
  await expect.poll(async () => (await fetch(secondUrl, { method: 'POST', body: '{}' })).status).toBe(404);
});

test('a replay with a new method, path and header goes to a chosen URL and is listed under its source', async ({
  page,
  porthole,
}) => {
  const service = await startLocalService();
  try {
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    const id = await send(`${porthole.webhookUrl}/orig?a=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-keep': 'yes' },
      body: 'hello',
    });
    await inspector.row(id).click();
    await inspector.byTestId('replay-open').click();
    await inspector.byTestId('replay-method').fill('PUT');
    await inspector.byTestId('replay-path').fill('/edited?b=2');
    const headers = inspector.byTestId('replay-headers');
    await headers.fill(`${await headers.inputValue()}\nx-added: 1`);
    await inspector.byTestId('replay-target-url').fill(`${service.url}/direct`);
    await inspector.byTestId('replay-send').click();
    await expect(inspector.byTestId('replay-result')).toContainText('200');
    const [received] = await service.waitFor(1);
    expect(received!.method).toBe('PUT');
    expect(received!.url).toBe('/direct');
    expect(received!.rawHeaders).toContainEqual(['x-keep', 'yes']);
    expect(received!.rawHeaders).toContainEqual(['x-added', '1']);
    expect(received!.body.toString()).toBe('hello');
    await expect(inspector.byTestId('replay-item')).toHaveCount(1);
    await expect(inspector.byTestId('replay-item')).toContainText('PUT /edited?b=2');
  } finally {
    await service.close();
  }
});

test('checked events export as JSON fixtures with their exact bodies; the filter result as HAR', async ({
  page,
  porthole,
}) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const a = await send(`${porthole.webhookUrl}/a`, { method: 'POST', body: '{"a":1}' });
  const b = await send(`${porthole.webhookUrl}/b`, { method: 'POST', body: new Uint8Array([0, 255, 1]) });
  await inspector.row(a).getByRole('checkbox').check();
  await inspector.row(b).getByRole('checkbox').check();
  await inspector.byTestId('export-format').selectOption('json');
  const [download] = await Promise.all([page.waitForEvent('download'), inspector.byTestId('export-events').click()]);
  expect(download.suggestedFilename()).toMatch(/^porthole-2-events-.*\.json$/);
  const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
    format: string;
    events: { id: string; body: string; bodyEncoding: 'utf8' | 'base64' }[];
  };
  expect(exported.format).toBe('porthole.fixtures');
  expect(exported.events.map((e) => e.id).sort()).toEqual([a, b].sort());
  const byId = new Map(exported.events.map((e) => [e.id, e]));
  expect(byId.get(a)).toMatchObject({ bodyEncoding: 'utf8', body: '{"a":1}' });
  expect(byId.get(b)!.bodyEncoding).toBe('base64');
  expect(Buffer.from(byId.get(b)!.body, 'base64')).toEqual(Buffer.from([0, 255, 1]));

  // Nothing checked: every event the filter matches, oldest first.
  await inspector.row(a).getByRole('checkbox').uncheck();
  await inspector.row(b).getByRole('checkbox').uncheck();
  await inspector.byTestId('export-format').selectOption('har');
  const [har] = await Promise.all([page.waitForEvent('download'), inspector.byTestId('export-events').click()]);
  const log = JSON.parse(fs.readFileSync((await har.path())!, 'utf8')) as {
    log: { creator: { name: string }; entries: { request: { url: string } }[] };
  };
  expect(log.log.creator.name).toBe('Porthole');
  expect(log.log.entries.map((e) => e.request.url)).toEqual([`${porthole.webhookUrl}/a`, `${porthole.webhookUrl}/b`]);
});

test('an exported HAR imported into the endpoint comes back as events with the same bytes', async ({
  page,
  porthole,
}) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const id = await send(`${porthole.webhookUrl}/har?x=1`, { method: 'PUT', body: new Uint8Array([7, 0, 255]) });
  await inspector.row(id).getByRole('checkbox').check();
  await inspector.byTestId('export-format').selectOption('har');
  const [har] = await Promise.all([page.waitForEvent('download'), inspector.byTestId('export-events').click()]);
  const text = fs.readFileSync((await har.path())!, 'utf8');

  await inspector
    .byTestId('import-file')
    .setInputFiles({ name: 'back.har', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(inspector.byTestId('import-status')).toHaveText('Imported 1 event (har)');
  await expect(inspector.rows).toHaveCount(2);
  const imported = (await inspector.rows.first().getAttribute('data-event-id'))!;
  expect(imported).not.toBe(id);
  const detail = await porthole.api.invoke('events.get', { id: imported });
  expect(detail).toMatchObject({ method: 'PUT', path: '/har', query: 'x=1', sourceIp: 'import:har' });
  expect(Buffer.from(detail.body, 'base64')).toEqual(Buffer.from([7, 0, 255]));

  await inspector
    .byTestId('import-file')
    .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"nope":1}') });
  await expect(inspector.byTestId('import-status')).toContainText('bad.json:');
});

test('the relay page shows the connection, its backlog and how secrets are kept', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('relay-page-open').click();
  await expect(inspector.byTestId('relay-status')).toHaveAttribute('data-state', 'connected');
  await expect(inspector.byTestId('relay-status')).toContainText('embedded');
  await expect(inspector.byTestId('relay-backlog')).toHaveText('0 events');
  await expect(inspector.byTestId('use-embedded')).toBeDisabled();
  await expect(inspector.byTestId('secrets-note')).toBeVisible();
  await inspector.byTestId('pair-url').fill('http://127.0.0.1:9');
  await inspector.byTestId('pair-code').fill('not-a-code');
  await inspector.byTestId('pair-submit').click();
  await expect(page.getByRole('alert')).toBeVisible();
});
