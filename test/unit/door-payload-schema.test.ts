// The door's payload-schema check: bounds before compiling, clear compile errors, warnings for
// unknown keywords and formats, a regex engine that cannot be stalled, error caps, non-JSON
// bodies, the bounded cache, and real GitHub payloads from @octokit/webhooks-examples.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_SCHEMA_BYTES, MAX_PAYLOAD_SCHEMA_DEPTH } from '../../protocol/endpoint-door.js';
import { parseJsonBody } from '../../protocol/webhook/json-body.js';
import {
  ALL_ERRORS_MAX_BODY_BYTES,
  compilePayloadSchema,
  MAX_PATTERN_PROGRAM_SIZE,
  MAX_REPORTED_ERRORS,
  PayloadSchemaError,
} from '../../relay-server/door/payload-schema.js';
import { PayloadSchemaCache } from '../../relay-server/door/payload-schema-cache.js';
import { MAX_PAYLOAD_SCHEMA_OBJECTS } from '../../relay-server/door/schema-bounds.js';

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const githubExamples = createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleGroup[];
const examplesOf = (name: string) => githubExamples.find((g) => g.name === name)!.examples;

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function compileError(schema: unknown): PayloadSchemaError {
  try {
    compilePayloadSchema(schema);
  } catch (err) {
    if (err instanceof PayloadSchemaError) return err;
    throw err;
  }
  throw new Error('expected the schema to be refused');
}

function compileOrError(schema: unknown): 'compiled' | PayloadSchemaError {
  try {
    compilePayloadSchema(schema);
    return 'compiled';
  } catch (err) {
    if (err instanceof PayloadSchemaError) return err;
    throw err;
  }
}

function nested(depth: number): unknown {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < depth; i++) schema = { items: schema };
  return schema;
}

describe('payload schema: what is checked before compiling', () => {
  it('refuses a schema deeper than MAX_PAYLOAD_SCHEMA_DEPTH, and accepts one at the limit', () => {
    expect(() => compilePayloadSchema(nested(MAX_PAYLOAD_SCHEMA_DEPTH))).not.toThrow();
    expect(compileError(nested(MAX_PAYLOAD_SCHEMA_DEPTH + 1)).problems).toEqual([
      { path: '', message: `the payload schema is nested deeper than ${MAX_PAYLOAD_SCHEMA_DEPTH} levels` },
    ]);
    // 100,000 levels would overflow a recursive walk (or ajv); the iterative check just says no.
    expect(compileError(nested(100_000)).message).toMatch(/nested deeper than/);
  });

  it('refuses a schema larger than MAX_PAYLOAD_SCHEMA_BYTES', () => {
    const enumValues = Array.from({ length: MAX_PAYLOAD_SCHEMA_BYTES / 8 }, (_, i) => `value-${i}`);
    expect(JSON.stringify(enumValues).length).toBeGreaterThan(MAX_PAYLOAD_SCHEMA_BYTES);
    expect(compileError({ enum: enumValues }).message).toMatch(/larger than 256 KiB/);
    // Multi-byte text counts in bytes.
    expect(compileError({ description: 'é'.repeat(MAX_PAYLOAD_SCHEMA_BYTES / 2) }).message).toMatch(/larger than/);
    expect(() => compilePayloadSchema({ description: 'é'.repeat(MAX_PAYLOAD_SCHEMA_BYTES / 2 - 100) })).not.toThrow();
  });

  it('refuses a schema with more than MAX_PAYLOAD_SCHEMA_OBJECTS objects, which ajv compiles slowly', () => {
    const properties = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: 'string' }]));
    // The root and `properties` are objects too.
    expect(() => compilePayloadSchema({ properties: properties(MAX_PAYLOAD_SCHEMA_OBJECTS - 2) })).not.toThrow();
    expect(compileError({ properties: properties(MAX_PAYLOAD_SCHEMA_OBJECTS - 1) }).problems).toEqual([
      { path: '', message: `the payload schema has more than ${MAX_PAYLOAD_SCHEMA_OBJECTS} objects (subschemas)` },
    ]);
  });

  it('checks the bounds before anything would compile: an oversized schema with a bad pattern reports its size', () => {
    const schema = { pattern: '(?=x)', description: 'x'.repeat(MAX_PAYLOAD_SCHEMA_BYTES) };
    expect(compileError(schema).problems).toEqual([{ path: '', message: expect.stringMatching(/larger than/) }]);
  });

  it('wants an object or a boolean', () => {
    for (const bad of ['{"type":"object"}', 42, null, [], undefined]) {
      expect(compileError(bad).message).toMatch(/must be a JSON object \(or true\/false\)/);
    }
    expect(compilePayloadSchema(true).validateBody(bytes({ any: 1 })).ok).toBe(true);
    expect(compilePayloadSchema(false).validateBody(bytes({ any: 1 })).ok).toBe(false);
  });
});

