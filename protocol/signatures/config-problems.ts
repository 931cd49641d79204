// Checks a schema cannot express: secrets in the shape their scheme needs, a template that only
// uses headers it has. The UI shows these while editing; verify/sign refuse on errors.
import { deriveKey, SecretFormatError } from './hmac.js';
import { placeholdersOf, unknownPlaceholders } from './schemes/template.js';
import type { SignatureCheck } from './signature-check.js';

export interface ConfigProblems {
  /** The check cannot work as configured. */
  errors: string[];
  /** It works, but probably not as meant. */
  warnings: string[];
}

const which = (i: number) => `secret #${i + 1}`;

export function describeConfigProblems(check: SignatureCheck): ConfigProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (check.secrets.length === 0) errors.push('at least one secret is needed');
  check.secrets.forEach((secret, i) => {
    if (secret.trim() !== secret && check.scheme !== 'jwt') {
      warnings.push(`${which(i)} starts or ends with whitespace, which is part of the key`);
    }
  });
  switch (check.scheme) {
    case 'standard-webhooks':
    case 'svix':
      check.secrets.forEach((secret, i) => {
        try {
          deriveKey(secret, 'whsec');
        } catch (error) {
          if (error instanceof SecretFormatError) errors.push(`${which(i)} ${error.message}`);
          else throw error;
        }
        if (!secret.startsWith('whsec_')) warnings.push(`${which(i)} has no whsec_ prefix; it is read as bare base64`);
      });
      break;
    case 'stripe':
      check.secrets.forEach((secret, i) => {
        if (!secret.startsWith('whsec_')) warnings.push(`${which(i)} does not start with whsec_ as Stripe secrets do`);
      });
      break;
    case 'hmac': {
      const template = check.template ?? '{body}';
      const used = placeholdersOf(template);
      if (used.has('timestamp') && !check.timestampHeader)
        errors.push('the template uses {timestamp}: set a timestamp header');
      if (used.has('id') && !check.idHeader) errors.push('the template uses {id}: set an id header');
      if (!used.has('body')) warnings.push('the template does not include {body}: the body is not protected');
      if (check.timestampHeader && !used.has('timestamp')) {
        warnings.push('the timestamp header is checked for age but is not signed, so it proves nothing');
      }
      for (const p of unknownPlaceholders(template)) warnings.push(`${p} is not a placeholder and is signed literally`);
      if (check.secretEncoding && check.secretEncoding !== 'utf8') {
        check.secrets.forEach((secret, i) => {
          try {
            deriveKey(secret, check.secretEncoding!);
          } catch (error) {
            if (error instanceof SecretFormatError) errors.push(`${which(i)} ${error.message}`);
            else throw error;
          }
        });
      }
      break;
    }
    case 'basic':
      check.secrets.forEach((secret, i) => {
        if (!secret.includes(':')) errors.push(`${which(i)} is not user:password`);
      });
      break;
    case 'jwt':
      check.secrets.forEach((secret, i) => {
        const looksLikeKey = secret.includes('-----BEGIN') || secret.trim().startsWith('{');
        if (check.algorithm === 'HS256' && looksLikeKey) {
          errors.push(`${which(i)} looks like a public key; HS256 needs the shared secret (use RS256 for keys)`);
        }
        if (check.algorithm === 'RS256' && !looksLikeKey) {
          errors.push(`${which(i)} is not a PEM public key or JWK, which RS256 needs`);
        }
      });
      break;
    default:
      break;
  }
  return { errors, warnings };
}
