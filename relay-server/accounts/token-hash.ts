// Tokens and codes are stored only as SHA-256 hashes and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison of two hashes; unequal lengths are simply unequal, never a throw. */
export function hashesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 32 random bytes as base64url: the secret half of every token the relay issues. */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}
