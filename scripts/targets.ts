/**
 * The targets table (README, "Simulation results"): every bandwidth trace of vendor/traces and config/demo at --scale-peak-mbps 50 with the
 * default setup (no --config: the recommended hands-off group), whole trace, cold start; and the CPU traces
 * against staticPeak. Prints markdown. Usage: npx tsx scripts/targets.ts [--engine fast|full]
 * A measurement tool: it reads vendor/traces and skips what is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePriceTable } from '../src/core/cost.js';
import { runSimulation } from '../src/local/sim/run.js';
import { simConfig } from '../src/local/sim/simConfig.js';
import { loadTrace, rescaleToP99 } from '../src/local/sim/traces.js';
import type { Series } from '../src/local/sim/types.js';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, 'vendor/traces');
const engine = process.argv.includes('--engine')
  ? (process.argv[process.argv.indexOf('--engine') + 1] as 'fast' | 'full')
  : 'fast';
const prices = parsePriceTable(
  JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8')),
  'prices',
);
const BW = [
  'bitbrains/35.csv',
  'bitbrains/93.csv',
  'bitbrains/384.csv',
  'bitbrains/392.csv',
  'nab/ec2_network_in_257a54.csv',
];
const CPU = [
  'bitbrains/35.csv',
  'bitbrains/93.csv',
  'bitbrains/384.csv',
  'bitbrains/392.csv',
  'nab/cpu_utilization_asg_misconfiguration.csv',
  'nab/ec2_cpu_utilization_fe7f93.csv',
  'nab/rds_cpu_utilization_cc0c53.csv',
];

function files(list: string[], demo: string): [string, string][] {
  const out: [string, string][] = [];
  for (const f of list) {
    const p = resolve(shared, f);
    if (existsSync(p)) out.push([f, p]);
    else process.stderr.write(`skipped ${f}: not found\n`);
  }
  out.push([demo, resolve(root, demo)]);
  return out;
}

/** Costs are compared to the cent a day (what the tables show). */
const CENT = 0.01;
const cell = (c: number, u: number) => `${c.toFixed(2)} · ${(u * 100).toFixed(2)} %`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

async function one(name: string, path: string, series: Series) {
  let trace = loadTrace(path, { series });
  if (series === 'bandwidth') trace = { ...trace, points: rescaleToP99(trace.points, 50) };
  const config = await simConfig(series);
  const t0 = performance.now();
  const r = await runSimulation({ trace, series, config, prices, optimumCooldownMin: 10, engine });
  const wall = (performance.now() - t0) / 1000;
  const b = r.baselines;
  const opt = b.optimum;
  const unmetOk = r.unmetFraction <= opt.unmetFraction + 0.01;
  if (series === 'bandwidth') {
    const traffic = b.payByTraffic as { costPerDay: number; unmetFraction: number };
    const floor = r.costPerDay <= Math.min(b.staticPeak.costPerDay, traffic.costPerDay) + CENT && unmetOk;
    const ref = Math.min(opt.costPerDay, traffic.costPerDay);
    const moon = r.costPerDay <= 1.25 * ref;
    return `| ${name} | ${cell(r.costPerDay, r.unmetFraction)} | ${cell(opt.costPerDay, opt.unmetFraction)} | ${cell(b.staticPeak.costPerDay, b.staticPeak.unmetFraction)} | ${cell(traffic.costPerDay, traffic.unmetFraction)} | ${(r.costPerDay / ref).toFixed(2)} | ${mark(floor)} | ${mark(moon)} | ${r.chargeTypeChanges} | ${wall.toFixed(1)} |`;
  }
  const floor = r.costPerDay <= b.staticPeak.costPerDay + CENT && unmetOk;
  return `| ${name} | ${cell(r.costPerDay, r.unmetFraction)} | ${cell(opt.costPerDay, opt.unmetFraction)} | ${cell(b.staticPeak.costPerDay, b.staticPeak.unmetFraction)} | ${(r.costPerDay / b.staticPeak.costPerDay).toFixed(2)} | ${mark(floor)} | ${wall.toFixed(1)} |`;
}

process.stdout.write(`Engine ${engine}, ${new Date().toISOString().slice(0, 10)}; CNY/day · unmet demand.\n\n`);
process.stdout.write(
  '| Bandwidth trace (p99 → 50 Mbps) | Product | Optimum | staticPeak | payByTraffic | ÷ min(optimum, traffic) | Floor | Moonshot | Billing switches | Wall s |\n|---|---|---|---|---|---|---|---|---|---|\n',
);
for (const [name, path] of files(BW, 'config/demo/web-outbound-mbps.csv'))
  process.stdout.write(`${await one(name, path, 'bandwidth')}\n`);
process.stdout.write(
  '\n| CPU trace | Product | Optimum | staticPeak | ÷ staticPeak | Floor | Wall s |\n|---|---|---|---|---|---|---|\n',
);
if (!process.argv.includes('--bandwidth-only'))
  for (const [name, path] of files(CPU, 'config/demo/batch-cpu-vcpu.csv'))
    process.stdout.write(`${await one(name, path, 'cpu')}\n`);
