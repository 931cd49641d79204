// Edit and replay with re-signing: the edited Stripe webhook reaches the local service with a
// fresh signature that Stripe's own library accepts; without re-signing it is refused.
import Stripe from 'stripe';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { type ReceivedRequest, startLocalService } from '../helpers/local-service.js';
import { InspectorPage } from './pages/inspector-page.js';
import { expect, test } from './porthole-fixture.js';

const SECRET = 'whsec_e2e_resign_secret';
const stripe = new Stripe('sk_test_unused');
const header = (req: ReceivedRequest, name: string) =>
  req.rawHeaders.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';

test('an edited Stripe webhook replayed with re-signing verifies at the local service', async ({ page, porthole }) => {
  const service = await startLocalService();
  try {
    const { endpoints } = await porthole.api.invoke('endpoints.list', {});
    const endpoint = endpoints[0]!;
    await porthole.api.invoke('endpoints.update', {
      id: endpoint.id,
      door: { ...DEFAULT_DOOR_CONFIG, signature: { check: { scheme: 'stripe', secrets: [SECRET] }, onFail: 'flag' } },
    });
    await porthole.api.invoke('targets.create', { endpointId: endpoint.id, url: `${service.url}/stripe` });
    const body = '{"id":"evt_1","type":"invoice.paid","amount":100}';
    const signed = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    const res = await fetch(porthole.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signed },
      body,
    });
    const { id } = (await res.json()) as { id: string };
    await service.waitFor(1);

    const inspector = new InspectorPage(page);
    await inspector.open(porthole.inspectorUrl);
    await inspector.row(id).click();
    await inspector.byTestId('replay-open').click();
    await inspector.replaceEditorText(
      inspector.byTestId('replay-editor'),
      '{"id":"evt_1","type":"invoice.paid","amount":999}',
    );
    await expect(inspector.byTestId('replay-resign')).toBeChecked();
    await inspector.byTestId('replay-send').click();
    await expect(inspector.byTestId('replay-result')).toContainText('200');
    await service.waitFor(2);
    const resigned = service.received[1]!;
    expect(resigned.body.toString()).toContain('"amount":999');
    expect(() =>
      stripe.webhooks.constructEvent(resigned.body, header(resigned, 'stripe-signature'), SECRET),
    ).not.toThrow();

    // The same edit without re-signing carries the sender's old signature, which no longer matches.
    await inspector.byTestId('replay-resign').uncheck();
    await inspector.byTestId('replay-send').click();
    await service.waitFor(3);
    const unsigned = service.received[2]!;
    expect(() => stripe.webhooks.constructEvent(unsigned.body, header(unsigned, 'stripe-signature'), SECRET)).toThrow();
  } finally {
    await service.close();
  }
});
