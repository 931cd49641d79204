#!/usr/bin/env node
// Builds the renderer into dist/renderer when any source is newer than the last build.
// Used by `npm start`, the test runs and `npm run build:renderer`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function buildRendererIfStale({ force = false } = {}) {
  const built = path.join(root, 'dist/renderer/index.html');
  const sources = Math.max(
    newestMtime(path.join(root, 'renderer')),
    newestMtime(path.join(root, 'protocol')),
    newestMtime(path.join(root, 'vite.config.ts')),
  );
  if (!force && fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  const result = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building the renderer failed');
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  buildRendererIfStale({ force: process.argv.includes('--force') });
}
