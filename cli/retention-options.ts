// The retention flags of `porthole endpoints create|update`: --keep-for, --keep-count and
// --keep-size set one limit each over the endpoint's current ones; --keep-forever clears all.
import { type Command, InvalidArgumentError } from 'commander';
import { type EndpointRetention, isKeepForever, KEEP_FOREVER } from '../protocol/retention.js';
import { formatDuration } from '../protocol/units.js';
import { durationArg, sizeArg } from './option-parsers.js';

export interface RetentionFlags {
  keepFor?: number;
  keepCount?: number;
  keepSize?: number;
  keepForever?: boolean;
}

const countArg = (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`invalid count "${value}": expected 1 or more`);
  return n;
};
const positive = (parse: (value: string) => number) => (value: string) => {
  const n = parse(value);
  if (n < 1) throw new InvalidArgumentError(`"${value}" is not a limit: use --keep-forever to keep everything`);
  return n;
};

export function addRetentionOptions(command: Command): Command {
  return command
    .option('--keep-for <duration>', 'remove events older than this, e.g. 30d, 12h', positive(durationArg))
    .option('--keep-count <n>', 'keep at most this many events (pinned ones on top)', countArg)
    .option('--keep-size <size>', "keep at most this much of events' bodies, e.g. 1GB, 500MiB", positive(sizeArg))
    .option('--keep-forever', 'no retention limits: keep every event');
}

/** The limits after the flags, or undefined when no retention flag was given. */
export function retentionFrom(current: EndpointRetention, flags: RetentionFlags): EndpointRetention | undefined {
  const { keepFor, keepCount, keepSize, keepForever } = flags;
  if (keepForever) {
    if (keepFor !== undefined || keepCount !== undefined || keepSize !== undefined) {
      throw new Error('--keep-forever cannot be combined with --keep-for, --keep-count or --keep-size');
    }
    return KEEP_FOREVER;
  }
  if (keepFor === undefined && keepCount === undefined && keepSize === undefined) return undefined;
  return {
    maxAgeMs: keepFor ?? current.maxAgeMs,
    maxCount: keepCount ?? current.maxCount,
    maxBytes: keepSize ?? current.maxBytes,
  };
}

export function retentionSummary(r: EndpointRetention | undefined): string {
  if (!r || isKeepForever(r)) return 'keep forever';
  const parts: string[] = [];
  if (r.maxAgeMs !== null) parts.push(formatDuration(r.maxAgeMs));
  if (r.maxCount !== null) parts.push(`${r.maxCount} events`);
  if (r.maxBytes !== null) parts.push(`${r.maxBytes} bytes`);
  return `keep ${parts.join(', ')} (pinned kept)`;
}
