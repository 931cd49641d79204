// Edit and replay: an editable copy of the event (method, path, headers, body in Monaco),
// a diff against the original, where to send it, and the local result inline.
import { useState } from 'react';
import type { EventDetail, ForwardAttempt, ReplayEdits } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { attemptStatus } from '../detail/AttemptList.js';
import { prettyJson } from '../detail/body-format.js';
import { CodeEditor } from '../monaco/CodeEditor.js';
import { DiffEditor } from '../monaco/DiffEditor.js';
import { draftFromEvent, editsFromDraft, type ReplayDraft } from './replay-draft.js';
import { useSignatureScheme } from './use-signature-scheme.js';
import { useTargets } from './use-targets.js';

type Destination = 'targets' | 'url';
type Result = { ok: true; replayId: string; attempts: ForwardAttempt[] } | { ok: false; error: string };

interface ReplayPanelProps {
  event: EventDetail;
  onClose(): void;
  onOpenEvent(id: string): void;
}

export function ReplayPanel({ event, onClose, onOpenEvent }: ReplayPanelProps) {
  const api = useApi();
  // The event as opened; later updates (attempts, status) do not change what is edited.
  const [original] = useState(() => draftFromEvent(event));
  const [draft, setDraft] = useState<ReplayDraft>(original);
  const targets = useTargets(event.endpointId);
  const [chosen, setChosen] = useState<Destination | null>(null);
  const [url, setUrl] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const scheme = useSignatureScheme(event.endpointId);
  // An edited body no longer matches the sender's signature; re-signing makes the local
  // handler's own check pass. On by default once something was edited.
  const [resignChoice, setResignChoice] = useState<boolean | null>(null);
  const enabledTargets = targets?.filter((t) => t.enabled) ?? [];
  const destination: Destination = chosen ?? (targets !== null && enabledTargets.length === 0 ? 'url' : 'targets');
  const language =
    event.contentType?.includes('json') || original.body.trimStart().startsWith('{') ? 'json' : 'plaintext';
  const edits = editsFromDraft(original, draft);
  const changed = 'error' in edits ? true : Object.keys(edits).length > 0;
  const resign = scheme !== null && (resignChoice ?? changed);

  const update = (patch: Partial<ReplayDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const send = async () => {
    if ('error' in edits) return setResult({ ok: false, error: edits.error });
    if (destination === 'url' && !/^https?:\/\//.test(url.trim())) {
      return setResult({ ok: false, error: 'enter an http:// or https:// URL to send to' });
    }
    setSending(true);
    try {
      const params: { eventId: string; edits?: ReplayEdits; to?: { url: string }; resign?: boolean } = {
        eventId: event.id,
      };
      if (resign) params.resign = true;
      if (Object.keys(edits).length > 0) params.edits = edits;
      if (destination === 'url') params.to = { url: url.trim() };
      const sent = await api.invoke('replay.send', params);
      setResult({ ok: true, replayId: sent.event.id, attempts: sent.attempts });
    } catch (err) {
      setResult({ ok: false, error: errorMessage(err) });
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="replay-panel" aria-label="Replay">
      <header className="panel-header">
        <h3>Edit and replay</h3>
        <button type="button" className="small" onClick={() => setDraft(original)} disabled={!changed}>
          Reset
        </button>
        <button type="button" className="small" data-testid="replay-close" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="row request-edit">
        <input
          className="method-input"
          data-testid="replay-method"
          aria-label="Method"
          value={draft.method}
          onChange={(e) => update({ method: e.target.value })}
        />
        <input
          className="grow"
          data-testid="replay-path"
          aria-label="Path and query"
          value={draft.target}
          onChange={(e) => update({ target: e.target.value })}
        />
      </div>
      <label className="field">
        <span>
          Headers <span className="muted">(one “Name: value” per line)</span>
        </span>
        <textarea
          data-testid="replay-headers"
          rows={Math.min(10, Math.max(3, draft.headers.split('\n').length))}
          spellCheck={false}
          value={draft.headers}
          onChange={(e) => update({ headers: e.target.value })}
        />
      </label>
      <div className="field">
        <span className="row">
          Body
          <span className="muted grow">
            {draft.bodyMode === 'hex' ? '(binary, as hex bytes)' : '(sent as UTF-8, exactly as written)'}
          </span>
          {language === 'json' && draft.bodyMode === 'text' ? (
            <button
              type="button"
              className="small"
              title="Re-indent the JSON (changes the bytes sent)"
              onClick={() => update({ body: prettyJson(draft.body) ?? draft.body })}
            >
              Format JSON
            </button>
          ) : null}
        </span>
        <CodeEditor
          value={draft.body}
          language={draft.bodyMode === 'hex' ? 'plaintext' : language}
          onChange={(body) => update({ body })}
          testId="replay-editor"
          ariaLabel="Replay body"
          className="code-editor replay-editor"
        />
      </div>
      <div className="field">
        <span>
          Changes{' '}
          <span className="muted">{changed ? describeEdits(edits) : '(none yet: the original is sent as it was)'}</span>
        </span>
        <DiffEditor
          original={diffText(original.body, language)}
          modified={diffText(draft.body, language)}
          language={language}
          testId="replay-diff"
        />
      </div>
      <fieldset className="destination">
        <legend>Send to</legend>
        <label>
          <input
            type="radio"
            name="destination"
            checked={destination === 'targets'}
            disabled={enabledTargets.length === 0}
            onChange={() => setChosen('targets')}
          />
          {enabledTargets.length === 0
            ? "the endpoint's targets (none)"
            : `the endpoint's targets: ${enabledTargets.map((t) => t.url).join(', ')}`}
        </label>
        <label className="row">
          <input type="radio" name="destination" checked={destination === 'url'} onChange={() => setChosen('url')} />
          <input
            className="grow"
            data-testid="replay-target-url"
            aria-label="Replay to this URL"
            placeholder="http://localhost:3000/webhooks"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setChosen('url');
            }}
          />
        </label>
      </fieldset>
      <label className="row" title={scheme ? undefined : 'the endpoint has no signature check to sign with'}>
        <input
          type="checkbox"
          data-testid="replay-resign"
          checked={resign}
          disabled={scheme === null}
          onChange={(e) => setResignChoice(e.target.checked)}
        />
        {scheme
          ? `Re-sign with the endpoint's ${scheme} secret (new timestamp)`
          : 'Re-sign (the endpoint has no signature check)'}
      </label>
      <div className="row">
        <button type="button" className="primary" data-testid="replay-send" disabled={sending} onClick={send}>
          {sending ? 'Sending…' : changed ? 'Send edited replay' : 'Replay'}
        </button>
      </div>
      {result ? <ReplayResult result={result} onOpenEvent={onOpenEvent} /> : null}
    </section>
  );
}

