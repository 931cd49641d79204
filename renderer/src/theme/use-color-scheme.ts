// Light or dark, following the system setting live; Monaco follows along.
import { useEffect, useState } from 'react';
import { applyMonacoTheme } from '../monaco/monaco-theme.js';

export type ColorScheme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

export function useColorScheme(): ColorScheme {
  const [scheme, setScheme] = useState<ColorScheme>(() => (query().matches ? 'dark' : 'light'));
  useEffect(() => {
    const media = query();
    const onChange = () => setScheme(media.matches ? 'dark' : 'light');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  useEffect(() => {
    document.documentElement.dataset['theme'] = scheme;
    applyMonacoTheme(scheme);
  }, [scheme]);
  return scheme;
}
