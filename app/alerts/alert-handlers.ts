// The DesktopApi methods for alert rules and their log.
import type { AlertAttempt, AlertFiring } from '../../protocol/alerts/alert-rule.js';
import { DesktopApiError } from '../../protocol/desktop-api.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import type { AlertEngine } from './alert-engine.js';
import { templateEvent } from './alert-firer.js';
import { sampleAlertEvent } from './alert-sample-event.js';

type AlertMethods = Pick<
  DesktopHandlers,
  'alerts.list' | 'alerts.get' | 'alerts.create' | 'alerts.update' | 'alerts.delete' | 'alerts.test' | 'alerts.log'
>;

const DEFAULT_LOG_LIMIT = 100;

export function alertHandlers(alerts: AlertEngine): AlertMethods {
  const { rules, deps } = alerts;
  return {
    'alerts.list': async () => {
      // Relay rules may have fired or been switched off (410) there; best effort, quick.
      await Promise.race([rules.pullRelayState(), new Promise((r) => setTimeout(r, 1500))]);
      return { rules: rules.all().slice() };
    },
    'alerts.get': async ({ id }) => rules.find(id),
    'alerts.create': async (params) => rules.create(params),
    'alerts.update': async (params) => rules.update(params),
    'alerts.delete': async ({ id }) => {
      await rules.delete(id);
      alerts.deps.store.transaction(() => {
        alerts.queue.removeRule(id);
        alerts.log.deleteRule(id);
      });
      alerts.firer.throttle.forget(id);
      return {};
    },
    'alerts.test': async ({ id, eventId }) => {
      const rule = rules.find(id);
      const relay = rule.runsOn === 'relay' ? deps.relay() : null;
      if (relay && eventId === undefined) {
        try {
          return await relay.test(id);
        } catch (err) {
          throw new DesktopApiError('relay_error', `the relay could not test the rule: ${(err as Error).message}`);
        }
      }
      let event = null;
      if (eventId !== undefined) {
        const stored = deps.store.events.get(eventId);
        if (!stored) throw new DesktopApiError('not_found', `no event ${eventId}`);
        event = templateEvent(stored);
      }
      const endpoint = rule.endpointId ? (deps.store.endpoints.get(rule.endpointId)?.name ?? 'sample') : 'sample';
      return alerts.firer.test(rule, event ?? sampleAlertEvent(endpoint, deps.clock.now()));
    },
    'alerts.log': async ({ ruleId, limit = DEFAULT_LOG_LIMIT }) => {
      if (ruleId !== undefined) rules.find(ruleId);
      const local = { alerts: alerts.log.firings(ruleId, limit), attempts: alerts.log.attempts(ruleId, limit) };
      const relay = deps.relay();
      const wantsRelay =
        ruleId === undefined ? rules.all().some((r) => r.runsOn === 'relay') : rules.find(ruleId).runsOn === 'relay';
      if (!relay || !wantsRelay) return local;
      const remote = await relay.log(ruleId, limit).catch((err: unknown) => {
        deps.log(`reading the relay's alert log failed: ${String(err)}`);
        return { alerts: [], attempts: [] };
      });
      return {
        alerts: newestFirst([...local.alerts, ...remote.alerts], (a: AlertFiring) => a.firedAt, limit),
        attempts: newestFirst([...local.attempts, ...remote.attempts], (a: AlertAttempt) => a.startedAt, limit),
      };
    },
  };
}

function newestFirst<T>(items: T[], time: (item: T) => string, limit: number): T[] {
  const seen = new Set<string>();
  return items
    .filter((i) => {
      const id = (i as { id: string }).id;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => Date.parse(time(b)) - Date.parse(time(a)))
    .slice(0, limit);
}
