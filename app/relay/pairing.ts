// Pairing: trade a one-time invite code for a device token at the relay.
import os from 'node:os';
import { PairResponse } from '../../protocol/relay-api.js';
import { relayRequest } from './relay-http.js';

export async function pairWithRelay(relayUrl: string, code: string, deviceName = os.hostname()): Promise<PairResponse> {
  return relayRequest(relayUrl, null, 'POST', '/api/pair', PairResponse, {
    code,
    deviceName: deviceName.slice(0, 100),
  });
}
