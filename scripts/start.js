#!/usr/bin/env node
// `npm start`: build what is stale, then run the desktop app in Electron — or, where no
// Electron runtime can start, say so in one line and run browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildRendererIfStale } from './build-renderer.js';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** The Electron binary, or why there is none that can start here. */
function electronRuntime() {
  let binary;
  try {
    binary = require('electron');
  } catch (err) {
    return { reason: `the electron package did not install its runtime: ${err.message.split('\n')[0]}` };
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) return { reason: `no Electron binary at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { binary };
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  buildRendererIfStale();
} catch (err) {
  console.error(`porthole: ${err.message}`);
  process.exit(1);
}
const electron = electronRuntime();
if (electron.binary) {
  // The shell's bundles, and better-sqlite3 for Electron's ABI the first time (see main/README.md).
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build-desktop.js'), '--native'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
  // The app directory: Electron reads package.json's "main" (dist/main/main.cjs) and name from it.
  run(electron.binary, [root, ...process.argv.slice(2)]);
} else {
  console.log(`Electron runtime not available (${electron.reason}); opening Porthole in your browser instead.`);
  run(process.execPath, [path.join(root, 'bin/porthole.js'), 'start', ...process.argv.slice(2)]);
}
