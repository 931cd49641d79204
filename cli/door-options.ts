// Turns the door flags of `porthole endpoints create|update` into a DoorConfig: the flags given
// are applied over a base (the defaults, or the endpoint's current config), so an update only
// changes what was named. Then the whole config is checked as the relay would check it, so a
// problem is reported here in one line instead of later as a sync error.
import type { Command } from 'commander';
import { describeDoorConfigProblems } from '../protocol/door-config-problems.js';
import type {
  DoorConfig,
  DoorFilter,
  DoorRateLimit,
  DoorResponse,
  OnFail,
  StaticResponse,
} from '../protocol/endpoint-door.js';
import { DEFAULT_STATIC_RESPONSE, DoorConfig as DoorConfigSchema } from '../protocol/endpoint-door.js';
import { checkFromPreset, type SignatureCheck, type SignatureScheme } from '../protocol/signatures/index.js';
import { validator } from '../protocol/validator.js';
import { doorConfigErrors } from '../relay-server/api/door-config-check.js';
import { staticResponseProblems } from '../relay-server/door/static-response.js';
import {
  choiceArg,
  cidrArg,
  collect,
  onFailArg,
  passthroughArg,
  rateLimitArg,
  respondArg,
  schemaFileArg,
  schemeArg,
} from './door-flag-parsers.js';
import { filterArg, sizeArg } from './option-parsers.js';

/** What commander hands over; a `false` is a `--no-X` flag. */
export interface DoorFlags {
  verify?: SignatureScheme | false;
  secret?: string[];
  onFail?: OnFail;
  header?: string;
  algorithm?: string;
  encoding?: 'hex' | 'base64';
  prefix?: string;
  template?: string;
  timestampHeader?: string;
  schema?: unknown;
  rateLimit?: DoorRateLimit | false;
  allow?: string[] | false;
  maxBody?: number;
  respond?: StaticResponse;
  passthrough?: number | false;
  acceptOnly?: string | false;
  onMiss?: DoorFilter['onMiss'];
}

const ALGORITHMS = ['sha1', 'sha256', 'sha512', 'HS256', 'RS256'] as const;

/** The door flags; `update` also gets the `--no-X` flags that clear a check. */
export function addDoorOptions(command: Command, forUpdate: boolean): Command {
  command
    .option(
      '--verify <scheme>',
      'check signatures: stripe, github, slack, shopify, twilio, standard-webhooks, svix, hmac, basic, api-key, jwt',
      schemeArg,
    )
    .option('--secret <secret>', 'signing secret (repeat to accept several while rotating; replaces the list)', collect)
    .option('--on-fail <mode>', 'reject (default) or flag: for the signature and schema checks', onFailArg)
    .option('--header <name>', 'hmac/api-key/jwt: the header that carries the signature or key')
    .option(
      '--algorithm <alg>',
      'hmac: sha1|sha256|sha512; github: sha1|sha256; jwt: HS256|RS256',
      choiceArg('--algorithm', ALGORITHMS),
    )
    .option('--encoding <enc>', 'hmac: hex|base64', choiceArg('--encoding', ['hex', 'base64'] as const))
    .option('--prefix <p>', 'hmac/api-key/jwt: text before the value, e.g. "sha256=" or "Bearer "')
    .option('--template <t>', 'hmac: what is signed, e.g. "{timestamp}.{body}"')
    .option('--timestamp-header <name>', 'hmac: the header with the timestamp a {timestamp} template signs')
    .option('--schema <file>', 'a JSON Schema file the payload must match', schemaFileArg)
    .option('--rate-limit <n/window>', 'at most N requests per window, e.g. 100/1m', rateLimitArg)
    .option('--allow <cidr>', 'only these addresses may send (repeatable), e.g. 10.0.0.0/8', cidrArg)
    .option('--max-body <size>', 'largest body accepted, e.g. 5mb', sizeArg)
    .option('--respond <status[:file]>', 'answer senders with this status (and the body in file)', respondArg)
    .option(
      '--passthrough <timeout>',
      "answer with the local service's response, within timeout (e.g. 5s)",
      passthroughArg,
    )
    .option('--accept-only <filter>', 'accept only webhooks this filter matches (docs/filters.md)', filterArg)
    .option(
      '--on-miss <mode>',
      'what --accept-only does with the rest: skip (default: answer 2xx, keep, do not forward), flag or reject (422)',
      choiceArg('--on-miss', ['skip', 'flag', 'reject'] as const),
    );
  if (forUpdate) {
    command
      .option('--no-verify', 'stop checking signatures')
      .option('--no-schema', 'stop checking the payload schema')
      .option('--no-rate-limit', 'remove the rate limit')
      .option('--no-allow', 'accept any sender address')
      .option('--no-passthrough', 'answer with the static response again')
      .option('--no-accept-only', 'accept every webhook again');
  }
  return command;
}

