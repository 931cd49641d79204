// Scheme name → module.
import type { SignatureScheme } from '../signature-check.js';
import { apiKey } from './api-key.js';
import { basic } from './basic.js';
import { github } from './github.js';
import { hmacGeneric } from './hmac-generic.js';
import { jwt } from './jwt.js';
import { shopify } from './shopify.js';
import { slack } from './slack.js';
import { standardWebhooks, svix } from './standard-webhooks.js';
import { stripe } from './stripe.js';
import { twilio } from './twilio.js';
import type { SchemeModule } from './types.js';

export const schemes: { [S in SignatureScheme]: SchemeModule<S> } = {
  stripe,
  github,
  slack,
  shopify,
  twilio,
  'standard-webhooks': standardWebhooks,
  svix,
  hmac: hmacGeneric,
  basic,
  'api-key': apiKey,
  jwt,
};
