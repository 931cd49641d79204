// Thrown by signRequest: re-signing is asked for by the engine, which shows the message.
export type SigningErrorCode = 'cannot_sign' | 'config_error';

export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}
