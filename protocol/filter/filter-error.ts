// One error type for every way a filter can be wrong, in text or JSON, so the filter box can
// underline the spot: `position` is the 0-based offset in the text (-1 for the JSON form).

export class FilterError extends Error {
  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    readonly position: number,
  ) {
    super(position >= 0 ? `${reason} at ${position}` : reason);
    this.name = 'FilterError';
  }
}
