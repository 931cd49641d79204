// The door's per-endpoint checks, composed in the design's order for the ingest handler:
// source address (IP allowlist, 403), rate limit (429), then signature (401), payload
// schema (422) and the endpoint's filter (422), each either refusing or only recording a
// finding on the stored event (the filter may also keep the event unforwarded: skip).
// Everything compiled from a DoorConfig is cached by the config object: the store hands out
// one object per endpoint revision, so a request never compiles anything.
import type { IncomingMessage } from 'node:http';
import {
  DEFAULT_STATIC_RESPONSE,
  type DoorConfig,
  type DoorFindings,
  type StaticResponse,
} from '../../protocol/endpoint-door.js';
import type { FilterExpr } from '../../protocol/filter/filter-ast.js';
import { compileFilter } from '../../protocol/filter/filter-evaluator.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';
import type { SignatureRequest } from '../../protocol/signatures/signature-check.js';
import { verifySignature } from '../../protocol/signatures/verify.js';
import { type ClientIp, clientIp, compileTrustedProxies, type TrustedProxies } from './client-ip.js';
import { type CompiledAllowlist, compileAllowlist } from './ip-allowlist.js';
import { PayloadSchemaError, type SchemaCheck } from './payload-schema.js';
import { PayloadSchemaCache } from './payload-schema-cache.js';
import { type RateDecision, RateLimiter } from './rate-limiter.js';
import {
  type CompiledStaticResponse,
  compileStaticResponse,
  type RenderedResponse,
  type StaticResponseVars,
} from './static-response.js';

interface CompiledDoor {
  /** null: no allowlist. A list that does not compile lets nobody in (fail closed). */
  allow: CompiledAllowlist | null;
  response: CompiledStaticResponse;
  /** null: no filter, or one that does not parse (saved configs are checked; fail closed). */
  filter: FilterExpr | null;
}

/** A body check that refuses: the sender gets status/code/message (never the explanation). */
export interface Refusal {
  status: 401 | 422;
  code: 'signature_invalid' | 'schema_invalid' | 'filter_mismatch';
  message: string;
  details?: unknown;
}

export interface Inspection {
  /** What the checks found, for the stored event; null when the endpoint has no body checks. */
  findings: DoorFindings | null;
  refusal: Refusal | null;
  /** The filter did not match and says skip: answer as accepted, store it rejected. */
  skip: boolean;
}

/** What the filter reads that the signature request does not carry. */
export interface FilterContext {
  path: string;
  query: string;
  endpointName: string;
}

const NOBODY: CompiledAllowlist = { allows: () => false, warnings: [] };
const defaultResponse = compileStaticResponse(DEFAULT_STATIC_RESPONSE);

export class DoorGate {
  private readonly compiled = new WeakMap<DoorConfig, CompiledDoor>();
  private readonly trusted: TrustedProxies | null;
  private readonly rates = new RateLimiter();
  private readonly schemas = new PayloadSchemaCache();

  /** Throws IpListError when a trusted-proxy entry is not a CIDR: the relay must not start. */
  constructor(trustedProxies: readonly string[]) {
    this.trusted = trustedProxies.length > 0 ? compileTrustedProxies(trustedProxies) : null;
  }

  sourceIp(req: IncomingMessage): ClientIp {
    return clientIp({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers['x-forwarded-for'],
      trusted: this.trusted,
    });
  }

  allows(door: DoorConfig, ip: string): boolean {
    const { allow } = this.compile(door);
    return allow === null || allow.allows(ip);
  }

  rateLimit(endpointId: string, door: DoorConfig, nowMs: number): RateDecision {
    return door.rateLimit ? this.rates.take(endpointId, door.rateLimit, nowMs) : { allowed: true };
  }

