// Reconnect delays: exponential with full jitter, so many desktops reconnecting after a
// relay restart spread out instead of arriving together.
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 250,
    private readonly maxMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(this.random() * ceiling);
  }

  reset() {
    this.attempt = 0;
  }
}
