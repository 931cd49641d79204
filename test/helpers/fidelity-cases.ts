// Every shape a webhook sender may use: the relay and the whole path must keep each exact.
import { randomBytes } from 'node:crypto';

export interface FidelityCase {
  name: string;
  method?: string;
  suffix?: string;
  headers: [string, string][];
  body: Buffer;
}

export const json = (text: string) => Buffer.from(text, 'utf8');
const bigJson = json(
  `${JSON.stringify({ items: Array.from({ length: 45_000 }, (_, i) => ({ i, v: 'x'.repeat(40) })) }).slice(
    0,
    2 * 1024 * 1024 - 2,
  )}"}`,
);

export const FIDELITY_CASES: FidelityCase[] = [
  { name: 'compact JSON', headers: [['Content-Type', 'application/json']], body: json('{"a":1,"b":[true,null]}') },
  {
    name: 'pretty JSON',
    headers: [['Content-Type', 'application/json']],
    body: json('{\n  "a": 1,\n  "nested": {\n    "b": [ 1, 2 ]\n  }\n}\n'),
  },
  {
    name: 'JSON with \\u escapes',
    headers: [['Content-Type', 'application/json']],
    body: json('{"s":"caf\\u00e9 \\ud83d\\ude00 \\u0000","t":"\\"q\\""}'),
  },
  {
    name: 'integers past 2^53 and 1.0',
    headers: [['Content-Type', 'application/json']],
    body: json('{"id":12345678901234567890123,"n":9007199254740993,"f":1.0,"e":1E+2}'),
  },
  { name: 'top-level array', headers: [['Content-Type', 'application/json']], body: json('[1,"two",{"three":3}]') },
  { name: 'empty body', headers: [['Content-Length', '0']], body: Buffer.alloc(0) },
  {
    name: 'form-urlencoded',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: json('a=1&b=%20x+y&a=2&payload=%7B%22k%22%3A1%7D'),
  },
  {
    name: 'XML',
    headers: [['Content-Type', 'application/xml; charset=utf-8']],
    body: json('<?xml version="1.0"?>\n<Response><Message a="1">Hi &amp; bye</Message></Response>'),
  },
  { name: 'text/plain', headers: [['Content-Type', 'text/plain']], body: json('hello\r\nworld\n\ttabbed ') },
  { name: '256 random bytes', headers: [['Content-Type', 'application/octet-stream']], body: randomBytes(256) },
  { name: '2 MiB JSON', headers: [['Content-Type', 'application/json']], body: bigJson },
  { name: 'PUT', method: 'PUT', headers: [['Content-Type', 'application/json']], body: json('{"put":true}') },
  { name: 'PATCH', method: 'PATCH', headers: [['Content-Type', 'application/json']], body: json('{"patch":1}') },
  { name: 'DELETE', method: 'DELETE', headers: [], body: Buffer.alloc(0) },
  {
    name: 'subpath and repeated query keys',
    suffix: '/stripe/events%2Fx?a=1&a=2&b=%2F&empty=&flag',
    headers: [['Content-Type', 'application/json']],
    body: json('{}'),
  },
  {
    name: 'duplicated and mixed-case headers',
    headers: [
      ['X-Dup', 'one'],
      ['x-MiXeD-CaSe', 'Value With  Spaces'],
      ['X-Dup', 'two'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['Content-Type', 'application/json'],
    ],
    body: json('{"dup":true}'),
  },
];

/** The case's headers plus Content-Length (unless it has one) and Connection: close. */
export function withFraming(c: FidelityCase): [string, string][] {
  return c.headers.some(([n]) => n.toLowerCase() === 'content-length')
    ? [...c.headers, ['Connection', 'close']]
    : [...c.headers, ['Content-Length', String(c.body.length)], ['Connection', 'close']];
}
