// Payload schema: on or off, the schema in Monaco (checked against draft-07 as it is typed),
// and reject (422) or flag.
import type { DoorDraft } from './door-draft.js';
import { OnFailSelect } from './OnFailSelect.js';
import { SchemaEditor } from './SchemaEditor.js';

interface SchemaSectionProps {
  draft: DoorDraft;
  onChange(patch: Partial<DoorDraft>): void;
  onMarkers(messages: string[]): void;
}

export function SchemaSection({ draft, onChange, onMarkers }: SchemaSectionProps) {
  return (
    <section className="door-section" aria-label="Payload schema">
      <h3>Payload schema</h3>
      <label className="door-field inline">
        <input
          type="checkbox"
          data-testid="door-schema-enabled"
          checked={draft.schemaEnabled}
          onChange={(e) => {
            onChange({ schemaEnabled: e.target.checked });
            if (!e.target.checked) onMarkers([]);
          }}
        />
        Validate JSON bodies against a JSON Schema
      </label>
      {draft.schemaEnabled ? (
        <>
          <SchemaEditor
            value={draft.schemaText}
            onChange={(schemaText) => onChange({ schemaText })}
            onMarkers={onMarkers}
          />
          <OnFailSelect
            label="When a body does not match"
            testId="door-schema-onfail"
            value={draft.schemaOnFail}
            onChange={(schemaOnFail) => onChange({ schemaOnFail })}
          />
        </>
      ) : null}
    </section>
  );
}
