// The rule editor's draft: every field as the user types it (numbers as text, headers as
// lines), turned back into the rule's settings with the problems that stop a save.

import {
  type AlertAction,
  type AlertCondition,
  type AlertConditionKind,
  type AlertRule,
  type AlertSide,
  CONDITION_SIDES,
  DEFAULT_ALERT_BODY_TEMPLATE,
  DEFAULT_RETRY_SCHEDULE_MS,
} from '../../../protocol/alerts/alert-rule.js';
import { alertTemplateProblems } from '../../../protocol/alerts/alert-template.js';
import { formatRetrySchedule, parseRetrySchedule } from '../../../protocol/alerts/retry-schedule.js';
import { FilterError } from '../../../protocol/filter/filter-error.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { headersToText, parseHeaders } from '../replay/replay-draft.js';

/** What alerts.create takes and alerts.update changes. */
export type RuleSettings = Pick<
  AlertRule,
  'name' | 'enabled' | 'runsOn' | 'endpointId' | 'condition' | 'throttleMs' | 'actions' | 'retryScheduleMs'
>;

export type WebhookMethod = Extract<AlertAction, { type: 'webhook' }>['method'];
export type ForwardFailedOn = NonNullable<Extract<AlertCondition, { kind: 'forward_failed' }>['on']>;

export interface WebhookDraft {
  url: string;
  method: WebhookMethod;
  /** `Name: value` lines. */
  headers: string;
  bodyTemplate: string;
}

export interface RuleDraft {
  name: string;
  enabled: boolean;
  runsOn: AlertSide;
  endpointId: string | null;
  kind: AlertConditionKind;
  /** event_matches (required) and burst (optional). */
  filter: string;
  forwardOn: ForwardFailedOn;
  /** relay_unreachable, silence, burst. */
  minutes: string;
  /** burst. */
  count: string;
  /** device_offline. */
  minEvents: string;
  /** Empty or 0: every time. */
  throttleMinutes: string;
  notify: boolean;
  webhooks: WebhookDraft[];
  /** The delay before each webhook try, e.g. `0, 5s, 5m, 30m, 2h`. */
  retryText: string;
}

export function newWebhookDraft(): WebhookDraft {
  return { url: '', method: 'POST', headers: '', bodyTemplate: DEFAULT_ALERT_BODY_TEMPLATE };
}

export function newRuleDraft(): RuleDraft {
  return {
    name: '',
    enabled: true,
    runsOn: 'desktop',
    endpointId: null,
    kind: 'forward_failed',
    filter: '',
    forwardOn: 'any',
    minutes: '10',
    count: '100',
    minEvents: '10',
    throttleMinutes: '',
    notify: true,
    webhooks: [],
    retryText: formatRetrySchedule(DEFAULT_RETRY_SCHEDULE_MS),
  };
}

export function draftFromRule(rule: RuleSettings): RuleDraft {
  const draft = newRuleDraft();
  const c = rule.condition;
  return {
    ...draft,
    name: rule.name,
    enabled: rule.enabled,
    runsOn: rule.runsOn,
    endpointId: rule.endpointId,
    kind: c.kind,
    filter: c.kind === 'event_matches' || c.kind === 'burst' ? (c.filter ?? '') : '',
    forwardOn: c.kind === 'forward_failed' ? (c.on ?? 'any') : 'any',
    minutes: 'minutes' in c ? String(c.minutes) : draft.minutes,
    count: c.kind === 'burst' ? String(c.count) : draft.count,
    minEvents: c.kind === 'device_offline' ? String(c.minEvents) : draft.minEvents,
    throttleMinutes: rule.throttleMs === 0 ? '' : String(rule.throttleMs / 60_000),
    notify: rule.actions.some((a) => a.type === 'notification'),
    webhooks: rule.actions.flatMap((a) =>
      a.type === 'webhook'
        ? [{ url: a.url, method: a.method, headers: headersToText(a.headers), bodyTemplate: a.bodyTemplate }]
        : [],
    ),
    retryText: formatRetrySchedule(rule.retryScheduleMs),
  };
}

