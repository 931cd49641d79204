// commander argument parsers that turn bad input into a clear one-line error.
import { InvalidArgumentError } from 'commander';
import { FilterError } from '../protocol/filter/filter-error.js';
import { parseFilter } from '../protocol/filter/filter-parser.js';
import { parseDuration, parseSize } from '../protocol/units.js';

const wrap =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };

export const durationArg = wrap(parseDuration);
export const sizeArg = wrap(parseSize);

export const portArg = wrap((value: string) => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`invalid port "${value}": expected 0-65535`);
  return port;
});

/** A filter in the filter language (docs/filters.md); a bad one names the spot. */
export const filterArg = (value: string) => {
  try {
    parseFilter(value);
    return value;
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    const caret = err.position >= 0 ? `\n  ${value}\n  ${' '.repeat(err.position)}^` : '';
    throw new InvalidArgumentError(`${err.message}${caret}`);
  }
};
