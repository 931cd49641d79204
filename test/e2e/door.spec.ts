// The endpoint's door settings page, driven as a user drives it: the Stripe preset and a
// secret saved through the UI reach the engine's store and the relay (synced), and the
// relay then judges real webhooks by them: one verified, one rejected with its explanation.
import Stripe from 'stripe';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

/** Saved (the draft is clean again) and the relay has taken the new revision. */
async function expectSavedAndSynced(inspector: InspectorPage) {
  const state = inspector.byTestId('door-sync-state');
  await expect(state).toHaveAttribute('data-dirty', 'false');
  await expect(state).toHaveAttribute('data-sync-state', 'synced');
}

const STRIPE_SECRET = 'whsec_porthole_e2e_0123456789abcdef';
const stripe = new Stripe('sk_test_unused');

async function sendStripeWebhook(url: string, body: string, secret: string) {
  const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret });
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body,
  });
}

test('the Stripe preset and a pasted secret are saved and synced to the relay', async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('endpoint-settings-open').click();
  const panel = inspector.byTestId('door-panel');
  await expect(panel).toBeVisible();

  await inspector.byTestId('door-preset').selectOption('stripe');
  await expect(inspector.byTestId('door-preset-info')).toContainText('Stripe-Signature');
  // No secret yet: the problem is shown before saving, and saving waits for it.
  await expect(inspector.byTestId('door-problems')).toContainText('signature (stripe)');
  await expect(inspector.byTestId('door-save')).toBeDisabled();

  const secret = inspector.byTestId('door-secret-input');
  await secret.fill(STRIPE_SECRET);
  await expect(secret).toHaveAttribute('type', 'password');
  await expect(inspector.byTestId('door-problems')).toHaveCount(0);
  await inspector.byTestId('door-signature-onfail').selectOption('reject');
  await inspector.byTestId('door-save').click();
  await expectSavedAndSynced(inspector);

  const { endpoints } = await porthole.api.invoke('endpoints.list', {});
  const saved = endpoints[0]!;
  expect(saved.syncState).toBe('synced');
  expect(saved.door.signature?.onFail).toBe('reject');
  expect(saved.door.signature?.check.scheme).toBe('stripe');
  expect(saved.door.signature?.check.secrets).toEqual([STRIPE_SECRET]);

  // The relay now judges real webhooks by what was saved.
  const good = await sendStripeWebhook(porthole.webhookUrl, '{"id":"evt_good","type":"invoice.paid"}', STRIPE_SECRET);
  expect(good.status).toBe(200);
  const goodId = ((await good.json()) as { id: string }).id;
  const bad = await sendStripeWebhook(porthole.webhookUrl, '{"id":"evt_bad","type":"invoice.paid"}', 'whsec_wrong');
  expect(bad.status).toBe(401);
  // The sender learns only that it failed, never the explanation.
  expect(await bad.text()).not.toContain('evt_bad');

  await inspector.byTestId('door-close').click();
  await inspector.row(goodId).click();
  await expect(inspector.byTestId('signature-verdict')).toHaveAttribute('data-verdict', 'verified');
  const rejectedRow = inspector.byTestId('row-rejected');
  await expect(rejectedRow).toHaveCount(1);
  await rejectedRow.click();
  await expect(inspector.byTestId('detail-rejected')).toContainText('signature could not be verified (401)');
  await expect(inspector.byTestId('signature-verdict')).toHaveAttribute('data-verdict', 'failed');
  const explanation = inspector.byTestId('signature-explanation');
  await expect(explanation).toContainText('Stripe-Signature');
  // The exact string that was signed: Stripe signs "{t}.{body}".
  await expect(inspector.byTestId('signed-content')).toContainText('.{"id":"evt_bad","type":"invoice.paid"}');
  await expect(explanation).toContainText('Secret 1');

  // A fresh page shows what is stored, the secret still masked.
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('endpoint-settings-open').click();
  await expect(inspector.byTestId('door-preset')).toHaveValue('stripe');
  await expect(inspector.byTestId('door-secret-input')).toHaveValue(STRIPE_SECRET);
  await expect(inspector.byTestId('door-secret-input')).toHaveAttribute('type', 'password');
});

test('the payload schema is checked against the draft-07 meta-schema before it can be saved', async ({
  page,
  porthole,
}) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('endpoint-settings-open').click();
  await inspector.byTestId('door-schema-enabled').check();
  const editor = inspector.byTestId('door-schema-editor');
  await expect(editor).toBeVisible();

  await inspector.replaceEditorText(editor, '{"type": 5}');
  await expect(inspector.byTestId('door-problems')).toContainText('payload schema');
  await expect(inspector.byTestId('door-save')).toBeDisabled();

  await inspector.replaceEditorText(editor, '{"type": "object", "required": ["id"]}');
  await expect(inspector.byTestId('door-problems')).toHaveCount(0);
  await inspector.byTestId('door-save').click();
  await expectSavedAndSynced(inspector);

  const { endpoints } = await porthole.api.invoke('endpoints.list', {});
  expect(endpoints[0]!.door.schema).toEqual({ schema: { type: 'object', required: ['id'] }, onFail: 'reject' });
});

test("a provider's redelivery is stored once and shown as a repeat", async ({ page, porthole }) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  const send = () =>
    fetch(porthole.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_2Lx' },
      body: '{"type":"invoice.paid"}',
    }).then((r) => r.json() as Promise<{ id: string }>);
  const first = await send();
  const again = await send();
  const third = await send();
  // The repeats are answered with the original event's id.
  expect(again.id).toBe(first.id);
  expect(third.id).toBe(first.id);
  await expect(inspector.rows).toHaveCount(1);
  await expect(inspector.row(first.id).getByTestId('row-repeats')).toHaveText('×3');
  await inspector.row(first.id).click();
  await expect(inspector.byTestId('detail-repeats')).toContainText('Redelivered 2 more times');
});

test('accept only: a webhook the filter does not match is answered, kept and explained, not forwarded', async ({
  page,
  porthole,
}) => {
  const inspector = new InspectorPage(page);
  await inspector.open(porthole.inspectorUrl);
  await inspector.byTestId('endpoint-settings-open').click();
  await inspector.byTestId('door-filter').fill('body.type=');
  await expect(inspector.byTestId('door-problems')).toContainText('filter:');
  await expect(inspector.byTestId('door-save')).toBeDisabled();
  await inspector.byTestId('door-filter').fill('body.type^=invoice.');
  await expect(inspector.byTestId('door-filter-onmiss')).toHaveValue('skip');
  await inspector.byTestId('door-save').click();
  await expectSavedAndSynced(inspector);

  const send = (type: string) =>
    fetch(porthole.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"type":"${type}"}`,
    });
  expect((await send('invoice.paid')).status).toBe(200);
  const skipped = await send('charge.failed');
  // Answered as accepted, so the provider does not retry it.
  expect(skipped.status).toBe(200);
  const { id } = (await skipped.json()) as { id: string };
  await inspector.byTestId('door-close').click();
  await inspector.row(id).click();
  await expect(inspector.byTestId('detail-rejected')).toContainText('not forwarded');
  await expect(inspector.byTestId('filter-verdict')).toHaveAttribute('data-verdict', 'missed');
});
