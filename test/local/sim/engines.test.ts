/**
 * The two simulation engines held together: `simulate --engine fast` (the in-process backtest engine,
 * src/core/backtest) against `--engine full` (the whole local cloud through the official SDKs, the oracle) on
 * the demo traces, shortened to keep the full engine to seconds. Same cost within 1 %, same unmet demand
 * within 0.1 point, and the same applied actions (minute, kind, from, to).
 *
 * Action times are compared to the minute: the full simulator runs FC's asynchronous timer invocations when
 * its minute step ends, on the trace's clock (24 s past the minute in the demo traces), where the fast engine
 * stamps the tick's whole minute. The full engine's audit trail also carries the daily optimiser's verdict
 * (reason `strategy`, no change of the instance); the fast engine keeps that in its sweep notes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePriceTable } from '../../../src/core/cost.js';
import type { SimAction, SimulationResult } from '../../../src/local/sim/result.js';
import { runSimulation } from '../../../src/local/sim/run.js';
import { simConfig } from '../../../src/local/sim/simConfig.js';
import { loadTrace } from '../../../src/local/sim/traces.js';
import type { Series } from '../../../src/local/sim/types.js';

const root = resolve(import.meta.dirname, '../../..');
const pricesFile = resolve(root, 'config/prices/cn-hangzhou.json');
const prices = parsePriceTable(JSON.parse(readFileSync(pricesFile, 'utf8')), pricesFile);
/** The full engine replays a day in 3–6 s of wall time on a shared 2-core machine. */
const TIMEOUT_MS = 240_000;

async function bothEngines(file: string, series: Series, days: number, configFile?: string) {
  const trace = loadTrace(resolve(root, file), { series, days });
  const config = await simConfig(series, configFile ? resolve(root, configFile) : undefined);
  const base = { trace, series, config, prices, optimumCooldownMin: 10 };
  const fast = await runSimulation({ ...base, engine: 'fast' });
  const full = await runSimulation({ ...base, engine: 'full' });
  return { fast, full };
}

/** The changes made, with their minute. */
function changes(r: SimulationResult): string[] {
  return (r.actions ?? [])
    .filter((a: SimAction) => a.reason !== 'strategy')
    .map((a) => `${new Date(Math.floor(a.atMs / 60_000) * 60_000).toISOString()} ${a.kind} ${a.from} → ${a.to}`);
}

function expectAgreement(fast: SimulationResult, full: SimulationResult): void {
  expect(fast.days).toBe(full.days);
  expect(Math.abs(fast.costPerDay - full.costPerDay) / full.costPerDay).toBeLessThanOrEqual(0.01);
  expect(Math.abs(fast.unmetFraction - full.unmetFraction)).toBeLessThanOrEqual(0.001);
  expect(changes(fast)).toEqual(changes(full));
}

describe('the fast engine agrees with the whole local cloud', () => {
  it(
    'bandwidth, the product defaults: two days of the demo web trace',
    async () => {
      const { fast, full } = await bothEngines('config/demo/web-outbound-mbps.csv', 'bandwidth', 2);
      // Not a vacuous comparison: the policy acts.
      expect(changes(full).length).toBeGreaterThan(0);
      expectAgreement(fast, full);
    },
    TIMEOUT_MS,
  );

  it(
    'bandwidth with the optimiser applying its changes (config/sim/optimise.yaml): three days',
    async () => {
      const { fast, full } = await bothEngines(
        'config/demo/web-outbound-mbps.csv',
        'bandwidth',
        3,
        'config/sim/optimise.yaml',
      );
      // The second daily sweep (one day of history) switches the network billing method.
      expect(full.chargeTypeChanges).toBeGreaterThanOrEqual(1);
      expect(fast.chargeTypeSwitches).toEqual(full.chargeTypeSwitches);
      expectAgreement(fast, full);
    },
    TIMEOUT_MS,
  );

  it(
    'cpu: the whole demo batch trace, with its instance-type changes (stop → modify → start)',
    async () => {
      const { fast, full } = await bothEngines('config/demo/batch-cpu-vcpu.csv', 'cpu', 4);
      expect(changes(full).filter((c) => c.includes('instanceType'))).toHaveLength(4);
      expectAgreement(fast, full);
      // Each change takes the instance offline for one recorded minute in both engines (stop, modify and start take
      // about 50 s), with three ECS calls.
      const offline = (r: SimulationResult) => r.minutes?.offline.filter(Boolean).length;
      expect(offline(fast)).toBe(4);
      expect(offline(full)).toBe(4);
      expect(fast.apiCalls).toBe(full.apiCalls);
    },
    TIMEOUT_MS,
  );
});
