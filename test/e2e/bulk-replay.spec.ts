// Bulk replay from the inspector: filter, replay every match to a local service, watch the
// progress; and cancel a slow one midway.
import { startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

async function sendMany(url: string, paths: string[]) {
  for (const [n, path] of paths.entries()) {
    const res = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify({ n }) });
    expect(res.status).toBe(200);
  }
}

test("the filter's result is replayed to a URL, with progress and a summary of local answers", async ({
  page,
  porthole,
}) => {
  const service = await startLocalService();
  try {
    await sendMany(porthole.webhookUrl, [...Array(12).fill('/orders'), ...Array(5).fill('/other')]);
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    await expect(inspector.byTestId('event-count')).toHaveText('17');
    await inspector.filter.fill('path:/orders');
    await expect(inspector.byTestId('event-count')).toHaveText('12');

    await inspector.byTestId('bulk-open').click();
    await expect(inspector.byTestId('bulk-replay')).toContainText('Replay 12 matching events');
    await inspector.byTestId('bulk-destination').selectOption('url');
    await inspector.byTestId('bulk-url').fill(`${service.url}/replayed`);
    await inspector.byTestId('bulk-start').click();

    const progress = inspector.byTestId('bulk-progress');
    await expect(progress).toHaveAttribute('data-state', 'done');
    await expect(inspector.byTestId('bulk-sent')).toHaveText('12');
    await expect(inspector.byTestId('bulk-statuses')).toContainText('200 × 12');
    expect(service.received).toHaveLength(12);
    // Only the filter's events, each once (four go at a time, so they may arrive interleaved;
    // the oldest-first order is checked in test/integration/bulk-replay.test.ts).
    const replayed = service.received.map((r) => JSON.parse(r.body.toString()).n as number);
    expect(replayed.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  } finally {
    await service.close();
  }
});

test('a slow bulk replay is cancelled midway and says how many went out', async ({ page, porthole }) => {
  const service = await startLocalService();
  try {
    await sendMany(porthole.webhookUrl, Array(20).fill('/slow'));
    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    await expect(inspector.byTestId('event-count')).toHaveText('20');
    await inspector.byTestId('bulk-open').click();
    await inspector.byTestId('bulk-destination').selectOption('url');
    await inspector.byTestId('bulk-url').fill(service.url);
    await inspector.byTestId('bulk-concurrency').fill('1');
    await inspector.byTestId('bulk-rate').fill('5');
    await inspector.byTestId('bulk-start').click();
    await service.waitFor(2);
    await inspector.byTestId('bulk-cancel').click();
    await expect(inspector.byTestId('bulk-progress')).toHaveAttribute('data-state', 'cancelled');
    const sent = Number(await inspector.byTestId('bulk-sent').textContent());
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(sent).toBeLessThan(20);
    await page.waitForTimeout(400); // two more start slots at 5/s: none may be used
    expect(service.received).toHaveLength(sent);
  } finally {
    await service.close();
  }
});
