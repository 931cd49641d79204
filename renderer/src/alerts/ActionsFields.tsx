// What a rule does when it fires: a desktop notification, and any number of webhooks, each
// with its body template previewed against an event chosen once for all of them.

import { PreviewEventPicker } from './PreviewEventPicker.js';
import { newWebhookDraft, type RuleDraft, settingsFromDraft, type WebhookDraft } from './rule-draft.js';
import { conditionInWords } from './rule-words.js';
import { usePreviewEvent } from './use-preview-event.js';
import { WebhookActionEditor } from './WebhookActionEditor.js';

const MAX_ACTIONS = 10;

interface ActionsFieldsProps {
  draft: RuleDraft;
  ruleId: string | null;
  onChange(patch: Partial<RuleDraft>): void;
}

/** The reason the alert would carry, for the preview; a stand-in while the condition is incomplete. */
function previewReason(draft: RuleDraft): string {
  const check = settingsFromDraft({ ...draft, name: draft.name || 'x', notify: true });
  return check.ok ? conditionInWords(check.settings.condition) : 'the rule fired';
}

export function ActionsFields({ draft, ruleId, onChange }: ActionsFieldsProps) {
  const preview = usePreviewEvent(draft.endpointId);
  const setWebhook = (i: number, patch: Partial<WebhookDraft> | null) => {
    const webhooks = [...draft.webhooks];
    if (patch === null) webhooks.splice(i, 1);
    else webhooks[i] = { ...webhooks[i]!, ...patch };
    onChange({ webhooks });
  };
  const rule = { id: ruleId, name: draft.name };
  return (
    <fieldset className="alert-fieldset">
      <legend>Then</legend>
      <label className="alert-field inline">
        <input
          type="checkbox"
          data-testid="rule-notify"
          checked={draft.notify}
          onChange={(e) => onChange({ notify: e.target.checked })}
        />
        Show a desktop notification (a click opens the event)
      </label>
      {draft.webhooks.length > 0 ? <PreviewEventPicker preview={preview} /> : null}
      {draft.webhooks.map((webhook, i) => (
        <WebhookActionEditor
          // Webhooks have no id of their own; the position is theirs while the draft lives.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          index={i}
          webhook={webhook}
          onChange={(patch) => setWebhook(i, patch)}
          onRemove={() => setWebhook(i, null)}
          rule={rule}
          reason={previewReason(draft)}
          event={preview.event}
        />
      ))}
      <button
        type="button"
        className="small"
        data-testid="rule-add-webhook"
        disabled={draft.webhooks.length + 1 >= MAX_ACTIONS}
        onClick={() => onChange({ webhooks: [...draft.webhooks, newWebhookDraft()] })}
      >
        + Webhook
      </button>
    </fieldset>
  );
}
