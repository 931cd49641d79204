// The HAR 1.2 JSON Schema from the `har-schema` package (the one har-validator uses), compiled
// by ajv: draft-06, so its meta-schema is added; not strict, since it carries annotations
// ajv does not know ("optional", "min").
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schemas = require('har-schema') as Record<string, { $id: string }>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
ajvFormats.default(ajv);
for (const schema of Object.values(schemas)) ajv.addSchema(schema);

export const validateHar = ajv.getSchema('har.json#')!;
