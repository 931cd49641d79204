// One webhook action: where it goes (URL, method, headers) and its body template in Monaco,
// with the body it would send now, rendered against the chosen event, and the template's
// problems (unknown placeholders) beside it.
import { alertTemplateProblems, renderAlertTemplate } from '../../../protocol/alerts/alert-template.js';
import type { EventDetail } from '../../../protocol/desktop-api.js';
import { CodeEditor } from '../monaco/CodeEditor.js';
import type { WebhookDraft, WebhookMethod } from './rule-draft.js';
import { previewContext } from './template-preview-context.js';

interface WebhookActionEditorProps {
  index: number;
  webhook: WebhookDraft;
  onChange(patch: Partial<WebhookDraft>): void;
  onRemove(): void;
  rule: { id: string | null; name: string };
  reason: string;
  event: EventDetail | null;
}

const METHODS: WebhookMethod[] = ['POST', 'PUT', 'PATCH'];

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function WebhookActionEditor({
  index,
  webhook,
  onChange,
  onRemove,
  rule,
  reason,
  event,
}: WebhookActionEditorProps) {
  const problems = alertTemplateProblems(webhook.bodyTemplate);
  const preview = renderAlertTemplate(webhook.bodyTemplate, previewContext(rule, reason, event, new Date()));
  return (
    <div className="alert-webhook" data-testid="rule-webhook" data-index={index}>
      <div className="row">
        <select
          aria-label="Method"
          data-testid="rule-webhook-method"
          value={webhook.method}
          onChange={(e) => onChange({ method: e.target.value as WebhookMethod })}
        >
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          className="mono alert-webhook-url"
          aria-label="Webhook URL"
          data-testid="rule-webhook-url"
          placeholder="https://hooks.slack.com/services/…"
          spellCheck={false}
          value={webhook.url}
          onChange={(e) => onChange({ url: e.target.value })}
        />
        <button type="button" className="small link" data-testid="rule-webhook-remove" onClick={onRemove}>
          Remove
        </button>
      </div>
      <label className="alert-field">
        <span>
          Headers, one <code>Name: value</code> a line (the Standard Webhooks signature headers are added)
        </span>
        <textarea
          className="mono"
          rows={2}
          data-testid="rule-webhook-headers"
          spellCheck={false}
          value={webhook.headers}
          onChange={(e) => onChange({ headers: e.target.value })}
        />
      </label>
      <div className="alert-template">
        <div>
          <span className="muted">Body template</span>
          <CodeEditor
            className="code-editor alert-template-editor"
            value={webhook.bodyTemplate}
            // Plain text: a template is not JSON until rendered ({{alert.suppressed}} bare), and
            // JSON's checks would mark every placeholder; the preview says whether the result is.
            language="plaintext"
            ariaLabel="Body template"
            testId="rule-webhook-template"
            onChange={(bodyTemplate) => onChange({ bodyTemplate })}
          />
        </div>
        <div>
          <span className="muted">
            Would send{event ? '' : ' (no event: event fields empty)'}
            {looksLikeJson(preview) ? '' : ' — not valid JSON'}
          </span>
          <pre className="alert-template-preview mono" data-testid="rule-webhook-preview">
            {preview}
          </pre>
        </div>
      </div>
      {problems.length > 0 ? (
        <ul className="error alert-problems" data-testid="rule-webhook-template-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
