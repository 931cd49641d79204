// The one event shape filters are evaluated over: what the engine stores, what the relay's door
// captures and what the UI's "test against" builds from a pasted payload all map onto it.

export interface FilterableEvent {
  method: string;
  path: string;
  /** The raw query string, without the `?`. */
  query: string;
  /** Header lines as received: case, order and duplicates kept. */
  headers: readonly (readonly [string, string])[];
  /** The exact body bytes. */
  body: Uint8Array;
  /** The status of the last local response; null when there is none (not forwarded yet, or it failed). */
  status: number | null;
  /** The door's signature check: true passed, false failed, null when none ran. */
  verified: boolean | null;
  /** The door's payload schema check, likewise. */
  valid: boolean | null;
  /** The endpoint's name. */
  endpoint: string;
  /** When the relay received it, in ms since the epoch. */
  receivedAt: number;
  /** The body's size in bytes. */
  size: number;
  /** True for a replay of another event. */
  replayed: boolean;
}
