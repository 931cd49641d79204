// Webhook signature schemes: verification with an owner-facing explanation, and re-signing.
// Pure TypeScript on Web Crypto, for the relay (Node) and the renderer (browser) alike.
export { base64Decode, base64Encode, base64UrlEncode } from './base64.js';
export { type ConfigProblems, describeConfigProblems } from './config-problems.js';
export { constantTimeEqual, constantTimeEqualText } from './constant-time.js';
export { FINGERPRINT_LENGTH } from './crypto-keys.js';
export { SigningError, type SigningErrorCode } from './errors.js';
export { SIGNED_TEXT_LIMIT } from './explain.js';
export { applySignedHeaders, readHeader } from './headers.js';
export {
  checkFromPreset,
  DEFAULT_JWT_LEEWAY_SECONDS,
  DEFAULT_TOLERANCE_SECONDS,
  presets,
  type SignaturePreset,
} from './presets.js';
export { signRequest } from './sign.js';
export * from './signature-check.js';
export { verifySignature } from './verify.js';
