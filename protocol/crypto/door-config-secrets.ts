// A door config as it is stored: JSON text in which only the signing secrets are sealed.
// Everything else (scheme, header names, schema, limits, responses) stays plain JSON so an
// operator can still read a row and a migration can still change it; the secrets array
// becomes `{ "sealed": "v1.…" }`, bound to the row's label plus the field path. The plain
// parts are not authenticated: whoever can write the database can change them, just as
// they could change any other column; what they cannot do is read or swap the secrets.
import type { DoorConfig, DoorSignature } from '../endpoint-door.js';
import type { SignatureCheck } from '../signatures/signature-check.js';
import { type SecretBox, SecretBoxError } from './secret-box.js';

export interface SealedSecrets {
  sealed: string;
}

type SealedCheck<C> = C extends unknown ? Omit<C, 'secrets'> & { secrets: SealedSecrets } : never;

/** DoorConfig with signature.check.secrets sealed; deliberately not a valid DoorConfig. */
export type SealedDoorConfig = Omit<DoorConfig, 'signature'> & {
  signature: (Omit<DoorSignature, 'check'> & { check: SealedCheck<SignatureCheck> }) | null;
};

const SECRETS_FIELD = 'signature.check.secrets';

function secretsLabel(label: string): string {
  return `${label}#${SECRETS_FIELD}`;
}

/** `label` names the row, e.g. `endpoint:${id}:door`; the same label must be given to open it. */
export async function sealDoorConfig(box: SecretBox, config: DoorConfig, label: string): Promise<string> {
  const sealed: SealedDoorConfig = {
    ...config,
    signature: config.signature && {
      ...config.signature,
      check: {
        ...config.signature.check,
        secrets: { sealed: await box.sealJson(config.signature.check.secrets, secretsLabel(label)) },
      } as SealedCheck<SignatureCheck>,
    },
  };
  return JSON.stringify(sealed);
}

export async function openDoorConfig(box: SecretBox, stored: string, label: string): Promise<DoorConfig> {
  let parsed: SealedDoorConfig;
  try {
    parsed = JSON.parse(stored) as SealedDoorConfig;
  } catch {
    throw new SecretBoxError('malformed', `the door config of "${label}" is not JSON`);
  }
  if (!parsed.signature) return { ...parsed, signature: null };
  const holder = parsed.signature.check.secrets as unknown;
  if (typeof holder !== 'object' || holder === null || typeof (holder as SealedSecrets).sealed !== 'string') {
    // Never fall back to reading plain secrets: a row like that should not exist.
    throw new SecretBoxError('malformed', `the door config of "${label}" has no sealed signing secrets`);
  }
  const secrets = await box.openJson((holder as SealedSecrets).sealed, secretsLabel(label));
  if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string')) {
    throw new SecretBoxError('malformed', `the signing secrets of "${label}" did not open to a list of strings`);
  }
  return {
    ...parsed,
    signature: { ...parsed.signature, check: { ...parsed.signature.check, secrets } as SignatureCheck },
  };
}
