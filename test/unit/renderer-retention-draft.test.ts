import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, KEEP_FOREVER } from '../../protocol/retention.js';
import { draftFromRetention, retentionFromDraft } from '../../renderer/src/endpoints/door/retention-draft.js';

describe('the Retention section draft', () => {
  it('shows the default as 30d and 1GiB and reads it back', () => {
    const draft = draftFromRetention(undefined);
    expect(draft).toEqual({ keepFor: '30d', keepCount: '', keepSize: '1GiB' });
    expect(retentionFromDraft(draft)).toEqual({ retention: DEFAULT_RETENTION });
  });

  it('empty fields are no limit; units and whole numbers are read', () => {
    expect(retentionFromDraft({ keepFor: '', keepCount: '', keepSize: '' })).toEqual({ retention: KEEP_FOREVER });
    expect(retentionFromDraft({ keepFor: '12h', keepCount: '500', keepSize: '500MB' })).toEqual({
      retention: { maxAgeMs: 12 * 3_600_000, maxCount: 500, maxBytes: 500_000_000 },
    });
  });

  it('names the problem', () => {
    expect(retentionFromDraft({ keepFor: 'soon', keepCount: '', keepSize: '' })).toEqual({
      error: expect.stringMatching(/invalid duration/),
    });
    expect(retentionFromDraft({ keepFor: '', keepCount: '0', keepSize: '' })).toEqual({
      error: expect.stringMatching(/at least 1/),
    });
    expect(retentionFromDraft({ keepFor: '', keepCount: '2.5', keepSize: '' })).toEqual({
      error: expect.stringMatching(/whole number/),
    });
  });
});
