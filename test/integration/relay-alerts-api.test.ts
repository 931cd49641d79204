// The relay's alert-rule API for the desktop's sync, over real HTTP: device auth and one user's
// rules hidden from another, create/replace with the desktop's revision (409 when stale), 400
// with reasons for what cannot run on the relay, the log, "send test alert" and delete; then the
// engine's client (app/alerts/relay-alert-client.ts) against the same relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayAlertClient } from '../../app/alerts/relay-alert-client.js';
import type { AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { AlertLog } from '../../protocol/relay-api.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { putRule, putRuleOk, relayRule } from '../helpers/relay-alert-rules.js';
import { callApi, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';

let h: RelayHarness;
let strict: RelayHarness;
let receiver: LocalService;
let token: string;
beforeAll(async () => {
  receiver = await startLocalService();
  h = await startTestRelay({ alertsAllow: ['127.0.0.1/32'] });
  strict = await startTestRelay();
  token = h.device.deviceToken;
});
afterAll(async () => {
  await h.stop();
  await strict.stop();
  await receiver.close();
});

const problemsOf = (body: unknown) =>
  ((body as { error: { details: { problems: string[] } } }).error.details.problems ?? []).join('\n');

describe('auth and ownership', () => {
  it('needs a device token', async () => {
    expect((await callApi(h.relay.url, 'GET', '/api/alert-rules')).status).toBe(401);
    const rule = relayRule(`${receiver.url}/x`);
    expect((await putRule(h.relay.url, 'phd_nope.nope', rule)).status).toBe(401);
  });

  it('shows a user only their own rules', async () => {
    const rule = await putRuleOk(h.relay.url, token, relayRule(`${receiver.url}/mine`));
    const bob = await inviteAndPair(h.relay.url, h.adminToken, 'bob');
    const list = await callApi<{ rules: AlertRule[] }>(h.relay.url, 'GET', '/api/alert-rules', {
      token: bob.deviceToken,
    });
    expect(list.body.rules).toEqual([]);
    const other = { token: bob.deviceToken };
    expect((await callApi(h.relay.url, 'POST', `/api/alert-rules/${rule.id}/test`, other)).status).toBe(404);
    expect((await callApi(h.relay.url, 'DELETE', `/api/alert-rules/${rule.id}`, other)).status).toBe(404);
    // Bob cannot take over Alice's rule id either.
    expect((await putRule(h.relay.url, bob.deviceToken, { ...rule, revision: 9 })).status).toBe(409);
    const log = await callApi<AlertLog>(h.relay.url, 'GET', '/api/alert-rules/log', other);
    expect(log.body).toEqual({ alerts: [], attempts: [] });
  });
});

describe('revisions', () => {
  it('creates (201), replaces with a newer revision, repeats the same one (200), refuses a stale one (409)', async () => {
    const rule = relayRule(`${receiver.url}/rev`);
    const created = await putRule(h.relay.url, token, rule);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: rule.id, revision: 1, secret: rule.secret });
    expect((await putRule(h.relay.url, token, rule)).status).toBe(200);
    const renamed = { ...rule, name: 'renamed', revision: 2 };
    expect((await putRule(h.relay.url, token, renamed)).body.name).toBe('renamed');
    const stale = await putRule(h.relay.url, token, { ...rule, name: 'stale edit', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { current: { name: 'renamed' } } });
    // A rival edit of the same revision is a conflict too.
    expect((await putRule(h.relay.url, token, { ...rule, name: 'rival', revision: 2 })).status).toBe(409);
  });
});

