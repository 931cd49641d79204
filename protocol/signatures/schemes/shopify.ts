// Shopify: `X-Shopify-Hmac-Sha256: <base64>`, HMAC-SHA256 of the raw body. No timestamp.
import { missingHeaders } from '../explain.js';
import { readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import type { SchemeModule } from './types.js';

const HEADER = 'X-Shopify-Hmac-Sha256';

export const shopify: SchemeModule<'shopify'> = {
  async verify({ check, request }) {
    const read = readHeader(request.headers, HEADER);
    if (read.value === null) return missingHeaders('shopify', [read]);
    const value = read.value.trim();
    return verifyMac({
      scheme: 'shopify',
      secrets: check.secrets,
      derivation: 'utf8',
      hash: 'SHA-256',
      encoding: 'base64',
      received: [value],
      candidates: [value],
      signed: request.body,
      headersRead: [read],
      signatureSource: HEADER,
    });
  },

  async sign({ check, request }) {
    return { headers: [[HEADER, await signMac(check.secrets, 'utf8', 'SHA-256', 'base64', request.body)]] };
  },
};
