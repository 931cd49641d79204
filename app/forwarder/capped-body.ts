// A response body kept up to a cap and counted in full: the attempt shows what the local
// service answered without one huge response filling the store.
export class CappedBody {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte received, including those past the cap. */
  size = 0;

  constructor(private readonly cap: number) {}

  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.kept >= this.cap) return;
    const part = chunk.subarray(0, this.cap - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.size > this.kept;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }
}
