// The one Monaco editor wrapper: read-only viewer or editable copy. The element carries its
// test id only once the editor is live, so anything that clicks it clicks the editor.
import { useEffect, useRef, useState } from 'react';
import { CODE_EDITOR_OPTIONS } from './editor-options.js';
import { loadMonaco } from './load-monaco.js';
import type { Monaco } from './monaco-bundle.js';

type Editor = ReturnType<Monaco['editor']['create']>;

export interface CodeEditorProps {
  value: string;
  language: string;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  testId?: string;
  className?: string;
  ariaLabel: string;
}

export function CodeEditor({
  value,
  language,
  readOnly = false,
  onChange,
  testId,
  className,
  ariaLabel,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const latestChange = useRef(onChange);
  latestChange.current = onChange;
  const [live, setLive] = useState(false);
  // What the editor is created with, once Monaco has loaded: the latest props, not the first.
  const latest = useRef({ value, language, readOnly, ariaLabel });
  latest.current = { value, language, readOnly, ariaLabel };

  useEffect(() => {
    let disposed = false;
    let created: Editor | null = null;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const { value, language, readOnly, ariaLabel } = latest.current;
      created = monaco.editor.create(host.current, {
        ...CODE_EDITOR_OPTIONS,
        value,
        language,
        readOnly,
        ariaLabel,
        renderLineHighlight: readOnly ? 'none' : 'line',
        // Edited payloads must be exactly what the user typed.
        autoClosingBrackets: 'never',
        autoClosingQuotes: 'never',
        autoIndent: 'none',
        formatOnPaste: false,
        formatOnType: false,
      });
      created.onDidChangeModelContent(() => latestChange.current?.(created!.getValue()));
      editor.current = created;
      setLive(true);
    });
    return () => {
      disposed = true;
      created?.getModel()?.dispose();
      created?.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (!e || e.getValue() === value) return;
    e.setValue(value);
  }, [value]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model) void loadMonaco().then((monaco) => monaco.editor.setModelLanguage(model, language));
  }, [language]);

  return (
    <div
      ref={host}
      className={className ?? 'code-editor'}
      data-testid={live ? testId : undefined}
      data-ready={live ? 'true' : 'false'}
    />
  );
}
