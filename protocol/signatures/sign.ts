// signRequest: fresh signature headers for an (edited) replay, so the local handler's own check
// passes. Uses the first secret; new timestamp, and a new id where the scheme has one.
import { describeConfigProblems } from './config-problems.js';
import { SigningError } from './errors.js';
import { SecretFormatError } from './hmac.js';
import { schemes } from './schemes/index.js';
import type { SchemeContext, SchemeModule } from './schemes/types.js';
import type { SignatureCheck, SignatureRequest, SignatureScheme, SignedHeaders } from './signature-check.js';

/** Throws SigningError when the check cannot sign (RS256 public keys, a misconfigured check). */
export async function signRequest(
  check: SignatureCheck,
  request: SignatureRequest,
  now: Date | number = Date.now(),
): Promise<SignedHeaders> {
  const { errors } = describeConfigProblems(check);
  if (errors.length > 0) throw new SigningError('config_error', `cannot re-sign: ${errors.join('; ')}`);
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const module = schemes[check.scheme] as SchemeModule<SignatureScheme>;
  try {
    return await module.sign({ check, request, nowMs } as SchemeContext<SignatureScheme>);
  } catch (error) {
    if (error instanceof SecretFormatError) throw new SigningError('config_error', `the first secret ${error.message}`);
    throw error;
  }
}
