// The request the forwarder sends to a local service: an event (or an edited replay of one)
// reduced to what goes on the wire.
import type { HeaderPair } from '../../protocol/event.js';

export interface OutgoingRequest {
  method: string;
  /** The event's subpath after /h/{key}, raw as received; may be empty. */
  path: string;
  /** The raw query string without '?', as received; may be empty. */
  query: string;
  /** Header lines as captured: case, order and duplicates kept. */
  headers: HeaderPair[];
  /** The exact body bytes; sent as they are, never re-serialised. */
  body: Buffer;
}
