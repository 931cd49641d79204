// `porthole alerts list|show|create|update|delete|test|log`: alert rules from the terminal,
// through the engine's DesktopApi (attached to the running engine, or one started for the call).
import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import {
  type AlertAction,
  type AlertCondition,
  type AlertRule,
  DEFAULT_ALERT_BODY_TEMPLATE,
} from '../../protocol/alerts/alert-rule.js';
import { alertTemplateProblems } from '../../protocol/alerts/alert-template.js';
import type { DesktopParams } from '../../protocol/desktop-api.js';
import { logLines, maskRule, ruleDetail, ruleTable } from '../alert-display.js';
import { parseHeader, parseRetry, parseWhen, WHEN_HELP, wrapArg } from '../alert-flag-parsers.js';
import { engineDataDirOption } from '../engine-options.js';
import type { EngineSession } from '../engine-session.js';
import { durationArg, filterArg } from '../option-parsers.js';
import { fail, printResult } from '../output.js';
import { limitArg, withSession } from './events-shared.js';

interface CommonOptions {
  dataDir?: string;
  json?: boolean;
  showSecret?: boolean;
}

interface RuleFlags {
  on?: 'desktop' | 'relay';
  when?: AlertCondition;
  filter?: string;
  endpoint?: string;
  anyEndpoint?: boolean;
  notify?: boolean;
  webhook?: string | false;
  method?: 'POST' | 'PUT' | 'PATCH';
  header?: [string, string][];
  template?: string;
  throttle?: number;
  retry?: number[];
}

const common = (command: Command) =>
  command.addOption(engineDataDirOption()).option('--json', 'print JSON (one object, or one line per rule)');

function ruleOptions(command: Command, update: boolean) {
  command
    .option('--on <side>', 'where it runs: desktop (this engine) or relay (fires while the laptop is shut)', (v) => {
      if (v !== 'desktop' && v !== 'relay') throw new InvalidArgumentError(`--on takes desktop or relay, not "${v}"`);
      return v;
    })
    .option('--when <condition>', WHEN_HELP, wrapArg(parseWhen))
    .option('--filter <expr>', 'for --when burst: count only events this filter matches', filterArg)
    .option('--endpoint <name>', 'watch only this endpoint (default: every endpoint)')
    .option('--notify', 'show a desktop notification')
    .option('--webhook <url>', 'send a signed webhook to this URL')
    .option('--method <method>', 'the webhook method: POST, PUT or PATCH', (v) => {
      const m = v.toUpperCase();
      if (!['POST', 'PUT', 'PATCH'].includes(m)) throw new InvalidArgumentError(`--method takes POST, PUT or PATCH`);
      return m;
    })
    .option('--header <header>', "a webhook header, 'Name: value' (repeatable)", (v, prev?: [string, string][]) =>
      parseHeader(v, prev),
    )
    .option('--template <file>', 'the webhook body template ({{rule.name}}, {{event.body.id}}…; docs/alerts.md)')
    .option('--throttle <duration>', 'at most one alert per this window, e.g. 10m (0: none)', durationArg)
    .option('--retry <delays>', 'delays before each webhook try, e.g. 0,5s,5m,30m,2h', wrapArg(parseRetry));
  if (update) {
    command
      .option('--any-endpoint', 'watch every endpoint')
      .option('--no-notify', 'no desktop notification')
      .option('--no-webhook', 'no webhook')
      .option('--enable', 'switch the rule on (also after a 410)')
      .option('--disable', 'switch the rule off')
      .option('--regenerate-secret', 'make a new signing secret (receivers need the new one)')
      .option('--rename <name>', 'a new name');
  } else {
    command.option('--disabled', 'create it switched off');
  }
  return command;
}

async function endpointNames(session: EngineSession) {
  const { endpoints } = await session.api.invoke('endpoints.list', {});
  return {
    name: (id: string) => endpoints.find((e) => e.id === id)?.name ?? id,
    id: (name: string) => {
      const e = endpoints.find((x) => x.name === name) ?? endpoints.find((x) => x.id === name);
      if (!e) throw new Error(`no endpoint named "${name}"`);
      return e.id;
    },
  };
}

async function findRule(session: EngineSession, name: string): Promise<AlertRule> {
  const { rules } = await session.api.invoke('alerts.list', {});
  const rule = rules.find((r) => r.name === name) ?? rules.find((r) => r.id === name);
  if (!rule) throw new Error(`no alert rule named "${name}"`);
  return rule;
}

