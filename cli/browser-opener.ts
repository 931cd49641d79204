// Opens a URL in the user's browser; where none can be started, says so and moves on.
import { spawn } from 'node:child_process';

const OPENERS: Record<string, [string, string[]]> = {
  darwin: ['open', []],
  win32: ['cmd', ['/c', 'start', '""']],
};

export function openInBrowser(url: string): Promise<boolean> {
  const [command, args] = OPENERS[process.platform] ?? ['xdg-open', []];
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