describe('payload schema: compile errors and warnings', () => {
  it('reports a schema that breaks the meta-schema with the place in the schema', () => {
    const error = compileError({ type: 'object', properties: { id: { type: 'strnig' } } });
    expect(error.problems[0]).toEqual({
      path: '/properties/id/type',
      message: 'must be one of ["array","boolean","integer","null","number","object","string"]',
    });
    expect(compileError({ minLength: -1 }).problems[0]!.path).toBe('/minLength');
  });

  it('refuses patterns RE2 cannot run, naming the pattern and why', () => {
    expect(compileError({ pattern: '^(?!admin)' }).message).toMatch(
      /pattern "\^\(\?!admin\)" cannot be used: .*no lookahead, lookbehind or backreferences/,
    );
    expect(compileError({ patternProperties: { '(a)\\1': {} } }).message).toMatch(
      /pattern "\(a\)\\\\1" cannot be used/,
    );
  });

  it('gives the patterns of one schema a budget of RE2 instructions', () => {
    const heavy = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { pattern: `^[\\p{L}\\p{N}_]{1000}-${i}$` }]));
    const started = performance.now();
    expect(compileError({ properties: heavy(100) }).message).toBe(
      `the payload schema cannot be used: the schema's patterns together compile to more than ${MAX_PATTERN_PROGRAM_SIZE} RE2 instructions; simplify them`,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(() => compilePayloadSchema({ properties: heavy(10) })).not.toThrow();
    // The same pattern many times counts once.
    const same = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, { pattern: '^[\\p{L}]{1000}$' }]));
    expect(() => compilePayloadSchema({ properties: same })).not.toThrow();
  });

  it('refuses a schema ajv runs out of stack compiling, instead of throwing RangeError', () => {
    const $defs: Record<string, unknown> = {};
    for (let i = 0; i < 480; i++) $defs[`d${i}`] = { $ref: `#/$defs/d${i + 1}` };
    $defs.d480 = { type: 'string' };
    const schema = { $defs, $ref: '#/$defs/d0' };
    // ajv compiles a chain of $refs recursively; how much stack is left depends on the caller.
    // Starting the compile ever deeper in a recursion finds the point where ajv runs out.
    const attempt = (frames: number): 'compiled' | PayloadSchemaError =>
      frames > 0 ? attempt(frames - 1) : compileOrError(schema);
    let outcome: 'compiled' | PayloadSchemaError = 'compiled';
    for (let frames = 0; outcome === 'compiled'; frames += 250) outcome = attempt(frames);
    expect(outcome.problems).toEqual([
      { path: '', message: 'the payload schema is too complex to compile; make it smaller' },
    ]);
  });

  it('never fetches a remote $ref, and says where to put it instead', () => {
    expect(compileError({ $ref: 'https://schemas.example.com/order.json' }).problems).toEqual([
      {
        path: '',
        message:
          '$ref https://schemas.example.com/order.json cannot be resolved: the relay never fetches schemas; put it under $defs',
      },
    ]);
  });

  it('accepts draft-07 and 2019-09, and names any other $schema', () => {
    const draft07 = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { id: { type: 'integer', minimum: 1 } },
      properties: { id: { $ref: '#/definitions/id' } },
      dependencies: { a: ['b'] },
    };
    const compiled = compilePayloadSchema(draft07);
    expect(compiled.validateBody(bytes({ id: 3 })).ok).toBe(true);
    expect(compiled.validateBody(bytes({ id: 0 })).errors).toEqual([{ path: '/id', message: 'must be >= 1' }]);
    expect(compiled.validateBody(bytes({ a: 1 })).errors[0]!.message).toMatch(/must have property b/);
    const draft2019 = {
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      $defs: { n: { type: 'number' } },
      properties: { n: { $ref: '#/$defs/n' } },
      unevaluatedProperties: false,
    };
    expect(compilePayloadSchema(draft2019).validateBody(bytes({ n: 1, x: 2 })).errors).toEqual([
      { path: '', message: 'must NOT have additional property "x"' },
    ]);
    expect(compileError({ $schema: 'https://json-schema.org/draft/2020-12/schema' }).problems).toEqual([
      {
        path: '/$schema',
        message: '"https://json-schema.org/draft/2020-12/schema" is not supported; use draft-07 or 2019-09',
      },
    ]);
  });

  it('refuses $async schemas', () => {
    expect(compileError({ $async: true, type: 'object' }).message).toMatch(/\$async schemas are not supported/);
  });

  it('accepts unknown keywords and formats with a warning, and does not check them', () => {
    const compiled = compilePayloadSchema({
      type: 'object',
      requird: ['id'],
      'x-internal': true,
      properties: { phone: { type: 'string', format: 'phone' }, email: { type: 'string', format: 'email' } },
    });
    expect(compiled.warnings).toEqual([
      'unknown format "phone" is accepted and not checked',
      'unknown keyword "requird" is ignored',
      'unknown keyword "x-internal" is ignored',
    ]);
    expect(compiled.validateBody(bytes({ phone: 'not a phone' })).ok).toBe(true);
    // Known formats are checked.
    expect(compiled.validateBody(bytes({ email: 'nope' })).errors).toEqual([
      { path: '/email', message: 'must match format "email"' },
    ]);
  });

  it('keeps $data off: a {$data} value is a literal', () => {
    const compiled = compilePayloadSchema({ properties: { b: { const: { $data: '1/a' } } } });
    expect(compiled.validateBody(bytes({ a: 1, b: 1 })).errors).toEqual([
      { path: '/b', message: 'must be {"$data":"1/a"}' },
    ]);
  });
});

