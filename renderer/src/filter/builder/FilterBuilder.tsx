// The visual rule builder: the same filter as the text box, as groups (all of / any of /
// none of) of rows (field, operator, value). Every edit produces a new filter expression;
// the caller prints it into the box, so the two can never disagree.
import { useState } from 'react';
import {
  FILTER_FIELDS,
  type FilterCondition,
  type FilterExpr,
  type FilterField,
} from '../../../../protocol/filter/filter-ast.js';
import { conditionProblem } from '../../../../protocol/filter/filter-check.js';
import { FIELD_KINDS, FIELD_OPERATORS, fieldHasName } from '../../../../protocol/filter/filter-fields.js';
import { asGroup, fromGroup, type Group, isGroup, type Mode } from './builder-groups.js';
import { OPERATOR_LABELS, pathFromText, pathToText, valueText, withField, withValueText } from './builder-values.js';

const MAX_DEPTH = 4;
const NEW_CONDITION: FilterCondition = { type: 'condition', field: 'method', op: 'equals', value: 'POST' };

export function FilterBuilder({ expr, onChange }: { expr: FilterExpr; onChange(expr: FilterExpr): void }) {
  return (
    <div className="filter-builder" data-testid="filter-builder">
      <GroupEditor group={asGroup(expr)} depth={0} onChange={(g) => onChange(fromGroup(g))} />
    </div>
  );
}

interface GroupEditorProps {
  group: Group;
  depth: number;
  onChange(group: Group): void;
  onRemove?(): void;
}

function GroupEditor({ group, depth, onChange, onRemove }: GroupEditorProps) {
  const setItem = (i: number, item: FilterExpr | null) => {
    const items = [...group.items];
    if (item === null) items.splice(i, 1);
    else items[i] = item;
    onChange({ ...group, items });
  };
  return (
    <div className="builder-group" data-testid="builder-group" data-depth={depth}>
      <div className="builder-group-head">
        <select
          aria-label="Match"
          data-testid="builder-mode"
          value={group.mode}
          onChange={(e) => onChange({ ...group, mode: e.target.value as Mode })}
        >
          <option value="all">All of</option>
          <option value="any">Any of</option>
          <option value="none">None of</option>
        </select>
        <button
          type="button"
          className="small"
          data-testid="builder-add-condition"
          onClick={() => onChange({ ...group, items: [...group.items, NEW_CONDITION] })}
        >
          + Condition
        </button>
        {depth < MAX_DEPTH ? (
          <button
            type="button"
            className="small"
            data-testid="builder-add-group"
            onClick={() => onChange({ ...group, items: [...group.items, { type: 'or', any: [NEW_CONDITION] }] })}
          >
            + Group
          </button>
        ) : null}
        {onRemove ? (
          <button type="button" className="small link" aria-label="Remove group" onClick={onRemove}>
            Remove group
          </button>
        ) : null}
      </div>
      {group.items.length === 0 ? <p className="muted">Every event matches.</p> : null}
      {group.items.map((item, i) =>
        isGroup(item) ? (
          <GroupEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
            key={i}
            group={asGroup(item)}
            depth={depth + 1}
            onChange={(g) => setItem(i, fromGroup(g))}
            onRemove={() => setItem(i, null)}
          />
        ) : (
          <RowEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
            key={i}
            item={item as FilterCondition | { type: 'text'; text: string }}
            onChange={(next) => setItem(i, next)}
            onRemove={() => setItem(i, null)}
          />
        ),
      )}
    </div>
  );
}

type Row = FilterCondition | { type: 'text'; text: string };

