// Errors at the door and in the API, with nothing stored unless the design says so; and
// one user's endpoints and events stay invisible to another.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../protocol/relay-api.js';
import { createInvite } from '../../relay-server/accounts/invites.js';
import { buildRequest, rawRequest } from '../helpers/raw-http.js';
import { callApi, createEndpoint, inviteAndPair } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { connectStream } from '../helpers/stream-client.js';

let h: RelayHarness;
beforeAll(async () => {
  h = await startTestRelay();
});
afterAll(async () => {
  await h.stop();
});

const storedCount = async () => (await h.relay.store.bufferStats()).events;

describe('the webhook door', () => {
  it('answers 404 with a JSON error for unknown and malformed keys, storing nothing', async () => {
    const before = await storedCount();
    for (const path of ['/h/wh_0123456789abcdefghijklmnopqrstuv', '/h/nope', '/h/']) {
      const res = await fetch(`${h.relay.url}${path}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('endpoint_not_found');
    }
    expect(await storedCount()).toBe(before);
  });

  it('answers 403 for a disabled endpoint and records the event as rejected', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'disabled-one');
    const off = await callApi<Endpoint>(h.relay.url, 'PATCH', `/api/endpoints/${ep.id}`, {
      token: h.device.deviceToken,
      body: { revision: ep.revision, enabled: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const stream = await connectStream(h.relay.url, h.device.deviceToken, {
      cursor: (await h.relay.store.getUser(h.device.userId))!.lastSeq,
    });
    const res = await fetch(ep.url, { method: 'POST', body: 'while disabled' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('endpoint_disabled');
    const [event] = await stream.waitForEvents(1);
    expect(event!.outcome).toBe('rejected');
    expect(event!.rejectReason).toBe('endpoint_disabled');
    expect(Buffer.from(event!.body, 'base64').toString()).toBe('while disabled');
    await stream.close();
  });

  it('answers 413 past the endpoint limit, with and without Content-Length, storing nothing', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'small', { maxBodyBytes: 1024 });
    const before = await storedCount();
    const withLength = await fetch(ep.url, { method: 'POST', body: 'x'.repeat(2048) });
    expect(withLength.status).toBe(413);
    expect(((await withLength.json()) as { error: { code: string } }).error.code).toBe('body_too_large');

    // Chunked: no Content-Length, the relay counts bytes as they come and stops at the limit.
    const chunk = Buffer.alloc(512, 'y');
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(ep.url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write(chunk);
      req.end();
    });
    expect(chunked).toBe(413);

    // At exactly the limit it is accepted.
    const exact = await fetch(ep.url, { method: 'POST', body: 'z'.repeat(1024) });
    expect(exact.status).toBe(200);
    expect(await storedCount()).toBe(before + 1);
  });

  it('refuses an oversized body before upload when the sender asks Expect: 100-continue', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'small-expect', { maxBodyBytes: 10 });
    const host = new URL(h.relay.url).host;
    const res = await rawRequest(
      h.relay.url,
      buildRequest('POST', new URL(ep.url).pathname, host, [
        ['Content-Length', '100'],
        ['Expect', '100-continue'],
      ]),
    );
    expect(res.status).toBe(413);
    expect(res.head).not.toContain('100 Continue');
  });

  it('counts an upload the sender abandons mid-body as aborted, storing nothing', async () => {
    const before = await storedCount();
    const socket = net.connect(Number(new URL(h.relay.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST ${new URL(h.endpoint.url).pathname} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial`);
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    const deadline = Date.now() + 3000;
    let aborted = 0;
    while (Date.now() < deadline) {
      const text = await (await fetch(`${h.relay.url}/metrics`)).text();
      aborted = Number(/porthole_ingest_total\{result="aborted"\} (\d+)/.exec(text)?.[1]);
      if (aborted > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(aborted).toBe(1);
    expect(await storedCount()).toBe(before);
  });

  it('makes the old URL answer 404 at once after regenerating the key', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'rotating');
    expect((await fetch(ep.url, { method: 'POST', body: '1' })).status).toBe(200);
    const regen = await callApi<Endpoint>(h.relay.url, 'POST', `/api/endpoints/${ep.id}/regenerate`, {
      token: h.device.deviceToken,
    });
    expect(regen.status).toBe(200);
    expect(regen.body.url).not.toBe(ep.url);
    expect(regen.body.key).toMatch(/^wh_[A-Za-z0-9]{32}$/);
    expect((await fetch(ep.url, { method: 'POST', body: '2' })).status).toBe(404);
    expect((await fetch(regen.body.url, { method: 'POST', body: '3' })).status).toBe(200);
  });
});

describe('endpoints API', () => {
  it('creates, lists, renames, rejects stale revisions and duplicate names, and deletes', async () => {
    const token = h.device.deviceToken;
    const ep = await createEndpoint(h.relay.url, token, 'crud');
    expect(ep.url).toBe(`${h.relay.publicUrl}/h/${ep.key}`);
    const dup = await callApi(h.relay.url, 'POST', '/api/endpoints', { token, body: { name: 'crud' } });
    expect(dup.status).toBe(409);
    const renamed = await callApi<Endpoint>(h.relay.url, 'PATCH', `/api/endpoints/${ep.id}`, {
      token,
      body: { revision: 1, name: 'crud-renamed' },
    });
    expect(renamed.body.name).toBe('crud-renamed');
    expect(renamed.body.revision).toBe(2);
    const stale = await callApi<{ error: { code: string } }>(h.relay.url, 'PATCH', `/api/endpoints/${ep.id}`, {
      token,
      body: { revision: 1, name: 'lost-update' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('revision_conflict');
    const list = await callApi<{ endpoints: Endpoint[] }>(h.relay.url, 'GET', '/api/endpoints', { token });
    expect(list.body.endpoints.map((e) => e.name)).toContain('crud-renamed');
    expect((await callApi(h.relay.url, 'DELETE', `/api/endpoints/${ep.id}`, { token })).status).toBe(204);
    expect((await fetch(ep.url, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('creates an endpoint idempotently under an id the client chose offline', async () => {
    const token = h.device.deviceToken;
    const id = 'ep_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const first = await callApi<Endpoint>(h.relay.url, 'POST', '/api/endpoints', {
      token,
      body: { id, name: 'offline' },
    });
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);
    const retry = await callApi<Endpoint>(h.relay.url, 'POST', '/api/endpoints', {
      token,
      body: { id, name: 'offline' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.key).toBe(first.body.key);
    const bob = await inviteAndPair(h.relay.url, h.adminToken, 'bob-ids');
    const stolen = await callApi(h.relay.url, 'POST', '/api/endpoints', {
      token: bob.deviceToken,
      body: { id, name: 'mine' },
    });
    expect(stolen.status).toBe(409);
  });

  it('checks request bodies against the schema and names the problem', async () => {
    const res = await callApi<{ error: { code: string; message: string } }>(h.relay.url, 'POST', '/api/endpoints', {
      token: h.device.deviceToken,
      body: { name: '', extra: 1 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/name/);
    const notJson = await fetch(`${h.relay.url}/api/endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.device.deviceToken}`, 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    const badPath = await callApi<{ error: { code: string } }>(h.relay.url, 'GET', '/api/endpoints/%E0', {
      token: h.device.deviceToken,
    });
    expect(badPath.status).toBe(400);
    expect(badPath.body.error.code).toBe('invalid_path');
    const blankName = await callApi(h.relay.url, 'POST', '/api/admin/invites', {
      token: h.adminToken,
      body: { name: '   ' },
    });
    expect(blankName.status).toBe(400);
    const wrongMethod = await callApi(h.relay.url, 'PUT', '/api/endpoints', { token: h.device.deviceToken });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });
});

describe('accounts', () => {
  it('answers 401 to a missing, malformed or wrong device token, on the API and the stream', async () => {
    const wrong = `${h.device.deviceToken.slice(0, -4)}AAAA`;
    for (const token of [undefined, 'garbage', wrong, h.adminToken]) {
      expect((await callApi(h.relay.url, 'GET', '/api/endpoints', { token })).status).toBe(401);
    }
    await expect(connectStream(h.relay.url, wrong)).rejects.toThrow(/401/);
    const missing = await callApi(h.relay.url, 'GET', '/api/endpoints');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    // The auth scheme is case-insensitive.
    const lower = await fetch(`${h.relay.url}/api/me`, {
      headers: { authorization: `bearer ${h.device.deviceToken}` },
    });
    expect(lower.status).toBe(200);
  });

  it('revokes a device: its API calls get 401 and its open stream is closed', async () => {
    const spare = await inviteAndPair(h.relay.url, h.adminToken, 'alice', 'to-revoke');
    const stream = await connectStream(h.relay.url, spare.deviceToken);
    const closed = new Promise<number>((resolve) => stream.ws.once('close', (code) => resolve(code)));
    const revoke = await callApi(h.relay.url, 'DELETE', `/api/devices/${spare.deviceId}`, {
      token: h.device.deviceToken,
    });
    expect(revoke.status).toBe(204);
    expect(await closed).toBe(4001);
    expect((await callApi(h.relay.url, 'GET', '/api/me', { token: spare.deviceToken })).status).toBe(401);
    await expect(connectStream(h.relay.url, spare.deviceToken)).rejects.toThrow(/401/);
  });

  it('refuses an expired, a used and an unknown pairing code', async () => {
    const old = await createInvite(h.relay.store, 'carol', Date.now() - 25 * 60 * 60 * 1000);
    const expired = await callApi<{ error: { code: string } }>(h.relay.url, 'POST', '/api/pair', {
      body: { code: old.code, deviceName: 'x' },
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('invite_expired');

    const fresh = await createInvite(h.relay.store, 'carol');
    // Typed by a person: lower case, without dashes.
    const typed = fresh.code.toLowerCase().replaceAll('-', '');
    expect((await callApi(h.relay.url, 'POST', '/api/pair', { body: { code: typed, deviceName: 'x' } })).status).toBe(
      201,
    );
    const again = await callApi<{ error: { code: string } }>(h.relay.url, 'POST', '/api/pair', {
      body: { code: fresh.code, deviceName: 'y' },
    });
    expect(again.body.error.code).toBe('invite_used');
    const unknown = await callApi<{ error: { code: string } }>(h.relay.url, 'POST', '/api/pair', {
      body: { code: 'AAAA-BBBB-CCCC-DDDD', deviceName: 'z' },
    });
    expect(unknown.body.error.code).toBe('invite_invalid');
  });

  it('requires the admin token for invites', async () => {
    const res = await callApi(h.relay.url, 'POST', '/api/admin/invites', {
      token: h.device.deviceToken,
      body: { name: 'mallory' },
    });
    expect(res.status).toBe(401);
  });

  it("never shows, changes or streams another user's endpoints or events", async () => {
    const bob = await inviteAndPair(h.relay.url, h.adminToken, 'bob');
    const bobEndpoint = await createEndpoint(h.relay.url, bob.deviceToken, 'default');
    const bobStream = await connectStream(h.relay.url, bob.deviceToken, { autoAck: true });

    const aliceList = await callApi<{ endpoints: Endpoint[] }>(h.relay.url, 'GET', '/api/endpoints', {
      token: h.device.deviceToken,
    });
    expect(aliceList.body.endpoints.some((e) => e.id === bobEndpoint.id)).toBe(false);
    const bobList = await callApi<{ endpoints: Endpoint[] }>(h.relay.url, 'GET', '/api/endpoints', {
      token: bob.deviceToken,
    });
    expect(bobList.body.endpoints.map((e) => e.id)).toEqual([bobEndpoint.id]);
    for (const [method, path, body] of [
      ['GET', `/api/endpoints/${h.endpoint.id}`, undefined],
      ['PATCH', `/api/endpoints/${h.endpoint.id}`, { revision: 1, enabled: false }],
      ['POST', `/api/endpoints/${h.endpoint.id}/regenerate`, undefined],
      ['DELETE', `/api/endpoints/${h.endpoint.id}`, undefined],
      ['DELETE', `/api/devices/${h.device.deviceId}`, undefined],
    ] as const) {
      expect((await callApi(h.relay.url, method, path, { token: bob.deviceToken, body })).status).toBe(404);
    }

    // Alice's webhook reaches alice only; bob's reaches bob only.
    const aliceStream = await connectStream(h.relay.url, h.device.deviceToken, {
      cursor: (await h.relay.store.getUser(h.device.userId))!.lastSeq,
      autoAck: true,
    });
    expect((await fetch(h.endpoint.url, { method: 'POST', body: 'for alice' })).status).toBe(200);
    expect((await fetch(bobEndpoint.url, { method: 'POST', body: 'for bob' })).status).toBe(200);
    const [toBob] = await bobStream.waitForEvents(1);
    const [toAlice] = await aliceStream.waitForEvents(1);
    expect(Buffer.from(toBob!.body, 'base64').toString()).toBe('for bob');
    expect(Buffer.from(toAlice!.body, 'base64').toString()).toBe('for alice');
    await new Promise((r) => setTimeout(r, 200));
    expect(bobStream.events).toHaveLength(1);
    expect(aliceStream.events).toHaveLength(1);
    await bobStream.close();
    await aliceStream.close();
  });
});
