// The Rules page's pure pieces: a stored rule round-trips through the editor's draft into
// settings the contract accepts, typed mistakes are named, and a rule reads in words.
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { AlertRuleFields, DEFAULT_ALERT_BODY_TEMPLATE } from '../../protocol/alerts/alert-rule.js';
import { renderAlertTemplate } from '../../protocol/alerts/alert-template.js';
import type { EventDetail } from '../../protocol/desktop-api.js';
import {
  draftFromRule,
  newRuleDraft,
  newWebhookDraft,
  type RuleSettings,
  settingsFromDraft,
} from '../../renderer/src/alerts/rule-draft.js';
import { conditionInWords, sideInWords, throttleInWords } from '../../renderer/src/alerts/rule-words.js';
import { previewContext } from '../../renderer/src/alerts/template-preview-context.js';

const Settings = Type.Object(AlertRuleFields, { additionalProperties: false });

const RULES: RuleSettings[] = [
  {
    name: 'forward failed',
    enabled: true,
    runsOn: 'desktop',
    endpointId: null,
    condition: { kind: 'forward_failed' },
    throttleMs: 0,
    actions: [{ type: 'notification' }],
    retryScheduleMs: [0, 5000],
  },
  {
    name: 'stripe burst',
    enabled: false,
    runsOn: 'relay',
    endpointId: 'ep_1',
    condition: { kind: 'burst', count: 50, minutes: 5, filter: 'body.type^=invoice.' },
    throttleMs: 15 * 60_000,
    actions: [
      {
        type: 'webhook',
        url: 'https://hooks.example.com/x',
        method: 'PUT',
        headers: [['X-Team', 'payments']],
        bodyTemplate: '{"text": "{{rule.name}}"}',
      },
    ],
    retryScheduleMs: [0],
  },
  {
    name: 'quiet',
    enabled: true,
    runsOn: 'desktop',
    endpointId: null,
    condition: { kind: 'silence', minutes: 30 },
    throttleMs: 60_000,
    actions: [{ type: 'notification' }],
    retryScheduleMs: [0],
  },
];

describe('rule draft', () => {
  it('round-trips stored rules into settings the contract accepts', () => {
    for (const rule of RULES) {
      const back = settingsFromDraft(draftFromRule(rule));
      expect(back).toEqual({ ok: true, settings: rule });
      if (back.ok) expect(Value.Check(Settings, back.settings)).toBe(true);
    }
  });

  it('a new draft is a valid desktop forward_failed rule once named', () => {
    const check = settingsFromDraft({ ...newRuleDraft(), name: 'forward failed' });
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.settings.condition).toEqual({ kind: 'forward_failed' });
      expect(check.settings.actions).toEqual([{ type: 'notification' }]);
      expect(Value.Check(Settings, check.settings)).toBe(true);
    }
  });

  it('names each mistake', () => {
    const check = settingsFromDraft({
      ...newRuleDraft(),
      name: ' ',
      runsOn: 'relay',
      kind: 'event_matches',
      filter: 'body.type=',
      throttleMinutes: 'soon',
      notify: false,
      webhooks: [{ ...newWebhookDraft(), url: 'ftp://x', headers: 'no colon', bodyTemplate: '{{event.nope}}' }],
    });
    expect(check.ok).toBe(false);
    const problems = check.ok ? [] : check.problems;
    expect(problems[0]).toBe('Name the rule');
    expect(problems.some((p) => p.startsWith('Filter: '))).toBe(true);
    expect(problems).toContain('Throttle minutes must be a whole number from 0 to 1440');
    expect(problems).toContain('Webhook 1: the URL must start with http:// or https://');
    expect(problems).toContain('Webhook 1: header line 1 needs the form "Name: value"');
    expect(problems).toContain('Webhook 1: unknown placeholder {{event.nope}}');
    expect(settingsFromDraft({ ...newRuleDraft(), name: 'x', notify: false }).ok).toBe(false);
  });

  it('edits the retry schedule as text and names a bad one', () => {
    const draft = { ...newRuleDraft(), name: 'r' };
    expect(draft.retryText).toBe('0, 5s, 5m, 30m, 2h');
    const set = settingsFromDraft({ ...draft, retryText: '0, 1m,2h' });
    expect(set.ok && set.settings.retryScheduleMs).toEqual([0, 60_000, 7_200_000]);
    const bad = settingsFromDraft({ ...draft, retryText: '0, soon' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/^Retries: invalid duration "soon"/m);
    const tooMany = settingsFromDraft({ ...draft, retryText: Array(11).fill('1s').join(',') });
    expect(tooMany.ok).toBe(false);
  });

  it('refuses a condition on a side that cannot see it', () => {
    const check = settingsFromDraft({ ...newRuleDraft(), name: 'x', runsOn: 'relay', kind: 'forward_failed' });
    expect(check).toEqual({ ok: false, problems: ['This condition cannot run on the relay'] });
  });
});

describe('rule in words', () => {
  it('says each condition', () => {
    expect(conditionInWords({ kind: 'forward_failed' })).toBe('forwarding failed (error, 4xx or 5xx)');
    expect(conditionInWords({ kind: 'forward_failed', on: '5xx' })).toBe('the local service answered 5xx');
    expect(conditionInWords({ kind: 'event_matches', filter: 'status=5xx' })).toBe('an event matches status=5xx');
    expect(conditionInWords({ kind: 'silence', minutes: 1 })).toBe('no event for 1 minute');
    expect(conditionInWords({ kind: 'burst', count: 5, minutes: 2, filter: 'method=POST' })).toBe(
      'more than 5 events matching method=POST in 2 minutes',
    );
    expect(conditionInWords({ kind: 'device_offline', minEvents: 3 })).toBe('a device is offline while 3 events wait');
    expect(sideInWords('relay')).toBe('on the relay');
    expect(throttleInWords(0)).toBe('every time');
    expect(throttleInWords(600_000)).toBe('at most once per 10 minutes');
    expect(throttleInWords(90_000)).toBe('at most once per 90 seconds');
  });
});

describe('template preview context', () => {
  it('renders the default template against a chosen event, and without one', () => {
    const event = {
      id: 'evt_1',
      endpointName: 'stripe',
      method: 'POST',
      path: '/hook',
      query: '',
      lastStatus: 502,
      receivedAt: '2026-01-01T00:00:00.000Z',
      headers: [['Content-Type', 'application/json']],
      body: btoa('{"type":"invoice.paid"}'),
    } as unknown as EventDetail;
    const now = new Date('2026-01-01T00:00:01.000Z');
    const withEvent = JSON.parse(
      renderAlertTemplate(DEFAULT_ALERT_BODY_TEMPLATE, previewContext({ id: null, name: 'r' }, 'why', event, now)),
    );
    expect(withEvent.event).toEqual({
      id: 'evt_1',
      endpoint: 'stripe',
      method: 'POST',
      path: '/hook',
      status: '502',
    });
    expect(withEvent.alert.firedAt).toBe(now.toISOString());
    const none = JSON.parse(
      renderAlertTemplate(DEFAULT_ALERT_BODY_TEMPLATE, previewContext({ id: 'alr_1', name: '' }, 'why', null, now)),
    );
    expect(none.rule).toEqual({ id: 'alr_1', name: 'New rule' });
    expect(none.event.id).toBe('');
  });
});
