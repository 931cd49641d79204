// One ajv instance compiles every protocol schema; callers get a typed guard with readable errors.
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true, $data: false });
// TypeBox marks its schemas with symbols and a few annotation keywords ajv must tolerate.
ajv.addKeyword('kind');
ajv.addKeyword('modifier');

export class ValidationError extends Error {
  constructor(
    message: string,
    readonly errors: ErrorObject[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export interface Validator<T extends TSchema> {
  (value: unknown): value is Static<T>;
  /** Returns the value typed, or throws ValidationError describing every problem. */
  parse(value: unknown, what?: string): Static<T>;
}

const cache = new WeakMap<TSchema, ValidateFunction>();

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`.trim()).join('; ');
}

export function validator<T extends TSchema>(schema: T): Validator<T> {
  let compiled = cache.get(schema);
  if (!compiled) {
    compiled = ajv.compile(schema);
    cache.set(schema, compiled);
  }
  const check = compiled;
  const guard = ((value: unknown) => check(value)) as Validator<T>;
  guard.parse = (value: unknown, what = 'value') => {
    if (check(value)) return value as Static<T>;
    throw new ValidationError(`${what} is invalid: ${describeErrors(check.errors)}`, [...(check.errors ?? [])]);
  };
  return guard;
}
