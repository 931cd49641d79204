// Checks the schema cannot make: the condition runs on the rule's side, filters parse (a
// FilterError becomes invalid_params in the dispatcher), templates name only known fields.
import { type AlertCondition, type AlertRule, CONDITION_SIDES } from '../../protocol/alerts/alert-rule.js';
import { alertTemplateProblems } from '../../protocol/alerts/alert-template.js';
import { DesktopApiError } from '../../protocol/desktop-api.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';

type Checked = Pick<AlertRule, 'runsOn' | 'condition' | 'actions'>;

export function checkAlertRule(rule: Checked): void {
  const sides = CONDITION_SIDES[rule.condition.kind];
  if (!sides.includes(rule.runsOn)) {
    throw new DesktopApiError(
      'invalid_params',
      `the condition ${rule.condition.kind} can run only on the ${sides.join(' or ')}, not on the ${rule.runsOn}`,
    );
  }
  const filter = conditionFilter(rule.condition);
  if (filter !== undefined) parseFilter(filter);
  rule.actions.forEach((action, i) => {
    if (action.type !== 'webhook') return;
    const problems = alertTemplateProblems(action.bodyTemplate);
    if (problems.length > 0) {
      throw new DesktopApiError('invalid_params', `action ${i + 1}: body template: ${problems.join('; ')}`);
    }
  });
}

export function conditionFilter(condition: AlertCondition): string | undefined {
  return condition.kind === 'event_matches' || condition.kind === 'burst' ? condition.filter : undefined;
}
