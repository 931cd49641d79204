// How `porthole alerts` shows rules and their log: the condition in the words --when takes,
// secrets as fingerprints unless asked.
import type { AlertAttempt, AlertCondition, AlertFiring, AlertRule } from '../protocol/alerts/alert-rule.js';
import { formatDuration } from '../protocol/units.js';
import { maskSecret } from './endpoint-display.js';

export function whenText(c: AlertCondition): string {
  switch (c.kind) {
    case 'event_matches':
      return `match:${c.filter}`;
    case 'forward_failed':
      return c.on && c.on !== 'any' ? `forward-failed:${c.on}` : 'forward-failed';
    case 'relay_unreachable':
      return `relay-unreachable:${formatDuration(c.minutes * 60_000)}`;
    case 'silence':
      return `silence:${formatDuration(c.minutes * 60_000)}`;
    case 'device_offline':
      return `device-offline:${c.minEvents}`;
    case 'burst':
      return `burst:${c.count}/${formatDuration(c.minutes * 60_000)}${c.filter ? ` matching ${c.filter}` : ''}`;
    default:
      return c.kind.replace(/_/g, '-');
  }
}

export const maskRule = (rule: AlertRule, show = false): AlertRule =>
  show ? rule : { ...rule, secret: maskSecret(rule.secret) };

const actionText = (rule: AlertRule) =>
  rule.actions.map((a) => (a.type === 'notification' ? 'notify' : `${a.method} ${a.url}`)).join(', ');

const stateText = (rule: AlertRule) => (rule.state === 'disabled_gone' ? 'off (410)' : rule.enabled ? 'on' : 'off');

export function ruleTable(rules: AlertRule[], endpointName: (id: string) => string): string {
  if (rules.length === 0) return 'no alert rules';
  const rows = rules.map((r) => [
    r.name,
    r.runsOn,
    stateText(r),
    whenText(r.condition),
    r.endpointId ? endpointName(r.endpointId) : '(any)',
    r.lastFiredAt ?? '-',
    actionText(r),
  ]);
  const head = ['NAME', 'ON', 'STATE', 'WHEN', 'ENDPOINT', 'LAST FIRED', 'ACTIONS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function ruleDetail(rule: AlertRule, endpointName: (id: string) => string): string {
  const lines = [
    `${rule.name} (${rule.id})`,
    `  runs on     ${rule.runsOn}`,
    `  state       ${stateText(rule)}${rule.stateReason ? ` — ${rule.stateReason}` : ''}`,
    `  when        ${whenText(rule.condition)}`,
    `  endpoint    ${rule.endpointId ? endpointName(rule.endpointId) : '(any)'}`,
    `  throttle    ${rule.throttleMs > 0 ? formatDuration(rule.throttleMs) : 'none'}`,
    `  retry       ${rule.retryScheduleMs.map((ms) => (ms === 0 ? '0' : formatDuration(ms))).join(',')}`,
    `  secret      ${rule.secret}`,
    `  last fired  ${rule.lastFiredAt ?? 'never'}`,
  ];
  for (const a of rule.actions) {
    if (a.type === 'notification') lines.push('  action      desktop notification');
    else {
      lines.push(`  action      ${a.method} ${a.url}`);
      for (const [n, v] of a.headers) lines.push(`              ${n}: ${v}`);
    }
  }
  return lines.join('\n');
}

export function logLines(log: { alerts: AlertFiring[]; attempts: AlertAttempt[] }): string {
  const byAlert = new Map<string, AlertAttempt[]>();
  for (const a of log.attempts) byAlert.set(a.alertId, [...(byAlert.get(a.alertId) ?? []), a]);
  if (log.alerts.length === 0) return 'no alerts';
  const lines: string[] = [];
  for (const f of log.alerts) {
    const extra = [f.test ? 'test' : '', f.suppressed > 0 ? `+${f.suppressed} held back` : ''].filter(Boolean);
    lines.push(`${f.firedAt}  ${f.ruleName}  ${f.reason}${extra.length ? ` (${extra.join(', ')})` : ''}`);
    for (const a of (byAlert.get(f.id) ?? []).slice().reverse()) {
      const outcome = a.error ?? `${a.status}`;
      const next = a.nextAttemptAt ? `, next ${a.nextAttemptAt}` : '';
      lines.push(`    try ${a.attempt}: ${outcome} in ${Math.round(a.durationMs)} ms${next}`);
    }
  }
  return lines.join('\n');
}
