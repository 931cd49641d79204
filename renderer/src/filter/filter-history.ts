// The filters you used, newest first, kept in this browser profile (the same in every window
// of the app). Only filters that parsed and were applied are remembered.
const KEY = 'porthole.filterHistory';
const MAX = 20;

/** The part of the Web Storage API used here (tests pass their own). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const browserStorage = (): KeyValueStorage => (globalThis as unknown as { localStorage: KeyValueStorage }).localStorage;

export function readFilterHistory(storage: Pick<KeyValueStorage, 'getItem'> = browserStorage()): string[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberFilter(text: string, storage: KeyValueStorage = browserStorage()): string[] {
  const trimmed = text.trim();
  const history = readFilterHistory(storage);
  if (!trimmed) return history;
  const next = [trimmed, ...history.filter((h) => h !== trimmed)].slice(0, MAX);
  try {
    storage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or off: history is a convenience.
  }
  return next;
}
