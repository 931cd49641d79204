// Picks the transport: Electron's preload bridge when present, else the loopback WebSocket.
import { ApiError, type PortholeApi } from './porthole-api.js';
import { preloadApi } from './preload-api.js';
import { apiSocketUrl, connectWebSocketApi, tokenFromFragment } from './websocket-api.js';

export async function connectApi(): Promise<PortholeApi> {
  if (window.porthole) return preloadApi(window.porthole);
  const token = tokenFromFragment(window.location.hash);
  if (!token) {
    throw new ApiError('unavailable', 'no session token in this address; open the URL `porthole ui` printed');
  }
  return connectWebSocketApi(apiSocketUrl(window.location, token));
}
