// Command-line options of the desktop app (after Electron's own): where the data lives and
// the embedded relay's port. The data dir defaults to the CLI's, so both see the same events.
import path from 'node:path';
import { userDataDir } from '../cli/data-dirs.js';
import { RELAY_DEFAULTS } from '../relay-server/relay-config.js';

export interface LaunchOptions {
  dataDir: string;
  /** 0 picks a free port (tests); the default keeps permanent URLs stable across restarts. */
  relayPort: number;
}

/** The value of `--name=value` or `--name value`, the last one winning. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
    else if (arg === name && i + 1 < argv.length) value = argv[i + 1];
  });
  return value;
}

export function parseLaunchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const dataDir = optionValue(argv, '--data-dir');
  const port = optionValue(argv, '--relay-port');
  let relayPort: number = RELAY_DEFAULTS.port;
  if (port !== undefined) {
    const parsed = Number(port);
    if (!/^\d{1,5}$/.test(port) || parsed > 65_535)
      throw new Error(`--relay-port must be a port number, not "${port}"`);
    relayPort = parsed;
  }
  return { dataDir: dataDir ? path.resolve(dataDir) : userDataDir(env), relayPort };
}
