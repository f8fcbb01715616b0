/**
 * Robustness of the default setup beyond the shared traces: every shared trace's shape (the bandwidth series, and the
 * CPU series used as bandwidth demand: more shapes), each as it is, time-reversed (a load that falls where it rose),
 * with a step (×1.6 from the middle on: a load that outgrows last week) and rescaled to p99 = 20 and 90 Mbps instead
 * of 50. Each through `simulate`'s default (the recommended hands-off group, fast engine, cold start) against
 * pay-by-traffic at the cap, static p99 provisioning and the optimum. Prints one line per run and a summary.
 * Usage: npx tsx scripts/variants.ts [--only bb35,rds] [--variants orig,rev,step,p20,p90]
 * A measurement tool, not a test (about 5 minutes for all 60 runs).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePriceTable } from '../src/core/cost.js';
import { runSimulation } from '../src/local/sim/run.js';
import { simConfig } from '../src/local/sim/simConfig.js';
import { loadTrace, rescaleToP99 } from '../src/local/sim/traces.js';
import type { TracePoint } from '../src/local/sim/types.js';

const root = resolve(import.meta.dirname, '..');
const vendor = resolve(root, 'vendor/traces');
const prices = parsePriceTable(
  JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8')),
  'prices',
);

/** Name, file, and which of its series gives the shape. */
const SOURCES: [string, string, 'bandwidth' | 'cpu'][] = [
  ['bb35', 'bitbrains/35.csv', 'bandwidth'],
  ['bb93', 'bitbrains/93.csv', 'bandwidth'],
  ['bb384', 'bitbrains/384.csv', 'bandwidth'],
  ['bb392', 'bitbrains/392.csv', 'bandwidth'],
  ['nabnet', 'nab/ec2_network_in_257a54.csv', 'bandwidth'],
  ['demo', resolve(root, 'config/demo/web-outbound-mbps.csv'), 'bandwidth'],
  ['bb35cpu', 'bitbrains/35.csv', 'cpu'],
  ['bb392cpu', 'bitbrains/392.csv', 'cpu'],
  ['bb93cpu', 'bitbrains/93.csv', 'cpu'],
  ['asg', 'nab/cpu_utilization_asg_misconfiguration.csv', 'cpu'],
  ['rds', 'nab/rds_cpu_utilization_cc0c53.csv', 'cpu'],
  ['ec2cpu', 'nab/ec2_cpu_utilization_fe7f93.csv', 'cpu'],
];

function variant(points: readonly TracePoint[], v: string): { points: TracePoint[]; peak: number } {
  const n = points.length;
  if (v === 'rev') {
    const values = points.map((p) => p.value).reverse();
    return { points: points.map((p, i) => ({ tMs: p.tMs, value: values[i] as number })), peak: 50 };
  }
  if (v === 'step')
    return { points: points.map((p, i) => ({ tMs: p.tMs, value: p.value * (i > n / 2 ? 1.6 : 1) })), peak: 50 };
  if (v === 'p20' || v === 'p90') return { points: [...points], peak: v === 'p20' ? 20 : 90 };
  return { points: [...points], peak: 50 };
}

const { values } = parseArgs({ options: { only: { type: 'string' }, variants: { type: 'string' } } });
const only = values.only?.split(',');
const variants = (values.variants ?? 'orig,rev,step,p20,p90').split(',');
const config = await simConfig('bandwidth');
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
let runs = 0;
let floorMisses = 0;
let cheaper = 0;
let dearer = 0;
const ratios: number[] = [];
const extraUnmet: number[] = [];
for (const [name, file, series] of SOURCES) {
  if (only && !only.includes(name)) continue;
  const base = loadTrace(resolve(vendor, file), { series });
  for (const v of variants) {
    const { points, peak } = variant(base.points, v);
    const trace = { ...base, series: 'bandwidth' as const, unit: 'Mbps' as const, points: rescaleToP99(points, peak) };
    const r = await runSimulation({
      trace,
      series: 'bandwidth',
      config,
      prices,
      optimumCooldownMin: 10,
      engine: 'fast',
    });
    const traffic = r.baselines.payByTraffic as { costPerDay: number; unmetFraction: number };
    const { optimum, staticPeak } = r.baselines;
    const floor =
      r.costPerDay <= Math.min(staticPeak.costPerDay, traffic.costPerDay) + 0.01 &&
      r.unmetFraction <= optimum.unmetFraction + 0.01;
    runs++;
    floorMisses += floor ? 0 : 1;
    cheaper += r.costPerDay < traffic.costPerDay - 0.01 ? 1 : 0;
    dearer += r.costPerDay > traffic.costPerDay + 0.01 ? 1 : 0;
    ratios.push(r.costPerDay / traffic.costPerDay);
    extraUnmet.push((r.unmetFraction - traffic.unmetFraction) * 100);
    process.stdout.write(
      `${name.padEnd(9)} ${v.padEnd(5)} product ${r.costPerDay.toFixed(2).padStart(7)} · ${pct(r.unmetFraction).padStart(8)}` +
        ` | traffic ${traffic.costPerDay.toFixed(2).padStart(7)} · ${pct(traffic.unmetFraction).padStart(8)}` +
        ` | optimum ${optimum.costPerDay.toFixed(2).padStart(7)} · ${pct(optimum.unmetFraction).padStart(8)}` +
        ` | floor ${floor ? '✓' : '✗'} | billing switches ${r.chargeTypeChanges}\n`,
    );
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
process.stdout.write(
  `\n${runs} runs: floor missed ${floorMisses}; cheaper than pay-by-traffic ${cheaper}, dearer ${dearer}; ` +
    `cost ÷ traffic mean ${mean(ratios).toFixed(3)}, worst ${Math.max(...ratios).toFixed(3)}; ` +
    `unmet − traffic's mean ${mean(extraUnmet).toFixed(3)} pt, worst ${Math.max(...extraUnmet).toFixed(2)} pt\n`,
);
