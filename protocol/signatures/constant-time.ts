// Comparison whose running time depends only on the lengths, never on where inputs differ.

/**
 * True when `a` and `b` hold the same bytes. Never throws on a length mismatch (unlike Node's
 * timingSafeEqual) and never exits early: it walks the longer input, folding the length
 * difference into the result, so a truncated signature costs as long as a wrong one.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

const encoder = new TextEncoder();

export function constantTimeEqualText(a: string, b: string): boolean {
  return constantTimeEqual(encoder.encode(a), encoder.encode(b));
}
