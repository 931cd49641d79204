// Monaco as this app uses it, bundled locally by Vite (never a CDN): the editor API and its
// features (diff editor included), JSON (with its worker) and XML; no other languages.
// Loaded lazily through load-monaco.ts, so the first list does not wait for it.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
// Every editor feature: JSON's language service needs suggest, code lens, drag and drop...
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/xml/register';
import 'monaco-editor/languages/features/json/register';

// Workers come from this origin (CSP worker-src 'self'); JSON validation runs in its own.
self.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export { monaco };
export type Monaco = typeof monaco;
