// What the engine implements: one async function per DesktopApi method. Params arrive
// already validated against the method's schema (the dispatcher does that).
import type { DesktopMethodName, DesktopParams, DesktopResult } from '../../protocol/desktop-api.js';

export type DesktopHandlers = {
  [M in DesktopMethodName]: (params: DesktopParams<M>) => Promise<DesktopResult<M>>;
};
