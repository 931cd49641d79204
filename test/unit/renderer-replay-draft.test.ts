// The replay editor's fields back into ReplayEdits: only what changed, bytes exact.
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  draftFromEvent,
  editsFromDraft,
  hexToBytes,
  parseHeaders,
} from '../../renderer/src/replay/replay-draft.js';

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const event = {
  method: 'POST',
  path: '/orders',
  query: 'x=1',
  headers: [
    ['Content-Type', 'application/json'],
    ['X-Dup', 'a'],
    ['X-Dup', 'b'],
  ] as [string, string][],
  body: b64('{"amount":100}'),
};

describe('replay drafts', () => {
  it('sends no edits for an untouched draft', () => {
    const original = draftFromEvent(event);
    expect(original).toMatchObject({ method: 'POST', target: '/orders?x=1', bodyMode: 'text', body: '{"amount":100}' });
    expect(editsFromDraft(original, { ...original })).toEqual({});
  });

  it('carries only the changed fields, body as exact UTF-8', () => {
    const original = draftFromEvent(event);
    const edits = editsFromDraft(original, { ...original, method: 'put', body: '{"amount":"é"}' });
    expect(edits).toEqual({ method: 'PUT', body: b64('{"amount":"é"}') });
    expect(editsFromDraft(original, { ...original, target: '/other' })).toEqual({ path: '/other', query: '' });
    expect(editsFromDraft(original, { ...original, target: '/a?b=c?d' })).toEqual({ path: '/a', query: 'b=c?d' });
  });

  it('parses header lines, keeping case, order, duplicates and colons in values', () => {
    expect(parseHeaders('A: 1\n\nb:2\nX-Url: http://x:1/\nEmpty:')).toEqual([
      ['A', '1'],
      ['b', '2'],
      ['X-Url', 'http://x:1/'],
      ['Empty', ''],
    ]);
    expect(parseHeaders('no colon here')).toEqual({ error: expect.stringMatching(/line 1/) });
    const original = draftFromEvent(event);
    expect(editsFromDraft(original, { ...original, headers: 'X-Only: 1' })).toEqual({ headers: [['X-Only', '1']] });
  });

  it('edits binary bodies as hex', () => {
    const bytes = new Uint8Array([0, 1, 255, 16]);
    const original = draftFromEvent({ ...event, body: b64(bytes) });
    expect(original).toMatchObject({ bodyMode: 'hex', body: '00 01 ff 10' });
    expect(editsFromDraft(original, { ...original, body: '00 01\nfe' })).toEqual({
      body: b64(new Uint8Array([0, 1, 254])),
    });
    expect(editsFromDraft(original, { ...original, body: '0g' })).toMatchObject({ error: expect.any(String) });
    expect(hexToBytes(bytesToHex(new Uint8Array(100).map((_, i) => i)))).toEqual(new Uint8Array(100).map((_, i) => i));
  });

  it('refuses a bad method or a path without /', () => {
    const original = draftFromEvent(event);
    expect(editsFromDraft(original, { ...original, method: 'PO ST' })).toMatchObject({ error: expect.any(String) });
    expect(editsFromDraft(original, { ...original, target: 'orders' })).toMatchObject({ error: expect.any(String) });
  });
});
