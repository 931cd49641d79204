// The processes of the alert-latency benchmark: a relay (durability full, loopback allowed for
// its alert webhooks), an engine paired with it forwarding to a local service, an alert
// receiver, and the two rules (one desktop, one relay) created through `porthole alerts`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ChildServer, startChildServer } from './child-server.js';
import { startEngineChild } from './engine-child.js';
import { type ArrivalService, startArrivalService } from './engine-e2e-service-child.js';
import { startRelayChild } from './relay-child.js';
import { makeTempDir } from './temp-dirs.js';

export type RuleSide = 'desktop' | 'relay';
export const RULE_SIDES: RuleSide[] = ['desktop', 'relay'];

/** Every webhook the bench sends has an x-bench-id starting with this; the rules match on it. */
export const MARKER_PREFIX = 'al-';

/** What the receiver saw, one entry per alert request, in arrival order. */
export interface AlertArrivals {
  rules: string[];
  markers: string[];
  arrivedAt: number[];
}

export interface Receiver {
  url: string;
  count(): Promise<number>;
  report(): Promise<AlertArrivals>;
  reset(): Promise<void>;
}

export interface Rig {
  service: ArrivalService;
  receiver: Receiver;
  /** The engine's endpoint at the relay: where the bench sends its webhooks. */
  webhookUrl: string;
  pids: { relay: number; engine: number };
  stop(): Promise<void>;
}

const PORTHOLE_BIN = path.resolve(import.meta.dirname, '../bin/porthole.js');
const RECEIVER_SCRIPT = path.resolve(import.meta.dirname, 'alert-latency-receiver.ts');

/** The marker (sender's id) lets each alert be matched to its event; the event id is for reading logs. */
const BODY_TEMPLATE = '{"marker":"{{event.header.x-bench-id}}","event":"{{event.id}}","rule":"{{rule.name}}"}';

/** `sides`: which rules to create (all but for looking into one side alone). */
export async function startRig(sides: RuleSide[] = RULE_SIDES): Promise<Rig> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const receiverServer = await startChildServer<{ url: string }>({
      name: 'alert receiver',
      args: ['--import', import.meta.resolve('tsx'), RECEIVER_SCRIPT],
    });
    stops.push(receiverServer.stop);
    const receiver = receiverClient(receiverServer);
    const service = await startArrivalService();
    stops.push(service.stop);
    // The relay's SSRF guard refuses loopback unless the admin allows it: the receiver is local.
    const relay = await startRelayChild('full', ['--alerts-allow', '127.0.0.1/32']);
    stops.push(relay.stop);
    const { url: relayUrl, adminToken } = relay.server.info;
    if (!adminToken) throw new Error('the relay printed no admin token');
    const engine = await startEngineChild(relayUrl, adminToken, `${service.url}/webhooks`);
    stops.push(engine.stop);
    const templateDir = makeTempDir('porthole-bench-alert-');
    stops.push(async () => templateDir.remove());
    const template = path.join(templateDir.dir, 'alert.json');
    fs.writeFileSync(template, BODY_TEMPLATE);
    for (const side of sides) await createRule(engine.dataDir, side, `${receiver.url}/${side}`, template);
    return {
      service,
      receiver,
      webhookUrl: engine.webhookUrl,
      pids: { relay: relay.server.pid, engine: engine.server.pid },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Through the CLI, attached to the running engine, as a user would; a relay rule is pushed on create. */
async function createRule(dataDir: string, side: RuleSide, url: string, template: string) {
  await promisify(execFile)(
    process.execPath,
    [
      PORTHOLE_BIN,
      'alerts',
      'create',
      `bench ${side}`,
      '--on',
      side,
      '--when',
      `match:header.x-bench-id^=${MARKER_PREFIX}`,
      '--endpoint',
      'bench',
      '--webhook',
      url,
      '--template',
      template,
      '--throttle',
      '0',
      '--data-dir',
      dataDir,
      '--json',
    ],
    { timeout: 30_000 },
  );
}

function receiverClient(server: ChildServer<{ url: string }>): Receiver {
  const url = server.info.url;
  const call = async <T>(route: string, method = 'GET'): Promise<T> => {
    const res = await fetch(`${url}/__bench/${route}`, { method });
    if (!res.ok) throw new Error(`alert receiver answered ${res.status} to ${route}`);
    return (await res.json()) as T;
  };
  return {
    url,
    count: async () => (await call<{ count: number }>('count')).count,
    report: () => call<AlertArrivals>('report'),
    reset: async () => {
      await call('reset', 'POST');
    },
  };
}
