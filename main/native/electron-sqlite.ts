// Stands in for `better-sqlite3` inside the Electron bundles (scripts/build-desktop.js aliases
// the package to this file): the same Database, opened with the binary built for Electron's
// ABI through better-sqlite3's `nativeBinding` option. node_modules keeps the Node build, so
// `npm test` and the CLI are unaffected.
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { electronSqliteBinding } from '../app-location.js';

let binding: string | null = null;

function nativeBinding(): string {
  if (binding) return binding;
  const file = electronSqliteBinding(import.meta.dirname);
  if (!fs.existsSync(file)) {
    throw new Error(
      `better-sqlite3 is not built for Electron (no ${file}); run: node scripts/build-desktop.js --native`,
    );
  }
  binding = file;
  return file;
}

export default class Database extends BetterSqlite3 {
  constructor(filename?: string | Buffer, options: BetterSqlite3.Options = {}) {
    super(filename, { ...options, nativeBinding: nativeBinding() });
  }
}
