// Compiled payload schemas, kept so a request never compiles. Looked up by the config object
// first (the relay keeps one per endpoint revision, so a hit costs a WeakMap read), then by a
// hash of the schema's JSON text, so equal schemas (many endpoints, or a re-synced revision)
// share one compiled validator. Bounded: the least recently used text is dropped first. A
// schema that does not compile is remembered too, so a bad config fails fast on every request.
import { createHash } from 'node:crypto';
import { type CompiledPayloadSchema, compilePayloadSchema, PayloadSchemaError } from './payload-schema.js';
import { checkSchemaBounds } from './schema-bounds.js';

export const DEFAULT_MAX_COMPILED_SCHEMAS = 500;

type Entry = { compiled: CompiledPayloadSchema } | { error: PayloadSchemaError };

export class PayloadSchemaCache {
  private readonly byText = new Map<string, Entry>();
  private readonly byObject = new WeakMap<object, Entry>();
  private readonly maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_COMPILED_SCHEMAS);
  }

  /** The compiled schema; throws the (remembered) PayloadSchemaError for one that cannot be used. */
  get(schema: unknown): CompiledPayloadSchema {
    const entry = this.entry(schema);
    if ('error' in entry) throw entry.error;
    return entry.compiled;
  }

  get size(): number {
    return this.byText.size;
  }

  private entry(schema: unknown): Entry {
    const isObject = typeof schema === 'object' && schema !== null;
    const known = isObject ? this.byObject.get(schema) : undefined;
    if (known) return known;
    const bounds = checkSchemaBounds(schema);
    const key = bounds.ok ? createHash('sha256').update(bounds.text).digest('base64') : undefined;
    let entry = key === undefined ? undefined : this.byText.get(key);
    if (entry && key !== undefined) {
      this.byText.delete(key); // re-inserted below: most recently used last
    } else {
      try {
        entry = { compiled: compilePayloadSchema(schema) };
      } catch (err) {
        if (!(err instanceof PayloadSchemaError)) throw err;
        entry = { error: err };
      }
    }
    if (key !== undefined) {
      this.byText.set(key, entry);
      while (this.byText.size > this.maxEntries) this.byText.delete(this.byText.keys().next().value as string);
    }
    if (isObject) this.byObject.set(schema, entry);
    return entry;
  }
}
