/**
 * `autoscaler simulate --trace FILE …`: replay a real trace through the whole product on the local cloud in
 * virtual time and compare cost and unmet demand with the baselines and the offline optimum.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { parseArgs } from 'node:util';
import { parsePriceTable } from '../core/cost.js';
import { AutoscalerError } from '../core/errors.js';
import { CHARGE_TYPES, isChargeType } from '../local/sim/billing.js';
import {
  createProgress,
  loadTrace,
  renderReport,
  rescaleToP99,
  type SimulationResult,
  summaryOf,
} from '../local/sim/index.js';
import { runSimulation } from '../local/sim/run.js';
import { repairSummary } from '../local/sim/traces.js';
import { simConfig } from '../local/sim/simConfig.js';
import type { Series } from '../local/sim/types.js';
import type { InternetChargeType } from '../core/types.js';
import { parseCommandArgs } from './command.js';

const root = resolve(import.meta.dirname, '../..');
const HELP = `usage: autoscaler simulate --trace FILE [options]

Replays a load trace through the whole product (CloudMonitor emulator alarms -> FC functions -> app -> ECS
emulator) in virtual time, then compares cost and unmet demand with four baselines on pay-by-bandwidth levels
(lowerBound, staticPeak, naiveReactive and the exact offline optimum) and, for bandwidth, with payByTraffic (all
demand on PayByTraffic, capped at 100 Mbps). The product's cost follows the instance's network charge type minute
by minute (the optimiser's daily sweep may switch it).

options:
  --trace FILE               Bitbrains, NAB, 5-minute request counts, or any timestamp,value CSV
  --series bandwidth|cpu     which demand to replay (default bandwidth)
  --scale-peak-mbps X        rescale the series so its p99 equals X
  --config FILE              policy to simulate (first group with the needed policy; default: product defaults)
  --charge-type TYPE         PayByBandwidth|PayByTraffic: the instance's starting network charge type
                             (bandwidth series; default PayByBandwidth)
  --link publicIp|eip        bandwidth series: the instance's own public IP (default) or a pay-as-you-go EIP
                             bound to it, same billing method, billed at the price table's eip prices (fast
                             engine)
  --prices FILE              price table (default config/prices/cn-hangzhou.json)
  --days N                   only the first N days
  --engine fast|full         fast (default): the in-process backtest engine (the same decide, CloudMonitor model
                             and ticks, no HTTP); full: the whole local cloud through the official SDKs (slow)
  --strict                   refuse a trace whose timestamps do not strictly increase (default: sort the rows,
                             merge rows sharing a timestamp into their mean, and say so on stderr)
  --optimum-cooldown-min N   minimum spacing between the optimum's changes (default 10)
  --json                     print one JSON object on stdout
  --report FILE.html         write a self-contained HTML report
  --help`;

/** The vendored default table (the clone needs nothing beside it). */
function defaultPrices(): string {
  return resolve(root, 'config/prices/cn-hangzhou.json');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

const OPTIONS = {
  trace: { type: 'string' },
  series: { type: 'string', default: 'bandwidth' },
  'scale-peak-mbps': { type: 'string' },
  config: { type: 'string' },
  'charge-type': { type: 'string' },
  link: { type: 'string', default: 'publicIp' },
  prices: { type: 'string' },
  days: { type: 'string' },
  engine: { type: 'string', default: 'fast' },
  strict: { type: 'boolean', default: false },
  'optimum-cooldown-min': { type: 'string', default: '10' },
  json: { type: 'boolean', default: false },
  report: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

interface Validated {
  trace: string;
  series: Series;
  days?: number;
  peak?: number;
  cooldown: number;
  chargeType?: InternetChargeType;
  engine: 'fast' | 'full';
  link: 'publicIp' | 'eip';
}

/** The checked options, or the usage error naming the flag, the rule and the bad value. */
function validate(values: Values): Validated | string {
  if (!values.trace) return '--trace FILE is required';
  const series = values.series as Series;
  if (series !== 'bandwidth' && series !== 'cpu') return `--series must be bandwidth or cpu (got ${values.series})`;
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(days > 0)) return `--days must be a number > 0 (got ${values.days})`;
  const peak = values['scale-peak-mbps'] === undefined ? undefined : Number(values['scale-peak-mbps']);
  if (peak !== undefined && !(peak > 0))
    return `--scale-peak-mbps must be a number > 0 (got ${values['scale-peak-mbps']})`;
  const cooldown = Number(values['optimum-cooldown-min']);
  if (!(cooldown > 0)) return `--optimum-cooldown-min must be a number > 0 (got ${values['optimum-cooldown-min']})`;
  const chargeType = values['charge-type'];
  if (chargeType !== undefined && !isChargeType(chargeType))
    return `--charge-type must be ${CHARGE_TYPES.join(' or ')} (got ${chargeType})`;
  if (chargeType !== undefined && series !== 'bandwidth')
    return `--charge-type applies to --series bandwidth only (a cpu simulation prices the instance type alone)`;
  const engine = values.engine;
  if (engine !== 'fast' && engine !== 'full') return `--engine must be fast or full (got ${engine})`;
  const link = values.link;
  if (link !== 'publicIp' && link !== 'eip') return `--link must be publicIp or eip (got ${link})`;
  if (link === 'eip' && series !== 'bandwidth') return '--link eip applies to --series bandwidth only';
  // The hosted functions route an EIP-bound instance only once their settings carry the VPC endpoint.
  return { trace: values.trace, series, days, peak, cooldown, engine, link, ...(chargeType ? { chargeType } : {}) };
}

function printText(result: SimulationResult): void {
  const rows = [['product', result], ...Object.entries(result.baselines)] as [
    string,
    { costPerDay: number; unmetFraction: number; changes: number },
  ][];
  process.stdout.write(
    `${result.trace} (${result.series}, ${result.days.toFixed(1)} days, ${result.intervals} intervals)\n`,
  );
  for (const [name, r] of rows) {
    process.stdout.write(
      `  ${name.padEnd(14)} ${r.costPerDay.toFixed(2).padStart(9)} ${result.currency}/day  unmet ${pct(r.unmetFraction).padStart(7)}  changes ${r.changes}\n`,
    );
  }
  const switches = result.chargeTypeSwitches.map((s) => `${s.from} -> ${s.to} at ${s.at}`).join(', ');
  const strategies = (result.strategySwitches ?? []).filter((s) => s.changed).map((s) => `${s.strategy} at ${s.at}`);
  if (strategies.length > 0)
    process.stdout.write(`  strategy ${strategies.join(', ')} (the backtests: --json or --report)\n`);
  process.stdout.write(
    `  network billing ${result.initialChargeType}${switches ? `, ${switches}` : ' throughout'}\n` +
      `  api calls ${result.apiCalls}, duplicates ${result.duplicateApiCalls}, cooldown violations ${result.cooldownViolations}, quota violations ${result.quotaViolations}\n`,
  );
}

async function simulate(v: Validated, values: Values): Promise<void> {
  const pricesPath = values.prices ?? defaultPrices();
  const prices = parsePriceTable(JSON.parse(readFileSync(pricesPath, 'utf8')), pricesPath);
  let trace = loadTrace(v.trace, { series: v.series, strict: values.strict, ...(v.days ? { days: v.days } : {}) });
  const repaired = values.strict ? undefined : repairSummary(trace);
  if (repaired) process.stderr.write(`${repaired}\n`);
  if (v.peak) trace = { ...trace, points: rescaleToP99(trace.points, v.peak) };
  const config = await simConfig(v.series, values.config);
  const bar = createProgress({ total: trace.points.length, label: `simulate ${trace.name}` });
  const result = await runSimulation({
    trace,
    series: v.series,
    config,
    prices,
    optimumCooldownMin: v.cooldown,
    engine: v.engine,
    link: v.link,
    ...(v.chargeType ? { chargeType: v.chargeType } : {}),
    onInterval: (d) => bar.update(d),
  });
  bar.finish();
  if (values.report) writeFileSync(values.report, renderReport(result));
  if (values.json) process.stdout.write(`${JSON.stringify(summaryOf({ ...result, repairs: trace.repairs }))}\n`);
  else printText(result);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('simulate', args, { options: OPTIONS, help: HELP });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const fail = (msg: string) => {
    process.stderr.write(`autoscaler simulate: ${msg}\n`);
    return 2;
  };
  const v = validate(values);
  if (typeof v === 'string') return fail(v);
  try {
    await simulate(v, values);
    return 0;
  } catch (err) {
    if (err instanceof AutoscalerError) return fail(err.message);
    throw err;
  }
}
