// What bench/run.ts needs from each benchmark.
export interface Benchmark {
  name: string;
  description: string;
  /** Prints its own table and returns its figures, which run.ts puts in the BENCH_JSON line. */
  run(): Promise<unknown>;
}
