/**
 * `autoscaler simulate --trace FILE …`: replay a real trace through the whole product on the local cloud in
 * virtual time and compare cost and unmet demand with the baselines and the offline optimum.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePriceTable } from '../core/cost.js';
import { AutoscalerError } from '../core/errors.js';
import { createProgress, loadTrace, renderReport, rescaleToP99, summaryOf } from '../local/sim/index.js';
import { runSimulation } from '../local/sim/run.js';
import { simConfig } from '../local/sim/simConfig.js';
import type { Series } from '../local/sim/types.js';

const root = resolve(import.meta.dirname, '../..');
const HELP = `usage: autoscaler simulate --trace FILE [options]

Replays a load trace through the whole product (CloudMonitor emulator alarms -> FC functions -> app -> ECS
emulator) in virtual time, then compares cost and unmet demand with four baselines: lowerBound, staticPeak,
naiveReactive and the exact offline optimum.

options:
  --trace FILE               Bitbrains, NAB, 5-minute request counts, or any timestamp,value CSV
  --series bandwidth|cpu     which demand to replay (default bandwidth)
  --scale-peak-mbps X        rescale the series so its p99 equals X
  --config FILE              policy to simulate (first group with the needed policy; default: product defaults)
  --prices FILE              price table (default ../shared/prices/cn-hangzhou.json, else config/prices/)
  --days N                   only the first N days
  --optimum-cooldown-min N   minimum spacing between the optimum's changes (default 10)
  --json                     print one JSON object on stdout
  --report FILE.html         write a self-contained HTML report
  --help`;

function defaultPrices(): string {
  const shared = resolve(root, '../shared/prices/cn-hangzhou.json');
  return existsSync(shared) ? shared : resolve(root, 'config/prices/cn-hangzhou.json');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      trace: { type: 'string' },
      series: { type: 'string', default: 'bandwidth' },
      'scale-peak-mbps': { type: 'string' },
      config: { type: 'string' },
      prices: { type: 'string' },
      days: { type: 'string' },
      'optimum-cooldown-min': { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const fail = (msg: string) => {
    process.stderr.write(`simulate: ${msg}\n`);
    return 2;
  };
  if (!values.trace) return fail('--trace FILE is required');
  const series = values.series as Series;
  if (series !== 'bandwidth' && series !== 'cpu')
    return fail(`--series must be bandwidth or cpu (got ${values.series})`);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(days > 0)) return fail(`--days must be a number > 0 (got ${values.days})`);
  const peak = values['scale-peak-mbps'] === undefined ? undefined : Number(values['scale-peak-mbps']);
  if (peak !== undefined && !(peak > 0))
    return fail(`--scale-peak-mbps must be a number > 0 (got ${values['scale-peak-mbps']})`);
  const cooldown = Number(values['optimum-cooldown-min']);
  if (!(cooldown > 0))
    return fail(`--optimum-cooldown-min must be a number > 0 (got ${values['optimum-cooldown-min']})`);
  try {
    const pricesPath = values.prices ?? defaultPrices();
    const prices = parsePriceTable(JSON.parse(readFileSync(pricesPath, 'utf8')), pricesPath);
    let trace = loadTrace(values.trace, { series, ...(days ? { days } : {}) });
    if (peak) trace = { ...trace, points: rescaleToP99(trace.points, peak) };
    const config = await simConfig(series, values.config);
    const bar = createProgress({ total: trace.points.length, label: `simulate ${trace.name}` });
    const result = await runSimulation({
      trace,
      series,
      config,
      prices,
      optimumCooldownMin: cooldown,
      onInterval: (d) => bar.update(d),
    });
    bar.finish();
    if (values.report) writeFileSync(values.report, renderReport(result));
    if (values.json) process.stdout.write(`${JSON.stringify(summaryOf(result))}\n`);
    else {
      const rows = [['product', result], ...Object.entries(result.baselines)] as [
        string,
        { costPerDay: number; unmetFraction: number; changes: number },
      ][];
      process.stdout.write(
        `${trace.name} (${series}, ${result.days.toFixed(1)} days, ${result.intervals} intervals)\n`,
      );
      for (const [name, r] of rows) {
        process.stdout.write(
          `  ${name.padEnd(14)} ${r.costPerDay.toFixed(2).padStart(9)} ${result.currency}/day  unmet ${pct(r.unmetFraction).padStart(7)}  changes ${r.changes}\n`,
        );
      }
      process.stdout.write(
        `  api calls ${result.apiCalls}, duplicates ${result.duplicateApiCalls}, cooldown violations ${result.cooldownViolations}, quota violations ${result.quotaViolations}\n`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof AutoscalerError) return fail(err.message);
    throw err;
  }
}
