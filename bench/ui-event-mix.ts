// The inspector benchmark's events: engine-store's realistic factory (same bodies, methods,
// paths and forward outcomes), all on the one endpoint the inspector opens on, with some
// bodies re-encoded as forms or XML so the list shows mixed content types, and a forward
// attempt recorded for each event that has a forward outcome (the detail pane lists them).
import type { NewAttempt } from '../app/store/attempt-repository.js';
import type { NewStoredEvent } from '../app/store/event-records.js';
import { EventFactory, type LastResult, prng } from './engine-store-data.js';

export interface UiEndpoint {
  /** The relay's id pattern (ep_ + 26 of [0-9A-Z]): the engine pushes it to the relay on start. */
  id: string;
  name: string;
  targetId: string;
  targetUrl: string;
}

export const UI_ENDPOINT: UiEndpoint = {
  id: `ep_${'INSPECTORBENCH'.padEnd(26, '0')}`,
  name: 'webhooks',
  targetId: 'tgt_inspectorbench',
  targetUrl: 'http://localhost:3000/hooks',
};

/** Shares of bodies re-encoded (the rest stay JSON). */
const FORM_SHARE = 0.1;
const XML_SHARE = 0.05;

export class InspectorEventFactory extends EventFactory {
  private readonly mix: () => number;
  private last: NewStoredEvent | null = null;
  /** Attempts of the events made since the last take: seedEvents records only the outcome. */
  private attempts: NewAttempt[] = [];

  constructor(seed: number) {
    super(seed);
    // Its own stream, so the base factory's events stay exactly engine-store's.
    this.mix = prng(seed ^ 0x5eed);
  }

  override event(n: number): NewStoredEvent {
    const e = super.event(n);
    const r = this.mix();
    const reencoded =
      r < FORM_SHARE
        ? { type: 'application/x-www-form-urlencoded', body: toForm(JSON.parse(e.body.toString())) }
        : r < FORM_SHARE + XML_SHARE
          ? { type: 'application/xml; charset=utf-8', body: toXml('event', JSON.parse(e.body.toString())) }
          : null;
    const body = reencoded ? Buffer.from(reencoded.body) : e.body;
    const headers = e.headers.map(([name, value]): [string, string] => {
      if (reencoded && name === 'Content-Type') return [name, reencoded.type];
      if (name === 'Content-Length') return [name, String(body.length)];
      return [name, value];
    });
    this.last = { ...e, endpointId: UI_ENDPOINT.id, endpointName: UI_ENDPOINT.name, headers, body };
    return this.last;
  }

  override lastResult(): LastResult | null {
    const result = super.lastResult();
    if (result && this.last) this.attempts.push(attemptFor(this.last, result));
    return result;
  }

  takeAttempts(): NewAttempt[] {
    const taken = this.attempts;
    this.attempts = [];
    return taken;
  }
}

function attemptFor(e: NewStoredEvent, result: LastResult): NewAttempt {
  const responseBody = Buffer.from(result.status === null ? '' : JSON.stringify({ ok: result.status < 400 }));
  return {
    id: `att_${e.id.slice(4)}`,
    eventId: e.id,
    targetId: UI_ENDPOINT.targetId,
    url: `${UI_ENDPOINT.targetUrl}${e.path}`,
    startedAt: e.receivedAt + 5,
    durationMs: result.durationMs,
    status: result.status,
    responseHeaders: result.status === null ? [] : [['content-type', 'application/json']],
    responseBody,
    responseBodySize: responseBody.length,
    responseTruncated: false,
    error: result.error ? { kind: 'refused', message: result.error } : null,
  };
}

/** Nested keys as a[b][0][c], the way Rails/PHP-style senders encode forms. */
function toForm(value: unknown): string {
  const params = new URLSearchParams();
  const walk = (v: unknown, key: string) => {
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, key ? `${key}[${k}]` : k);
    } else params.append(key, v === null ? '' : String(v));
  };
  walk(value, '');
  return params.toString();
}

function toXml(tag: string, value: unknown): string {
  const element = (name: string, v: unknown): string => {
    if (Array.isArray(v)) return v.map((item) => element(name, item)).join('');
    if (v !== null && typeof v === 'object') {
      return `<${name}>${Object.entries(v)
        .map(([k, child]) => element(k, child))
        .join('')}</${name}>`;
    }
    const text = v === null ? '' : String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    return `<${name}>${text}</${name}>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${element(tag, value)}`;
}
