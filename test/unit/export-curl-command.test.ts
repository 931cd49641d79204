// Copy-as-curl: every generated command is run in bash against a real local HTTP server,
// which must receive the same method, target, header lines and body bytes.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderPair } from '../../protocol/event.js';
import { toCurl } from '../../protocol/export/curl-command.js';
import { shellQuote } from '../../protocol/export/shell-quote.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';

/** Runs a script the way a pasted command runs: read by bash, not passed as one argument. */
function runInBash(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const bash = spawn('bash', ['-s'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    bash.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    bash.on('error', reject);
    bash.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bash exited ${code}: ${stderr}`))));
    bash.stdin.end(script);
  });
}
let service: LocalService;

beforeAll(async () => {
  service = await startLocalService();
});
afterAll(async () => {
  await service.close();
});

async function replay(method: string, target: string, headers: HeaderPair[], body: Uint8Array) {
  const before = service.received.length;
  const command = toCurl({ method, url: `${service.url}${target}`, headers, body });
  await runInBash(`${command} --silent --show-error --output /dev/null\n`);
  await service.waitFor(before + 1);
  return { received: service.received[before]!, command };
}

/** What should arrive: the captured lines minus those curl derives itself. */
function copied(headers: HeaderPair[]): HeaderPair[] {
  const skip = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
  return headers.filter(([n]) => !skip.has(n.toLowerCase()));
}

/** The received lines curl adds on its own (Host, Content-Length) left out. */
function sent(rawHeaders: [string, string][]): [string, string][] {
  return rawHeaders.filter(([n]) => !['host', 'content-length'].includes(n.toLowerCase()));
}

const text = (s: string) => new TextEncoder().encode(s);

describe('toCurl, run in bash', () => {
  it('sends JSON with quotes, unicode and shell metacharacters exactly', async () => {
    const body = text('{"quote":"it\'s \\"here\\"","unicode":"é✓","dollar":"$HOME `id` !x"}');
    const headers: HeaderPair[] = [
      ['Host', 'example.test'],
      ['content-type', 'application/json'],
      ['X-Signature', 'sha256=abc'],
      ['content-length', String(body.length)],
    ];
    const { received } = await replay('PATCH', '/h/wh_1/curl?a=1&a=2&b=%20x', headers, body);
    expect(received.method).toBe('PATCH');
    expect(received.url).toBe('/h/wh_1/curl?a=1&a=2&b=%20x');
    expect(sent(received.rawHeaders)).toEqual(copied(headers));
    expect(Buffer.from(received.body)).toEqual(Buffer.from(body));
  });

  it('sends binary bodies byte for byte, NUL and 0xff included', async () => {
    const body = new Uint8Array(512).map((_, i) => (i * 37) % 256);
    const headers: HeaderPair[] = [['content-type', 'application/octet-stream']];
    const { received, command } = await replay('POST', '/bin', headers, body);
    expect(command).toContain('base64 -d');
    expect(received.method).toBe('POST');
    expect(sent(received.rawHeaders)).toEqual(headers);
    expect(Buffer.from(received.body)).toEqual(Buffer.from(body));
  });

  it('keeps CR LF, tabs and control characters in a text body', async () => {
    const body = text("line one\r\nline\ttwo\u0001\u001b[0m\n'single' \\back");
    const { received, command } = await replay('PUT', '/ctl', [['content-type', 'text/plain']], body);
    expect(command).toContain("$'");
    expect(received.method).toBe('PUT');
    expect(Buffer.from(received.body)).toEqual(Buffer.from(body));
  });

  it('keeps duplicate header lines, their case and order, and empty values', async () => {
    const headers: HeaderPair[] = [
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['X-Empty', ''],
      ['Accept', 'application/json'],
      ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
      ['Content-Type', 'application/json'],
    ];
    const { received } = await replay('POST', '/dup', headers, text('{}'));
    expect(sent(received.rawHeaders)).toEqual(headers);
  });

  it('adds none of its own headers when the original had none', async () => {
    const { received } = await replay('POST', '/bare', [], text('a=b'));
    expect(sent(received.rawHeaders)).toEqual([]);
    expect(received.body.toString()).toBe('a=b');
  });

  it('sends GET without a body and DELETE with none', async () => {
    const get = await replay('GET', '/get?x=[1]&y={2}', [['x-a', '1']], new Uint8Array());
    expect(get.received.method).toBe('GET');
    expect(get.received.url).toBe('/get?x=[1]&y={2}');
    expect(get.received.body.length).toBe(0);
    const del = await replay('DELETE', '/a/../b/./c', [], new Uint8Array());
    expect(del.received.method).toBe('DELETE');
    expect(del.received.url).toBe('/a/../b/./c');
  });

  it('sends a body that starts with @ as text, not as a file name', async () => {
    const { received } = await replay('POST', '/at', [['content-type', 'text/plain']], text('@/etc/passwd'));
    expect(received.body.toString()).toBe('@/etc/passwd');
  });

  it('sends a text body larger than one shell argument may be', async () => {
    const body = text(`{"big":"${'x'.repeat(300_000)}é"}`);
    const { received, command } = await replay('POST', '/big', [['content-type', 'application/json']], body);
    expect(command.startsWith("printf '%s'")).toBe(true);
    expect(Buffer.from(received.body)).toEqual(Buffer.from(body));
  });

  it('sends a body over 1 MiB without Expect: 100-continue', async () => {
    const body = new Uint8Array(1_200_000).map((_, i) => i % 251);
    const { received } = await replay('POST', '/huge', [['content-type', 'application/octet-stream']], body);
    expect(received.rawHeaders.map(([n]) => n.toLowerCase())).not.toContain('expect');
    expect(Buffer.from(received.body)).toEqual(Buffer.from(body));
  });
});

describe('shellQuote', () => {
  it('leaves plain words bare and quotes the rest', () => {
    expect(shellQuote('http://127.0.0.1:80/a')).toBe('http://127.0.0.1:80/a');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('a\nb')).toBe("$'a\\nb'");
  });
});
