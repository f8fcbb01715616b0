/**
 * One simulation: drive the product through the trace (drive.ts), account cost and unmet demand per virtual
 * minute — bandwidth priced by the charge type the instance had in that minute — compute the baselines on the
 * same demand and prices, and check the product's own invariants (cooldowns, downgrade budget) from its audit
 * trail.
 */
import type { BandwidthPolicy, Config, GroupPolicy, InstanceTypePolicy } from '../../core/config/types.js';
import { instanceCostPerHour, type PriceTable } from '../../core/cost.js';
import { linkPriceTable } from '../../core/linkCost.js';
import type { InternetChargeType } from '../../core/types.js';
import { account, cumulative, intervalCosts } from './accounting.js';
import { actionsOf, capacityChanges, cooldownViolations, quotaViolations } from './auditChecks.js';
import { computeBaselines } from './baselines.js';
import { billedBandwidthTimeline, chargeTypeSwitches, payByTraffic } from './billing.js';
import { type DriveRecord, drive, SIM_EIP } from './drive.js';
import { driveFast } from './fast.js';
import { bandwidthLadder, cpuLadder, levelFor } from './levels.js';
import {
  baselineSummaries,
  type ChargeTypeChange,
  type SimulationResult,
  type StrategySeries,
  type StrategySwitch,
  strategySummary,
} from './result.js';
import type { BaselineKey, BaselineResult, CapacityTimeline, Ladder, Series, Trace } from './types.js';

export { cooldownViolations, quotaViolations } from './auditChecks.js';

export interface RunOptions {
  trace: Trace;
  series: Series;
  /** Config with exactly the group that manages the simulated instance (see simConfig). */
  config: Config;
  prices: PriceTable;
  optimumCooldownMin: number;
  /** The simulated instance's InternetChargeType at the start (default PayByBandwidth). */
  chargeType?: InternetChargeType;
  onInterval?: (done: number, total: number) => void;
  /** `fast` (default): the in-process backtest engine; `full`: the whole local cloud (the oracle). */
  engine?: 'fast' | 'full';
  /**
   * `eip`: the instance reaches the internet through a pay-as-you-go EIP (same billing method), billed at the
   * price table's `eip` prices (linkPriceTable: the instance public bandwidth prices when the table has none);
   * the baselines are priced alike. Default `publicIp`: the instance's own public bandwidth.
   */
  link?: 'publicIp' | 'eip';
}

const MINUTE_MS = 60_000;

function ladderFor(o: RunOptions, group: GroupPolicy): Ladder {
  if (o.series === 'bandwidth')
    return bandwidthLadder(o.prices, { minMbps: Math.max(1, group.bandwidth?.minMbps ?? 1) });
  return cpuLadder(o.prices, { types: group.instanceType?.ladder });
}

/** Per-minute demand: each trace interval's value repeated for its minutes. */
function perMinute(demand: readonly number[], minutes: number): number[] {
  return demand.flatMap((d) => new Array<number>(minutes).fill(d));
}

/** Mean of each interval's minutes. */
function perInterval(values: readonly number[], minutes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += minutes)
    out.push(values.slice(i, i + minutes).reduce((a, b) => a + b, 0) / minutes);
  return out;
}

/** The spec the instance starts with: the level serving the first interval at the target utilisation. */
function initialSpec(o: RunOptions, group: GroupPolicy, ladder: Ladder, firstDemand: number) {
  const first = ladder.levels[levelFor(ladder, firstDemand / (group.bandwidth?.targetUtilization ?? 0.7))];
  const internetChargeType = o.chargeType ?? 'PayByBandwidth';
  return o.series === 'bandwidth'
    ? { bandwidthMbps: first?.capacity ?? 1, instanceType: 'ecs.g7.large', internetChargeType }
    : { bandwidthMbps: 5, instanceType: first?.label ?? 'ecs.g7.large', internetChargeType };
}