function readTemplate(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the template ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const problems = alertTemplateProblems(text);
  if (problems.length > 0) throw new Error(`template ${file}: ${problems.join('; ')}`);
  return text;
}

/** The condition with --filter folded into a burst. */
function conditionFrom(flags: RuleFlags, base?: AlertCondition): AlertCondition | undefined {
  const c = flags.when ?? base;
  if (flags.filter === undefined) return flags.when;
  if (c?.kind !== 'burst')
    throw new Error('--filter goes with --when burst:N/WINDOW (use --when match:FILTER otherwise)');
  return { ...c, filter: flags.filter };
}

/** The actions after the flags: notification and webhook, each kept, added or removed. */
function actionsFrom(flags: RuleFlags, base: AlertAction[]): AlertAction[] {
  let notify = base.some((a) => a.type === 'notification');
  let webhook = base.find((a) => a.type === 'webhook');
  if (flags.notify !== undefined) notify = flags.notify;
  if (flags.webhook === false) webhook = undefined;
  else if (typeof flags.webhook === 'string' || webhook) {
    const touched = flags.webhook || flags.method || flags.header || flags.template;
    if (touched || webhook) {
      const url = typeof flags.webhook === 'string' ? flags.webhook : webhook?.url;
      if (!url) throw new Error('--method, --header and --template go with --webhook URL');
      if (!/^https?:\/\//.test(url)) throw new Error(`--webhook takes an http(s) URL, not "${url}"`);
      webhook = {
        type: 'webhook',
        url,
        method: flags.method ?? webhook?.method ?? 'POST',
        headers: flags.header ?? webhook?.headers ?? [],
        bodyTemplate: flags.template
          ? readTemplate(flags.template)
          : (webhook?.bodyTemplate ?? DEFAULT_ALERT_BODY_TEMPLATE),
      };
    }
  } else if (flags.method || flags.header || flags.template) {
    throw new Error('--method, --header and --template go with --webhook URL');
  }
  const actions: AlertAction[] = [];
  if (notify) actions.push({ type: 'notification' });
  if (webhook) actions.push(webhook);
  if (actions.length === 0) throw new Error('a rule needs an action: --notify and/or --webhook URL');
  return actions;
}

const guard = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (err) {
    return fail((err as Error).message);
  }
};

