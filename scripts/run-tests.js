#!/usr/bin/env node
// `npm test`: format + lint, typecheck, then the vitest suites (unit + integration) and the
// Playwright suite when it exists. Ends with one line "N passed, N failed" for CI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, command, args) {
  process.stdout.write(`\n== ${name}: ${[path.basename(command), ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

function check(name, command, args) {
  if (step(name, command, args)) passed++;
  else {
    failed++;
    process.stdout.write(`!! ${name} failed\n`);
  }
}

check('lint and format', bin('biome'), ['check', '.']);
check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
check('typecheck (renderer)', bin('tsc'), ['--noEmit', '-p', 'renderer/tsconfig.json']);

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-vitest-')), 'report.json');
const vitestOk = step('unit and integration tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A suite that failed to load has no failed tests but must still fail the run.
  if (!vitestOk && r.numFailedTests === 0) failed++;
} else if (!vitestOk) {
  failed++;
}

const e2eConfig = path.join(root, 'playwright.config.ts');
if (fs.existsSync(e2eConfig)) {
  const e2eReport = path.join(path.dirname(report), 'e2e.json');
  const ok = spawnSync(bin('playwright'), ['test', '--reporter=list,json'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
  });
  if (fs.existsSync(e2eReport)) {
    const stats = JSON.parse(fs.readFileSync(e2eReport, 'utf8')).stats;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
  } else if (ok.status !== 0) failed++;
}

// Skips are named by the tests themselves (only the Electron binary may be missing here);
// the last line stays exactly "N passed, N failed" for CI.
if (skipped) process.stdout.write(`\n${skipped} skipped (see the reasons above)`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
