// Shared helpers for the simulator tests: the shared price table and small hand-made ladders.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type PriceTable, parsePriceTable } from '../../../src/core/cost.js';
import type { Ladder } from '../../../src/local/sim/types.js';

export const pricesPath = resolve(import.meta.dirname, '../../..', 'config/prices/cn-hangzhou.json');

export function sharedPrices(): PriceTable {
  return parsePriceTable(JSON.parse(readFileSync(pricesPath, 'utf8')), pricesPath);
}

/** A ladder with the given capacities and hourly costs (cost = capacity when omitted), no downtime. */
export function ladderOf(capacities: readonly number[], costs?: readonly number[], changeDowntimeSec = 0): Ladder {
  const levels = capacities.map((capacity, i) => ({
    label: String(capacity),
    capacity,
    costPerHour: costs?.[i] ?? capacity,
  }));
  return {
    series: changeDowntimeSec > 0 ? 'cpu' : 'bandwidth',
    unit: changeDowntimeSec > 0 ? 'vCPU' : 'Mbps',
    levels,
    topCapacity: capacities.at(-1) as number,
    changeDowntimeSec,
    trafficPricePerGB: 0,
    currency: 'CNY',
  };
}

/** Whole-unit levels 1…top priced 1 per unit-hour. */
export const unitLadder = (top: number) => ladderOf(Array.from({ length: top }, (_, i) => i + 1));

/** The top-level keys of `simulate --json`, in order: the contract plus the billing fields and the trace repairs. */
export const SIM_JSON_KEYS = [
  'trace',
  'series',
  'days',
  'intervals',
  'costPerDay',
  'unmetFraction',
  'unavoidableUnmetFraction',
  'changes',
  'downgrades',
  'apiCalls',
  'duplicateApiCalls',
  'cooldownViolations',
  'quotaViolations',
  'initialChargeType',
  'chargeTypeChanges',
  'chargeTypeSwitches',
  'finalChargeType',
  'baselines',
  'strategySwitches',
  'repairs',
  'link',
];
