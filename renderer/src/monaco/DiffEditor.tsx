// Monaco's diff editor: the original payload against the edited one, kept in sync live.
import { useEffect, useRef, useState } from 'react';
import { loadMonaco } from './load-monaco.js';
import type { Monaco } from './monaco-bundle.js';

type Diff = ReturnType<Monaco['editor']['createDiffEditor']>;

export interface DiffEditorProps {
  original: string;
  modified: string;
  language: string;
  testId?: string;
}

export function DiffEditor({ original, modified, language, testId }: DiffEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const diff = useRef<Diff | null>(null);
  const [live, setLive] = useState(false);
  // What the editor is created with, once Monaco has loaded: the latest props, not the first.
  const latest = useRef({ original, modified, language });
  latest.current = { original, modified, language };

  useEffect(() => {
    let disposed = false;
    let created: Diff | null = null;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      created = monaco.editor.createDiffEditor(host.current, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: false,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        wordWrap: 'on',
        fontSize: 12,
      });
      const { original, modified, language } = latest.current;
      created.setModel({
        original: monaco.editor.createModel(original, language),
        modified: monaco.editor.createModel(modified, language),
      });
      diff.current = created;
      setLive(true);
    });
    return () => {
      disposed = true;
      const model = created?.getModel();
      created?.dispose();
      model?.original.dispose();
      model?.modified.dispose();
      diff.current = null;
    };
  }, []);

  useEffect(() => {
    const model = diff.current?.getModel();
    if (!model) return;
    if (model.original.getValue() !== original) model.original.setValue(original);
    if (model.modified.getValue() !== modified) model.modified.setValue(modified);
  }, [original, modified]);

  return <div ref={host} className="diff-editor" data-testid={live ? testId : undefined} />;
}
