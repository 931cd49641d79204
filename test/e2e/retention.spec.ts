// Retention as a user drives it: pin an event in the detail pane, set "keep at most 1" on the
// endpoint's settings page, and the older unpinned events go while the pinned one stays; the
// open list drops removed rows as the engine removes them.
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

async function send(url: string, n: number): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ n }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

test('a pinned event survives a count limit of 1; the older unpinned ones go', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(await send(porthole.webhookUrl, i));
  for (const id of ids) await expect(inspector.row(id)).toBeVisible();

  // Pin the oldest from its detail pane.
  await inspector.row(ids[0]!).click();
  await expect(inspector.detail(ids[0]!)).toBeVisible();
  const pin = inspector.byTestId('pin-toggle');
  await expect(pin).toHaveText('Pin');
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await expect(pin).toHaveText('Unpin');
  await expect(inspector.row(ids[0]!).getByTestId('row-pinned')).toBeVisible();

  // Keep at most 1 event, on the endpoint's settings page.
  await inspector.byTestId('endpoint-settings-open').click();
  await expect(inspector.byTestId('retention-section')).toBeVisible();
  await expect(inspector.byTestId('retention-keep-for')).toHaveValue('30d');
  await inspector.byTestId('retention-keep-count').fill('0');
  await expect(inspector.byTestId('retention-problem')).toBeVisible();
  await expect(inspector.byTestId('retention-save')).toBeDisabled();
  await inspector.byTestId('retention-keep-count').fill('1');
  await inspector.byTestId('retention-save').click();
  await expect(inspector.byTestId('retention-save')).toHaveAttribute('data-state', 'saved');
  await inspector.byTestId('door-close').click();

  // The newest and the pinned stay.
  await expect(inspector.row(ids[3]!)).toBeVisible();
  await expect(inspector.row(ids[0]!)).toBeVisible();
  await expect(inspector.rows).toHaveCount(2);
  await expect(inspector.byTestId('event-count')).toHaveText('2');
  const { endpoints } = await porthole.api.invoke('endpoints.list', {});
  expect(endpoints[0]!.retention?.maxCount).toBe(1);
  expect(endpoints[0]!.eventCount).toBe(2);

  // With the list open: two more arrive, the limit applies again, and the rows go live.
  const newer = [await send(porthole.webhookUrl, 4), await send(porthole.webhookUrl, 5)];
  for (const id of newer) await expect(inspector.row(id)).toBeVisible();
  await porthole.api.invoke('endpoints.update', {
    id: endpoints[0]!.id,
    retention: { maxAgeMs: null, maxCount: 1, maxBytes: null },
  });
  await expect(inspector.row(ids[3]!)).toHaveCount(0);
  await expect(inspector.row(newer[0]!)).toHaveCount(0);
  await expect(inspector.rows).toHaveCount(2);
  await expect(inspector.row(newer[1]!)).toBeVisible();
  await expect(inspector.row(ids[0]!)).toBeVisible();
});