/** JSON is compared re-indented, so a change inside one long line shows where it is. */
function diffText(body: string, language: string): string {
  return language === 'json' ? (prettyJson(body) ?? body) : body;
}

function describeEdits(edits: ReplayEdits | { error: string }): string {
  if ('error' in edits) return `— ${edits.error}`;
  const parts = Object.keys(edits).filter((k) => k !== 'query' || !('path' in edits));
  return `(${parts.map((p) => (p === 'path' || p === 'query' ? 'path' : p)).join(', ')} edited)`;
}

function ReplayResult({ result, onOpenEvent }: { result: Result; onOpenEvent(id: string): void }) {
  if (!result.ok) {
    return (
      <div className="replay-result error" data-testid="replay-result" role="alert">
        {result.error}
      </div>
    );
  }
  return (
    <div className="replay-result" data-testid="replay-result" role="status">
      <ul>
        {result.attempts.map((a) => (
          <li key={a.id} data-status={attemptStatus(a)}>
            <strong className={a.error ? 'tone-error' : 'tone-ok'}>{a.status ?? 'error'}</strong> {a.url} ·{' '}
            {Math.round(a.durationMs)} ms{a.error ? ` · ${a.error.kind}: ${a.error.message}` : ''}
          </li>
        ))}
      </ul>
      <button type="button" className="small link" onClick={() => onOpenEvent(result.replayId)}>
        Open the replay
      </button>
    </div>
  );
}