export function registerAlertsCommand(program: Command) {
  const alerts = program.command('alerts').description('alert rules: list, show, create, update, delete, test, log');

  common(alerts.command('list').description('every rule: a table, or one JSON object per line'))
    .option('--show-secret', 'print signing secrets in clear (default: fingerprints)')
    .action(async (opts: CommonOptions) => {
      await withSession(opts.dataDir, async (session) => {
        const rules = (await session.api.invoke('alerts.list', {})).rules.map((r) => maskRule(r, opts.showSecret));
        if (opts.json) for (const r of rules) process.stdout.write(`${JSON.stringify(r)}\n`);
        else process.stdout.write(`${ruleTable(rules, (await endpointNames(session)).name)}\n`);
      });
    });

  common(alerts.command('show').description('one rule in full (the secret as a fingerprint)'))
    .argument('<name>', 'the rule name (or id)')
    .option('--show-secret', 'print the signing secret in clear')
    .action(async (name: string, opts: CommonOptions) => {
      await withSession(opts.dataDir, async (session) => {
        const rule = maskRule(await findRule(session, name), opts.showSecret);
        const names = await endpointNames(session);
        printResult(Boolean(opts.json), rule, () => ruleDetail(rule, names.name));
      });
    });

  ruleOptions(common(alerts.command('create').description('a new rule: --when and at least one action')), false)
    .argument('<name>', 'the rule name')
    .option('--show-secret', 'print the signing secret in clear')
    .action(async (name: string, opts: CommonOptions & RuleFlags & { disabled?: boolean }) => {
      const { condition, actions } = guard(() => {
        const condition = conditionFrom(opts);
        if (!condition) throw new Error(`--when is required (${WHEN_HELP})`);
        return { condition, actions: actionsFrom(opts, []) };
      });
      await withSession(opts.dataDir, async (session) => {
        const names = await endpointNames(session);
        const params: DesktopParams<'alerts.create'> = {
          name,
          runsOn: opts.on ?? 'desktop',
          condition,
          actions,
          enabled: !opts.disabled,
          ...(opts.endpoint ? { endpointId: names.id(opts.endpoint) } : {}),
          ...(opts.throttle !== undefined ? { throttleMs: opts.throttle } : {}),
          ...(opts.retry ? { retryScheduleMs: opts.retry } : {}),
        };
        const rule = maskRule(await session.api.invoke('alerts.create', params), opts.showSecret);
        printResult(Boolean(opts.json), rule, () => ruleDetail(rule, names.name));
      });
    });

  ruleOptions(common(alerts.command('update').description('change only the given settings of a rule')), true)
    .argument('<name>', 'the rule name (or id)')
    .option('--show-secret', 'print the signing secret in clear')
    .action(
      async (
        name: string,
        opts: CommonOptions &
          RuleFlags & { enable?: boolean; disable?: boolean; regenerateSecret?: boolean; rename?: string },
      ) => {
        if (opts.enable && opts.disable) fail('--enable and --disable contradict each other');
        await withSession(opts.dataDir, async (session) => {
          const current = await findRule(session, name);
          const names = await endpointNames(session);
          const condition = conditionFrom(opts, current.condition);
          const actionsTouched =
            opts.notify !== undefined || opts.webhook !== undefined || opts.method || opts.header || opts.template;
          const params: DesktopParams<'alerts.update'> = {
            id: current.id,
            ...(opts.rename ? { name: opts.rename } : {}),
            ...(opts.on ? { runsOn: opts.on } : {}),
            ...(condition ? { condition } : {}),
            ...(opts.endpoint ? { endpointId: names.id(opts.endpoint) } : {}),
            ...(opts.anyEndpoint ? { endpointId: null } : {}),
            ...(actionsTouched ? { actions: actionsFrom(opts, current.actions) } : {}),
            ...(opts.throttle !== undefined ? { throttleMs: opts.throttle } : {}),
            ...(opts.retry ? { retryScheduleMs: opts.retry } : {}),
            ...(opts.enable ? { enabled: true } : {}),
            ...(opts.disable ? { enabled: false } : {}),
            ...(opts.regenerateSecret ? { regenerateSecret: true } : {}),
          };
          const rule = maskRule(await session.api.invoke('alerts.update', params), opts.showSecret);
          printResult(Boolean(opts.json), rule, () => ruleDetail(rule, names.name));
        });
      },
    );

  common(alerts.command('delete').description('remove a rule and its log'))
    .argument('<name>', 'the rule name (or id)')
    .action(async (name: string, opts: CommonOptions) => {
      await withSession(opts.dataDir, async (session) => {
        const rule = await findRule(session, name);
        await session.api.invoke('alerts.delete', { id: rule.id });
        printResult(Boolean(opts.json), { deleted: rule.name, id: rule.id }, () => `deleted ${rule.name}`);
      });
    });

  common(alerts.command('test').description("fire a rule's actions now, with a sample event or --event ID"))
    .argument('<name>', 'the rule name (or id)')
    .option('--event <id>', 'the event to send (default: a sample)')
    .action(async (name: string, opts: CommonOptions & { event?: string }) => {
      await withSession(opts.dataDir, async (session) => {
        const rule = await findRule(session, name);
        const alert = await session.api.invoke('alerts.test', {
          id: rule.id,
          ...(opts.event ? { eventId: opts.event } : {}),
        });
        printResult(Boolean(opts.json), alert, () => `fired ${alert.id} for ${rule.name}`);
      });
    });

  common(alerts.command('log').description('what fired and every webhook try, newest first'))
    .argument('[name]', 'only this rule (name or id)')
    .option('--limit <n>', 'at most this many alerts and tries (default 100)', limitArg)
    .action(async (name: string | undefined, opts: CommonOptions & { limit?: number }) => {
      await withSession(opts.dataDir, async (session) => {
        const ruleId = name ? (await findRule(session, name)).id : undefined;
        const log = await session.api.invoke('alerts.log', {
          ...(ruleId ? { ruleId } : {}),
          limit: Math.min(opts.limit ?? 100, 500),
        });
        if (opts.json) {
          for (const alert of log.alerts) {
            const attempts = log.attempts.filter((a) => a.alertId === alert.id);
            process.stdout.write(`${JSON.stringify({ ...alert, attempts })}\n`);
          }
        } else process.stdout.write(`${logLines(log)}\n`);
      });
    });
}
