// An endpoint's JSON Schema check (design: after the signature, 422). Each schema gets its own
// ajv instances, so owners' schemas never share ids, formats or a compiled-schema cache, and a
// dropped schema is garbage like any other object.
//
// Decisions, for docs/door.md:
// - Drafts: 2019-09 keywords (ajv's Ajv2019), and `$schema` may name draft-07 or 2019-09.
// - `$data` off; no remote `$ref` is ever fetched; `$async` schemas are refused.
// - Unknown keywords and unknown formats are accepted and reported as warnings: format is an
//   annotation in the spec, and schemas pasted from OpenAPI carry `x-*`, `example`, `nullable`.
//   The endpoint page shows the warnings, so a typo such as `requird` does not go unnoticed.
// - Patterns run on RE2 (linear-regexp.ts) within a budget of instructions per schema;
//   formats use ajv-formats' fixed expressions (measured linear on adversarial input).
// - Bounds (schema-bounds.ts) keep compile time under a second; ajv running out of stack on
//   a schema within them is reported as "too complex", never thrown.
// - Only own properties count (`required: ["constructor"]` is not met by Object.prototype).
// - All errors are collected for bodies up to ALL_ERRORS_MAX_BODY_BYTES; a larger body reports
//   its first error only, because ajv cannot stop collecting, and 25 MB of failing items would
//   make millions of error objects. At most MAX_REPORTED_ERRORS are returned.
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import draft07MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import ajvFormats from 'ajv-formats';
import { parseJsonBody } from '../../protocol/webhook/json-body.js';
import { linearRegExp, PatternBudgetError, UnsupportedPatternError, withPatternBudget } from './linear-regexp.js';
import { checkSchemaBounds } from './schema-bounds.js';

export const MAX_REPORTED_ERRORS = 100;
export const ALL_ERRORS_MAX_BODY_BYTES = 256 * 1024;
/** RE2 instructions all of one schema's patterns may compile to (a 40-hex-digit pattern is ~45). */
export const MAX_PATTERN_PROGRAM_SIZE = 50_000;
const MAX_TEXT = 300;

const addFormats = ajvFormats.default;

const SUPPORTED_META_SCHEMAS = new Set([
  'http://json-schema.org/draft-07/schema',
  'http://json-schema.org/draft-07/schema#',
  'https://json-schema.org/draft/2019-09/schema',
  'https://json-schema.org/draft/2019-09/schema#',
]);

export interface SchemaError {
  /** JSON Pointer into the body ('' is the whole body), or into the schema for compile problems. */
  path: string;
  message: string;
}

export interface SchemaCheck {
  ok: boolean;
  errors: SchemaError[];
  /** True when there were more errors than listed (over the cap, or a large body's first only). */
  truncated: boolean;
}

export class PayloadSchemaError extends Error {
  constructor(readonly problems: readonly SchemaError[]) {
    super(
      `the payload schema cannot be used: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`,
    );
    this.name = 'PayloadSchemaError';
  }
}

export interface CompiledPayloadSchema {
  /** Unknown keywords and formats that were accepted and will be ignored. */
  readonly warnings: readonly string[];
  /** Parses the raw body as UTF-8 JSON and validates it. Never throws. */
  validateBody(body: Uint8Array): SchemaCheck;
  /** Validates an already parsed body; bodyBytes decides whether every error is collected. Never throws. */
  validateValue(value: unknown, bodyBytes: number): SchemaCheck;
}

// Checking a schema against its meta-schema needs the meta-schemas compiled, which is the slow
// part of an ajv instance: one shared instance does only that and never keeps a user schema.
let metaChecker: Ajv2019 | undefined;
function checkAgainstMetaSchema(schema: unknown): SchemaError[] {
  if (!metaChecker) {
    metaChecker = new Ajv2019({ allErrors: true, $data: false, strict: false, logger: false });
    addFormats(metaChecker);
    metaChecker.addMetaSchema(draft07MetaSchema);
  }
  if (typeof schema === 'boolean') return [];
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared !== undefined && !(typeof declared === 'string' && SUPPORTED_META_SCHEMAS.has(declared))) {
    return [{ path: '/$schema', message: `${JSON.stringify(declared)} is not supported; use draft-07 or 2019-09` }];
  }
  if (metaChecker.validateSchema(schema as object)) return [];
  return (metaChecker.errors ?? []).slice(0, MAX_REPORTED_ERRORS).map(describeError);
}

function newAjv(allErrors: boolean, warnings: string[], unknownFormats: readonly string[]): Ajv2019 {
  const options: Options = {
    allErrors,
    $data: false,
    strictSchema: 'log',
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    ownProperties: true,
    meta: false,
    validateSchema: false,
    addUsedSchema: false,
    // Without allErrors ajv nests a block per subschema, and its optimiser pass over that
    // nesting is what makes large schemas slow to compile; the code runs as fast without it.
    code: { regExp: linearRegExp, optimize: allErrors },
    logger: {
      log() {},
      warn(...args: unknown[]) {
        const text = args
          .map(String)
          .join(' ')
          .replace(/^strict mode: /, '');
        warnings.push(text.replace(/^unknown keyword: (".*")$/, 'unknown keyword $1 is ignored'));
      },
      error() {},
    },
  };
  const ajv = new Ajv2019(options);
  addFormats(ajv);
  for (const name of unknownFormats) ajv.addFormat(name, true);
  return ajv;
}

