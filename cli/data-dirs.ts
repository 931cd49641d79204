// Where Porthole keeps its files when no --data-dir is given: the user's data directory.
import os from 'node:os';
import path from 'node:path';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env['PORTHOLE_HOME']) return path.resolve(env['PORTHOLE_HOME']);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Porthole');
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Porthole');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'porthole');
}

export function defaultRelayDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'relay');
}
