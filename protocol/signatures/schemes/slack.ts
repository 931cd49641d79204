// Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 over `v0:${X-Slack-Request-Timestamp}:${body}`.
import { concatBytes, utf8 } from '../bytes.js';
import { checkTimestamp, failure, missingHeaders, parseUnixTime } from '../explain.js';
import { readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../presets.js';
import type { SchemeModule } from './types.js';

const SIGNATURE = 'X-Slack-Signature';
const TIMESTAMP = 'X-Slack-Request-Timestamp';
const PREFIX = 'v0=';

function baseString(timestamp: string, body: Uint8Array): Uint8Array {
  return concatBytes([utf8(`v0:${timestamp}:`), body]);
}

export const slack: SchemeModule<'slack'> = {
  async verify({ check, request, nowMs }) {
    const sig = readHeader(request.headers, SIGNATURE);
    const ts = readHeader(request.headers, TIMESTAMP);
    const reads = [sig, ts];
    if (sig.value === null || ts.value === null) return missingHeaders('slack', reads);
    const value = sig.value.trim();
    const unix = parseUnixTime(ts.value);
    const timestamp = checkTimestamp(
      TIMESTAMP,
      ts.value,
      unix,
      nowMs,
      check.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    );
    if (!value.startsWith(PREFIX) || unix === null) {
      return failure('slack', 'malformed', {
        summary: unix === null ? `${TIMESTAMP} is not a Unix time` : `${SIGNATURE} does not start with "${PREFIX}"`,
        headersRead: reads,
        received: [sig.value],
        timestamp,
      });
    }
    return verifyMac({
      scheme: 'slack',
      secrets: check.secrets,
      derivation: 'utf8',
      hash: 'SHA-256',
      encoding: 'hex',
      display: (hex) => `${PREFIX}${hex}`,
      received: [value],
      candidates: [value.slice(PREFIX.length)],
      signed: baseString(ts.value.trim(), request.body),
      headersRead: reads,
      timestamp,
      signatureSource: SIGNATURE,
    });
  },

  async sign({ check, request, nowMs }) {
    const t = String(Math.floor(nowMs / 1000));
    const sig = await signMac(check.secrets, 'utf8', 'SHA-256', 'hex', baseString(t, request.body));
    return {
      headers: [
        [TIMESTAMP, t],
        [SIGNATURE, `${PREFIX}${sig}`],
      ],
    };
  },
};
