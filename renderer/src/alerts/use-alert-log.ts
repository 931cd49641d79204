// The alert log: fired alerts (newest first) with every attempt of their webhooks, for one
// rule or all. Reloaded when an alert fires or an attempt ends, so retries show as they run.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertAttempt, AlertFiring } from '../../../protocol/alerts/alert-rule.js';
import { useApi, useApiEvent } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export interface AlertLogState {
  alerts: AlertFiring[];
  attempts: AlertAttempt[];
  error: string | null;
  reload(): void;
}

const LIMIT = 100;

export function useAlertLog(ruleId: string | null): AlertLogState {
  const api = useApi();
  const [alerts, setAlerts] = useState<AlertFiring[]>([]);
  const [attempts, setAttempts] = useState<AlertAttempt[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Only the latest request may land: switching rules quickly must not show another's log.
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    api.invoke('alerts.log', { ...(ruleId ? { ruleId } : {}), limit: LIMIT }).then(
      (got) => {
        if (request !== latest.current) return;
        setAlerts(got.alerts);
        setAttempts(got.attempts);
        setError(null);
      },
      (err) => request === latest.current && setError(errorMessage(err)),
    );
  }, [api, ruleId]);

  useEffect(reload, [reload]);
  useApiEvent('onAlert', ({ alert }) => {
    if (!ruleId || alert.ruleId === ruleId) reload();
  });
  useApiEvent('onAlertAttempt', ({ attempt }) => {
    if (!ruleId || attempt.ruleId === ruleId) reload();
  });

  return { alerts, attempts, error, reload };
}
