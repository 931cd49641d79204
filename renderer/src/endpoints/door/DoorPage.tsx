// The endpoint's door settings: what the relay checks before storing a webhook and how it
// answers. Edited as a draft, checked as it is typed, saved in one endpoints.update.
import { useMemo, useState } from 'react';
import './door.css';
import type { LocalEndpoint } from '../../../../protocol/desktop-api.js';
import { useApi } from '../../api/api-context.js';
import { errorMessage } from '../../api/porthole-api.js';
import { DoorProblems } from './DoorProblems.js';
import { DoorSyncState } from './DoorSyncState.js';
import { type DoorDraft, draftFromDoor } from './door-draft.js';
import { draftProblems } from './door-problems.js';
import { FilterSection } from './FilterSection.js';
import { LimitsSection } from './LimitsSection.js';
import { ResponseSection } from './ResponseSection.js';
import { RetentionSection } from './RetentionSection.js';
import { SchemaSection } from './SchemaSection.js';
import { SignatureSection } from './SignatureSection.js';

interface DoorPageProps {
  endpoint: LocalEndpoint;
  onChanged(endpoint: LocalEndpoint): void;
  onClose(): void;
}

/** Keyed by endpoint id by its parent: the draft starts from the stored config once. */
export function DoorPage({ endpoint, onChanged, onClose }: DoorPageProps) {
  const api = useApi();
  const [draft, setDraft] = useState<DoorDraft>(() => draftFromDoor(endpoint.door));
  const [dirty, setDirty] = useState(false);
  const [schemaMarkers, setSchemaMarkers] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const problems = useMemo(() => draftProblems(draft, schemaMarkers), [draft, schemaMarkers]);

  const change = (patch: Partial<DoorDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  const save = async () => {
    if (!problems.door) return;
    setBusy(true);
    try {
      onChanged(await api.invoke('endpoints.update', { id: endpoint.id, door: problems.door }));
      setSaveError(null);
      setDirty(false);
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="door-panel" data-testid="door-panel" aria-label={`Endpoint settings: ${endpoint.name}`}>
      <header className="row">
        <h2>{endpoint.name}: checks and response</h2>
        <button type="button" className="small" data-testid="door-close" onClick={onClose}>
          Close
        </button>
      </header>
      <DoorSyncState endpoint={endpoint} saveError={saveError} dirty={dirty} />
      <SignatureSection draft={draft} onChange={change} />
      <SchemaSection draft={draft} onChange={change} onMarkers={setSchemaMarkers} />
      <FilterSection draft={draft} onChange={change} />
      <LimitsSection draft={draft} onChange={change} />
      <ResponseSection draft={draft} onChange={change} />
      <DoorProblems errors={problems.errors} warnings={problems.warnings} />
      <div className="row actions">
        <button
          type="button"
          className="primary"
          data-testid="door-save"
          disabled={busy || !problems.door}
          onClick={() => void save()}
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
      <RetentionSection endpoint={endpoint} onChanged={onChanged} />
    </section>
  );
}
