// Whether an event goes to a target at all: the target's filter on method and subpath.
import type { TargetFilter } from '../../protocol/desktop-api.js';
import type { OutgoingRequest } from './outgoing-request.js';

export function matchesTargetFilter(filter: TargetFilter, req: Pick<OutgoingRequest, 'method' | 'path'>): boolean {
  if (filter.methods && filter.methods.length > 0) {
    const method = req.method.toUpperCase();
    if (!filter.methods.some((m) => m.toUpperCase() === method)) return false;
  }
  if (filter.pathPrefix !== undefined) {
    // An empty subpath is the endpoint's root, so a prefix of '/' still matches it.
    const path = req.path === '' ? '/' : req.path;
    if (!path.startsWith(filter.pathPrefix)) return false;
  }
  return true;
}
