// What a relay-side rule must be before the relay stores it, beyond its JSON Schema: meant for
// the relay, a condition the relay can see, filters that parse, templates with known
// placeholders, and webhook URLs the SSRF guard would not refuse outright. Every problem named.
import { type AlertRule, CONDITION_SIDES } from '../../protocol/alerts/alert-rule.js';
import { alertTemplateProblems } from '../../protocol/alerts/alert-template.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';
import type { OutboundGuard } from './outbound-guard.js';

export function relayRuleProblems(rule: AlertRule, guard: OutboundGuard): string[] {
  const problems: string[] = [];
  if (rule.runsOn !== 'relay') problems.push('runsOn: only rules that run on the relay are stored here');
  const kind = rule.condition.kind;
  if (!CONDITION_SIDES[kind].includes('relay')) {
    problems.push(`condition: ${kind} can only be seen by the desktop; run this rule on the desktop`);
  }
  const filter = 'filter' in rule.condition ? rule.condition.filter : undefined;
  if (filter !== undefined) {
    try {
      parseFilter(filter);
    } catch (err) {
      problems.push(`condition.filter: ${(err as Error).message}`);
    }
  }
  for (const [i, action] of rule.actions.entries()) {
    if (action.type !== 'webhook') continue;
    for (const p of alertTemplateProblems(action.bodyTemplate)) problems.push(`actions[${i}].bodyTemplate: ${p}`);
    for (const p of guard.staticProblems(action.url)) problems.push(`actions[${i}].url: ${p}`);
  }
  return problems;
}
