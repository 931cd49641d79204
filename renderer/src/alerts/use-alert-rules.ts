// The alert rules, kept current: loaded once, then replaced whenever the engine says they
// changed (a save here, the CLI, a 410 that switched one off) or one fired.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertRule } from '../../../protocol/alerts/alert-rule.js';
import { useApi, useApiEvent } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export interface AlertRulesState {
  rules: AlertRule[];
  loaded: boolean;
  error: string | null;
  /** Puts a rule the engine returned in place (or adds it) before the change event arrives. */
  replace(rule: AlertRule): void;
  remove(id: string): void;
}

export function useAlertRules(): AlertRulesState {
  const api = useApi();
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Only the latest request may land, so a slow answer never puts older rules back.
  const latest = useRef(0);
  const load = useCallback(() => {
    const request = ++latest.current;
    api.invoke('alerts.list', {}).then(
      (got) => {
        if (request !== latest.current) return;
        setRules(got.rules);
        setLoaded(true);
        setError(null);
      },
      (err) => request === latest.current && setError(errorMessage(err)),
    );
  }, [api]);

  useEffect(load, [load]);
  // A firing moves the rule's last fired time.
  useApiEvent('onAlert', load);

  useApiEvent('onAlertRulesChanged', ({ rules: next }) => {
    latest.current++;
    setRules(next);
    setLoaded(true);
  });

  const replace = useCallback((rule: AlertRule) => {
    setRules((list) =>
      list.some((r) => r.id === rule.id) ? list.map((r) => (r.id === rule.id ? rule : r)) : [...list, rule],
    );
  }, []);
  const remove = useCallback((id: string) => setRules((list) => list.filter((r) => r.id !== id)), []);

  return { rules, loaded, error, replace, remove };
}
