// Every example filter in docs/filters.md parses and round-trips, so the page cannot drift.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { printFilter } from '../../../protocol/filter/filter-printer.js';

const page = fs.readFileSync(new URL('../../../docs/filters.md', import.meta.url), 'utf8');
const examples = [...page.matchAll(/```\n([\s\S]*?)```/g)]
  .flatMap((block) => block[1]!.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line !== '');

it('docs/filters.md has examples', () => {
  expect(examples.length).toBeGreaterThan(25);
});

it.each(examples)('%s', (example) => {
  const parsed = parseFilter(example);
  expect(parseFilter(printFilter(parsed))).toEqual(parsed);
});