describe('payload schema: validating bodies', () => {
  it('runs a catastrophic-backtracking pattern in linear time', () => {
    const compiled = compilePayloadSchema({
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(x|x)*$': { type: 'integer' } },
    });
    const evil = `${'a'.repeat(50)}!`;
    compiled.validateBody(bytes({ name: 'warm-up' })); // the first call also compiles the validator's code
    const started = performance.now();
    const result = compiled.validateBody(bytes({ name: evil, [`${'x'.repeat(5_000)}y`]: 'z' }));
    const elapsed = performance.now() - started;
    expect(result.errors).toEqual([{ path: '/name', message: 'must match pattern "^(a+)+$"' }]);
    expect(elapsed).toBeLessThan(50);
    // A long subject stays linear too.
    const long = performance.now();
    expect(compiled.validateBody(bytes({ name: `${'a'.repeat(200_000)}!` })).ok).toBe(false);
    expect(performance.now() - long).toBeLessThan(500);
    expect(compiled.validateBody(bytes({ name: 'aaaa' })).ok).toBe(true);
  });

  it('reads patterns as ECMAScript: unanchored, \\d, \\u escapes, named groups', () => {
    const compiled = compilePayloadSchema({
      properties: {
        a: { pattern: 'ab' },
        b: { pattern: '^\\d{3}-\\u00e9$' },
        c: { pattern: '^(?<year>\\d{4})/(?<month>\\d{2})$' },
      },
    });
    expect(compiled.validateBody(bytes({ a: 'xxabxx', b: '123-é', c: '2024/05' })).ok).toBe(true);
    expect(compiled.validateBody(bytes({ b: '12-é' })).ok).toBe(false);
  });

  it('only counts own properties', () => {
    const compiled = compilePayloadSchema({ required: ['constructor', 'toString'] });
    expect(compiled.validateBody(bytes({})).errors).toEqual([
      { path: '', message: "must have required property 'constructor'" },
      { path: '', message: "must have required property 'toString'" },
    ]);
    expect(compiled.validateBody(bytes({ constructor: 1, toString: 2 })).ok).toBe(true);
  });

  it('says a body is not JSON, with the parser reason', () => {
    const compiled = compilePayloadSchema({ type: 'object' });
    const check = compiled.validateBody(bytes('event=push&id=1'));
    expect(check.ok).toBe(false);
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0]!.path).toBe('');
    expect(check.errors[0]!.message).toMatch(/^body is not JSON: .+/);
    expect(compiled.validateBody(new Uint8Array()).errors[0]!.message).toBe('body is not JSON: the body is empty');
    expect(compiled.validateBody(new Uint8Array([0x7b, 0xff, 0x7d])).errors[0]!.message).toBe(
      'body is not JSON: it is not valid UTF-8',
    );
    expect(parseJsonBody(bytes('x'.repeat(100_000))).ok).toBe(false);
    expect((parseJsonBody(bytes(`{"a":"${'x'.repeat(100_000)}`)) as { message: string }).message.length).toBeLessThan(
      260,
    );
    // A UTF-8 BOM is tolerated.
    expect(compiled.validateBody(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])).ok).toBe(true);
  });

  it('lists at most MAX_REPORTED_ERRORS errors and says there were more', () => {
    const compiled = compilePayloadSchema({ type: 'array', items: { type: 'string' } });
    const check = compiled.validateBody(bytes(Array.from({ length: 500 }, (_, i) => i)));
    expect(check.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(check.errors[0]).toEqual({ path: '/0', message: 'must be string' });
    expect(check.errors[99]).toEqual({ path: '/99', message: 'must be string' });
    expect(check.truncated).toBe(true);
    const few = compiled.validateBody(bytes([1, 2]));
    expect(few).toEqual({
      ok: false,
      errors: [
        { path: '/0', message: 'must be string' },
        { path: '/1', message: 'must be string' },
      ],
      truncated: false,
    });
  });

  it('reports only the first error of a body too large to collect every error from', () => {
    const compiled = compilePayloadSchema({ type: 'array', items: { type: 'string' } });
    const body = bytes(Array.from({ length: ALL_ERRORS_MAX_BODY_BYTES }, () => 1));
    expect(body.byteLength).toBeGreaterThan(ALL_ERRORS_MAX_BODY_BYTES);
    expect(compiled.validateBody(body)).toEqual({
      ok: false,
      errors: [{ path: '/0', message: 'must be string' }],
      truncated: true,
    });
  });

  it('cuts long paths and messages', () => {
    const key = 'k'.repeat(5_000);
    const check = compilePayloadSchema({ additionalProperties: false }).validateBody(bytes({ [key]: 1 }));
    expect(check.errors[0]!.message.length).toBeLessThanOrEqual(301);
  });

  it('refuses a body nested deeper than a recursive schema can follow, without throwing', () => {
    const compiled = compilePayloadSchema({
      $defs: { node: { type: 'array', items: { $ref: '#/$defs/node' } } },
      $ref: '#/$defs/node',
    });
    expect(compiled.validateBody(bytes('[[[[]]]]')).ok).toBe(true);
    const deep = bytes(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(compiled.validateBody(deep)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'the body is nested too deeply to validate' }],
      truncated: false,
    });
  });

  it('validates an already parsed value, for callers that parsed the body once', () => {
    const compiled = compilePayloadSchema({ type: 'object', required: ['id'] });
    const parsed = parseJsonBody(bytes({ id: 'evt_1' }));
    expect(parsed.ok && compiled.validateValue(parsed.value, 12).ok).toBe(true);
  });
});

