// Pairing, the caller's identity, its user's devices (list, revoke), and the admin's invites.
import { CreateInviteRequest, PairRequest } from '../../protocol/relay-api.js';
import { createInvite, redeemInvite } from '../accounts/invites.js';
import type { ApiRouter } from '../http/api-router.js';
import { HttpError } from '../http/json-response.js';
import type { RelayStore } from '../store/relay-store.js';

const PAIR_FAILURES: Record<string, string> = {
  invalid: 'this pairing code is not valid',
  used: 'this pairing code was already used; ask for a new invite',
  expired: 'this pairing code has expired; ask for a new invite',
};

export function mountAccountsApi(
  router: ApiRouter,
  deps: {
    store: RelayStore;
    now: () => number;
    isConnected: (deviceId: string) => boolean;
    onRevoked: (deviceId: string) => void;
  },
) {
  const { store } = deps;
  router
    .on('POST', '/api/pair', async (ctx) => {
      const req = await ctx.body(PairRequest);
      const result = await redeemInvite(store, req.code, req.deviceName, deps.now());
      if (!result.ok) throw new HttpError(401, `invite_${result.reason}`, PAIR_FAILURES[result.reason]!);
      return {
        status: 201,
        body: {
          deviceToken: result.token,
          deviceId: result.deviceId,
          userId: result.userId,
          userName: result.userName,
        },
      };
    })
    .on('GET', '/api/me', async (ctx) => {
      const device = await ctx.device();
      const user = await store.getUser(device.userId);
      return {
        status: 200,
        body: { userId: device.userId, userName: user?.name ?? '', deviceId: device.id, latestSeq: user?.lastSeq ?? 0 },
      };
    })
    .on('GET', '/api/devices', async (ctx) => {
      const device = await ctx.device();
      const devices = (await store.listDevices(device.userId)).map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: new Date(d.createdAt).toISOString(),
        lastSeenAt: d.lastSeenAt === null ? null : new Date(d.lastSeenAt).toISOString(),
        ackedSeq: d.ackedSeq,
        revoked: d.revokedAt !== null,
        connected: deps.isConnected(d.id),
      }));
      return { status: 200, body: { devices } };
    })
    .on('DELETE', '/api/devices/:id', async (ctx) => {
      const device = await ctx.device();
      const id = ctx.params['id']!;
      if (!(await store.revokeDevice(device.userId, id, deps.now()))) {
        throw new HttpError(404, 'device_not_found', 'no such device, or it is already revoked');
      }
      deps.onRevoked(id);
      return { status: 204 };
    })
    .on('POST', '/api/admin/invites', async (ctx) => {
      await ctx.admin();
      const req = await ctx.body(CreateInviteRequest);
      const invite = await createInvite(store, req.name, deps.now());
      return {
        status: 201,
        body: { code: invite.code, userName: invite.userName, expiresAt: new Date(invite.expiresAt).toISOString() },
      };
    })
    .on('GET', '/api/admin/users', async (ctx) => {
      await ctx.admin();
      const users = await store.listUsers();
      return {
        status: 200,
        body: { users: users.map((u) => ({ id: u.id, name: u.name, latestSeq: u.lastSeq })) },
      };
    });
}
