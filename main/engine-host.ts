// The engine inside the desktop app, composed exactly as `porthole start` composes it
// (cli/engine-session.ts): attach to the engine already running on the data dir (a CLI
// session), or start one in-process with the app's safeStorage secrets and the embedded
// relay on 127.0.0.1 paired over loopback.
import type { SecretStore } from '../app/secrets/secret-store.js';
import { openEngineSession } from '../cli/engine-session.js';
import type { DesktopApi } from '../protocol/desktop-api.js';

export { ensureFirstEndpoint } from '../cli/engine-session.js';

export interface EngineHostOptions {
  dataDir: string;
  relayPort: number;
  secrets: SecretStore;
  /** The built renderer, also served in browser mode by the engine's loopback server. */
  staticDir?: string;
  log: (message: string) => void;
}

export interface EngineHost {
  api: DesktopApi;
  /** True when another process runs the engine and this app talks to it over loopback. */
  attached: boolean;
  close(): Promise<void>;
}

export async function startEngineHost(options: EngineHostOptions): Promise<EngineHost> {
  const session = await openEngineSession({
    dataDir: options.dataDir,
    embeddedRelay: true,
    relayPort: options.relayPort,
    secrets: options.secrets,
    log: options.log,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
  });
  if (!session.engine) options.log(`attached to the engine already running on ${options.dataDir}`);
  return { api: session.api, attached: session.engine === null, close: () => session.close() };
}
