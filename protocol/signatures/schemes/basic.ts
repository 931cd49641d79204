// HTTP Basic: `Authorization: Basic base64(user:password)`; each secret is one user:password pair.
import { base64Decode, base64Encode } from '../base64.js';
import { utf8, utf8Text } from '../bytes.js';
import { prepareSecrets } from '../crypto-keys.js';
import { SigningError } from '../errors.js';
import { failure, missingHeaders, ordinal, success } from '../explain.js';
import { readHeader } from '../headers.js';
import { fingerprintOf, matchCredential, stripPrefix } from './credentials.js';
import type { SchemeModule } from './types.js';

const HEADER = 'Authorization';

export const basic: SchemeModule<'basic'> = {
  async verify({ check, request }) {
    const read = readHeader(request.headers, HEADER);
    if (read.value === null) return missingHeaders('basic', [read]);
    const encoded = stripPrefix(read.value, 'Basic ');
    const decoded = encoded === null ? null : base64Decode(encoded);
    const credential = decoded === null ? null : utf8Text(decoded);
    const colon = credential?.indexOf(':') ?? -1;
    if (credential === null || colon < 0) {
      return failure('basic', 'malformed', {
        summary:
          encoded === null ? `${HEADER} is not "Basic <base64>"` : `${HEADER} does not hold base64 of user:password`,
        headersRead: [{ ...read, value: redactAuthorization(read.value) }],
      });
    }
    const user = credential.slice(0, colon);
    const { index, tried } = await matchCredential(check.secrets, credential);
    if (index >= 0) return success('basic', index, [read]);
    const sameUser = (await prepareSecrets(check.secrets))
      .filter((s) => s.secret.slice(0, s.secret.indexOf(':')) === user)
      .map((s) => ordinal(s.index));
    const passwordLength = credential.length - colon - 1;
    return failure('basic', 'mismatch', {
      summary: `No configured user:password matches the credentials for user "${user}"`,
      headersRead: [{ ...read, value: redactAuthorization(read.value) }],
      received: [`user "${user}", password of ${passwordLength} characters (${await fingerprintOf(credential)})`],
      secretsTried: tried,
      notes: [
        sameUser.length > 0
          ? `user "${user}" is configured in ${sameUser.join(', ')}: the password differs`
          : `no configured secret has user "${user}"`,
        'fingerprints are of the whole user:password text',
      ],
    });
  },

  async sign({ check }) {
    const first = check.secrets[0];
    if (!first?.includes(':')) throw new SigningError('config_error', 'the first secret is not user:password');
    return { headers: [[HEADER, `Basic ${base64Encode(utf8(first))}`]] };
  },
};

/** The header carries the password, base64'd; an explanation shows only its scheme. */
function redactAuthorization(value: string): string {
  const scheme = value.trim().split(/\s+/)[0] ?? '';
  return `${scheme} <${value.length} characters, redacted>`;
}
