// Builders for the owner-facing explanation of a failed check. Everything here is plain JSON.
import { sha256Hex, utf8Text } from './bytes.js';
import { duplicateNotes } from './headers.js';
import type {
  FailureReason,
  HeaderRead,
  SecretTried,
  SignatureScheme,
  SignedContent,
  TimestampCheck,
  VerificationFailure,
  VerificationSuccess,
} from './signature-check.js';

/** Bytes of signed content shown as text; the length and a digest of the whole are always given. */
export const SIGNED_TEXT_LIMIT = 2048;

export async function describeSignedContent(bytes: Uint8Array): Promise<SignedContent> {
  const truncated = bytes.byteLength > SIGNED_TEXT_LIMIT;
  return {
    text: utf8Text(truncated ? bytes.subarray(0, SIGNED_TEXT_LIMIT) : bytes),
    byteLength: bytes.byteLength,
    truncated,
    sha256: await sha256Hex(bytes),
  };
}

/** Unix time from a header: digits only (seconds by default), else null. */
export function parseUnixTime(value: string, unit: 'seconds' | 'milliseconds' = 'seconds'): number | null {
  const text = value.trim();
  if (!/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return unit === 'milliseconds' ? n / 1000 : n;
}

export function checkTimestamp(
  source: string,
  value: string,
  unixSeconds: number | null,
  nowMs: number,
  toleranceSeconds: number,
): TimestampCheck {
  const nowUnixSeconds = Math.floor(nowMs / 1000);
  const skewSeconds = unixSeconds === null ? null : Math.round((nowMs / 1000 - unixSeconds) * 1000) / 1000;
  return {
    source,
    value,
    unixSeconds,
    nowUnixSeconds,
    skewSeconds,
    toleranceSeconds,
    withinTolerance: skewSeconds !== null && Math.abs(skewSeconds) <= toleranceSeconds,
  };
}

export function describeSkew(t: TimestampCheck): string {
  if (t.skewSeconds === null) return `${t.source} is not a Unix time`;
  const amount = `${Math.abs(t.skewSeconds)} s`;
  const when = t.skewSeconds >= 0 ? `${amount} old` : `${amount} in the future`;
  return `${t.source} is ${when} (tolerance ${t.toleranceSeconds} s)`;
}

export interface FailureParts {
  summary: string;
  headersRead: HeaderRead[];
  signedContent?: SignedContent | null;
  timestamp?: TimestampCheck | null;
  received?: string[];
  secretsTried?: SecretTried[];
  notes?: string[];
}

export function failure(scheme: SignatureScheme, reason: FailureReason, parts: FailureParts): VerificationFailure {
  return {
    ok: false,
    scheme,
    reason,
    explanation: {
      scheme,
      summary: parts.summary,
      headersRead: parts.headersRead,
      signedContent: parts.signedContent ?? null,
      timestamp: parts.timestamp ?? null,
      received: parts.received ?? [],
      secretsTried: parts.secretsTried ?? [],
      notes: [...duplicateNotes(parts.headersRead), ...(parts.notes ?? [])],
    },
  };
}

export function success(
  scheme: SignatureScheme,
  secretIndex: number,
  headersRead: HeaderRead[],
  notes: string[] = [],
): VerificationSuccess {
  const all = [...duplicateNotes(headersRead), ...notes];
  return all.length > 0 ? { ok: true, scheme, secretIndex, notes: all } : { ok: true, scheme, secretIndex };
}

export function missingHeaders(scheme: SignatureScheme, reads: HeaderRead[], notes: string[] = []) {
  const missing = reads.filter((r) => r.value === null).map((r) => r.name);
  return failure(scheme, 'missing_header', {
    summary: `Missing header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    headersRead: reads,
    notes,
  });
}

export function ordinal(index: number): string {
  return `secret #${index + 1}`;
}
