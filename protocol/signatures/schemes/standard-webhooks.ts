// Standard Webhooks, and Svix which it grew out of: `{prefix}-id`, `{prefix}-timestamp` and
// `{prefix}-signature` headers; HMAC-SHA256 over `${id}.${timestamp}.${body}` keyed by the base64
// after `whsec_`; the signature header lists space-separated `v1,<base64>` entries.

import { newId } from '../../ids.js';
import { concatBytes, utf8 } from '../bytes.js';
import { checkTimestamp, failure, missingHeaders, parseUnixTime } from '../explain.js';
import { readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../presets.js';
import type { CheckOf } from '../signature-check.js';
import type { SchemeModule } from './types.js';

function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array {
  return concatBytes([utf8(`${id}.${timestamp}.`), body]);
}

// Both schemes have the same options; TypeScript cannot narrow CheckOf<S> for a generic S.
type CommonCheck = CheckOf<'standard-webhooks'> | CheckOf<'svix'>;

function names(prefix: string) {
  return { ID: `${prefix}-id`, TIMESTAMP: `${prefix}-timestamp`, SIGNATURE: `${prefix}-signature` };
}

/**
 * `prefixes[0]` is the scheme's own header family; later ones are read when the first is absent
 * (Svix's libraries accept the unbranded webhook-* headers as well).
 */
function standardWebhooksLike<S extends 'standard-webhooks' | 'svix'>(
  scheme: S,
  prefixes: [string, ...string[]],
): SchemeModule<S> {
  return {
    async verify({ check: c, request, nowMs }) {
      const check = c as CommonCheck;
      const prefix = prefixes.find((p) => readHeader(request.headers, `${p}-signature`).value !== null) ?? prefixes[0];
      const { ID, TIMESTAMP, SIGNATURE } = names(prefix);
      const reads = [ID, TIMESTAMP, SIGNATURE].map((name) => readHeader(request.headers, name));
      const [id, ts, sig] = reads as [(typeof reads)[0], (typeof reads)[0], (typeof reads)[0]];
      if (id.value === null || ts.value === null || sig.value === null) return missingHeaders(scheme, reads);
      const unix = parseUnixTime(ts.value);
      const timestamp = checkTimestamp(
        TIMESTAMP,
        ts.value,
        unix,
        nowMs,
        check.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      );
      const entries = sig.value.split(' ').filter((e) => e !== '');
      const v1 = entries.filter((e) => e.startsWith('v1,'));
      const notes =
        v1.length < entries.length
          ? [
              `ignored ${entries.length - v1.length} entr${entries.length - v1.length === 1 ? 'y' : 'ies'} that are not v1 (e.g. v1a asymmetric signatures)`,
            ]
          : [];
      if (unix === null || v1.length === 0) {
        return failure(scheme, 'malformed', {
          summary: unix === null ? `${TIMESTAMP} is not a Unix time` : `${SIGNATURE} has no "v1,<base64>" entry`,
          headersRead: reads,
          received: entries,
          timestamp,
          notes,
        });
      }
      return verifyMac({
        scheme,
        secrets: check.secrets,
        derivation: 'whsec',
        hash: 'SHA-256',
        encoding: 'base64',
        display: (b64) => `v1,${b64}`,
        received: v1,
        candidates: v1.map((e) => e.slice(3)),
        signed: signedContent(id.value, ts.value.trim(), request.body),
        headersRead: reads,
        timestamp,
        signatureSource: `the v1 entries of ${SIGNATURE}`,
        notes,
      });
    },

    async sign({ check: c, request, nowMs }) {
      const check = c as CommonCheck;
      const { ID, TIMESTAMP, SIGNATURE } = names(prefixes[0]);
      const id = newId('msg', nowMs);
      const t = String(Math.floor(nowMs / 1000));
      const sig = await signMac(check.secrets, 'whsec', 'SHA-256', 'base64', signedContent(id, t, request.body));
      return {
        headers: [
          [ID, id],
          [TIMESTAMP, t],
          [SIGNATURE, `v1,${sig}`],
        ],
      };
    },
  };
}

export const standardWebhooks = standardWebhooksLike('standard-webhooks', ['webhook']);
export const svix = standardWebhooksLike('svix', ['svix', 'webhook']);
