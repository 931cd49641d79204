// verifySignature: run an endpoint's signature check against a request as the sender made it.
import { describeConfigProblems } from './config-problems.js';
import { failure } from './explain.js';
import { schemes } from './schemes/index.js';
import type { SchemeContext, SchemeModule } from './schemes/types.js';
import type { SignatureCheck, SignatureRequest, SignatureScheme, VerificationResult } from './signature-check.js';

export async function verifySignature(
  check: SignatureCheck,
  request: SignatureRequest,
  now: Date | number = Date.now(),
): Promise<VerificationResult> {
  const { errors } = describeConfigProblems(check);
  if (errors.length > 0) {
    return failure(check.scheme, 'config_error', {
      summary: `The ${check.scheme} check is misconfigured: ${errors[0]}`,
      headersRead: [],
      notes: errors,
    });
  }
  const nowMs = typeof now === 'number' ? now : now.getTime();
  // The map is keyed by scheme, so the module and the check always agree.
  const module = schemes[check.scheme] as SchemeModule<SignatureScheme>;
  return module.verify({ check, request, nowMs } as SchemeContext<SignatureScheme>);
}