/** The product's per-minute timeline: bandwidth priced by the minute's charge type, or the type's price. */
function productTimeline(o: RunOptions, rec: DriveRecord): CapacityTimeline {
  const offlineSec = rec.offline.map((off) => (off ? 60 : 0));
  if (o.series === 'bandwidth') {
    const clock = { startMs: o.trace.points[0]?.tMs ?? 0, stepSec: 60 };
    return billedBandwidthTimeline(o.prices, {
      capacityMbps: rec.capacity,
      chargeType: rec.chargeType,
      offlineSec,
      clock,
    });
  }
  return {
    capacity: rec.capacity,
    costPerHour: rec.instanceType.map((t) => instanceCostPerHour(o.prices, t)),
    offlineSec,
  };
}

/** The charge-type figures of the run, from what the ECS emulator reported every minute. */
function chargeTypeFigures(rec: DriveRecord, startMs: number, initial: InternetChargeType) {
  const switches: ChargeTypeChange[] = chargeTypeSwitches(rec.chargeType).map((s) => ({
    at: new Date(startMs + s.index * MINUTE_MS).toISOString().replace('.000Z', 'Z'),
    from: s.from,
    to: s.to,
  }));
  return {
    initialChargeType: initial,
    chargeTypeChanges: switches.length,
    chargeTypeSwitches: switches,
    finalChargeType: rec.chargeType.at(-1) ?? initial,
  };
}

function seriesOf(demand: readonly number[], b: BaselineResult, stepSec: number, ladder: Ladder): StrategySeries {
  return {
    capacity: b.timeline.capacity,
    cumulativeCost: cumulative(intervalCosts(demand, b.timeline, { stepSec, ladder })),
  };
}

function notesOf(o: RunOptions, rec: DriveRecord, switches: number): string[] {
  const notes = [`${rec.alarms} CloudMonitor alarm callbacks; ${rec.apiCalls} mutating ECS calls.`];
  if (o.link === 'eip') {
    const priced = o.prices.bandwidth.billing;
    notes.push(`Replayed against a pay-as-you-go EIP (${SIM_EIP.allocationId}), billed at the EIP prices (${priced}).`);
  }
  if (o.series === 'bandwidth') {
    notes.push(
      'Baselines lowerBound, staticPeak, naiveReactive and optimum are priced pay-by-bandwidth; payByTraffic ' +
        'serves all demand on PayByTraffic with the cap at the platform top, billed per GB.',
    );
    if (switches > 0) notes.push(`The product switched the network billing method ${switches} time(s).`);
  }
  return notes;
}

interface Baselines {
  four: ReturnType<typeof computeBaselines>;
  byTraffic?: BaselineResult;
}

/** The four baselines on the (pay-by-bandwidth) ladder, and the pay-by-traffic one for bandwidth. */
function baselinesOf(o: RunOptions, ladder: Ladder, demand: readonly number[], startMbps: number): Baselines {
  const four = computeBaselines(demand, {
    stepSec: o.trace.stepSec,
    ladder,
    naiveReactive: { initialLevel: levelFor(ladder, startMbps) },
    // The platform's rules only (the simulated instance is PostPaid: no downgrade count limit), not the config's.
    optimum: { cooldownMin: o.optimumCooldownMin },
    billing: { mode: o.prices.bandwidth.billing, startMs: o.trace.points[0]?.tMs ?? 0 },
  });
  if (o.series !== 'bandwidth') return { four };
  return { four, byTraffic: payByTraffic(demand, { stepSec: o.trace.stepSec, prices: o.prices }) };
}

/** Max of each interval's minutes, NaN where none of them has a value. */
function perIntervalMax(values: readonly number[], minutes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += minutes) {
    const finite = values.slice(i, i + minutes).filter(Number.isFinite);
    out.push(finite.length > 0 ? Math.max(...finite) : Number.NaN);
  }
  return out;
}

/** The sweeps worth listing: each that changed the strategy, and the last one. */
function strategySwitches(rec: DriveRecord): StrategySwitch[] {
  const sweeps = rec.sweeps ?? [];
  return sweeps
    .filter((s, i) => s.changed || i === sweeps.length - 1)
    .map((s) => ({
      at: new Date(s.atMs).toISOString().replace('.000Z', 'Z'),
      strategy: s.strategy ?? 'none',
      changed: s.changed,
      why: s.message,
    }));
}