export type DraftCheck = { ok: true; settings: RuleSettings } | { ok: false; problems: string[] };

/** The filter's parse error, or null when it reads (or is empty). */
export function filterProblem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    parseFilter(text);
    return null;
  } catch (err) {
    return err instanceof FilterError ? err.message : String(err);
  }
}

function wholeNumber(text: string, label: string, min: number, max: number, problems: string[]): number {
  const n = Number(text.trim());
  if (!text.trim() || !Number.isInteger(n) || n < min || n > max) {
    problems.push(`${label} must be a whole number from ${min} to ${max}`);
    return min;
  }
  return n;
}

const WEEK_MINUTES = 7 * 24 * 60;

function conditionFromDraft(draft: RuleDraft, problems: string[]): AlertCondition {
  const filter = draft.filter.trim();
  const badFilter = filterProblem(filter);
  if (badFilter && (draft.kind === 'event_matches' || draft.kind === 'burst')) problems.push(`Filter: ${badFilter}`);
  const minutes = () => wholeNumber(draft.minutes, 'Minutes', 1, WEEK_MINUTES, problems);
  switch (draft.kind) {
    case 'event_matches':
      if (!filter) problems.push('Filter: say which events (for example body.type="invoice.payment_failed")');
      return { kind: 'event_matches', filter };
    case 'forward_failed':
      return draft.forwardOn === 'any' ? { kind: 'forward_failed' } : { kind: 'forward_failed', on: draft.forwardOn };
    case 'relay_unreachable':
    case 'silence':
      return { kind: draft.kind, minutes: minutes() };
    case 'device_offline':
      return {
        kind: 'device_offline',
        minEvents: wholeNumber(draft.minEvents, 'Events waiting', 1, 1_000_000, problems),
      };
    case 'burst': {
      const count = wholeNumber(draft.count, 'Count', 1, 1_000_000, problems);
      return { kind: 'burst', count, minutes: minutes(), ...(filter ? { filter } : {}) };
    }
    default:
      return { kind: draft.kind };
  }
}

function webhookFromDraft(w: WebhookDraft, n: number, problems: string[]): AlertAction {
  const label = `Webhook ${n}`;
  const url = w.url.trim();
  if (!/^https?:\/\/./.test(url)) problems.push(`${label}: the URL must start with http:// or https://`);
  const headers = parseHeaders(w.headers);
  if ('error' in headers) problems.push(`${label}: ${headers.error}`);
  for (const p of alertTemplateProblems(w.bodyTemplate)) problems.push(`${label}: ${p}`);
  return {
    type: 'webhook',
    url,
    method: w.method,
    headers: 'error' in headers ? [] : headers,
    bodyTemplate: w.bodyTemplate,
  };
}

export function settingsFromDraft(draft: RuleDraft): DraftCheck {
  const problems: string[] = [];
  const name = draft.name.trim();
  if (!name) problems.push('Name the rule');
  if (!CONDITION_SIDES[draft.kind].includes(draft.runsOn)) {
    problems.push(`This condition cannot run ${draft.runsOn === 'relay' ? 'on the relay' : 'on this desktop'}`);
  }
  const condition = conditionFromDraft(draft, problems);
  const throttle = draft.throttleMinutes.trim()
    ? wholeNumber(draft.throttleMinutes, 'Throttle minutes', 0, 24 * 60, problems)
    : 0;
  const actions: AlertAction[] = [
    ...(draft.notify ? [{ type: 'notification' as const }] : []),
    ...draft.webhooks.map((w, i) => webhookFromDraft(w, i + 1, problems)),
  ];
  if (actions.length === 0) problems.push('Choose at least one action: a notification or a webhook');
  let retryScheduleMs: number[] = [];
  try {
    retryScheduleMs = parseRetrySchedule(draft.retryText);
  } catch (err) {
    problems.push(`Retries: ${(err as Error).message}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      name,
      enabled: draft.enabled,
      runsOn: draft.runsOn,
      endpointId: draft.endpointId,
      condition,
      throttleMs: throttle * 60_000,
      actions,
      retryScheduleMs,
    },
  };
}