let knownFormats: Set<string> | undefined;

/** Every `format` name in the schema that ajv-formats does not define. */
function unknownFormatNames(schema: unknown, known: (name: string) => boolean): string[] {
  const found = new Set<string>();
  const stack = [schema];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value)) {
      const format = (value as { format?: unknown }).format;
      if (typeof format === 'string' && !known(format)) found.add(format);
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push(child);
  }
  return [...found].sort();
}

function compileWith(ajv: Ajv2019, text: string): ValidateFunction {
  try {
    const validate = ajv.compile(JSON.parse(text) as object);
    if ((validate as { $async?: boolean }).$async)
      throw new PayloadSchemaError([{ path: '', message: '$async schemas are not supported' }]);
    return validate as ValidateFunction;
  } catch (err) {
    if (err instanceof PayloadSchemaError) throw err;
    if (err instanceof UnsupportedPatternError || err instanceof PatternBudgetError) {
      throw new PayloadSchemaError([{ path: '', message: err.message }]);
    }
    if (err instanceof RangeError) {
      throw new PayloadSchemaError([
        { path: '', message: 'the payload schema is too complex to compile; make it smaller' },
      ]);
    }
    const message = err instanceof Error ? err.message : String(err);
    const ref = /can't resolve reference (\S+)/.exec(message);
    if (ref) {
      throw new PayloadSchemaError([
        {
          path: '',
          message: `$ref ${ref[1]} cannot be resolved: the relay never fetches schemas; put it under $defs`,
        },
      ]);
    }
    throw new PayloadSchemaError([{ path: '', message: clip(message.replace(/^strict mode: /, '')) }]);
  }
}

/**
 * Checks bounds, the meta-schema and every pattern, then compiles. Throws PayloadSchemaError
 * with every problem found at the first stage that failed.
 */
export function compilePayloadSchema(schema: unknown): CompiledPayloadSchema {
  const bounds = checkSchemaBounds(schema);
  if (!bounds.ok) throw new PayloadSchemaError([{ path: '', message: bounds.problem }]);
  const metaProblems = checkAgainstMetaSchema(schema);
  if (metaProblems.length > 0) throw new PayloadSchemaError(metaProblems);

  const warnings: string[] = [];
  knownFormats ??= new Set(Object.keys(newAjv(false, [], []).formats));
  const known = knownFormats;
  const unknownFormats = unknownFormatNames(schema, (name) => known.has(name));
  for (const name of unknownFormats) warnings.push(`unknown format "${name}" is accepted and not checked`);
  // Both compiled now, so a request never waits for a compile.
  const [firstError, allErrors] = withPatternBudget(MAX_PATTERN_PROGRAM_SIZE, () => [
    compileWith(newAjv(false, warnings, unknownFormats), bounds.text),
    compileWith(newAjv(true, [], unknownFormats), bounds.text),
  ]);

  const validateValue = (value: unknown, bodyBytes: number): SchemaCheck => {
    try {
      if (firstError(value)) return { ok: true, errors: [], truncated: false };
      if (bodyBytes > ALL_ERRORS_MAX_BODY_BYTES) {
        return { ok: false, errors: (firstError.errors ?? []).slice(0, 1).map(describeError), truncated: true };
      }
      allErrors(value);
      const errors = allErrors.errors ?? [];
      return {
        ok: false,
        errors: errors.slice(0, MAX_REPORTED_ERRORS).map(describeError),
        truncated: errors.length > MAX_REPORTED_ERRORS,
      };
    } catch (err) {
      // A recursive schema walks as deep as the body is nested; a body nested deeper than the
      // stack allows is refused rather than crashing the request.
      if (err instanceof RangeError) {
        return {
          ok: false,
          errors: [{ path: '', message: 'the body is nested too deeply to validate' }],
          truncated: false,
        };
      }
      // Nothing else is expected from generated validation code; if it happens, the body
      // still gets an answer instead of the request failing.
      const reason = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        errors: [{ path: '', message: clip(`the body could not be validated: ${reason}`) }],
        truncated: false,
      };
    }
  };

  return {
    warnings: [...new Set(warnings)],
    validateValue,
    validateBody(body) {
      const parsed = parseJsonBody(body);
      if (!parsed.ok) return { ok: false, errors: [{ path: '', message: parsed.message }], truncated: false };
      return validateValue(parsed.value, body.byteLength);
    },
  };
}

function describeError(e: ErrorObject): SchemaError {
  const params = e.params as Record<string, unknown>;
  let message = e.message ?? `failed ${e.keyword}`;
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const name = params.additionalProperty ?? params.unevaluatedProperty;
    message = `must NOT have additional property ${JSON.stringify(name)}`;
  } else if (e.keyword === 'enum') {
    message = `must be one of ${JSON.stringify(params.allowedValues)}`;
  } else if (e.keyword === 'const') {
    message = `must be ${JSON.stringify(params.allowedValue)}`;
  }
  return { path: clip(e.instancePath), message: clip(message) };
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}
