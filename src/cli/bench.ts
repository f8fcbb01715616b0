/**
 * `autoscaler bench` (`npm run bench`): decision overhead, an alarm storm, cold start, simulation speed and the
 * optimiser sweep's fan-out, printed as one table with the machine they ran on (or one JSON object with `--json`). Not part of `npm test`.
 */
import { createProgress } from '../local/sim/index.js';
import { BENCH_IDS, type BenchId, type BenchOptions, checksPassed, renderTable, runBench } from '../bench/index.js';
import { runCommand, type ValuesOf } from './command.js';
import { UsageError } from './deps.js';

const HELP = `usage: autoscaler bench [--only a,b,c,d,e] [--json] [size options]

Runs the product's benchmarks and prints a table with the machine they ran on:
  (a) decision overhead: handleSignal per alarm in process (memory store, in-memory cloud fakes), and pure decide
  (b) alarm storm: N instances x K duplicate real-format CMS callbacks, shuffled, C in flight, over HTTP through
      the local FC runtime and emulators, then one reconcile tick; mutating ECS calls must equal the actions
      needed (one per instance)
  (c) cold start: require each bundled handler (fresh esbuild build) in a fresh node vs node -e '', then
      require + one handler call against the ECS, CMS and Tablestore emulators (first invocation)
  (d) simulation speed: D virtual days x M instances replaying phase-shifted real traces through the local cloud
  (e) optimiser fan-out: the daily sweep over N instances with 14 days of history each (in process), then the
      worker's advice batches one after another; the tick and the worst batch against FC's 300 s / 1800 s
Exit code 1 when a built-in check fails: mutating calls != actions needed (for (b): after the next reconcile
tick, which heals a failed delivery), an instance changed twice, or not one decision log line per delivery;
for (e): an instance not advised and audited exactly once.

options:
  --only LIST            benchmarks to run, comma-separated from a,b,c,d,e,f (default all)
  --json                 one JSON object on stdout instead of the table
  --signals N            (a) alarms measured, each on a distinct instance (default 5000)
  --decide-calls N       (a) pure decide calls measured (default 20000)
  --instances N          (b) instances in the storm (default 1000)
  --copies N             (b) deliveries of each callback (default 10)
  --concurrency N        (b) callbacks in flight (default 64)
  --cold-runs N          (c) processes per bundle and for the floor (default 10)
  --dist DIR             (c) measure this existing build (DIR/<fn>/index.js) instead of building afresh
  --sim-days N           (d) virtual days (default 30)
  --sim-instances N      (d) instances (default 10)
  --fanout-instances N   (e) instances in the sweep (default 1000)
  --reconcile-instances N  (f) instances in the reconcile tick (default 1000)
  --seed N               shuffle and jitter seed (default 1)
  -h, --help             this text`;

const OPTIONS = {
  only: { type: 'string' },
  json: { type: 'boolean' },
  signals: { type: 'string' },
  'decide-calls': { type: 'string' },
  instances: { type: 'string' },
  copies: { type: 'string' },
  concurrency: { type: 'string' },
  'cold-runs': { type: 'string' },
  dist: { type: 'string' },
  'sim-days': { type: 'string' },
  'sim-instances': { type: 'string' },
  'fanout-instances': { type: 'string' },
  'reconcile-instances': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ValuesOf<typeof OPTIONS>;

/** A whole number within [min, max], or the default when absent. @throws UsageError naming the flag. */
function intFlag(values: Values, name: keyof Values, fallback: number, min = 1, max = 1_000_000): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (typeof text !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${String(text)})`);
  }
  return n;
}

function onlyFlag(text: string | undefined): BenchId[] {
  if (text === undefined) return [...BENCH_IDS];
  const parts = text.split(',').map((p) => p.trim().toLowerCase());
  const bad = parts.filter((p) => !(BENCH_IDS as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw new UsageError(`--only takes a comma-separated list from a,b,c,d,e,f (got ${JSON.stringify(text)})`);
  }
  return BENCH_IDS.filter((id) => parts.includes(id));
}

function simDays(text: string | undefined): number {
  if (text === undefined) return 30;
  const n = Number(text);
  if (!(n > 0 && n <= 366)) throw new UsageError(`--sim-days must be a number > 0 and ≤ 366 (got ${text})`);
  return n;
}

/** The benchmark options the flags ask for. @throws UsageError naming the flag, the rule and the value. */
export function benchOptions(values: Values): BenchOptions {
  const seed = intFlag(values, 'seed', 1, 0, 2 ** 31);
  return {
    only: onlyFlag(values.only),
    decision: { signals: intFlag(values, 'signals', 5000), decideCalls: intFlag(values, 'decide-calls', 20_000), seed },
    storm: {
      instances: intFlag(values, 'instances', 1000, 1, 6000),
      copies: intFlag(values, 'copies', 10, 1, 100),
      concurrency: intFlag(values, 'concurrency', 64, 1, 1024),
      seed,
    },
    coldStart: { runs: intFlag(values, 'cold-runs', 10, 1, 100), ...(values.dist ? { distDir: values.dist } : {}) },
    sim: { days: simDays(values['sim-days']), instances: intFlag(values, 'sim-instances', 10, 1, 1000) },
    fanout: { instances: intFlag(values, 'fanout-instances', 1000, 1, 20_000) },
    reconcile: { instances: intFlag(values, 'reconcile-instances', 1000, 1, 6000) },
  };
}

async function execute(values: Values): Promise<number> {
  const options = benchOptions(values);
  const days = options.sim?.days ?? 30;
  const bar = createProgress({ total: Math.round(days * 1440), label: 'bench (d)' });
  const report = await runBench({
    ...options,
    sim: { ...options.sim, onProgress: (done) => bar.update(done) },
    onStatus: (line) => {
      if (line.startsWith('bench (d) done')) bar.finish();
      process.stderr.write(`${line}\n`);
    },
  });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : renderTable(report));
  if (checksPassed(report)) return 0;
  process.stderr.write('autoscaler bench: a built-in check failed (see the table: ✗)\n');
  return 1;
}

export function run(args: string[]): Promise<number> {
  return runCommand('bench', args, { options: OPTIONS, help: HELP, execute });
}
