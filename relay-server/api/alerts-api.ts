// Relay-side alert rules of the calling device's user, for the desktop's sync: list, put
// (create or replace, the desktop's revision checked: stale gets 409), delete, the log, and
// "send test alert". A rule is checked before it is stored: 400 with every problem.
import { AlertLogQuery, PutAlertRuleRequest } from '../../protocol/relay-api.js';
import { type ValidationError, validator } from '../../protocol/validator.js';
import type { RelayAlerts } from '../alerts/relay-alerts.js';
import { relayRuleProblems } from '../alerts/relay-rule-check.js';
import type { ApiRouter } from '../http/api-router.js';
import { HttpError } from '../http/json-response.js';
import type { RelayStore } from '../store/relay-store.js';

const DEFAULT_LOG_LIMIT = 100;

export function mountAlertsApi(router: ApiRouter, deps: { store: RelayStore; alerts: RelayAlerts }) {
  const { store, alerts } = deps;
  const ruleOf = async (userId: string, id: string) => {
    const rule = await store.alerts.getAlertRule(userId, id);
    if (!rule) throw new HttpError(404, 'alert_rule_not_found', 'no such alert rule on this relay');
    return rule;
  };

  router
    .on('GET', '/api/alert-rules', async (ctx) => {
      const device = await ctx.device();
      const rules = (await store.alerts.listAlertRules(device.userId)).map((r) => r.rule);
      return { status: 200, body: { rules } };
    })
    .on('GET', '/api/alert-rules/log', async (ctx) => {
      const device = await ctx.device();
      const params = new URL(ctx.req.url ?? '/', 'http://relay').searchParams;
      const raw: Record<string, unknown> = {};
      const ruleId = params.get('ruleId');
      const limit = params.get('limit');
      if (ruleId) raw['ruleId'] = ruleId;
      if (limit !== null) raw['limit'] = /^\d+$/.test(limit) ? Number(limit) : limit;
      let query: AlertLogQuery;
      try {
        query = validator(AlertLogQuery).parse(raw, 'query');
      } catch (err) {
        throw new HttpError(400, 'invalid_request', (err as ValidationError).message);
      }
      const log = await store.alerts.alertLog(device.userId, query.ruleId ?? null, query.limit ?? DEFAULT_LOG_LIMIT);
      return { status: 200, body: log };
    })
    .on('PUT', '/api/alert-rules/:id', async (ctx) => {
      const device = await ctx.device();
      const rule = await ctx.body(PutAlertRuleRequest);
      const problems = ctx.params['id'] === rule.id ? [] : ['id: differs from the id in the path'];
      problems.push(...relayRuleProblems(rule, alerts.guard));
      if (rule.endpointId !== null && !(await store.getEndpoint(device.userId, rule.endpointId))) {
        problems.push(`endpointId: you have no endpoint ${rule.endpointId} on this relay`);
      }
      if (problems.length > 0) {
        throw new HttpError(
          400,
          'invalid_alert_rule',
          `the alert rule cannot run on the relay: ${problems.join('; ')}`,
          {
            problems,
          },
        );
      }
      const result = await store.alerts.putAlertRule(device.userId, rule);
      if (!result.ok && result.reason === 'id_taken') {
        throw new HttpError(409, 'id_taken', 'that alert rule id is already in use');
      }
      if (!result.ok) {
        throw new HttpError(
          409,
          'revision_conflict',
          `the rule changed since revision ${rule.revision}; the relay has revision ${result.current.revision}`,
          { current: result.current },
        );
      }
      await alerts.changed(device.userId);
      return { status: result.created ? 201 : 200, body: result.rule };
    })
    .on('DELETE', '/api/alert-rules/:id', async (ctx) => {
      const device = await ctx.device();
      if (!(await store.alerts.deleteAlertRule(device.userId, ctx.params['id']!))) {
        throw new HttpError(404, 'alert_rule_not_found', 'no such alert rule on this relay');
      }
      await alerts.changed(device.userId);
      return { status: 204 };
    })
    .on('POST', '/api/alert-rules/:id/test', async (ctx) => {
      const device = await ctx.device();
      const rule = await ruleOf(device.userId, ctx.params['id']!);
      return { status: 201, body: await alerts.test(device.userId, rule) };
    });
}
