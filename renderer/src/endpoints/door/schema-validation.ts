// Monaco's JSON language service checks the payload schema against the draft-07 meta-schema,
// bundled here: the schema itself is validated as it is typed, with nothing fetched.
import { DRAFT_07_META_SCHEMA } from './draft-07-meta-schema.js';

/** The one model the payload-schema editor edits; the meta-schema is matched to it alone. */
export const PAYLOAD_SCHEMA_MODEL_URI = 'inmemory://porthole/door/payload-schema.json';

let configured: Promise<void> | null = null;

/** Imported lazily: the JSON language module is part of the Monaco chunk, not the first page. */
export function configureSchemaValidation(): Promise<void> {
  configured ??= import('monaco-editor/languages/features/json/register').then(({ jsonDefaults }) =>
    jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      enableSchemaRequest: false,
      schemaValidation: 'error',
      schemas: [
        {
          uri: 'http://json-schema.org/draft-07/schema#',
          fileMatch: [PAYLOAD_SCHEMA_MODEL_URI],
          schema: DRAFT_07_META_SCHEMA,
        },
      ],
    }),
  );
  return configured;
}