describe('what the relay refuses to store (400 with reasons)', () => {
  const expect400 = async (harness: RelayHarness, rule: AlertRule, reason: RegExp) => {
    const res = await putRule(harness.relay.url, harness.device.deviceToken, rule);
    expect(res.status).toBe(400);
    expect(res.body.error!.code).toBe('invalid_alert_rule');
    expect(problemsOf(res.body)).toMatch(reason);
  };
  const url = () => `${receiver.url}/refused`;

  it('a condition only the desktop can see', async () => {
    await expect400(
      h,
      relayRule(url(), { condition: { kind: 'forward_failed' } }),
      /forward_failed can only be seen by the desktop/,
    );
    await expect400(h, relayRule(url(), { condition: { kind: 'relay_unreachable', minutes: 5 } }), /desktop/);
  });

  it('a desktop rule, a filter that does not parse, an unknown placeholder, an unknown endpoint', async () => {
    await expect400(h, relayRule(url(), { runsOn: 'desktop' }), /only rules that run on the relay/);
    await expect400(
      h,
      relayRule(url(), { condition: { kind: 'event_matches', filter: 'body.type=(' } }),
      /condition\.filter/,
    );
    const rule = relayRule(url());
    const action = {
      ...(rule.actions[0] as Extract<AlertRule['actions'][number], { type: 'webhook' }>),
      bodyTemplate: '{"x":"{{event.nope}}"}',
    };
    await expect400(h, { ...rule, actions: [action] }, /unknown placeholder \{\{event\.nope\}\}/);
    await expect400(h, relayRule(url(), { endpointId: 'ep_missing' }), /no endpoint ep_missing/);
  });

  it('a webhook to a private, loopback or metadata address unless the admin allowed it', async () => {
    for (const target of [
      'http://127.0.0.1:9/',
      'http://10.0.0.1/',
      'http://169.254.169.254/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::1]/',
    ]) {
      await expect400(strict, relayRule(target), /address/);
    }
    // 127.0.0.1/32 is allowed on h, 10/8 is not.
    expect((await putRule(h.relay.url, token, relayRule('http://127.0.0.1:9/'))).status).toBe(201);
    await expect400(h, relayRule('http://10.0.0.1/'), /10\.0\.0\.1 is a private address/);
  });
});

describe('test, log, delete', () => {
  it('sends a test alert with a sample event, logs it, and forgets a deleted rule', async () => {
    const rule = await putRuleOk(h.relay.url, token, relayRule(`${receiver.url}/tested`));
    const before = receiver.received.length;
    const fired = await callApi<AlertFiring>(h.relay.url, 'POST', `/api/alert-rules/${rule.id}/test`, { token });
    expect(fired.status).toBe(201);
    expect(fired.body).toMatchObject({ ruleId: rule.id, test: true, eventId: 'evt_sample', reason: 'test alert' });
    await receiver.waitFor(before + 1);
    await h.relay.alerts.settled();
    const log = await callApi<AlertLog>(h.relay.url, 'GET', `/api/alert-rules/log?ruleId=${rule.id}&limit=5`, {
      token,
    });
    expect(log.body.alerts.map((a) => a.id)).toEqual([fired.body.id]);
    expect(log.body.attempts).toEqual([expect.objectContaining({ status: 200, responseBody: '{"received":true}' })]);
    expect((await callApi(h.relay.url, 'GET', '/api/alert-rules/log?limit=0', { token })).status).toBe(400);
    expect((await callApi(h.relay.url, 'DELETE', `/api/alert-rules/${rule.id}`, { token })).status).toBe(204);
    expect((await callApi(h.relay.url, 'DELETE', `/api/alert-rules/${rule.id}`, { token })).status).toBe(404);
  });
});

describe('the engine’s client', () => {
  it('puts, lists, tests, reads the log and removes; says so when not paired or unreachable', async () => {
    const client = createRelayAlertClient(() => ({ relayUrl: h.relay.url, token }));
    const rule = relayRule(`${receiver.url}/client`);
    expect((await client.put(rule)).id).toBe(rule.id);
    expect((await client.list()).map((r) => r.id)).toContain(rule.id);
    const firing = await client.test(rule.id);
    await h.relay.alerts.settled();
    const log = await client.log(rule.id, 10);
    expect(log.alerts.map((a) => a.id)).toEqual([firing.id]);
    await expect(client.put({ ...rule, name: 'stale', revision: 1, throttleMs: 5 })).rejects.toMatchObject({
      code: 'revision_conflict',
      status: 409,
    });
    await expect(client.put({ ...rule, revision: 2, condition: { kind: 'forward_failed' } })).rejects.toThrow(
      /forward_failed can only be seen by the desktop/,
    );
    await client.remove(rule.id);
    await client.remove(rule.id); // already gone: fine
    expect((await client.list()).map((r) => r.id)).not.toContain(rule.id);

    await expect(createRelayAlertClient(() => null).list()).rejects.toMatchObject({ code: 'not_paired' });
    const unreachable = createRelayAlertClient(() => ({ relayUrl: 'http://127.0.0.1:9', token }));
    await expect(unreachable.list()).rejects.toMatchObject({ code: 'unreachable' });
  });
});
