// The generic HMAC scheme's signed-content template: literal text with placeholders.
// Placeholders: {body} (raw bytes), {timestamp}, {id}, {url}, {method}, {header:Name}.
import { concatBytes, utf8 } from '../bytes.js';

const PLACEHOLDER = /\{(body|timestamp|id|url|method|header:[^{}]+)\}/g;

export type TemplatePart = { literal: string } | { placeholder: string };

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ literal: template.slice(last, m.index) });
    parts.push({ placeholder: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}

export function placeholdersOf(template: string): Set<string> {
  return new Set(parseTemplate(template).flatMap((p) => ('placeholder' in p ? [p.placeholder] : [])));
}

/** Brace groups that are not placeholders: almost always a typo in the config. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[0]));
  return [...template.matchAll(/\{[^{}]*\}/g)].map((m) => m[0]).filter((m) => !known.has(m));
}

export function renderTemplate(
  parts: readonly TemplatePart[],
  values: (placeholder: string) => Uint8Array | string,
): Uint8Array {
  return concatBytes(
    parts.map((p) => {
      if ('literal' in p) return utf8(p.literal);
      const v = values(p.placeholder);
      return typeof v === 'string' ? utf8(v) : v;
    }),
  );
}
