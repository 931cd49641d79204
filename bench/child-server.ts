// Runs a server in its own Node process, so it gets its own event loop (and core) apart from
// the load generator. The child announces itself with one JSON line on stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';

export interface ChildServer<Info> {
  name: string;
  pid: number;
  /** The child's first stdout line, parsed. */
  info: Info;
  /** The last few KB of the child's stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited in time. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ChildServerSpec {
  name: string;
  /** Arguments after the node executable: flags, script, script arguments. */
  args: string[];
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const STDERR_TAIL_CHARS = 8 * 1024;
const STOP_GRACE_MS = 5_000;

/** Every child still running, so an exit or Ctrl-C anywhere in the bench can kill them. */
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startChildServer<Info>(spec: ChildServerSpec): Promise<ChildServer<Info>> {
  const child = spawn(process.execPath, spec.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...spec.env },
  });
  running.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`${spec.name} ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('did not start in time'), spec.startTimeoutMs ?? 30_000);
    child.once('error', (err) => fail(`could not be spawned: ${err.message}`));
    void exited.then(() => fail(`exited (code ${child.exitCode ?? child.signalCode}) before starting`));
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      let info: Info;
      try {
        info = JSON.parse(line) as Info;
      } catch {
        fail(`printed a first line that is not JSON: ${line}`);
        return;
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ name: spec.name, pid: child.pid!, info, stderrTail: () => stderr, stop });
    });
  });
}
