// The endpoint's IP allowlist (design: checked first, 403). Compiled once per config
// revision; `allows` runs per request on the source IP that client-ip.ts chose.
import type { DoorAllowlist } from '../../protocol/endpoint-door.js';
import { compileIpRanges, parseIpAddress } from './ip-ranges.js';

export { IpListError } from './ip-ranges.js';

export interface CompiledAllowlist {
  /** False for anything that is not a valid address, so garbage never gets in. */
  allows(ip: string): boolean;
  /** Entries accepted with a caveat (host bits set), for the endpoint page. */
  readonly warnings: readonly string[];
}

/** Throws IpListError naming every bad entry and why. */
export function compileAllowlist(allow: DoorAllowlist): CompiledAllowlist {
  const ranges = compileIpRanges(allow.cidrs, 'IP allowlist');
  return {
    allows(ip) {
      const address = parseIpAddress(ip);
      return address !== null && ranges.contains(address);
    },
    warnings: ranges.warnings,
  };
}
