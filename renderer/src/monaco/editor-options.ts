// What every code editor (viewer or editable copy) is created with, whatever its props; the
// warm-up editor uses it too, so Monaco's one-time setup (font measurement) is the one reused.
export const CODE_EDITOR_OPTIONS = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  wordWrap: 'on',
  fontSize: 12,
  lineNumbersMinChars: 3,
} as const;
