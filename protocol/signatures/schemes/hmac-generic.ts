// A generic HMAC check for senders without a preset: algorithm, encoding, header, prefix and a
// signed-content template, with an optional timestamp header and tolerance.

import { newId } from '../../ids.js';
import { checkTimestamp, failure, missingHeaders, parseUnixTime } from '../explain.js';
import { readHeader } from '../headers.js';
import { HASH_NAMES, type KeyDerivation, signMac, verifyMac } from '../hmac.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../presets.js';
import type { CheckOf, HeaderRead, SignatureRequest, TimestampCheck } from '../signature-check.js';
import { parseTemplate, renderTemplate } from './template.js';
import type { SchemeModule } from './types.js';

type HmacCheck = CheckOf<'hmac'>;

const DEFAULT_TEMPLATE = '{body}';

function valuesFor(request: SignatureRequest, values: { timestamp?: string; id?: string }) {
  return (placeholder: string): Uint8Array | string => {
    if (placeholder === 'body') return request.body;
    if (placeholder === 'url') return request.url;
    if (placeholder === 'method') return request.method;
    if (placeholder === 'timestamp') return values.timestamp ?? '';
    if (placeholder === 'id') return values.id ?? '';
    return readHeader(request.headers, placeholder.slice('header:'.length)).value ?? '';
  };
}

/** Headers the template needs, in the order they are read. */
function headersNeeded(check: HmacCheck, placeholders: Set<string>): { name: string; role: string }[] {
  const out = [{ name: check.header, role: 'signature' }];
  if (check.timestampHeader) out.push({ name: check.timestampHeader, role: 'timestamp' });
  if (check.idHeader) out.push({ name: check.idHeader, role: 'id' });
  for (const p of placeholders) if (p.startsWith('header:')) out.push({ name: p.slice(7), role: 'signed' });
  return out;
}

function configProblem(check: HmacCheck, placeholders: Set<string>): string | null {
  if (placeholders.has('timestamp') && !check.timestampHeader)
    return 'the template uses {timestamp} but no timestamp header is set';
  if (placeholders.has('id') && !check.idHeader) return 'the template uses {id} but no id header is set';
  return null;
}

const derivationOf = (check: HmacCheck): KeyDerivation => check.secretEncoding ?? 'utf8';

export const hmacGeneric: SchemeModule<'hmac'> = {
  async verify({ check, request, nowMs }) {
    const parts = parseTemplate(check.template ?? DEFAULT_TEMPLATE);
    const placeholders = new Set(parts.flatMap((p) => ('placeholder' in p ? [p.placeholder] : [])));
    const needed = headersNeeded(check, placeholders);
    const reads: HeaderRead[] = needed.map(({ name }) => readHeader(request.headers, name));
    const problem = configProblem(check, placeholders);
    if (problem) return failure('hmac', 'config_error', { summary: `Check config: ${problem}`, headersRead: reads });
    if (reads.some((r) => r.value === null)) return missingHeaders('hmac', reads);
    const value = (role: string) => reads[needed.findIndex((n) => n.role === role)]?.value ?? undefined;

    const raw = value('signature')!.trim();
    const prefix = check.prefix ?? '';
    let timestamp: TimestampCheck | null = null;
    const ts = value('timestamp');
    if (ts !== undefined) {
      const unix = parseUnixTime(ts, check.timestampUnit);
      timestamp = checkTimestamp(
        check.timestampHeader!,
        ts,
        unix,
        nowMs,
        check.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      );
      if (unix === null) {
        return failure('hmac', 'malformed', {
          summary: `${check.timestampHeader} is not a Unix time in ${check.timestampUnit ?? 'seconds'}`,
          headersRead: reads,
          timestamp,
        });
      }
    }
    // Prefixes such as "sha256=" are compared without regard to case, as senders vary.
    if (prefix && raw.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
      return failure('hmac', 'malformed', {
        summary: `${check.header} does not start with "${prefix}"`,
        headersRead: reads,
        received: [raw],
        timestamp,
      });
    }
    const signed = renderTemplate(parts, valuesFor(request, { timestamp: ts?.trim(), id: value('id') }));
    return verifyMac({
      scheme: 'hmac',
      secrets: check.secrets,
      derivation: derivationOf(check),
      hash: HASH_NAMES[check.algorithm],
      encoding: check.encoding,
      display: (sig) => `${prefix}${sig}`,
      received: [raw],
      candidates: [raw.slice(prefix.length)],
      signed,
      headersRead: reads,
      timestamp,
      signatureSource: check.header,
      notes: [`signed content template: ${check.template ?? DEFAULT_TEMPLATE}`],
    });
  },

  async sign({ check, request, nowMs }) {
    const parts = parseTemplate(check.template ?? DEFAULT_TEMPLATE);
    const headers: [string, string][] = [];
    let timestamp: string | undefined;
    let id: string | undefined;
    if (check.timestampHeader) {
      timestamp = String(check.timestampUnit === 'milliseconds' ? Math.floor(nowMs) : Math.floor(nowMs / 1000));
      headers.push([check.timestampHeader, timestamp]);
    }
    if (check.idHeader) {
      id = newId('msg', nowMs);
      headers.push([check.idHeader, id]);
    }
    const signed = renderTemplate(parts, valuesFor(request, { timestamp, id }));
    const sig = await signMac(check.secrets, derivationOf(check), HASH_NAMES[check.algorithm], check.encoding, signed);
    headers.push([check.header, `${check.prefix ?? ''}${sig}`]);
    return { headers };
  },
};
