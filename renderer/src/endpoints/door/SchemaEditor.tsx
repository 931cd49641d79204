// The payload schema in Monaco, on a model of its own so the meta-schema validates it; the
// element carries its test id and error count once live.
import { useEffect, useRef, useState } from 'react';
import { CODE_EDITOR_OPTIONS } from '../../monaco/editor-options.js';
import { loadMonaco } from '../../monaco/load-monaco.js';
import type { Monaco } from '../../monaco/monaco-bundle.js';
import { configureSchemaValidation, PAYLOAD_SCHEMA_MODEL_URI } from './schema-validation.js';

type Editor = ReturnType<Monaco['editor']['create']>;

interface SchemaEditorProps {
  value: string;
  onChange(value: string): void;
  /** How many errors Monaco's schema check found (it runs in a worker, so after a moment). */
  onMarkers(messages: string[]): void;
}

export function SchemaEditor({ value, onChange, onMarkers }: SchemaEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef({ value, onChange, onMarkers });
  latest.current = { value, onChange, onMarkers };
  const [live, setLive] = useState(false);

  useEffect(() => {
    let disposed = false;
    let editor: Editor | null = null;
    const subscriptions: { dispose(): void }[] = [];
    void Promise.all([loadMonaco(), configureSchemaValidation()]).then(([monaco]) => {
      if (disposed || !host.current) return;
      const uri = monaco.Uri.parse(PAYLOAD_SCHEMA_MODEL_URI);
      monaco.editor.getModel(uri)?.dispose();
      const model = monaco.editor.createModel(latest.current.value, 'json', uri);
      editor = monaco.editor.create(host.current, { ...CODE_EDITOR_OPTIONS, model, ariaLabel: 'Payload schema' });
      subscriptions.push(
        model.onDidChangeContent(() => latest.current.onChange(model.getValue())),
        monaco.editor.onDidChangeMarkers((uris) => {
          if (!uris.some((u) => u.toString() === uri.toString())) return;
          const markers = monaco.editor.getModelMarkers({ resource: uri });
          latest.current.onMarkers(
            markers
              .filter((m) => m.severity === monaco.MarkerSeverity.Error)
              .map((m) => `line ${m.startLineNumber}: ${m.message}`),
          );
        }),
      );
      setLive(true);
    });
    return () => {
      disposed = true;
      for (const s of subscriptions) s.dispose();
      editor?.getModel()?.dispose();
      editor?.dispose();
    };
  }, []);

  return (
    <div
      ref={host}
      className="code-editor door-schema-editor"
      data-testid={live ? 'door-schema-editor' : undefined}
      data-ready={live ? 'true' : 'false'}
    />
  );
}
