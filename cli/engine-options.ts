// Options every engine command shares, and where its data lives.
import path from 'node:path';
import { Option } from 'commander';
import { userDataDir } from './data-dirs.js';

export const engineDataDirOption = () =>
  new Option('--data-dir <dir>', 'where Porthole keeps its data (default: your user data directory)').env(
    'PORTHOLE_HOME',
  );

export function resolveDataDir(dataDir: string | undefined): string {
  return dataDir ? path.resolve(dataDir) : userDataDir();
}