describe('payload schema: real GitHub webhooks', () => {
  const account = {
    type: 'object',
    required: ['login', 'id', 'type'],
    properties: {
      login: { type: 'string', pattern: '^[A-Za-z0-9-]+(\\[bot\\])?$' },
      id: { type: 'integer', minimum: 1 },
      type: { enum: ['User', 'Organization', 'Bot'] },
    },
  };
  const repository = {
    type: 'object',
    required: ['id', 'name', 'full_name', 'owner', 'private'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1 },
      full_name: { type: 'string', pattern: '^[^/]+/[^/]+$' },
      owner: { $ref: '#/$defs/account' },
      private: { type: 'boolean' },
      html_url: { type: 'string', format: 'uri' },
    },
  };
  const pushSchema = {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $defs: { account, repository },
    type: 'object',
    required: ['ref', 'before', 'after', 'repository', 'pusher', 'sender', 'commits'],
    properties: {
      ref: { type: 'string', pattern: '^refs/(heads|tags)/.+$' },
      before: { type: 'string', pattern: '^[0-9a-f]{40}$' },
      after: { type: 'string', pattern: '^[0-9a-f]{40}$' },
      repository: { $ref: '#/$defs/repository' },
      pusher: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      sender: { $ref: '#/$defs/account' },
      commits: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'message', 'timestamp', 'author'],
          properties: {
            id: { type: 'string', pattern: '^[0-9a-f]{40}$' },
            message: { type: 'string' },
            timestamp: { type: 'string', format: 'date-time' },
            author: {
              type: 'object',
              required: ['name', 'email'],
              properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
            },
          },
        },
      },
    },
  };
  const issuesOpenedSchema = {
    $defs: { account, repository },
    type: 'object',
    required: ['action', 'issue', 'repository', 'sender'],
    properties: {
      action: { const: 'opened' },
      issue: {
        type: 'object',
        required: ['number', 'title', 'state', 'user', 'html_url', 'labels'],
        properties: {
          number: { type: 'integer', minimum: 1 },
          title: { type: 'string', minLength: 1, maxLength: 256 },
          state: { enum: ['open', 'closed'] },
          user: { $ref: '#/$defs/account' },
          html_url: { type: 'string', format: 'uri', pattern: '^https://github\\.com/[^/]+/[^/]+/issues/\\d+$' },
          labels: { type: 'array', items: { type: 'object', required: ['name'] } },
        },
      },
      repository: { $ref: '#/$defs/repository' },
      sender: { $ref: '#/$defs/account' },
    },
  };

  it('accepts every push example', () => {
    const compiled = compilePayloadSchema(pushSchema);
    expect(compiled.warnings).toEqual([]);
    const examples = examplesOf('push');
    expect(examples.length).toBeGreaterThan(3);
    for (const example of examples)
      expect(compiled.validateBody(bytes(example))).toEqual({ ok: true, errors: [], truncated: false });
  });

  it('accepts every issues.opened example and refuses the other actions', () => {
    const compiled = compilePayloadSchema(issuesOpenedSchema);
    const issues = examplesOf('issues');
    const opened = issues.filter((e) => e.action === 'opened');
    expect(opened.length).toBeGreaterThan(0);
    for (const example of opened) expect(compiled.validateBody(bytes(example)).ok).toBe(true);
    const edited = issues.find((e) => e.action === 'edited')!;
    expect(compiled.validateBody(bytes(edited)).errors).toEqual([{ path: '/action', message: 'must be "opened"' }]);
  });

  it('lists what is wrong with a broken push, by path', () => {
    const compiled = compilePayloadSchema(pushSchema);
    const broken = structuredClone(examplesOf('push').find((e) => (e.commits as unknown[]).length > 0)!) as {
      after: string;
      repository: Record<string, unknown>;
      commits: Record<string, unknown>[];
      sender?: unknown;
    };
    broken.after = 'not-a-sha';
    delete broken.repository.full_name;
    broken.repository.id = '1296269';
    broken.commits[0]!.timestamp = 'yesterday';
    delete broken.sender;
    const check = compiled.validateBody(bytes(broken));
    expect(check.ok).toBe(false);
    expect(check.truncated).toBe(false);
    expect(check.errors).toEqual(
      expect.arrayContaining([
        { path: '', message: "must have required property 'sender'" },
        { path: '/after', message: 'must match pattern "^[0-9a-f]{40}$"' },
        { path: '/repository', message: "must have required property 'full_name'" },
        { path: '/repository/id', message: 'must be integer' },
        { path: '/commits/0/timestamp', message: 'must match format "date-time"' },
      ]),
    );
    expect(check.errors).toHaveLength(5);
  });
});

