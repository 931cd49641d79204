// Monaco's first editor pays for everything the later ones share: its services, the font
// measurement, the JSON mode. That was ~40 ms of the ~120 ms the first opened event took to
// show (bench/ui-inspector.ts). One throwaway editor, made off screen while the app is idle,
// pays it up front.
import { CODE_EDITOR_OPTIONS } from './editor-options.js';
import type { Monaco } from './monaco-bundle.js';

let warmed = false;

export function warmUpEditor(monaco: Monaco) {
  // Once per page; not at all when an editor already paid for it.
  if (warmed || monaco.editor.getEditors().length > 0) return;
  warmed = true;
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  // Laid out (so fonts can be measured) but never seen.
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:400px;height:200px;visibility:hidden';
  document.body.append(host);
  const editor = monaco.editor.create(host, {
    ...CODE_EDITOR_OPTIONS,
    automaticLayout: false,
    value: '{"warm": ["up", 1]}',
    language: 'json',
    readOnly: true,
    // Its screen-reader live regions go with it: the first real editor puts Monaco's in the page.
    ariaContainerElement: host,
  });
  editor.getModel()?.dispose();
  editor.dispose();
  host.remove();
}
