/**
 * The engines' agreement, recorded for the README and docs/engines.md: `simulate --engine fast` (the in-process
 * backtest engine, src/core/backtest) against `simulate --engine full` (the whole local cloud through the
 * official SDKs, the oracle) on every trace of vendor/traces the simulator loads, whole, plus the demo traces
 * of config/demo. Bandwidth traces are rescaled so their p99 is 50 Mbps (`--scale-peak-mbps 50`); CPU traces are
 * replayed as they are (vCPU). The default config and price table of `simulate`.
 *
 *   npx tsx scripts/engines.ts                  # everything (10–25 minutes: ~40–150 s per month, full engine)
 *   npx tsx scripts/engines.ts --series cpu     # one series
 *   npx tsx scripts/engines.ts --days 2         # the first N days of each trace (a quick look)
 *
 * A measurement tool, not a test: missing files are skipped with a note. Prints a
 * Markdown table on stdout, progress on stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePriceTable } from '../src/core/cost.js';
import { type RunOptions, runSimulation } from '../src/local/sim/run.js';
import type { SimAction, SimulationResult } from '../src/local/sim/result.js';
import { simConfig } from '../src/local/sim/simConfig.js';
import { loadTrace, rescaleToP99 } from '../src/local/sim/traces.js';
import type { Series } from '../src/local/sim/types.js';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, 'vendor/traces');
const PEAK_MBPS = 50;

const SOURCES: Record<Series, string[]> = {
  bandwidth: [
    ...['35', '384', '392', '93'].map((n) => resolve(shared, `bitbrains/${n}.csv`)),
    resolve(shared, 'nab/ec2_network_in_257a54.csv'),
    resolve(root, 'config/demo/web-outbound-mbps.csv'),
  ],
  cpu: [
    ...['35', '384', '392', '93'].map((n) => resolve(shared, `bitbrains/${n}.csv`)),
    ...['cpu_utilization_asg_misconfiguration', 'ec2_cpu_utilization_fe7f93', 'rds_cpu_utilization_cc0c53'].map((n) =>
      resolve(shared, `nab/${n}.csv`),
    ),
    resolve(root, 'config/demo/batch-cpu-vcpu.csv'),
  ],
};

interface Row {
  trace: string;
  series: Series;
  days: number;
  fast: SimulationResult;
  full: SimulationResult;
  fastSec: number;
  fullSec: number;
}

function pricesPath(): string {
  const p = resolve(root, 'config/prices/cn-hangzhou.json');
  return existsSync(p) ? p : resolve(root, 'config/prices/cn-hangzhou.json');
}

/** Wall seconds allowed between the full engine's last interval and its result before the run counts as hung. */
const HANG_SEC = 60;

/**
 * One run and its wall seconds; undefined when the full engine replayed every interval but never returned (it
 * waits for a type change still in flight when the trace ends: the local cloud's close() waits for the worker,
 * asleep on a virtual clock that no longer moves).
 */
async function timed(o: RunOptions): Promise<[SimulationResult, number] | undefined> {
  const start = performance.now();
  let finished: (() => void) | undefined;
  const hung = new Promise<undefined>((done) => {
    finished = () => void setTimeout(() => done(undefined), HANG_SEC * 1000).unref();
  });
  const onInterval = (doneIntervals: number, total: number) => {
    if (doneIntervals === total) finished?.();
  };
  const r = await Promise.race([runSimulation({ ...o, onInterval }), hung]);
  return r ? [r, (performance.now() - start) / 1000] : undefined;
}

const key = (a: SimAction) => `${a.atMs}|${a.kind ?? ''}|${a.from}|${a.to}`;

/** The changes applied (the full engine's audit trail also holds the optimiser's `strategy` verdicts). */
const changesOf = (r: SimulationResult) => (r.actions ?? []).filter((a) => a.reason !== 'strategy');

/** Changes the two engines applied at the same minute with the same change, and the larger of the two counts. */
function sameActions(a: readonly SimAction[], b: readonly SimAction[]): [number, number] {
  // FC's timer invocations run when the full simulator's minute step ends, on the trace's clock: compare minutes.
  const minute = (x: SimAction) => key({ ...x, atMs: Math.floor(x.atMs / 60_000) });
  const other = new Set(b.map(minute));
  return [a.filter((x) => other.has(minute(x))).length, Math.max(a.length, b.length)];
}

function fmt(r: SimulationResult): string {
  return `${r.costPerDay.toFixed(2)} · ${(r.unmetFraction * 100).toFixed(3)} %`;
}

function table(rows: readonly Row[]): string {
  const head = [
    '| trace | series | days | fast: cost/day · unmet | full: cost/day · unmet | Δcost % | Δunmet pt | same changes | fast s | full s |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const body = rows.map((r) => {
    const dCost = ((r.fast.costPerDay - r.full.costPerDay) / r.full.costPerDay) * 100;
    const dUnmet = (r.fast.unmetFraction - r.full.unmetFraction) * 100;
    const [same, of] = sameActions(changesOf(r.fast), changesOf(r.full));
    return `| ${r.trace} | ${r.series} | ${r.days.toFixed(1)} | ${fmt(r.fast)} | ${fmt(r.full)} | ${dCost.toFixed(2)} | ${dUnmet.toFixed(3)} | ${same}/${of} | ${r.fastSec.toFixed(2)} | ${r.fullSec.toFixed(0)} |`;
  });
  return [...head, ...body].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { series: { type: 'string' }, days: { type: 'string' } },
  });
  const only = values.series as Series | undefined;
  const days = values.days === undefined ? undefined : Number(values.days);
  const prices = parsePriceTable(JSON.parse(readFileSync(pricesPath(), 'utf8')), pricesPath());
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const series of ['bandwidth', 'cpu'] as const) {
    if (only && only !== series) continue;
    const config = await simConfig(series);
    for (const file of SOURCES[series]) {
      if (!existsSync(file)) {
        notes.push(`skipped ${file}: not found`);
        continue;
      }
      let trace = loadTrace(file, { series, ...(days ? { days } : {}) });
      if (series === 'bandwidth') trace = { ...trace, points: rescaleToP99(trace.points, PEAK_MBPS) };
      const base: RunOptions = { trace, series, config, prices, optimumCooldownMin: 10 };
      process.stderr.write(`${basename(file)} (${series}) …`);
      const fast = await timed({ ...base, engine: 'fast' });
      const full = await timed({ ...base, engine: 'full' });
      if (!fast || !full) {
        notes.push(`${trace.name} (${series}): the full engine did not return (a type change in flight at the end)`);
        process.stderr.write(' full engine hung\n');
        continue;
      }
      process.stderr.write(` fast ${fast[1].toFixed(2)} s, full ${full[1].toFixed(0)} s\n`);
      rows.push({
        trace: trace.name,
        series,
        days: fast[0].days,
        fast: fast[0],
        full: full[0],
        fastSec: fast[1],
        fullSec: full[1],
      });
    }
  }
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2));
  const lines = [
    `${new Date().toISOString().slice(0, 10)}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, node ${process.version}; load average at the end ${load.join(' ')}. Bandwidth traces rescaled to p99 = ${PEAK_MBPS} Mbps; cost in ${prices.currency} per day.`,
    '',
    table(rows),
    ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
// A hung full run leaves its local cloud open.
process.exit(0);
