// How long this Porthole keeps the endpoint's events. Unlike the door settings above it is
// local to this machine (never sent to the relay), so it has its own Save.
import { useMemo, useState } from 'react';
import type { LocalEndpoint } from '../../../../protocol/desktop-api.js';
import { useApi } from '../../api/api-context.js';
import { errorMessage } from '../../api/porthole-api.js';
import { draftFromRetention, type RetentionDraft, retentionFromDraft } from './retention-draft.js';

interface RetentionSectionProps {
  endpoint: LocalEndpoint;
  onChanged(endpoint: LocalEndpoint): void;
}

export function RetentionSection({ endpoint, onChanged }: RetentionSectionProps) {
  const api = useApi();
  const [draft, setDraft] = useState<RetentionDraft>(() => draftFromRetention(endpoint.retention));
  const [state, setState] = useState<'clean' | 'dirty' | 'saving' | 'saved'>('clean');
  const [saveError, setSaveError] = useState<string | null>(null);
  const parsed = useMemo(() => retentionFromDraft(draft), [draft]);

  const change = (patch: Partial<RetentionDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setState('dirty');
  };
  const save = async () => {
    if (!('retention' in parsed)) return;
    setState('saving');
    try {
      onChanged(await api.invoke('endpoints.update', { id: endpoint.id, retention: parsed.retention }));
      setSaveError(null);
      setState('saved');
    } catch (err) {
      setSaveError(errorMessage(err));
      setState('dirty');
    }
  };
  const field = (key: keyof RetentionDraft, testId: string, label: string, placeholder: string) => (
    <label className="door-field">
      {label}
      <input
        data-testid={testId}
        placeholder={placeholder}
        value={draft[key]}
        onChange={(e) => change({ [key]: e.target.value })}
      />
    </label>
  );

  return (
    <section className="door-section" aria-label="Retention" data-testid="retention-section">
      <h3>Retention</h3>
      <p className="muted">
        Older events beyond any of these limits are removed from this machine, oldest first; pinned events are always
        kept and do not count. Empty: no limit. Not sent to the relay.
      </p>
      <div className="row">
        {field('keepFor', 'retention-keep-for', 'Keep for', 'forever (e.g. 30d)')}
        {field('keepCount', 'retention-keep-count', 'Keep at most (events)', 'any number')}
        {field('keepSize', 'retention-keep-size', 'Bodies up to', 'any size (e.g. 1GiB)')}
      </div>
      {'error' in parsed ? (
        <p className="error" data-testid="retention-problem">
          {parsed.error}
        </p>
      ) : null}
      {saveError ? (
        <p className="error" data-testid="retention-error">
          Not saved: {saveError}
        </p>
      ) : null}
      <div className="row actions">
        <button
          type="button"
          data-testid="retention-save"
          data-state={state}
          disabled={state === 'saving' || 'error' in parsed}
          onClick={() => void save()}
        >
          {state === 'saving' ? 'Saving…' : state === 'saved' ? 'Retention saved' : 'Save retention'}
        </button>
      </div>
    </section>
  );
}
