// Monaco's theme is global; it follows the app's color scheme.
import { loadMonaco } from './load-monaco.js';

export function applyMonacoTheme(scheme: 'light' | 'dark') {
  void loadMonaco().then((monaco) => monaco.editor.setTheme(scheme === 'dark' ? 'vs-dark' : 'vs'));
}
