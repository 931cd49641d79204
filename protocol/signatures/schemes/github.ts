// GitHub: `X-Hub-Signature-256: sha256=<hex>` (HMAC-SHA256 of the body); the legacy
// `X-Hub-Signature: sha1=<hex>` is read only when the check asks for sha1. No timestamp.
import { failure, missingHeaders } from '../explain.js';
import { readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import type { SchemeModule } from './types.js';

const HEADERS = {
  sha256: { header: 'X-Hub-Signature-256', prefix: 'sha256=', hash: 'SHA-256' },
  sha1: { header: 'X-Hub-Signature', prefix: 'sha1=', hash: 'SHA-1' },
} as const;

export const github: SchemeModule<'github'> = {
  async verify({ check, request }) {
    const algorithm = check.algorithm ?? 'sha256';
    const { header, prefix, hash } = HEADERS[algorithm];
    const read = readHeader(request.headers, header);
    if (read.value === null) {
      const other = algorithm === 'sha256' ? HEADERS.sha1.header : HEADERS.sha256.header;
      const hasOther = readHeader(request.headers, other).value !== null;
      return missingHeaders(
        'github',
        [read],
        hasOther
          ? [`${other} is present; set the algorithm to ${algorithm === 'sha256' ? 'sha1' : 'sha256'} to use it`]
          : [],
      );
    }
    const value = read.value.trim();
    if (!value.startsWith(prefix)) {
      return failure('github', 'malformed', {
        summary: `${header} does not start with "${prefix}"`,
        headersRead: [read],
        received: [read.value],
      });
    }
    return verifyMac({
      scheme: 'github',
      secrets: check.secrets,
      derivation: 'utf8',
      hash,
      encoding: 'hex',
      display: (hex) => `${prefix}${hex}`,
      received: [value],
      candidates: [value.slice(prefix.length)],
      signed: request.body,
      headersRead: [read],
      signatureSource: header,
    });
  },

  async sign({ check, request }) {
    // GitHub sends both; a handler may check either.
    const sha256 = await signMac(check.secrets, 'utf8', 'SHA-256', 'hex', request.body);
    const sha1 = await signMac(check.secrets, 'utf8', 'SHA-1', 'hex', request.body);
    return {
      headers: [
        [HEADERS.sha256.header, `${HEADERS.sha256.prefix}${sha256}`],
        [HEADERS.sha1.header, `${HEADERS.sha1.prefix}${sha1}`],
      ],
    };
  },
};
