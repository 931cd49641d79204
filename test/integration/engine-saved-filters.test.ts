// Saved filters and completion hints through the DesktopApi of a real engine paired with a
// real relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'shop' });
});
afterAll(() => h.stop());

describe('filter hints', () => {
  it('offers header names, query parameters, body paths and endpoints seen in recent events', async () => {
    await fetch(`${h.endpoint.url}/github?delivery=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-GitHub-Event': 'push' },
      body: JSON.stringify({ repository: { full_name: 'acme/app' }, commits: [{ id: 'abc' }], 'odd key': 1 }),
    });
    await fetch(`${h.endpoint.url}/form`, { method: 'POST', body: 'not json' });
    await eventually(async () => (await h.api.invoke('events.count', {})).count === 2);
    const hints = await h.api.invoke('events.hints', {});
    expect(hints.headers).toContain('x-github-event');
    expect(hints.queryParams).toEqual(['delivery']);
    expect(hints.bodyPaths).toEqual(
      expect.arrayContaining(['body.repository', 'body.repository.full_name', 'body.commits[0].id', 'body["odd key"]']),
    );
    expect(hints.endpoints).toEqual(['shop']);
  });
});

describe('saved filters', () => {
  it('saves in normal form, renames, refuses clashes and bad filters, deletes', async () => {
    const saved = await h.api.invoke('filters.save', {
      name: ' Failed Stripe ',
      filter: 'status = 5xx  path^=/stripe',
    });
    expect(saved).toMatchObject({ name: 'Failed Stripe', filter: 'status=5xx path^=/stripe' });
    await expect(h.api.invoke('filters.save', { name: 'Failed Stripe', filter: 'method=GET' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(h.api.invoke('filters.save', { name: 'Bad', filter: 'status=' })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringContaining('at 7'),
    });
    const renamed = await h.api.invoke('filters.save', { id: saved.id, name: 'Stripe 5xx', filter: saved.filter });
    expect(renamed.id).toBe(saved.id);
    expect((await h.api.invoke('filters.list', {})).filters.map((f) => f.name)).toEqual(['Stripe 5xx']);
    await h.api.invoke('filters.delete', { id: saved.id });
    expect((await h.api.invoke('filters.list', {})).filters).toEqual([]);
    await expect(h.api.invoke('filters.delete', { id: saved.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
