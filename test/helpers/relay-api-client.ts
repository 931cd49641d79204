// Calls the relay's JSON API over real HTTP, the way a device does.
import type { Endpoint, PairResponse } from '../../protocol/relay-api.js';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function callApi<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

export async function inviteAndPair(
  baseUrl: string,
  adminToken: string,
  userName: string,
  deviceName = 'test-device',
): Promise<PairResponse> {
  const invite = await callApi<{ code: string }>(baseUrl, 'POST', '/api/admin/invites', {
    token: adminToken,
    body: { name: userName },
  });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const paired = await callApi<PairResponse>(baseUrl, 'POST', '/api/pair', {
    body: { code: invite.body.code, deviceName },
  });
  if (paired.status !== 201) throw new Error(`pair failed: ${paired.status} ${JSON.stringify(paired.body)}`);
  return paired.body;
}

export async function createEndpoint(baseUrl: string, token: string, name: string, extra: object = {}) {
  const res = await callApi<Endpoint>(baseUrl, 'POST', '/api/endpoints', { token, body: { name, ...extra } });
  if (res.status !== 201) throw new Error(`create endpoint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
