// The renderer's memory: the page's JS heap from Chromium (CDP Performance.getMetrics), before
// and after a forced GC, and the renderer process's own memory from /proc (Linux).
import fs from 'node:fs';
import type { Page } from '@playwright/test';

export interface RendererMemory {
  /** JSHeapUsedSize as the page is after the scroll (no forced GC). */
  jsHeapUsedBytes: number;
  jsHeapTotalBytes: number;
  /** The page's renderer process: private (unshared) and resident bytes, no forced GC. */
  processPrivateBytes: number;
  processRssBytes: number;
  /** After HeapProfiler.collectGarbage: what the page keeps. */
  jsHeapAfterGcBytes: number;
  processPrivateAfterGcBytes: number;
  domNodesAfterGc: number;
}

export async function measureRendererMemory(page: Page): Promise<RendererMemory> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const metrics = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return new Map(metrics.map((m) => [m.name, m.value]));
    };
    const before = await metrics();
    const renderer = pageRenderer();
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await metrics();
    const rendererAfterGc = pageRenderer();
    return {
      jsHeapUsedBytes: before.get('JSHeapUsedSize') ?? Number.NaN,
      jsHeapTotalBytes: before.get('JSHeapTotalSize') ?? Number.NaN,
      processPrivateBytes: renderer?.privateBytes ?? Number.NaN,
      processRssBytes: renderer?.rssBytes ?? Number.NaN,
      jsHeapAfterGcBytes: after.get('JSHeapUsedSize') ?? Number.NaN,
      processPrivateAfterGcBytes: rendererAfterGc?.privateBytes ?? Number.NaN,
      domNodesAfterGc: after.get('Nodes') ?? Number.NaN,
    };
  } finally {
    await cdp.detach();
  }
}

interface ProcessMemory {
  pid: number;
  privateBytes: number;
  rssBytes: number;
}

/**
 * The largest web-content renderer descended from this process. One page is open at a time,
 * so that is the page's; a spare renderer holds a few MB. Chromium's own UI renderer is not one.
 */
function pageRenderer(): ProcessMemory | undefined {
  if (!fs.existsSync('/proc/self/smaps_rollup')) return undefined;
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readOrEmpty(`/proc/${name}/stat`);
    // pid (comm) state ppid ...: comm may hold spaces, so parse after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isFinite(ppid)) parents.set(Number(name), ppid);
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  const found: ProcessMemory[] = [];
  for (const pid of parents.keys()) {
    // Chromium rewrites its command line as one space-separated string.
    const args = readOrEmpty(`/proc/${pid}/cmdline`).split(/[\0 ]/);
    if (!descends(pid) || !args.includes('--type=renderer')) continue;
    if (args.some((a) => a === '--top-chrome-webui' || a === '--extension-process')) continue;
    const rollup = readOrEmpty(`/proc/${pid}/smaps_rollup`);
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN);
    found.push({ pid, privateBytes: (kb('Private_Clean') + kb('Private_Dirty')) * 1024, rssBytes: kb('Rss') * 1024 });
  }
  return found.sort((a, b) => b.privateBytes - a.privateBytes)[0];
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // The process exited meanwhile.
  }
}
