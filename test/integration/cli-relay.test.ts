// The `porthole` command as a user runs it: help everywhere, --json output, clear errors.
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { callApi } from '../helpers/relay-api-client.js';
import { PORTHOLE_BIN, spawnRelay } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const porthole = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [PORTHOLE_BIN, ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe('porthole CLI', () => {
  it('has --help on every command', async () => {
    for (const args of [['--help'], ['relay', '--help'], ['relay', 'invite', '--help'], ['start', '--help']]) {
      const out = await porthole(args);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Usage: porthole/);
    }
  });

  it('prints an invite as JSON that pairs a device with a running relay', { timeout: 30_000 }, async () => {
    const relay = await spawnRelay(temp.dir, ['--port', '0']);
    try {
      const out = await porthole(['relay', 'invite', 'dana', '--data-dir', temp.dir, '--json']);
      expect(out.code).toBe(0);
      const invite = JSON.parse(out.stdout) as { code: string; expiresAt: string };
      expect(invite.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      const hours = (Date.parse(invite.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
      const paired = await callApi<{ userName: string }>(relay.url, 'POST', '/api/pair', {
        body: { code: invite.code, deviceName: 'cli-test' },
      });
      expect(paired.status).toBe(201);
      expect(paired.body.userName).toBe('dana');
      const human = await porthole(['relay', 'invite', 'dana', '--data-dir', temp.dir]);
      expect(human.stdout).toMatch(/^Pairing code for dana: /);
      // The option may also stand before the subcommand.
      const before = await porthole(['relay', '--data-dir', temp.dir, 'invite', 'dana', '--json']);
      const code = (JSON.parse(before.stdout) as { code: string }).code;
      expect((await callApi(relay.url, 'POST', '/api/pair', { body: { code, deviceName: 'x' } })).status).toBe(201);
      const nowhere = await porthole(['relay', 'invite', 'dana', '--data-dir', `${temp.dir}-typo`]);
      expect(nowhere.code).not.toBe(0);
      expect(nowhere.stderr).toMatch(/no relay database/);
    } finally {
      relay.child.kill('SIGTERM');
      await relay.exited;
    }
  });

  it('takes relay settings from PORTHOLE_RELAY_* variables', { timeout: 30_000 }, async () => {
    const dir = makeTempDir();
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const relay = await spawnRelay(dir.dir, [], {
      PORTHOLE_RELAY_PORT: String(port),
      PORTHOLE_RELAY_PUBLIC_URL: 'https://hooks.example.test/base',
    });
    try {
      expect(relay.port).toBe(port);
      const invite = JSON.parse(
        (await porthole(['relay', 'invite', 'eve', '--json'], { PORTHOLE_RELAY_DATA_DIR: dir.dir })).stdout,
      );
      const paired = await callApi<{ deviceToken: string }>(relay.url, 'POST', '/api/pair', {
        body: { code: invite.code, deviceName: 'env' },
      });
      const ep = await callApi<{ url: string }>(relay.url, 'POST', '/api/endpoints', {
        token: paired.body.deviceToken,
        body: { name: 'env' },
      });
      expect(ep.body.url).toMatch(/^https:\/\/hooks\.example\.test\/base\/h\/wh_/);
    } finally {
      relay.child.kill('SIGTERM');
      await relay.exited;
    }
    const bad = await porthole(['relay', '--data-dir', dir.dir], { PORTHOLE_RELAY_DURABILITY: 'sometimes' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/sometimes/);
    dir.cleanup();
  });

  it('trusts X-Forwarded-For only from --trust-proxy (repeatable) or PORTHOLE_RELAY_TRUST_PROXY', {
    timeout: 60_000,
  }, async () => {
    const dir = makeTempDir();
    const allowlisted = async (relayUrl: string, name: string) => {
      const invite = JSON.parse((await porthole(['relay', 'invite', name, '--data-dir', dir.dir, '--json'])).stdout);
      const paired = await callApi<{ deviceToken: string }>(relayUrl, 'POST', '/api/pair', {
        body: { code: invite.code, deviceName: name },
      });
      const ep = await callApi<{ url: string }>(relayUrl, 'POST', '/api/endpoints', {
        token: paired.body.deviceToken,
        body: { name, door: { ...DEFAULT_DOOR_CONFIG, allow: { cidrs: ['10.0.0.0/8'] } } },
      });
      return ep.body.url;
    };
    const statuses = async (url: string) => [
      (await fetch(url, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': '10.1.2.3' } })).status,
      (await fetch(url, { method: 'POST', body: '{}' })).status,
    ];
    for (const [args, env] of [
      [['--port', '0', '--trust-proxy', '192.0.2.0/24', '--trust-proxy', '127.0.0.1/32'], {}],
      [['--port', '0'], { PORTHOLE_RELAY_TRUST_PROXY: '::1/128, 127.0.0.1/32' }],
    ] as const) {
      const relay = await spawnRelay(dir.dir, [...args], env);
      try {
        expect(await statuses(await allowlisted(relay.url, `p${relay.port}`))).toEqual([200, 403]);
      } finally {
        relay.child.kill('SIGTERM');
        await relay.exited;
      }
    }
    const bad = await porthole(['relay', '--data-dir', dir.dir, '--port', '0', '--trust-proxy', 'not-a-cidr']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not-a-cidr/);
    dir.cleanup();
  });

  it('rejects bad arguments with a one-line reason and a non-zero exit', async () => {
    for (const [args, reason] of [
      [['relay', '--ttl', 'forever'], /invalid duration "forever"/],
      [['relay', '--port', '70000'], /invalid port "70000"/],
      [['relay', '--durability', 'maybe'], /maybe/],
      [['relay', '--public-url', 'ftp://x', '--data-dir', temp.dir], /publicUrl/],
      [['relay', 'invite'], /missing required argument 'name'/],
    ] as const) {
      const out = await porthole([...args]);
      expect(out.code).not.toBe(0);
      expect(out.stderr).toMatch(reason);
    }
  });
});
