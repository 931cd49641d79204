// `npm run bench [-- NAME...]`: runs the named benchmarks (none named = all), prints each one's
// table, then every figure as one JSON object on a last line starting `BENCH_JSON `.
import type { Benchmark } from './benchmark.js';

/** Loaded lazily, so running one benchmark does not load the others. Add new ones here. */
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  'relay-ingest': async () => (await import('./relay-ingest.js')).relayIngestBenchmark,
  'engine-e2e': async () => (await import('./engine-e2e.js')).engineE2eBenchmark,
  'engine-store': async () => (await import('./engine-store.js')).engineStoreBenchmark,
  'ui-inspector': async () => (await import('./ui-inspector.js')).uiInspectorBenchmark,
  'filter-query': async () => (await import('./filter-query.js')).filterQueryBenchmark,
  'alert-latency': async () => (await import('./alert-latency.js')).alertLatencyBenchmark,
};

// Exit through process.exit on Ctrl-C or kill, so the exit hooks kill children and remove temp dirs.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark: ${unknown.join(', ')}\navailable: ${Object.keys(BENCHMARKS).join(', ')}\n` +
        'usage: npm run bench [-- NAME...]   (no name runs them all)\n',
    );
    return 2;
  }
  const figures: Record<string, unknown> = {};
  for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
    const benchmark = await BENCHMARKS[name]!();
    process.stdout.write(`\n== ${benchmark.name}: ${benchmark.description}\n`);
    figures[benchmark.name] = await benchmark.run();
  }
  process.stdout.write(`BENCH_JSON ${JSON.stringify(figures)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
