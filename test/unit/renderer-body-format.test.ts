// The detail pane's body formats: exact-token pretty JSON, XML, forms, text, hex.
import { describe, expect, it } from 'vitest';
import { formatBody, hexDump, prettyJson, prettyXml } from '../../renderer/src/detail/body-format.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('body formats', () => {
  it('pretty-prints JSON without touching numbers or strings', () => {
    expect(prettyJson('{"order":{"id":12345678901234567890,"tags":[],"s":"a, b: {c}\\"","e":{}}}')).toBe(
      '{\n  "order": {\n    "id": 12345678901234567890,\n    "tags": [],\n    "s": "a, b: {c}\\"",\n    "e": {}\n  }\n}',
    );
    expect(prettyJson('[1, 2]')).toBe('[\n  1,\n  2\n]');
    expect(prettyJson('{nope')).toBeNull();
  });

  it('indents XML by nesting', () => {
    expect(prettyXml('<?xml version="1.0"?><a><b x="1">t</b><c/></a>')).toBe(
      '<?xml version="1.0"?>\n<a>\n  <b x="1">t</b>\n  <c/>\n</a>',
    );
    expect(prettyXml('<a><b></a>')).toBeNull();
  });

  it('chooses the format from the content type and the bytes', () => {
    expect(formatBody(bytes('{"a":1}'), 'application/json')).toMatchObject({ kind: 'json', pretty: '{\n  "a": 1\n}' });
    expect(formatBody(bytes('{"a":1}'), null)).toMatchObject({ kind: 'json', language: 'json' });
    expect(formatBody(bytes('{bad'), 'application/json')).toMatchObject({ kind: 'text', pretty: '{bad' });
    expect(formatBody(bytes('<a>1</a>'), 'text/xml; charset=utf-8')).toMatchObject({ kind: 'xml' });
    expect(formatBody(bytes('a=1&b=two+words&c=%C3%A9'), 'application/x-www-form-urlencoded')).toMatchObject({
      kind: 'form',
      form: [
        ['a', '1'],
        ['b', 'two words'],
        ['c', 'é'],
      ],
    });
    expect(formatBody(bytes('hello'), 'text/plain')).toMatchObject({ kind: 'text', pretty: 'hello' });
    expect(formatBody(new Uint8Array([0, 255, 65]), null)).toMatchObject({ kind: 'binary', raw: null });
    expect(formatBody(new Uint8Array(), null)).toMatchObject({ kind: 'empty' });
  });

  it('dumps binary as offset, hex and ASCII', () => {
    expect(hexDump(new Uint8Array([0x48, 0x69, 0x00, 0xff]))).toBe(
      `00000000  48 69 00 ff ${'   '.repeat(4)} ${'   '.repeat(8)} |Hi..|`,
    );
  });
});
