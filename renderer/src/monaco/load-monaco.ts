// The one lazy loader for Monaco: the first call starts the download, every caller shares it.
import type { Monaco } from './monaco-bundle.js';
import { monacoLoaded } from './monaco-theme.js';
import { warmUpEditor } from './warm-up-editor.js';

let loading: Promise<Monaco> | null = null;

export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco-bundle.js').then((m) => {
    monacoLoaded(m.monaco);
    return m.monaco;
  });
  return loading;
}

/**
 * Starts loading when the browser is idle, then (idle again) sets up a first editor, so the
 * first opened event shows at once.
 */
export function preloadMonaco() {
  whenIdle(() => void loadMonaco().then((monaco) => whenIdle(() => warmUpEditor(monaco))));
}

function whenIdle(run: () => void) {
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
