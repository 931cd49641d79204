// An API key or bearer token in a header: `Authorization: Bearer KEY` by default, or any header
// with an optional prefix. Compared in constant time against each configured key.
import { failure, missingHeaders, success } from '../explain.js';
import { readHeader } from '../headers.js';
import { defaultPrefix, fingerprintOf, matchCredential, stripPrefix } from './credentials.js';
import type { SchemeModule } from './types.js';

export const apiKey: SchemeModule<'api-key'> = {
  async verify({ check, request }) {
    const header = check.header ?? 'Authorization';
    const prefix = defaultPrefix(header, check.prefix);
    const read = readHeader(request.headers, header);
    if (read.value === null) return missingHeaders('api-key', [read]);
    const key = stripPrefix(read.value, prefix);
    const shown = { ...read, value: `<${read.value.length} characters, redacted>` };
    if (key === null || key === '') {
      return failure('api-key', 'malformed', {
        summary: key === null ? `${header} does not start with "${prefix}"` : `${header} holds no key`,
        headersRead: [shown],
      });
    }
    const { index, tried } = await matchCredential(check.secrets, key);
    if (index >= 0) return success('api-key', index, [read]);
    return failure('api-key', 'mismatch', {
      summary: `The key in ${header} matches no configured key`,
      headersRead: [shown],
      received: [`${prefix}<key of ${key.length} characters, fingerprint ${await fingerprintOf(key)}>`],
      secretsTried: tried,
      notes: ['keys are never shown; compare fingerprints to tell which key the sender used'],
    });
  },

  async sign({ check }) {
    const header = check.header ?? 'Authorization';
    return { headers: [[header, `${defaultPrefix(header, check.prefix)}${check.secrets[0]}`]] };
  },
};
