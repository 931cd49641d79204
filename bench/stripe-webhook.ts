// A realistic webhook to send: a Stripe `payment_intent.succeeded` event (~1.5 KB of compact JSON)
// with the headers Stripe sends. Fixed values, so every run sends the same bytes.

const event = {
  id: 'evt_3PqL9aB2eZvKYlo21Xk7RmQd',
  object: 'event',
  api_version: '2024-06-20',
  created: 1_723_456_789,
  data: {
    object: {
      id: 'pi_3PqL9aB2eZvKYlo21wNn4TgH',
      object: 'payment_intent',
      amount: 4999,
      amount_capturable: 0,
      amount_received: 4999,
      application: null,
      automatic_payment_methods: { allow_redirects: 'never', enabled: true },
      capture_method: 'automatic_async',
      client_secret: 'pi_3PqL9aB2eZvKYlo21wNn4TgH_secret_Vq8sXl2cJ0mYtR4aWbNf',
      confirmation_method: 'automatic',
      created: 1_723_456_780,
      currency: 'eur',
      customer: 'cus_QhT4eRzY8kLmNp',
      description: 'Order #10482: 1x Porthole Pro (annual)',
      latest_charge: 'ch_3PqL9aB2eZvKYlo2136hJ0sW',
      livemode: false,
      metadata: { order_id: '10482', cart_id: 'c_8f14e45fceea167a', channel: 'web' },
      payment_method: 'pm_1PqL9ZB2eZvKYlo2wQm1xK7c',
      payment_method_configuration_details: { id: 'pmc_1NnkqLB2eZvKYlo2vWJ0fS9r', parent: null },
      payment_method_options: {
        card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
      },
      payment_method_types: ['card', 'link'],
      receipt_email: 'jane.doe@example.com',
      shipping: {
        address: {
          city: 'Lyon',
          country: 'FR',
          line1: '12 rue de la République',
          line2: null,
          postal_code: '69002',
          state: null,
        },
        name: 'Jane Doe',
        phone: '+33 4 72 00 00 00',
      },
      statement_descriptor: 'PORTHOLE PRO',
      status: 'succeeded',
    },
  },
  livemode: false,
  pending_webhooks: 2,
  request: { id: 'req_Xk2mQ9vLp4TtRz', idempotency_key: 'a3f1c2e4-5b6d-4e8f-9a0b-1c2d3e4f5a6b' },
  type: 'payment_intent.succeeded',
};

export const STRIPE_WEBHOOK_BODY: Buffer = Buffer.from(JSON.stringify(event));

export const STRIPE_WEBHOOK_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  'stripe-signature':
    't=1723456789,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39',
  'cache-control': 'no-cache',
  accept: '*/*; q=0.5, application/xml',
};
