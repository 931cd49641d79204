// The door flags of `porthole endpoints`: parsing to config pieces, and merging over a base so
// an update changes only what was given.
import { describe, expect, it } from 'vitest';
import { rateLimitArg, respondArg, schemeArg } from '../../cli/door-flag-parsers.js';
import { applyDoorFlags } from '../../cli/door-options.js';
import { filterArg } from '../../cli/option-parsers.js';
import { DEFAULT_DOOR_CONFIG, DEFAULT_STATIC_RESPONSE } from '../../protocol/endpoint-door.js';

describe('door flag parsers', () => {
  it('reads N/WINDOW rate limits and refuses anything else', () => {
    expect(rateLimitArg('100/1m')).toEqual({ requests: 100, windowSeconds: 60 });
    expect(rateLimitArg('5/10s')).toEqual({ requests: 5, windowSeconds: 10 });
    expect(rateLimitArg('1000/1h')).toEqual({ requests: 1000, windowSeconds: 3600 });
    expect(() => rateLimitArg('5')).toThrow(/expected N\/WINDOW/);
    expect(() => rateLimitArg('5/500ms')).toThrow(/whole seconds/);
    expect(() => rateLimitArg('5/soon')).toThrow(/not a duration/);
  });

  it('reads a status alone as the default acknowledgement with that status', () => {
    expect(respondArg('202')).toEqual({ ...DEFAULT_STATIC_RESPONSE, status: 202 });
    expect(respondArg('204')).toEqual({ status: 204, headers: [], body: '' });
    expect(() => respondArg('99')).toThrow(/STATUS/);
    expect(() => schemeArg('paypal')).toThrow(/unknown scheme "paypal"/);
  });
});

describe('applyDoorFlags', () => {
  const created = applyDoorFlags(DEFAULT_DOOR_CONFIG, {
    verify: 'github',
    secret: ['a', 'b'],
    rateLimit: { requests: 10, windowSeconds: 1 },
    allow: ['10.0.0.0/8'],
  }).door;

  it('starts a check from its preset', () => {
    expect(created.signature).toEqual({
      check: { scheme: 'github', algorithm: 'sha256', secrets: ['a', 'b'] },
      onFail: 'reject',
    });
  });

  it('changes only the given flags, and clears with false', () => {
    const flagged = applyDoorFlags(created, { onFail: 'flag' }).door;
    expect(flagged).toEqual({ ...created, signature: { ...created.signature!, onFail: 'flag' } });
    const rotated = applyDoorFlags(created, { secret: ['c'] }).door;
    expect(rotated.signature!.check.secrets).toEqual(['c']);
    expect(rotated.rateLimit).toEqual(created.rateLimit);
    const cleared = applyDoorFlags(created, { verify: false, allow: false }).door;
    expect(cleared).toEqual({ ...created, signature: null, allow: null });
  });

  it('keeps the static response as the passthrough fallback, and back', () => {
    const withResponse = applyDoorFlags(created, { respond: { ...DEFAULT_STATIC_RESPONSE, status: 202 } }).door;
    const passthrough = applyDoorFlags(withResponse, { passthrough: 5000 }).door;
    expect(passthrough.response).toEqual({
      mode: 'passthrough',
      timeoutMs: 5000,
      fallback: { ...DEFAULT_STATIC_RESPONSE, status: 202 },
    });
    expect(applyDoorFlags(passthrough, { passthrough: false }).door.response).toEqual(withResponse.response);
  });

  it('sets, changes and clears the accept-only filter, leaving an untouched config as it was', () => {
    const only = applyDoorFlags(DEFAULT_DOOR_CONFIG, { acceptOnly: 'body.type^=invoice.' }).door;
    expect(only.filter).toEqual({ expression: 'body.type^=invoice.', onMiss: 'skip' });
    expect(applyDoorFlags(only, { onMiss: 'reject' }).door.filter?.onMiss).toBe('reject');
    expect(applyDoorFlags(only, { acceptOnly: false }).door.filter).toBeNull();
    expect(applyDoorFlags(DEFAULT_DOOR_CONFIG, { maxBody: 1000 }).door).not.toHaveProperty('filter');
    expect(() => applyDoorFlags(DEFAULT_DOOR_CONFIG, { onMiss: 'flag' })).toThrow('--on-miss needs --accept-only');
    expect(() => filterArg('status=')).toThrow(/at 7\n {2}status=\n {9}\^/);
  });

  it('refuses configs the relay could not enforce, in one line', () => {
    expect(() => applyDoorFlags(DEFAULT_DOOR_CONFIG, { verify: 'stripe' })).toThrow(/needs at least one --secret/);
    expect(() => applyDoorFlags(created, { header: 'X-Sig' })).toThrow(/--header does not apply to --verify github/);
    expect(() => applyDoorFlags(DEFAULT_DOOR_CONFIG, { schema: { type: 'nonsense' } })).toThrow(/payload schema/);
  });
});
