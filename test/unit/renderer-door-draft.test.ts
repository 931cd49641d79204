// The door settings form's draft: a stored config round-trips through it, typed text becomes
// a DoorConfig the engine accepts, and what cannot be converted or enforced is named.

import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG, type DoorConfig, DoorConfig as DoorConfigSchema } from '../../protocol/endpoint-door.js';
import { doorFromDraft, draftFromDoor } from '../../renderer/src/endpoints/door/door-draft.js';
import { draftProblems } from '../../renderer/src/endpoints/door/door-problems.js';

const FULL: DoorConfig = {
  signature: {
    check: { scheme: 'hmac', secrets: ['one', 'two'], algorithm: 'sha512', encoding: 'base64', header: 'X-Sig' },
    onFail: 'flag',
  },
  schema: { schema: { type: 'object', required: ['id'] }, onFail: 'reject' },
  rateLimit: { requests: 10, windowSeconds: 60, burst: 5 },
  allow: { cidrs: ['203.0.113.0/24', '2001:db8::/32'] },
  dedupe: false,
  response: {
    mode: 'passthrough',
    timeoutMs: 2500,
    fallback: { status: 202, headers: [['content-type', 'text/plain']], body: 'queued {{event.id}}' },
  },
  filter: { expression: 'body.type^=invoice.', onMiss: 'reject' },
};

describe('door draft', () => {
  it('round-trips the default and a full config', () => {
    for (const door of [DEFAULT_DOOR_CONFIG, FULL]) {
      const { door: back, errors } = doorFromDraft(draftFromDoor(door));
      expect(errors).toEqual([]);
      expect(back).toEqual(door);
      expect(Value.Check(DoorConfigSchema, back)).toBe(true);
    }
  });

  it('names what cannot be converted', () => {
    const draft = {
      ...draftFromDoor(DEFAULT_DOOR_CONFIG),
      rateEnabled: true,
      requests: 'ten',
      schemaEnabled: true,
      schemaText: '{nope',
      headersText: 'no colon here',
    };
    const { door, errors } = doorFromDraft(draft);
    expect(door).toBeNull();
    expect(errors.join('\n')).toMatch(/rate limit requests/);
    expect(errors.join('\n')).toMatch(/payload schema: not JSON/);
    expect(errors.join('\n')).toMatch(/response header "no colon here"/);
  });

  it('drops empty secrets and blocks saving a signature check without one', () => {
    const draft = { ...draftFromDoor(DEFAULT_DOOR_CONFIG), scheme: 'stripe' as const, secrets: [''] };
    const problems = draftProblems(draft, []);
    expect(problems.door).toBeNull();
    expect(problems.errors.some((e) => e.startsWith('signature (stripe)'))).toBe(true);
    const ok = draftProblems({ ...draft, secrets: ['whsec_abc', ''] }, []);
    expect(ok.door?.signature).toEqual({ check: { scheme: 'stripe', secrets: ['whsec_abc'] }, onFail: 'reject' });
  });

  it("counts Monaco's schema errors only while the schema is on", () => {
    const draft = draftFromDoor(DEFAULT_DOOR_CONFIG);
    expect(draftProblems(draft, ['line 1: bad']).errors).toEqual([]);
    expect(draftProblems({ ...draft, schemaEnabled: true }, ['line 1: bad']).errors).toEqual([
      'payload schema: line 1: bad',
    ]);
  });
});
