// Structured JSON logs (pino) on stderr, with tokens, pairing codes and secrets (signing secrets
// of a door config included) redacted wherever they appear in a logged object.
import pino from 'pino';

type DestinationStream = pino.DestinationStream;

export type RelayLogger = pino.Logger;

export const REDACTED_PATHS = [
  'token',
  'deviceToken',
  'adminToken',
  'pairingCode',
  'secret',
  'secrets',
  'authorization',
  '*.token',
  '*.deviceToken',
  '*.adminToken',
  '*.pairingCode',
  '*.secret',
  '*.secrets',
  '*.authorization',
  // A door config's signing secrets, wherever a config is logged: the config itself, an
  // endpoint or request holding it, or one level further in.
  'check.secrets',
  '*.check.secrets',
  '*.signature.check.secrets',
  '*.*.signature.check.secrets',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createRelayLogger(
  level: string = process.env['PORTHOLE_LOG_LEVEL'] ?? 'info',
  destination: DestinationStream = pino.destination(2),
): RelayLogger {
  return pino(
    {
      name: 'porthole-relay',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
