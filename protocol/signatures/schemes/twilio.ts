// Twilio: `X-Twilio-Signature: <base64>`, HMAC-SHA1 keyed by the auth token over the full URL
// Twilio called, followed — for form posts — by every POST parameter sorted by name, each as
// name+value with no separators. JSON posts carry `bodySHA256=<hex SHA-256 of the body>` in the
// URL instead, and the signature covers the URL alone.
import { sha256Hex, utf8 } from '../bytes.js';
import { constantTimeEqualText } from '../constant-time.js';
import { describeSignedContent, failure, missingHeaders } from '../explain.js';
import { type HeaderList, readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import type { SignatureRequest, VerificationResult } from '../signature-check.js';
import type { SchemeModule } from './types.js';

const HEADER = 'X-Twilio-Signature';
const BODY_HASH_PARAM = 'bodySHA256';

class FormError extends Error {}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new FormError(`"${text.slice(0, 40)}" is not valid form encoding`);
  }
}

/** application/x-www-form-urlencoded pairs, decoded, sorted by name then value. */
function sortedFormParams(body: Uint8Array): [string, string][] {
  const text = new TextDecoder().decode(body);
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeFormComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeFormComponent(part.slice(eq + 1));
    pairs.push([name, value]);
  }
  return pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
}

function isFormPost(method: string, headers: HeaderList): boolean {
  const type = readHeader(headers, 'Content-Type').value ?? '';
  return method.toUpperCase() === 'POST' && /^\s*application\/x-www-form-urlencoded\b/i.test(type);
}

/** The raw value of `bodySHA256` in the URL's query, as sent (no normalisation of the URL). */
function bodyHashParam(url: string): string | null {
  const query = url.split('#')[0]!.split('?')[1];
  if (query === undefined) return null;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === BODY_HASH_PARAM) return part.slice(eq + 1);
  }
  return null;
}

function withBodyHash(url: string, hash: string): string {
  return url.replace(new RegExp(`([?&]${BODY_HASH_PARAM}=)[^&#]*`), `$1${hash}`);
}

const AUTHORITY = /^(https?):\/\/([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(:\d+)?/i;

/**
 * Twilio's own validators also accept the URL with the default port added or removed, because
 * proxies disagree on spelling it; so do we, as a second try.
 */
function portVariant(url: string): string | null {
  const m = AUTHORITY.exec(url);
  if (!m) return null;
  const [whole, scheme, userinfo = '', host, port] = m;
  const defaultPort = scheme!.toLowerCase() === 'https' ? ':443' : ':80';
  if (port === undefined) return `${scheme}://${userinfo}${host}${defaultPort}${url.slice(whole.length)}`;
  if (port === defaultPort) return `${scheme}://${userinfo}${host}${url.slice(whole.length)}`;
  return null;
}

function signedText(url: string, request: SignatureRequest): string {
  if (bodyHashParam(url) !== null || !isFormPost(request.method, request.headers)) return url;
  return (
    url +
    sortedFormParams(request.body)
      .map(([n, v]) => n + v)
      .join('')
  );
}

export const twilio: SchemeModule<'twilio'> = {
  async verify({ check, request }) {
    const read = readHeader(request.headers, HEADER);
    if (read.value === null) return missingHeaders('twilio', [read]);
    if (!AUTHORITY.test(request.url)) {
      return failure('twilio', 'config_error', {
        summary: 'Twilio signs the full public URL it called, and none was given',
        headersRead: [read],
        notes: [`request URL was "${request.url}"`],
      });
    }
    const notes: string[] = [];
    const declaredHash = bodyHashParam(request.url);
    let bodyHashOk = true;
    if (declaredHash !== null) {
      const actual = await sha256Hex(request.body);
      bodyHashOk = constantTimeEqualText(actual, declaredHash.toLowerCase());
      notes.push(
        bodyHashOk
          ? `${BODY_HASH_PARAM} in the URL matches the body`
          : `${BODY_HASH_PARAM} in the URL is ${declaredHash}, but the body hashes to ${actual}: the body was changed`,
      );
    }
    const value = read.value.trim();
    const attempt = async (url: string): Promise<VerificationResult> => {
      let text: string;
      try {
        text = signedText(url, request);
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        return failure('twilio', 'malformed', { summary: `The form body ${error.message}`, headersRead: [read] });
      }
      return verifyMac({
        scheme: 'twilio',
        secrets: check.secrets,
        derivation: 'utf8',
        hash: 'SHA-1',
        encoding: 'base64',
        received: [value],
        candidates: [value],
        signed: utf8(text),
        headersRead: [read],
        signatureSource: HEADER,
        notes,
      });
    };
    let result = await attempt(request.url);
    const variant = portVariant(request.url);
    if (!result.ok && result.reason === 'mismatch' && variant) {
      const second = await attempt(variant);
      if (second.ok)
        result = { ...second, notes: [...(second.notes ?? []), `matched with the URL spelled ${variant}`] };
      else result.explanation.notes.push(`also tried the URL spelled ${variant}`);
    }
    if (result.ok && !bodyHashOk) {
      return failure('twilio', 'mismatch', {
        summary: `The URL's signature is valid, but the body does not match its ${BODY_HASH_PARAM}`,
        headersRead: [read],
        signedContent: await describeSignedContent(utf8(request.url)),
        received: [value],
        notes,
      });
    }
    return result;
  },

  async sign({ check, request }) {
    const declaredHash = bodyHashParam(request.url);
    const url = declaredHash === null ? request.url : withBodyHash(request.url, await sha256Hex(request.body));
    const sig = await signMac(check.secrets, 'utf8', 'SHA-1', 'base64', utf8(signedText(url, request)));
    return url === request.url ? { headers: [[HEADER, sig]] } : { headers: [[HEADER, sig]], url };
  },
};