describe('PayloadSchemaCache', () => {
  it('compiles a config object once, and equal schemas once', () => {
    const cache = new PayloadSchemaCache();
    const schema = { type: 'object', required: ['id'] };
    const first = cache.get(schema);
    expect(cache.get(schema)).toBe(first);
    expect(cache.get(structuredClone(schema))).toBe(first);
    expect(cache.size).toBe(1);
    expect(cache.get({ type: 'object', required: ['other'] })).not.toBe(first);
    expect(cache.size).toBe(2);
  });

  it('is bounded, dropping the least recently used schema', () => {
    const cache = new PayloadSchemaCache({ maxEntries: 3 });
    const schemas = [0, 1, 2, 3].map((n) => ({ minimum: n }));
    const zero = cache.get(schemas[0]);
    const one = cache.get(schemas[1]);
    cache.get(schemas[2]);
    cache.get({ minimum: 0 }); // used again, by text
    cache.get(schemas[3]);
    expect(cache.size).toBe(3);
    expect(cache.get({ minimum: 0 })).toBe(zero);
    // 1 was least recently used: its text was dropped, so an equal schema compiles afresh.
    expect(cache.get({ minimum: 1 })).not.toBe(one);
    expect(cache.size).toBe(3);
  });

  it('remembers a schema that cannot be used, and throws its error each time without recompiling', () => {
    const cache = new PayloadSchemaCache();
    const bad = { pattern: '(?<=x)y' };
    let first: unknown;
    try {
      cache.get(bad);
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(PayloadSchemaError);
    expect(() => cache.get({ pattern: '(?<=x)y' })).toThrow(first as Error);
  });
});
