// The body of an outgoing alert: a template with {{placeholders}} for rule, alert and event
// fields. Every value goes in JSON-escaped (quotes, backslashes, control characters), so a
// placeholder inside a JSON string keeps the body valid JSON whatever the event carried.
import { parseJsonBody } from '../webhook/json-body.js';

export interface AlertTemplateEvent {
  id: string;
  endpoint: string;
  method: string;
  path: string;
  query: string;
  /** The last local status, or null. */
  status: number | null;
  receivedAt: string;
  headers: readonly (readonly [string, string])[];
  body: Uint8Array;
}

export interface AlertTemplateContext {
  rule: { id: string; name: string };
  alert: { id: string; reason: string; firedAt: string; suppressed: number };
  /** null for alerts about no event in particular (silence, relay unreachable). */
  event: AlertTemplateEvent | null;
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const SIMPLE = new Set([
  'rule.id',
  'rule.name',
  'alert.id',
  'alert.reason',
  'alert.firedAt',
  'alert.suppressed',
  'event.id',
  'event.endpoint',
  'event.method',
  'event.path',
  'event.query',
  'event.status',
  'event.receivedAt',
]);

/** Placeholders the renderer does not know, to refuse a template when it is saved. */
export function alertTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!SIMPLE.has(name!) && !/^event\.header\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name!) && !bodyPath(name!)) {
      problems.push(`unknown placeholder {{${name}}}`);
    }
  }
  return problems;
}

export function renderAlertTemplate(template: string, ctx: AlertTemplateContext): string {
  let json: unknown;
  let parsed = false;
  const bodyJson = () => {
    if (!parsed && ctx.event) {
      const body = parseJsonBody(ctx.event.body);
      json = body.ok ? body.value : undefined;
    }
    parsed = true;
    return json;
  };
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = lookup(name, ctx, bodyJson);
    return value === undefined ? (known(name) ? '' : whole) : escapeJson(value);
  });
}

function known(name: string): boolean {
  return SIMPLE.has(name) || name.startsWith('event.header.') || bodyPath(name) !== null;
}

function lookup(name: string, ctx: AlertTemplateContext, bodyJson: () => unknown): unknown {
  const [scope, field] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
  if (scope === 'rule') return ctx.rule[field as keyof AlertTemplateContext['rule']];
  if (scope === 'alert') return ctx.alert[field as keyof AlertTemplateContext['alert']];
  const event = ctx.event;
  if (scope !== 'event' || !event) return undefined;
  if (field.startsWith('header.')) {
    const wanted = field.slice('header.'.length).toLowerCase();
    return event.headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
  }
  const path = bodyPath(name);
  if (path) {
    let value: unknown = bodyJson();
    for (const segment of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string | number, unknown>)[segment];
    }
    return value;
  }
  if (field === 'status') return event.status ?? undefined;
  return event[field as keyof AlertTemplateEvent];
}

/** `event.body.data.items[0].id` → ['data', 'items', 0, 'id']; null when not a body path. */
function bodyPath(name: string): (string | number)[] | null {
  if (!name.startsWith('event.body.')) return null;
  const out: (string | number)[] = [];
  for (const part of name.slice('event.body.'.length).split('.')) {
    const m = /^([A-Za-z0-9_$-]*)((?:\[\d+\])*)$/.exec(part);
    if (!m || (!m[1] && !m[2])) return null;
    if (m[1]) out.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

function escapeJson(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text ?? '').slice(1, -1);
}
