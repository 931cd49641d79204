// How `porthole endpoints` shows an endpoint: secrets become fingerprints (never printed in
// clear unless asked), and a one-line summary of the door's checks for the table.
import { createHash } from 'node:crypto';
import type { LocalEndpoint } from '../protocol/desktop-api.js';
import { FINGERPRINT_LENGTH } from '../protocol/signatures/index.js';
import { formatDuration } from '../protocol/units.js';
import { retentionSummary } from './retention-options.js';

/** The same fingerprint a signature explanation shows: enough to tell secrets apart, no more. */
export const maskSecret = (secret: string) =>
  `****${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH)}`;

export function maskEndpoint(endpoint: LocalEndpoint, showSecrets = false): LocalEndpoint {
  const signature = endpoint.door.signature;
  if (!signature || showSecrets) return endpoint;
  const check = { ...signature.check, secrets: signature.check.secrets.map(maskSecret) };
  return { ...endpoint, door: { ...endpoint.door, signature: { ...signature, check } } };
}

export function doorSummary(endpoint: LocalEndpoint): string {
  const { door } = endpoint;
  const parts: string[] = [];
  if (door.signature) {
    const flagged = door.signature.onFail === 'flag' ? ' (flag)' : '';
    parts.push(`verify ${door.signature.check.scheme}×${door.signature.check.secrets.length}${flagged}`);
  }
  if (door.schema) parts.push(`schema${door.schema.onFail === 'flag' ? ' (flag)' : ''}`);
  if (door.rateLimit)
    parts.push(`rate ${door.rateLimit.requests}/${formatDuration(door.rateLimit.windowSeconds * 1000)}`);
  if (door.allow) parts.push(`allow ${door.allow.cidrs.join(',')}`);
  if (door.filter) parts.push(`accept only ${door.filter.expression} (else ${door.filter.onMiss})`);
  parts.push(
    door.response.mode === 'static'
      ? `respond ${door.response.response.status}`
      : `passthrough ${formatDuration(door.response.timeoutMs)}`,
  );
  return parts.join(', ');
}

export function endpointTable(endpoints: LocalEndpoint[]): string {
  if (endpoints.length === 0) return 'no endpoints (create one: porthole endpoints create NAME)';
  const rows = [
    ['NAME', 'URL', 'SYNC', 'DOOR'],
    ...endpoints.map((e) => [e.name, e.url ?? '(pending)', e.syncState, doorSummary(e)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

export function endpointDetail(endpoint: LocalEndpoint): string {
  return [
    `${endpoint.name} (${endpoint.id})`,
    `  url: ${endpoint.url ?? '(waiting for the relay)'}`,
    `  enabled: ${endpoint.enabled}, max body: ${endpoint.maxBodyBytes} bytes, sync: ${endpoint.syncState}${endpoint.syncError ? ` (${endpoint.syncError})` : ''}`,
    `  door: ${doorSummary(endpoint)}`,
    `  retention: ${retentionSummary(endpoint.retention)}`,
    `  config: ${JSON.stringify(endpoint.door, null, 2).replace(/\n/g, '\n  ')}`,
  ].join('\n');
}
