// Monaco as this app uses it, bundled locally by Vite (never a CDN): the editor API, the
// editing features a payload editor needs, the diff editor, JSON (with its worker) and XML.
// Loaded lazily through load-monaco.ts, so the first list does not wait for it.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/gotoError/register';
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
