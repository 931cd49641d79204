// A button that copies text and says so for a moment.
import { useEffect, useState } from 'react';
import { copyText } from './clipboard.js';

export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }) {
  const [done, setDone] = useState<boolean | null>(null);
  useEffect(() => {
    if (done === null) return;
    const timer = setTimeout(() => setDone(null), 1500);
    return () => clearTimeout(timer);
  }, [done]);
  return (
    <button
      type="button"
      className="small"
      data-testid={testId}
      onClick={async (e) => {
        e.stopPropagation();
        setDone(await copyText(text));
      }}
    >
      {done === null ? label : done ? 'Copied' : 'Copy failed'}
    </button>
  );
}
