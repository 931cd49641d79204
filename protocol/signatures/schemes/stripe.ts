// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 over `${t}.${body}`
// keyed by the whole whsec_… text. Stripe sends one v1 per active secret while rolling.
import { concatBytes, utf8 } from '../bytes.js';
import { checkTimestamp, failure, missingHeaders, parseUnixTime } from '../explain.js';
import { readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../presets.js';
import type { SchemeModule } from './types.js';

const HEADER = 'Stripe-Signature';

function signedPayload(timestamp: string, body: Uint8Array): Uint8Array {
  return concatBytes([utf8(`${timestamp}.`), body]);
}

export const stripe: SchemeModule<'stripe'> = {
  async verify({ check, request, nowMs }) {
    const read = readHeader(request.headers, HEADER);
    if (read.value === null) return missingHeaders('stripe', [read]);
    let t: string | null = null;
    const v1: string[] = [];
    for (const part of read.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (key === 't' && t === null) t = value;
      else if (key === 'v1') v1.push(value);
    }
    const notes = ['v0 (test-mode legacy) and other signature versions are ignored, as Stripe does'];
    if (t === null || v1.length === 0) {
      return failure('stripe', 'malformed', {
        summary: `${HEADER} has no ${t === null ? 't= timestamp' : 'v1= signature'}`,
        headersRead: [read],
        notes: ['expected the form t=<unix seconds>,v1=<hex HMAC-SHA256>'],
      });
    }
    const unix = parseUnixTime(t);
    const timestamp = checkTimestamp(
      `t= in ${HEADER}`,
      t,
      unix,
      nowMs,
      check.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    );
    if (unix === null) {
      return failure('stripe', 'malformed', { summary: `t=${t} is not a Unix time`, headersRead: [read], timestamp });
    }
    return verifyMac({
      scheme: 'stripe',
      secrets: check.secrets,
      derivation: 'utf8',
      hash: 'SHA-256',
      encoding: 'hex',
      received: v1,
      candidates: v1,
      signed: signedPayload(t, request.body),
      headersRead: [read],
      timestamp,
      signatureSource: `the v1 entries of ${HEADER}`,
      notes,
    });
  },

  async sign({ check, request, nowMs }) {
    const t = String(Math.floor(nowMs / 1000));
    const sig = await signMac(check.secrets, 'utf8', 'SHA-256', 'hex', signedPayload(t, request.body));
    return { headers: [[HEADER, `t=${t},v1=${sig}`]] };
  },
};
