// One clock for every process of a benchmark on one machine: process.hrtime reads the
// kernel's monotonic clock (CLOCK_MONOTONIC on Linux), which all processes share, so a
// timestamp taken in the sender can be subtracted from one taken in another process.

/** Milliseconds on the shared monotonic clock, with microsecond resolution. */
export function monoMs(): number {
  // Through microseconds first: nanoseconds since boot can outgrow a double's exact integers.
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}
