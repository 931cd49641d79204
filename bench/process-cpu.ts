// CPU time used by a process, to show who was saturated in a cell: on a 2-core machine the
// load generator and the server compete, and ~100% means one core fully busy.
import fs from 'node:fs';

/** Linux USER_HZ: /proc reports CPU time in ticks of 1/100 s on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of `pid` so far, or null where /proc is unavailable. */
export function cpuMillis(pid: number): number | null {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may itself contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** Starts a stopwatch of CPU use; `percent()` gives CPU time over wall time since the start. */
export function cpuMeter(pid: number): { percent(): number } {
  const cpuStart = cpuMillis(pid);
  const wallStart = performance.now();
  return {
    percent() {
      const cpuEnd = cpuMillis(pid);
      if (cpuStart === null || cpuEnd === null) return Number.NaN;
      return (100 * (cpuEnd - cpuStart)) / (performance.now() - wallStart);
    },
  };
}
