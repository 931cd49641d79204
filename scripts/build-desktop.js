#!/usr/bin/env node
// Builds the Electron shell into dist/main with esbuild:
//   main.cjs                   the main process (main/main.ts with the engine and embedded relay)
//   preload.cjs                the sandboxed preload, one self-contained file
//   wal-checkpointer-worker.js the relay's WAL checkpoint thread, started next to the relay's code
//   event-read-worker.js       the engine's read thread (lists and counts), likewise
// With --native it also builds better-sqlite3 for Electron's ABI into dist/electron-native
// (once per better-sqlite3/Electron version), leaving node_modules' Node build alone so
// `npm test` and the CLI keep working from the same checkout. Used by `npm start`,
// `npm run build:desktop` and `npm run package`.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist/main');
const nativeDir = path.join(root, 'dist/electron-native');
const sqliteWrapper = path.join(root, 'main/native/electron-sqlite.ts');
// Electron 39 runs Node 22 (and Chromium 142 for the preload).
const target = ['node22', 'chrome142'];

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Every `better-sqlite3` import in the bundles opens the Electron build (see main/native/electron-sqlite.ts). */
const sqliteForElectron = {
  name: 'better-sqlite3-for-electron',
  setup(build) {
    build.onResolve({ filter: /^better-sqlite3$/ }, (args) =>
      args.importer === sqliteWrapper ? { path: 'better-sqlite3', external: true } : { path: sqliteWrapper },
    );
  },
};

const shared = {
  bundle: true,
  platform: 'node',
  target,
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

export async function buildDesktop() {
  fs.mkdirSync(outDir, { recursive: true });
  await Promise.all([
    build({
      ...shared,
      entryPoints: [path.join(root, 'main/main.ts')],
      outfile: path.join(outDir, 'main.cjs'),
      format: 'cjs',
      // better-sqlite3 is loaded from node_modules with its native binding; the rest is bundled.
      external: ['electron'],
      plugins: [sqliteForElectron],
      // ES module sources ask import.meta for their location; in CommonJS that is the bundle's.
      banner: { js: "'use strict';\nconst __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: {
        'import.meta.url': '__bundleUrl',
        'import.meta.dirname': '__dirname',
        'import.meta.filename': '__filename',
      },
    }),
    build({
      ...shared,
      entryPoints: [path.join(root, 'main/preload.ts')],
      outfile: path.join(outDir, 'preload.cjs'),
      format: 'cjs',
      // A sandboxed preload can require only `electron` and a few builtins.
      external: ['electron'],
    }),
    build({
      ...shared,
      entryPoints: [path.join(root, 'relay-server/store/sqlite/wal-checkpointer-worker.ts')],
      outfile: path.join(outDir, 'wal-checkpointer-worker.js'),
      // ESM (the package is "type": "module"); bundled CommonJS dependencies still need require.
      format: 'esm',
      plugins: [sqliteForElectron],
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    }),
    build({
      ...shared,
      entryPoints: [path.join(root, 'app/store/event-read-worker.ts')],
      outfile: path.join(outDir, 'event-read-worker.js'),
      // ESM (the package is "type": "module"); bundled CommonJS dependencies still need require.
      format: 'esm',
      plugins: [sqliteForElectron],
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    }),
  ]);
}

/** better-sqlite3 compiled (or its prebuilt fetched) for this Electron, in a tree of its own. */
export async function buildElectronSqlite() {
  const electron = readJson(path.join(root, 'node_modules/electron/package.json')).version;
  const sqlite = readJson(path.join(root, 'node_modules/better-sqlite3/package.json')).version;
  const wanted = { betterSqlite3: sqlite, electron, platform: process.platform, arch: process.arch };
  const binary = path.join(nativeDir, 'better_sqlite3.node');
  const stampFile = path.join(nativeDir, 'build.json');
  if (fs.existsSync(binary) && fs.existsSync(stampFile)) {
    if (JSON.stringify(readJson(stampFile)) === JSON.stringify(wanted)) return;
  }
  // Inside the checkout, so the rebuild finds prebuild-install and node-gyp in node_modules.
  const tree = path.join(nativeDir, 'build-tree');
  fs.rmSync(tree, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), path.join(tree, 'node_modules/better-sqlite3'), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}better-sqlite3${path.sep}build`),
  });
  fs.writeFileSync(
    path.join(tree, 'package.json'),
    JSON.stringify({ name: 'porthole-electron-native', private: true, dependencies: { 'better-sqlite3': sqlite } }),
  );
  process.stdout.write(
    `building better-sqlite3 ${sqlite} for Electron ${electron} (${process.platform}-${process.arch})\n`,
  );
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: tree,
    electronVersion: electron,
    arch: process.arch,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
  fs.copyFileSync(path.join(tree, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), binary);
  fs.writeFileSync(stampFile, `${JSON.stringify(wanted)}\n`);
  fs.rmSync(tree, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  try {
    await buildDesktop();
    if (process.argv.includes('--native')) await buildElectronSqlite();
  } catch (err) {
    console.error(`porthole: building the desktop shell failed: ${err.message}`);
    process.exit(1);
  }
}
