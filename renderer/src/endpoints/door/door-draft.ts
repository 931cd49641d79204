// The door config as the form edits it: text where the user types (numbers, CIDRs, headers,
// the schema), converted to a DoorConfig only on save, with what cannot be converted named.
import type { DoorConfig, DoorFilter, OnFail } from '../../../../protocol/endpoint-door.js';
import type { SignatureCheck, SignatureScheme } from '../../../../protocol/signatures/signature-check.js';

export type SchemeChoice = SignatureScheme | 'none';

export interface DoorDraft {
  scheme: SchemeChoice;
  secrets: string[];
  signatureOnFail: OnFail;
  /** '' means the scheme's default. */
  toleranceSeconds: string;
  /** Scheme options (header, prefix, algorithm…) as typed; '' means unset. */
  options: Record<string, string>;
  schemaEnabled: boolean;
  schemaText: string;
  schemaOnFail: OnFail;
  rateEnabled: boolean;
  requests: string;
  windowSeconds: string;
  burst: string;
  /** One CIDR per line; empty means anyone may send. */
  allowText: string;
  dedupe: boolean;
  responseMode: 'static' | 'passthrough';
  status: string;
  /** One "Name: value" per line. */
  headersText: string;
  body: string;
  timeoutMs: string;
  /** Accept only what this filter matches; '' for everything. */
  filterText: string;
  filterOnMiss: DoorFilter['onMiss'];
}

const EXAMPLE_SCHEMA = '{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "type": "object"\n}\n';

export function draftFromDoor(door: DoorConfig): DoorDraft {
  const check = door.signature?.check;
  const options: Record<string, string> = {};
  if (check) {
    for (const [key, value] of Object.entries(check)) {
      if (key !== 'scheme' && key !== 'secrets' && key !== 'toleranceSeconds') options[key] = String(value);
    }
  }
  const response = door.response.mode === 'static' ? door.response.response : door.response.fallback;
  return {
    scheme: check?.scheme ?? 'none',
    secrets: check ? [...check.secrets] : [''],
    signatureOnFail: door.signature?.onFail ?? 'reject',
    toleranceSeconds: check?.toleranceSeconds?.toString() ?? '',
    options,
    schemaEnabled: door.schema !== null,
    schemaText: door.schema ? `${JSON.stringify(door.schema.schema, null, 2)}\n` : EXAMPLE_SCHEMA,
    schemaOnFail: door.schema?.onFail ?? 'reject',
    rateEnabled: door.rateLimit !== null,
    requests: door.rateLimit?.requests.toString() ?? '60',
    windowSeconds: door.rateLimit?.windowSeconds.toString() ?? '60',
    burst: door.rateLimit?.burst?.toString() ?? '',
    allowText: door.allow?.cidrs.join('\n') ?? '',
    dedupe: door.dedupe,
    responseMode: door.response.mode,
    status: response.status.toString(),
    headersText: response.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    body: response.body,
    timeoutMs: door.response.mode === 'passthrough' ? door.response.timeoutMs.toString() : '5000',
    filterText: door.filter?.expression ?? '',
    filterOnMiss: door.filter?.onMiss ?? 'skip',
  };
}

export interface DraftResult {
  door: DoorConfig | null;
  errors: string[];
}

export function doorFromDraft(draft: DoorDraft): DraftResult {
  const errors: string[] = [];
  const int = (label: string, text: string): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(n)) errors.push(`${label}: a whole number is needed`);
    return n;
  };

  let signature: DoorConfig['signature'] = null;
  if (draft.scheme !== 'none') {
    const check: Record<string, unknown> = { scheme: draft.scheme, secrets: draft.secrets.filter((s) => s !== '') };
    if (draft.toleranceSeconds.trim() !== '') check['toleranceSeconds'] = int('tolerance', draft.toleranceSeconds);
    for (const [key, value] of Object.entries(draft.options)) {
      if (value === '') continue;
      check[key] = key === 'requireExp' ? value === 'true' : value;
    }
    signature = { check: check as SignatureCheck, onFail: draft.signatureOnFail };
  }

  let schema: DoorConfig['schema'] = null;
  if (draft.schemaEnabled) {
    try {
      schema = { schema: JSON.parse(draft.schemaText) as unknown, onFail: draft.schemaOnFail };
    } catch (err) {
      errors.push(`payload schema: not JSON (${(err as Error).message})`);
    }
  }

  const rateLimit: DoorConfig['rateLimit'] = draft.rateEnabled
    ? {
        requests: int('rate limit requests', draft.requests),
        windowSeconds: int('rate limit window', draft.windowSeconds),
        ...(draft.burst.trim() !== '' ? { burst: int('rate limit burst', draft.burst) } : {}),
      }
    : null;

  const cidrs = lines(draft.allowText);
  const headers = lines(draft.headersText).map((line): [string, string] => {
    const colon = line.indexOf(':');
    if (colon <= 0) errors.push(`response header "${line}": write it as Name: value`);
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  const staticResponse = { status: int('response status', draft.status), headers, body: draft.body };

  const door: DoorConfig = {
    signature,
    schema,
    rateLimit,
    allow: cidrs.length > 0 ? { cidrs } : null,
    dedupe: draft.dedupe,
    response:
      draft.responseMode === 'static'
        ? { mode: 'static', response: staticResponse }
        : { mode: 'passthrough', timeoutMs: int('passthrough timeout', draft.timeoutMs), fallback: staticResponse },
    // No filter is no key: configs without one stay as they were saved.
    ...(draft.filterText.trim() ? { filter: { expression: draft.filterText.trim(), onMiss: draft.filterOnMiss } } : {}),
  };
  return { door: errors.length === 0 ? door : null, errors };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