function RowEditor({ item, onChange, onRemove }: { item: Row; onChange(row: Row): void; onRemove(): void }) {
  const [valueDraft, setValueDraft] = useState(item.type === 'text' ? item.text : valueText(item));
  const [pathDraft, setPathDraft] = useState(item.type === 'condition' ? pathToText(item.path) : '');
  const field = item.type === 'text' ? 'text' : item.field;

  const chooseField = (next: FilterField | 'text') => {
    if (next === 'text') {
      onChange({ type: 'text', text: valueDraft || 'search' });
      if (!valueDraft) setValueDraft('search');
      return;
    }
    const base: FilterCondition = item.type === 'text' ? { ...NEW_CONDITION, value: item.text } : item;
    const changed = withField(base, next);
    setValueDraft(valueText(changed));
    setPathDraft(pathToText(changed.path));
    onChange(changed);
  };

  const problem = item.type === 'condition' ? conditionProblem(item) : item.text.trim() ? null : 'type some text';
  const takesValue = item.type === 'text' || (item.op !== 'exists' && item.op !== 'not_exists');
  return (
    <div className="builder-row" data-testid="builder-row">
      <select
        aria-label="Field"
        data-testid="builder-field"
        value={field}
        onChange={(e) => chooseField(e.target.value as FilterField | 'text')}
      >
        <option value="text">full text</option>
        {FILTER_FIELDS.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
      {item.type === 'condition' && fieldHasName(item.field) ? (
        <input
          aria-label={item.field === 'header' ? 'Header name' : 'Query parameter'}
          data-testid="builder-name"
          placeholder={item.field === 'header' ? 'x-github-event' : 'name'}
          value={item.name ?? ''}
          onChange={(e) => onChange({ ...item, name: e.target.value.toLowerCase() })}
        />
      ) : null}
      {item.type === 'condition' && item.field === 'body' ? (
        <input
          aria-label="Body path"
          data-testid="builder-path"
          placeholder="data.object.amount"
          value={pathDraft}
          onChange={(e) => {
            setPathDraft(e.target.value);
            const path = pathFromText(e.target.value);
            if (path.length > 0) onChange({ ...item, path });
          }}
        />
      ) : null}
      {item.type === 'condition' ? (
        <select
          aria-label="Operator"
          data-testid="builder-op"
          value={item.op}
          onChange={(e) => {
            const op = e.target.value as FilterCondition['op'];
            const { flags: _flags, ...rest } = item;
            onChange(withValueText({ ...rest, op }, valueDraft));
          }}
        >
          {FIELD_OPERATORS[FIELD_KINDS[item.field]].map((op) => (
            <option key={op} value={op}>
              {OPERATOR_LABELS[op]}
            </option>
          ))}
        </select>
      ) : (
        <span className="builder-op-text">contains</span>
      )}
      {takesValue ? (
        <input
          aria-label="Value"
          data-testid="builder-value"
          placeholder={placeholder(item)}
          value={valueDraft}
          onChange={(e) => {
            setValueDraft(e.target.value);
            onChange(
              item.type === 'text' ? { type: 'text', text: e.target.value } : withValueText(item, e.target.value),
            );
          }}
        />
      ) : null}
      {item.type === 'condition' && item.op === 'regex_match' ? (
        <label className="builder-flag">
          <input
            type="checkbox"
            checked={item.flags?.includes('i') ?? false}
            onChange={(e) => {
              const { flags: _flags, ...rest } = item;
              onChange(e.target.checked ? { ...rest, flags: 'i' } : rest);
            }}
          />{' '}
          ignore case
        </label>
      ) : null}
      <button type="button" className="small link" aria-label="Remove condition" onClick={onRemove}>
        ✕
      </button>
      {problem ? (
        <span className="builder-problem" data-testid="builder-problem">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

function placeholder(item: Row): string {
  if (item.type === 'text') return 'words to find';
  if (item.op === 'in' || item.op === 'not_in') return 'a, b, c';
  switch (FIELD_KINDS[item.field]) {
    case 'status':
      return '404 or 5xx';
    case 'size':
      return '10kb';
    case 'time':
      return '-15m or 2024-05-01';
    case 'boolean':
      return 'true or false';
    default:
      return 'value';
  }
}
