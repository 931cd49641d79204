// The relay's alert queue is durable: a try owed when the relay is SIGKILLed is sent after the
// restart, with the same webhook-id, and logged. The relay runs as `porthole relay` in a child
// process, allowed (--alerts-allow) to reach the receiver on 127.0.0.1.
import { afterAll, expect, it } from 'vitest';
import type { AlertLog } from '../../protocol/relay-api.js';
import { startLocalService } from '../helpers/local-service.js';
import { putRuleOk, relayRule } from '../helpers/relay-alert-rules.js';
import { callApi, createEndpoint, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayProcess, spawnRelay } from '../helpers/relay-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('porthole-alert-crash-');
const children: RelayProcess[] = [];
afterAll(() => {
  for (const c of children) c.child.kill('SIGKILL');
  temp.cleanup();
});

it('sends a queued retry after the relay was SIGKILLed', { timeout: 60_000 }, async () => {
  const receiver = await startLocalService();
  let failing = true;
  receiver.respond = (_req, res) => res.writeHead(failing ? 503 : 200).end(failing ? 'down' : 'ok');
  const args = ['--port', '0', '--alerts-allow', '127.0.0.1/32'];
  const first = await spawnRelay(temp.dir, args);
  children.push(first);
  const device = await inviteAndPair(first.url, first.adminToken!, 'alice');
  const token = device.deviceToken;
  const ep = await createEndpoint(first.url, token, 'crash');
  const rule = await putRuleOk(
    first.url,
    token,
    relayRule(`${receiver.url}/hook`, {
      endpointId: ep.id,
      condition: { kind: 'event_matches', filter: 'method=POST' },
      retryScheduleMs: [0, 3000, 3000],
    }),
  );
  expect((await fetch(ep.url, { method: 'POST', body: '{}' })).status).toBe(200);
  await receiver.waitFor(1);
  // Wait until the failed first try is logged with its retry planned, then kill.
  const logOf = (url: string) =>
    callApi<AlertLog>(url, 'GET', `/api/alert-rules/log?ruleId=${rule.id}`, { token }).then((r) => r.body);
  for (;;) {
    const log = await logOf(first.url);
    if (log.attempts.length === 1) {
      expect(log.attempts[0]).toMatchObject({ attempt: 1, status: 503, responseBody: 'down' });
      expect(log.attempts[0]!.nextAttemptAt).not.toBeNull();
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
  first.child.kill('SIGKILL');
  expect(await first.exited).toBe('SIGKILL');
  failing = false;

  const second = await spawnRelay(temp.dir, ['--port', '0', '--alerts-allow', '127.0.0.1/32']);
  children.push(second);
  const [one, two] = await receiver.waitFor(2, 20_000);
  const idOf = (r: typeof one) => r!.rawHeaders.find(([n]) => n.toLowerCase() === 'webhook-id')?.[1];
  expect(idOf(two)).toBe(idOf(one));
  expect(two!.body.equals(one!.body)).toBe(true);
  for (;;) {
    const log = await logOf(second.url);
    if (log.attempts.length === 2) {
      expect(log.attempts.map((a) => [a.attempt, a.status])).toEqual([
        [1, 503],
        [2, 200],
      ]);
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  await receiver.close();
});
