// `porthole alerts` as a user runs it against a running `porthole start`: a rule made from
// flags fires on a real webhook and its signed alert reaches a local receiver; show, list, log,
// update, test and delete; bad input is one line and exit status 1.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertAttempt, AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';
import { eventually } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { PORTHOLE_BIN } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const temp = makeTempDir();
const porthole = (...args: string[]) =>
  run(process.execPath, [PORTHOLE_BIN, ...args, '--data-dir', temp.dir]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const json = async <T>(...args: string[]): Promise<T> => {
  const r = await porthole(...args, '--json');
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
};

let start: ChildProcess;
let url: string;
let receiver: LocalService;

beforeAll(async () => {
  receiver = await startLocalService();
  start = spawn(
    process.execPath,
    [PORTHOLE_BIN, 'start', '--data-dir', temp.dir, '--relay-port', '0', '--no-open', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: start.stdout! }).once('line', resolve);
    start.once('exit', (code) => reject(new Error(`porthole start exited with ${code}`)));
  });
  url = (JSON.parse(first) as { url: string }).url;
}, 60_000);

afterAll(async () => {
  start.kill('SIGTERM');
  if (start.exitCode === null) await new Promise((r) => start.once('exit', r));
  await receiver.close();
  temp.cleanup();
});

describe('porthole alerts', { timeout: 60_000 }, () => {
  it('creates a webhook rule that fires on a real event with a verifiable signature', async () => {
    const template = path.join(temp.dir, 'alert.json');
    fs.writeFileSync(template, '{"text":"{{rule.name}}: {{alert.reason}}","order":"{{event.body.order}}"}');
    const created = await json<AlertRule>(
      'alerts',
      'create',
      'big orders',
      '--when',
      'match:body.order^=ord_',
      '--webhook',
      `${receiver.url}/hook`,
      '--header',
      'X-Env: dev',
      '--template',
      template,
      '--throttle',
      '10m',
      '--retry',
      '0,5s,5m',
    );
    expect(created).toMatchObject({ name: 'big orders', runsOn: 'desktop', throttleMs: 600_000 });
    expect(created.retryScheduleMs).toEqual([0, 5000, 300_000]);
    expect(created.secret).toMatch(/^\*\*\*\*/);
    const shown = await json<AlertRule>('alerts', 'show', 'big orders', '--show-secret');
    expect(shown.secret).toMatch(/^whsec_/);

    const res = await fetch(url, { method: 'POST', body: '{"order":"ord_\\"42\\""}' });
    expect(res.status).toBe(200);
    const [req] = await receiver.waitFor(1);
    const headers = Object.fromEntries(req!.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
    expect(() => new Webhook(shown.secret).verify(req!.body.toString(), headers)).not.toThrow();
    expect(headers['x-env']).toBe('dev');
    expect(JSON.parse(req!.body.toString())).toMatchObject({ order: 'ord_"42"' });

    const line = await eventually(async () => {
      const log = await porthole('alerts', 'log', 'big orders', '--json');
      const first = log.stdout.trim().split('\n')[0];
      const entry = first ? (JSON.parse(first) as AlertFiring & { attempts: AlertAttempt[] }) : null;
      return entry && entry.attempts.length > 0 ? entry : undefined;
    });
    expect(line.reason).toContain('matched');
    expect(line.attempts[0]).toMatchObject({ attempt: 1, status: 200 });
    const human = await porthole('alerts', 'log');
    expect(human.stdout).toContain('big orders');
    expect(human.stdout).toContain('try 1: 200');

    const table = await porthole('alerts', 'list');
    expect(table.stdout).toMatch(/big orders\s+desktop\s+on\s+match:body\.order\^=ord_/);
  });

  it('updates only what is given, tests, regenerates the secret and deletes', async () => {
    const before = await json<AlertRule>('alerts', 'show', 'big orders', '--show-secret');
    const updated = await json<AlertRule>('alerts', 'update', 'big orders', '--disable', '--notify', '--show-secret');
    expect(updated.enabled).toBe(false);
    expect(updated.actions.map((a) => a.type)).toEqual(['notification', 'webhook']);
    expect(updated.throttleMs).toBe(600_000);
    expect(updated.secret).toBe(before.secret);
    const regenerated = await json<AlertRule>('alerts', 'update', 'big orders', '--regenerate-secret', '--show-secret');
    expect(regenerated.secret).not.toBe(before.secret);

    const fired = await json<AlertFiring>('alerts', 'test', 'big orders');
    expect(fired.test).toBe(true);
    const [, req] = await receiver.waitFor(2);
    const headers = Object.fromEntries(req!.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
    expect(() => new Webhook(regenerated.secret).verify(req!.body.toString(), headers)).not.toThrow();

    expect((await porthole('alerts', 'delete', 'big orders')).stdout).toBe('deleted big orders\n');
    expect((await porthole('alerts', 'list', '--json')).stdout).toBe('');
  });

  it('refuses bad input with one line and exit status 1', async () => {
    const cases: [string[], RegExp][] = [
      [['alerts', 'create', 'x', '--notify'], /--when is required/],
      [['alerts', 'create', 'x', '--when', 'sometimes', '--notify'], /unknown condition "sometimes"/],
      [['alerts', 'create', 'x', '--when', 'burst:5', '--notify'], /expected COUNT\/WINDOW/],
      [['alerts', 'create', 'x', '--when', 'match:body.a=(', '--notify'], /match:body\.a=\(/],
      [['alerts', 'create', 'x', '--when', 'signature-failed'], /needs an action/],
      [['alerts', 'create', 'x', '--on', 'relay', '--when', 'forward-failed', '--notify'], /only on the desktop/],
      [
        ['alerts', 'create', 'x', '--when', 'silence:30m', '--notify', '--endpoint', 'nope'],
        /no endpoint named "nope"/,
      ],
      [['alerts', 'create', 'x', '--when', 'silence:30m', '--notify', '--retry', '0,soon'], /invalid duration "soon"/],
      [['alerts', 'show', 'nope'], /no alert rule named "nope"/],
    ];
    for (const [args, message] of cases) {
      const r = await porthole(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.split('\n')[0], args.join(' ')).toMatch(/^porthole: /);
    }
  });

  it('has --help for every subcommand', async () => {
    for (const sub of ['list', 'show', 'create', 'update', 'delete', 'test', 'log']) {
      const r = await porthole('alerts', sub, '--help');
      expect(r.code, sub).toBe(0);
      expect(r.stdout, sub).toMatch(/^Usage: porthole alerts /);
    }
  });
});