const SCHEME_OPTIONS: Record<string, readonly (keyof DoorFlags)[]> = {
  hmac: ['header', 'algorithm', 'encoding', 'prefix', 'template', 'timestampHeader'],
  'api-key': ['header', 'prefix'],
  jwt: ['header', 'prefix', 'algorithm'],
  github: ['algorithm'],
};
const CHECK_FLAGS = ['header', 'algorithm', 'encoding', 'prefix', 'template', 'timestampHeader'] as const;
const flagName = (f: string) => f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function applySignature(current: DoorConfig['signature'], flags: DoorFlags): DoorConfig['signature'] {
  if (flags.verify === false) return null;
  const touched = CHECK_FLAGS.filter((f) => flags[f] !== undefined);
  if (flags.verify === undefined && !flags.secret && touched.length === 0) {
    return current && flags.onFail ? { ...current, onFail: flags.onFail } : current;
  }
  const scheme = flags.verify ?? current?.check.scheme;
  if (!scheme) throw new Error(`--${flags.secret ? 'secret' : flagName(touched[0]!)} needs --verify SCHEME`);
  const secrets = flags.secret ?? current?.check.secrets;
  if (!secrets?.length) throw new Error(`--verify ${scheme} needs at least one --secret`);
  const allowed = SCHEME_OPTIONS[scheme] ?? [];
  const foreign = touched.find((f) => !allowed.includes(f));
  if (foreign) throw new Error(`--${flagName(foreign)} does not apply to --verify ${scheme}`);
  // The same scheme keeps its options; a new scheme starts from its preset.
  const base = current && current.check.scheme === scheme ? current.check : checkFromPreset(scheme, secrets);
  const check = { ...base, secrets } as Record<string, unknown>;
  for (const f of touched) check[f] = flags[f];
  return { check: check as SignatureCheck, onFail: flags.onFail ?? current?.onFail ?? 'reject' };
}

function applyResponse(current: DoorResponse, flags: DoorFlags): DoorResponse {
  const currentStatic = current.mode === 'static' ? current.response : current.fallback;
  const response = flags.respond ?? currentStatic ?? DEFAULT_STATIC_RESPONSE;
  if (flags.passthrough === false) return { mode: 'static', response };
  if (typeof flags.passthrough === 'number') {
    return { mode: 'passthrough', timeoutMs: flags.passthrough, fallback: response };
  }
  if (!flags.respond) return current;
  // --respond alone keeps the mode: in passthrough it is the fallback.
  return current.mode === 'passthrough' ? { ...current, fallback: response } : { mode: 'static', response };
}

function applyFilter(current: DoorFilter | null, flags: DoorFlags): DoorFilter | null {
  if (flags.acceptOnly === false) return null;
  if (flags.acceptOnly) return { expression: flags.acceptOnly, onMiss: flags.onMiss ?? current?.onMiss ?? 'skip' };
  if (flags.onMiss && !current) throw new Error('--on-miss needs --accept-only FILTER');
  return current && flags.onMiss ? { ...current, onMiss: flags.onMiss } : current;
}

/** The flags applied over `base`; throws with a one-line reason when the result cannot work. */
export function applyDoorFlags(base: DoorConfig, flags: DoorFlags): { door: DoorConfig; warnings: string[] } {
  const schema =
    flags.schema === false
      ? null
      : flags.schema !== undefined
        ? { schema: flags.schema, onFail: flags.onFail ?? base.schema?.onFail ?? 'reject' }
        : base.schema && flags.onFail
          ? { ...base.schema, onFail: flags.onFail }
          : base.schema;
  const door: DoorConfig = {
    ...base,
    signature: applySignature(base.signature, flags),
    schema,
    rateLimit: flags.rateLimit === false ? null : (flags.rateLimit ?? base.rateLimit),
    allow: flags.allow === false ? null : flags.allow ? { cidrs: flags.allow } : base.allow,
    response: applyResponse(base.response, flags),
  };
  // Absent stays absent, so an update that does not touch it leaves the config as it was.
  const filter = applyFilter(base.filter ?? null, flags);
  if (filter !== null || base.filter !== undefined) door.filter = filter;
  const errors: string[] = [];
  try {
    validator(DoorConfigSchema).parse(door, 'door config');
  } catch (err) {
    errors.push((err as Error).message);
  }
  if (errors.length === 0) errors.push(...doorConfigErrors(door));
  const response = door.response.mode === 'static' ? door.response.response : door.response.fallback;
  errors.push(...staticResponseProblems(response).map((p) => `response: ${p}`));
  if (errors.length > 0) throw new Error(errors.join('; '));
  return { door, warnings: describeDoorConfigProblems(door).warnings };
}
