// How long the engine keeps an endpoint's events: by age, count and total body size, each
// optional (null: no limit on that axis). Engine-local: never synced to the relay.
import { type Static, Type } from '@sinclair/typebox';

const Limit = (description: string) => Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description });

export const EndpointRetention = Type.Object(
  {
    maxAgeMs: Limit('remove events received longer ago than this (ms); null: any age'),
    maxCount: Limit('keep at most this many unpinned events; null: any number'),
    maxBytes: Limit('keep at most this many bytes of unpinned bodies; null: any size'),
  },
  { additionalProperties: false },
);
export type EndpointRetention = Static<typeof EndpointRetention>;

export const KEEP_FOREVER: EndpointRetention = { maxAgeMs: null, maxCount: null, maxBytes: null };

/**
 * What an endpoint new to this engine keeps: a month of history, at most 1 GiB of bodies.
 * Enough to find last week's webhook, bounded so a chatty provider cannot fill the disk.
 */
export const DEFAULT_RETENTION: EndpointRetention = {
  maxAgeMs: 30 * 86_400_000,
  maxCount: null,
  maxBytes: 1024 ** 3,
};

export const isKeepForever = (r: EndpointRetention) =>
  r.maxAgeMs === null && r.maxCount === null && r.maxBytes === null;
