// The one lazy loader for Monaco: the first call starts the download, every caller shares it.
import type { Monaco } from './monaco-bundle.js';
import { monacoLoaded } from './monaco-theme.js';

let loading: Promise<Monaco> | null = null;

export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco-bundle.js').then((m) => {
    monacoLoaded(m.monaco);
    return m.monaco;
  });
  return loading;
}

/** Starts loading when the browser is idle, so the first opened event shows at once. */
export function preloadMonaco() {
  const start = () => void loadMonaco();
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 200);
}