function chartOf(demand: readonly number[], product: StrategySeries, b: Baselines, o: RunOptions, ladder: Ladder) {
  const all: Partial<Record<BaselineKey, BaselineResult>> = {
    ...b.four,
    ...(b.byTraffic ? { payByTraffic: b.byTraffic } : {}),
  };
  const baselines = Object.fromEntries(
    Object.entries(all).map(([k, r]) => [k, seriesOf(demand, r as BaselineResult, o.trace.stepSec, ladder)]),
  );
  return { demand, product, baselines };
}

/** The product's accounting and its series per interval (the drive records every minute). */
function productFigures(o: RunOptions, rec: DriveRecord, demand: readonly number[], ladder: Ladder) {
  const minutes = Math.round(o.trace.stepSec / 60);
  const timeline = productTimeline(o, rec);
  const demandMin = perMinute(demand, minutes);
  const accounting = account(demandMin, timeline, { stepSec: 60, ladder });
  const perMinuteCost = Array.from(intervalCosts(demandMin, timeline, { stepSec: 60, ladder }));
  const series: StrategySeries = {
    capacity: perInterval(rec.capacity, minutes),
    cumulativeCost: cumulative(perInterval(perMinuteCost, minutes).map((c) => c * minutes)),
  };
  return { accounting, series };
}

/** The prices the run's link is billed at: the EIP's when the instance is routed to one. */
export function linkPrices(o: Pick<RunOptions, 'prices' | 'link'>): PriceTable {
  if (o.link !== 'eip') return o.prices;
  return linkPriceTable(o.prices, { eipBound: false, eipAllocationId: SIM_EIP.allocationId });
}

export async function runSimulation(opts: RunOptions): Promise<SimulationResult> {
  const o: RunOptions = { ...opts, prices: linkPrices(opts) };
  const group = o.config.groups[0] as GroupPolicy;
  const ladder = ladderFor(o, group);
  const demand = o.trace.points.map((p) => p.value);
  const startMs = o.trace.points[0]?.tMs ?? 0;
  const initial = initialSpec(o, group, ladder, demand[0] ?? 0);
  const run = o.engine === 'full' ? drive : driveFast;
  const rec = await run({
    trace: o.trace,
    series: o.series,
    config: o.config,
    initial,
    onInterval: o.onInterval,
    prices: o.prices,
    ...(o.link ? { link: o.link } : {}),
  });
  const product = productFigures(o, rec, demand, ladder);
  const baselines = baselinesOf(o, ladder, demand, initial.bandwidthMbps);
  const policy = (o.series === 'bandwidth' ? group.bandwidth : group.instanceType) as
    | BandwidthPolicy
    | InstanceTypePolicy;
  const billing = chargeTypeFigures(rec, startMs, initial.internetChargeType);
  return {
    trace: o.trace.name,
    series: o.series,
    days: (demand.length * o.trace.stepSec) / 86400,
    intervals: demand.length,
    ...strategySummary(product.accounting),
    changes: capacityChanges(rec.applied).length,
    apiCalls: rec.apiCalls,
    duplicateApiCalls: rec.duplicateApiCalls,
    cooldownViolations: cooldownViolations(rec.applied, policy),
    quotaViolations: quotaViolations(rec.applied, group),
    ...billing,
    baselines: baselineSummaries(baselines.four, {
      ...(o.series === 'bandwidth' ? { chargeType: 'PayByBandwidth' as const } : {}),
      ...(baselines.byTraffic ? { payByTraffic: baselines.byTraffic } : {}),
    }),
    unit: o.trace.unit,
    stepSec: o.trace.stepSec,
    startMs,
    currency: ladder.currency,
    chart: {
      ...chartOf(demand, product.series, baselines, o, ladder),
      ...(rec.forecastMbps ? { forecast: perIntervalMax(rec.forecastMbps, Math.round(o.trace.stepSec / 60)) } : {}),
    },
    strategySwitches: strategySwitches(rec),
    minutes: { capacity: rec.capacity, chargeType: rec.chargeType, offline: rec.offline },
    actions: actionsOf(rec.applied),
    notes: notesOf(o, rec, billing.chargeTypeChanges),
    link: o.link ?? 'publicIp',
  };
}
