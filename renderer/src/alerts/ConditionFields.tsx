// The rule's condition: its kind (those the chosen side cannot see are offered disabled)
// and the parameters that kind takes.
import { type AlertConditionKind, CONDITION_SIDES } from '../../../protocol/alerts/alert-rule.js';
import { RuleFilterField } from './RuleFilterField.js';
import type { ForwardFailedOn, RuleDraft } from './rule-draft.js';
import { CONDITION_LABELS } from './rule-words.js';

interface ConditionFieldsProps {
  draft: RuleDraft;
  onChange(patch: Partial<RuleDraft>): void;
}

const FORWARD_ON: [ForwardFailedOn, string][] = [
  ['any', 'any failure: network error, 4xx or 5xx'],
  ['error', 'a network error (refused, timeout, reset)'],
  ['4xx', 'a 4xx answer'],
  ['5xx', 'a 5xx answer'],
];

function NumberField(props: { label: string; value: string; testId: string; onChange(v: string): void }) {
  return (
    <label className="alert-field inline">
      {props.label}
      <input
        className="alert-number"
        inputMode="numeric"
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

export function ConditionFields({ draft, onChange }: ConditionFieldsProps) {
  const kinds = Object.keys(CONDITION_LABELS) as AlertConditionKind[];
  const minutes = (
    <NumberField
      label="Minutes"
      testId="rule-minutes"
      value={draft.minutes}
      onChange={(v) => onChange({ minutes: v })}
    />
  );
  return (
    <fieldset className="alert-fieldset">
      <legend>When</legend>
      <select
        aria-label="Condition"
        data-testid="rule-condition-kind"
        value={draft.kind}
        onChange={(e) => onChange({ kind: e.target.value as AlertConditionKind })}
      >
        {kinds.map((kind) => {
          const allowed = CONDITION_SIDES[kind].includes(draft.runsOn);
          return (
            <option key={kind} value={kind} disabled={!allowed}>
              {CONDITION_LABELS[kind]}
              {allowed ? '' : draft.runsOn === 'relay' ? ' (desktop only)' : ' (relay only)'}
            </option>
          );
        })}
      </select>
      {draft.kind === 'event_matches' ? (
        <RuleFilterField
          label="Events this filter matches"
          placeholder='body.type="invoice.payment_failed" or status=5xx'
          value={draft.filter}
          onChange={(filter) => onChange({ filter })}
        />
      ) : null}
      {draft.kind === 'forward_failed' ? (
        <label className="alert-field inline">
          Counts as failed
          <select
            data-testid="rule-forward-on"
            value={draft.forwardOn}
            onChange={(e) => onChange({ forwardOn: e.target.value as ForwardFailedOn })}
          >
            {FORWARD_ON.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {draft.kind === 'relay_unreachable' || draft.kind === 'silence' ? minutes : null}
      {draft.kind === 'device_offline' ? (
        <NumberField
          label="Events waiting"
          testId="rule-min-events"
          value={draft.minEvents}
          onChange={(v) => onChange({ minEvents: v })}
        />
      ) : null}
      {draft.kind === 'burst' ? (
        <>
          <div className="row">
            <NumberField
              label="More than"
              testId="rule-count"
              value={draft.count}
              onChange={(v) => onChange({ count: v })}
            />
            {minutes}
          </div>
          <RuleFilterField
            label="Counting only events this filter matches (empty: every event)"
            placeholder="status=5xx"
            value={draft.filter}
            onChange={(filter) => onChange({ filter })}
          />
        </>
      ) : null}
    </fieldset>
  );
}
