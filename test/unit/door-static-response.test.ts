// Static responses: exactly two placeholders substituted as plain text in one pass, headers
// as configured, and refusal of anything that would break the relay's own message framing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATIC_RESPONSE, type StaticResponse } from '../../protocol/endpoint-door.js';
import {
  compileStaticResponse,
  RELAY_OWNED_HEADERS,
  renderStaticResponse,
  StaticResponseError,
  staticResponseProblems,
} from '../../relay-server/door/static-response.js';

const vars = { eventId: 'evt_01HZX3K9', endpointName: 'stripe-prod' };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const response = (over: Partial<StaticResponse>): StaticResponse => ({ status: 200, headers: [], body: '', ...over });

describe('renderStaticResponse', () => {
  it('renders the default response with the event id', () => {
    const rendered = renderStaticResponse(DEFAULT_STATIC_RESPONSE, vars);
    expect(rendered.status).toBe(200);
    expect(rendered.headers).toEqual([['content-type', 'application/json']]);
    expect(text(rendered.body)).toBe('{"ok":true,"id":"evt_01HZX3K9"}');
    expect(JSON.parse(text(rendered.body))).toEqual({ ok: true, id: 'evt_01HZX3K9' });
  });

  it('replaces every occurrence of both placeholders and nothing else', () => {
    const body =
      '{{event.id}}|{{endpoint.name}}|{{event.id}}|{{ event.id }}|{{event.ID}}|{{event.id}|{{other}}|{{{event.id}}}';
    expect(text(renderStaticResponse(response({ body }), vars).body)).toBe(
      'evt_01HZX3K9|stripe-prod|evt_01HZX3K9|{{ event.id }}|{{event.ID}}|{{event.id}|{{other}}|{evt_01HZX3K9}',
    );
  });

  it('substitutes plain text: no escaping, no second pass, no $-patterns', () => {
    const tricky = { eventId: 'evt_1', endpointName: 'a "quoted" {{event.id}} $& $1 name' };
    const rendered = renderStaticResponse(response({ body: '{"name":"{{endpoint.name}}"}' }), tricky);
    expect(text(rendered.body)).toBe('{"name":"a "quoted" {{event.id}} $& $1 name"}');
  });

  it('encodes the body as UTF-8 bytes', () => {
    const rendered = renderStaticResponse(response({ body: 'héllo {{endpoint.name}} ✓' }), {
      eventId: 'evt_1',
      endpointName: 'ünï',
    });
    expect(rendered.body).toEqual(new TextEncoder().encode('héllo ünï ✓'));
    expect(rendered.body.byteLength).toBeGreaterThan('héllo ünï ✓'.length);
  });

  it('keeps headers in order, with their case and duplicates; placeholders in headers are left alone', () => {
    const headers: [string, string][] = [
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['X-Event', '{{event.id}}'],
    ];
    expect(renderStaticResponse(response({ status: 202, headers }), vars)).toMatchObject({ status: 202, headers });
  });

  it('hands out fresh header arrays, so a caller changing one does not change the next response', () => {
    const compiled = compileStaticResponse(response({ headers: [['x-a', '1']] }));
    const first = compiled.render(vars);
    first.headers[0]![1] = 'changed';
    first.headers.push(['x-b', '2']);
    expect(compiled.render(vars).headers).toEqual([['x-a', '1']]);
  });

  it('renders an empty body for a bodyless status', () => {
    const rendered = renderStaticResponse(response({ status: 204 }), vars);
    expect(rendered.status).toBe(204);
    expect(rendered.body.byteLength).toBe(0);
  });
});

describe('staticResponseProblems', () => {
  it('refuses every header the relay sets itself, in any case', () => {
    for (const name of RELAY_OWNED_HEADERS) {
      for (const spelled of [name, name.toUpperCase()]) {
        expect(staticResponseProblems(response({ headers: [[spelled, '1']] }))).toEqual([
          `header 1: ${spelled} is set by the relay and cannot be configured`,
        ]);
      }
    }
    expect(() => compileStaticResponse(response({ headers: [['Content-Length', '0']] }))).toThrow(StaticResponseError);
  });

  it('refuses header values that would split the response, and names that are not tokens', () => {
    const problems = staticResponseProblems(
      response({
        headers: [
          ['x-ok', 'fine'],
          ['x-split', 'a\r\nSet-Cookie: evil=1'],
          ['x-lf', 'a\nb'],
          ['x-nul', 'a\u0000b'],
          ['x-wide', 'snowman ☃'],
          ['bad name', 'v'],
          ['x-colon:', 'v'],
          ['', 'v'],
        ],
      }),
    );
    expect(problems).toEqual([
      'header 2: the value of "x-split" contains a line break or a character HTTP cannot carry',
      'header 3: the value of "x-lf" contains a line break or a character HTTP cannot carry',
      'header 4: the value of "x-nul" contains a line break or a character HTTP cannot carry',
      'header 5: the value of "x-wide" contains a line break or a character HTTP cannot carry',
      'header 6: "bad name" is not a valid header name',
      'header 7: "x-colon:" is not a valid header name',
      'header 8: "" is not a valid header name',
    ]);
  });

  it('accepts tabs and Latin-1 in values, as HTTP does', () => {
    expect(staticResponseProblems(response({ headers: [['x-a', 'a\tb é']] }))).toEqual([]);
  });

  it('refuses a body on 204, 205 and 304, and a status outside 200-599', () => {
    for (const status of [204, 205, 304]) {
      expect(staticResponseProblems(response({ status, body: 'x' }))).toEqual([
        `status ${status} cannot carry a body; leave the body empty`,
      ]);
    }
    for (const status of [100, 199, 600, 200.5]) {
      expect(staticResponseProblems(response({ status }))[0]).toMatch(/is not between 200 and 599/);
    }
  });

  it('lists every problem in the error', () => {
    const error = (() => {
      try {
        compileStaticResponse(response({ status: 204, body: 'x', headers: [['connection', 'close']] }));
      } catch (err) {
        return err as StaticResponseError;
      }
    })()!;
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/^the static response cannot be used: status 204 .*; header 1: connection/);
  });
});
