// The builder's reading of typed text into the filter language's values, and its view of any
// expression as groups, round-tripping back to the same expression.
import { describe, expect, it } from 'vitest';
import type { FilterCondition, FilterExpr } from '../../protocol/filter/filter-ast.js';
import { conditionProblem } from '../../protocol/filter/filter-check.js';
import { asGroup, fromGroup } from '../../renderer/src/filter/builder/builder-groups.js';
import {
  pathFromText,
  pathToText,
  scalarFromText,
  valueText,
  withField,
  withValueText,
} from '../../renderer/src/filter/builder/builder-values.js';

describe('builder values', () => {
  it('reads text as each field kind stores it', () => {
    expect(scalarFromText('status', '404')).toBe(404);
    expect(scalarFromText('status', '5XX')).toBe('5xx');
    expect(scalarFromText('size', '10kb')).toBe(10_000);
    expect(scalarFromText('size', '2MiB')).toBe(2 * 1024 * 1024);
    expect(scalarFromText('verified', 'false')).toBe(false);
    expect(scalarFromText('body', '1200')).toBe(1200);
    expect(scalarFromText('body', '"1200"')).toBe('1200');
    expect(scalarFromText('body', 'null')).toBeNull();
    expect(scalarFromText('body', 'invoice.paid')).toBe('invoice.paid');
    expect(scalarFromText('path', '42')).toBe('42');
  });

  it('shows a body string that looks like a number quoted, so it stays text', () => {
    const c: FilterCondition = { type: 'condition', field: 'body', path: ['id'], op: 'equals', value: '42' };
    expect(valueText(c)).toBe('"42"');
    expect(withValueText(c, valueText(c)).value).toBe('42');
  });

  it('writes lists for in and not_in, and no value for exists', () => {
    const c: FilterCondition = { type: 'condition', field: 'method', op: 'in', value: ['POST'] };
    expect(withValueText(c, 'POST, PUT,  ').value).toEqual(['POST', 'PUT']);
    const exists = withValueText({ type: 'condition', field: 'header', name: 'x-a', op: 'exists' }, 'ignored');
    expect(exists).not.toHaveProperty('value');
    expect(conditionProblem(exists)).toBeNull();
  });

  it('reads and writes body paths with indexes and the $. form', () => {
    expect(pathFromText('data.object.amount')).toEqual(['data', 'object', 'amount']);
    expect(pathFromText('$.items[0].id')).toEqual(['items', 0, 'id']);
    expect(pathToText(['items', 0, 'id'])).toBe('items[0].id');
  });

  it('keeps what still fits when the field changes, and gives what the new field needs', () => {
    const c: FilterCondition = { type: 'condition', field: 'path', op: 'starts_with', value: '/stripe' };
    const header = withField(c, 'header');
    expect(header).toMatchObject({ field: 'header', name: '', op: 'starts_with', value: '/stripe' });
    const status = withField(c, 'status');
    expect(status.op).toBe('equals');
    const body = withField(c, 'body');
    expect(body.path).toEqual(['type']);
    expect(conditionProblem(body)).toBeNull();
  });
});

describe('builder groups', () => {
  const a: FilterExpr = { type: 'condition', field: 'method', op: 'equals', value: 'POST' };
  const b: FilterExpr = { type: 'condition', field: 'status', op: 'equals', value: '5xx' };
  it.each<[string, FilterExpr]>([
    ['and', { type: 'and', all: [a, b] }],
    ['or', { type: 'or', any: [a, b] }],
    ['not or', { type: 'not', expr: { type: 'or', any: [a, b] } }],
    ['not one', { type: 'not', expr: a }],
    ['empty', { type: 'and', all: [] }],
  ])('%s round-trips', (_name, expr) => {
    expect(fromGroup(asGroup(expr))).toEqual(expr);
  });
  it('sees a lone condition as a group of one', () => {
    expect(asGroup(a)).toEqual({ mode: 'all', items: [a] });
  });
});