  /** Signature, schema, then filter. A refusal stops there: the rest is not worth judging. */
  async inspect(
    door: DoorConfig,
    request: SignatureRequest,
    nowMs: number,
    context: FilterContext,
  ): Promise<Inspection> {
    if (!door.signature && !door.schema && !door.filter) return { findings: null, refusal: null, skip: false };
    const findings: DoorFindings = {};
    if (door.signature) {
      const result = await verifySignature(door.signature.check, request, nowMs);
      findings.signature = result.ok
        ? { ok: true, scheme: result.scheme }
        : { ok: false, scheme: result.scheme, reason: result.reason, explanation: result.explanation };
      if (!result.ok && door.signature.onFail === 'reject') {
        // The explanation is for the owner; the sender learns only that it failed.
        const refusal: Refusal = {
          status: 401,
          code: 'signature_invalid',
          message: 'The webhook signature could not be verified.',
        };
        return { findings, refusal, skip: false };
      }
    }
    if (door.schema) {
      const check = this.validate(door.schema.schema, request.body);
      findings.schema = { ok: check.ok, errors: check.errors.slice(0, 100) };
      if (!check.ok && door.schema.onFail === 'reject') {
        const refusal: Refusal = {
          status: 422,
          code: 'schema_invalid',
          message: "The body does not match this endpoint's payload schema.",
          details: { errors: findings.schema.errors },
        };
        return { findings, refusal, skip: false };
      }
    }
    if (door.filter) {
      const expr = this.compile(door).filter;
      const ok =
        expr !== null &&
        compileFilter(expr, { now: nowMs })({
          method: request.method,
          path: context.path,
          query: context.query,
          headers: request.headers,
          body: request.body,
          status: null,
          verified: findings.signature?.ok ?? null,
          valid: findings.schema?.ok ?? null,
          endpoint: context.endpointName,
          receivedAt: nowMs,
          size: request.body.byteLength,
          replayed: false,
        });
      findings.filter = { ok, expression: door.filter.expression };
      if (!ok && door.filter.onMiss === 'reject') {
        const refusal: Refusal = {
          status: 422,
          code: 'filter_mismatch',
          message: 'This endpoint does not accept this webhook.',
        };
        return { findings, refusal, skip: false };
      }
      if (!ok && door.filter.onMiss === 'skip') return { findings, refusal: null, skip: true };
    }
    return { findings, refusal: null, skip: false };
  }

  /** The answer to an accepted event (static mode, and passthrough's fallback until it exists). */
  respond(door: DoorConfig, vars: StaticResponseVars): RenderedResponse {
    return this.compile(door).response.render(vars);
  }

  private validate(schema: unknown, body: Uint8Array): SchemaCheck {
    try {
      return this.schemas.get(schema).validateBody(body);
    } catch (err) {
      // Saved configs are checked, so this is an old or hand-made one: fail the check, say why.
      if (err instanceof PayloadSchemaError) return { ok: false, errors: [...err.problems], truncated: false };
      throw err;
    }
  }

  private compile(door: DoorConfig): CompiledDoor {
    let compiled = this.compiled.get(door);
    if (!compiled) {
      compiled = {
        allow: door.allow ? safeAllowlist(door.allow) : null,
        response: safeResponse(door.response),
        filter: door.filter ? safeFilter(door.filter.expression) : null,
      };
      this.compiled.set(door, compiled);
    }
    return compiled;
  }
}

function safeAllowlist(allow: NonNullable<DoorConfig['allow']>): CompiledAllowlist {
  try {
    return compileAllowlist(allow);
  } catch {
    return NOBODY;
  }
}

function safeResponse(response: DoorConfig['response']): CompiledStaticResponse {
  const configured: StaticResponse = response.mode === 'static' ? response.response : response.fallback;
  try {
    return compileStaticResponse(configured);
  } catch {
    // Saved configs are checked; an unusable one still answers, with the default.
    return defaultResponse;
  }
}

function safeFilter(expression: string): FilterExpr | null {
  try {
    return parseFilter(expression);
  } catch {
    return null;
  }
}
