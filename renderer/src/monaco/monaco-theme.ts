// Monaco's theme is global; it follows the app's color scheme. Setting it never loads
// Monaco by itself: the loader applies the current scheme when Monaco arrives.
import type { Monaco } from './monaco-bundle.js';

let scheme: 'light' | 'dark' = 'light';
let loaded: Monaco | null = null;

const themeName = () => (scheme === 'dark' ? 'vs-dark' : 'vs');

export function applyMonacoTheme(next: 'light' | 'dark') {
  scheme = next;
  loaded?.editor.setTheme(themeName());
}

/** Called by the loader once Monaco is in. */
export function monacoLoaded(monaco: Monaco) {
  loaded = monaco;
  monaco.editor.setTheme(themeName());
}
