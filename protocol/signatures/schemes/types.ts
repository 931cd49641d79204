// What every scheme module provides: verification and, for re-signing replays, signing.
import type {
  CheckOf,
  SignatureRequest,
  SignatureScheme,
  SignedHeaders,
  VerificationResult,
} from '../signature-check.js';

export interface SchemeContext<S extends SignatureScheme> {
  check: CheckOf<S>;
  request: SignatureRequest;
  nowMs: number;
}

export interface SchemeModule<S extends SignatureScheme> {
  verify(ctx: SchemeContext<S>): Promise<VerificationResult>;
  /** Fresh signature headers made with the first secret (new timestamp, new id where there is one). */
  sign(ctx: SchemeContext<S>): Promise<SignedHeaders>;
}
