/**
 * One simulation: drive the product through the trace (drive.ts), account cost and unmet demand per virtual
 * minute, compute the baselines on the same demand and prices, and check the product's own invariants
 * (cooldowns, downgrade budget) from its audit trail.
 */
import type { BandwidthPolicy, Config, GroupPolicy, InstanceTypePolicy } from '../../core/config/types.js';
import { bandwidthCostPerHour, instanceCostPerHour, type PriceTable } from '../../core/cost.js';
import type { AuditEntry } from '../../core/types.js';
import { account } from './accounting.js';
import { computeBaselines } from './baselines.js';
import { cumulative, intervalCosts } from './accounting.js';
import { type DriveRecord, drive } from './drive.js';
import { bandwidthLadder, cpuLadder, levelFor } from './levels.js';
import { baselineSummaries, type SimAction, type SimulationResult, strategySummary } from './result.js';
import type { Ladder, Series, Trace } from './types.js';

export interface RunOptions {
  trace: Trace;
  series: Series;
  /** Config with exactly the group that manages the simulated instance (see simConfig). */
  config: Config;
  prices: PriceTable;
  optimumCooldownMin: number;
  onInterval?: (done: number, total: number) => void;
}

const up = (e: AuditEntry) =>
  (e.after?.bandwidthOutMbps ?? 0) > (e.before?.bandwidthOutMbps ?? 0) ||
  (e.after?.instanceType !== undefined &&
    e.before?.instanceType !== undefined &&
    e.after.instanceType > e.before.instanceType);

/** Changes closer than the policy's cooldown (per direction, from the previous change of the dimension). */
export function cooldownViolations(
  applied: readonly AuditEntry[],
  policy: BandwidthPolicy | InstanceTypePolicy,
): number {
  let violations = 0;
  for (let i = 1; i < applied.length; i++) {
    const gapSec = ((applied[i] as AuditEntry).atMs - (applied[i - 1] as AuditEntry).atMs) / 1000;
    const need = up(applied[i] as AuditEntry) ? policy.cooldownUpSec : policy.cooldownDownSec;
    if (gapSec + 1e-6 < need && (applied[i] as AuditEntry).reason !== 'temporary-extend') violations++;
  }
  return violations;
}

/** Downgrades beyond maxDowngrades in any rolling window, or closer than minIntervalSec. */
export function quotaViolations(applied: readonly AuditEntry[], group: GroupPolicy): number {
  const downs = applied.filter((e) => !up(e)).map((e) => e.atMs);
  const { maxDowngrades, windowSec, minIntervalSec } = group.downgradeBudget;
  let violations = 0;
  downs.forEach((t, i) => {
    const inWindow = downs.filter((u) => u <= t && u > t - windowSec * 1000).length;
    const prev = downs[i - 1];
    if (inWindow > maxDowngrades || (prev !== undefined && t - prev < minIntervalSec * 1000)) violations++;
  });
  return violations;
}

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

function actionsOf(applied: readonly AuditEntry[]): SimAction[] {
  return applied.map((e) => ({
    atMs: e.atMs,
    from:
      e.before?.instanceType && e.after?.instanceType ? e.before.instanceType : `${e.before?.bandwidthOutMbps} Mbps`,
    to: e.before?.instanceType && e.after?.instanceType ? e.after.instanceType : `${e.after?.bandwidthOutMbps} Mbps`,
    direction: up(e) ? 'up' : 'down',
    reason: e.reason,
    message: e.message,
  }));
}

export async function runSimulation(o: RunOptions): Promise<SimulationResult> {
  const group = o.config.groups[0] as GroupPolicy;
  const ladder = ladderFor(o, group);
  const demand = o.trace.points.map((p) => p.value);
  const firstLevel = ladder.levels[levelFor(ladder, (demand[0] ?? 0) / (group.bandwidth?.targetUtilization ?? 0.7))];
  const initial =
    o.series === 'bandwidth'
      ? { bandwidthMbps: firstLevel?.capacity ?? 1, instanceType: 'ecs.g7.large' }
      : { bandwidthMbps: 5, instanceType: firstLevel?.label ?? 'ecs.g7.large' };
  const rec: DriveRecord = await drive({
    trace: o.trace,
    series: o.series,
    config: o.config,
    initial,
    onInterval: o.onInterval,
  });
  const minutes = Math.round(o.trace.stepSec / 60);
  const costPerHour =
    o.series === 'bandwidth'
      ? rec.capacity.map((c) => bandwidthCostPerHour(o.prices, 'PayByBandwidth', c))
      : rec.instanceType.map((t) => instanceCostPerHour(o.prices, t));
  const timeline = { capacity: rec.capacity, costPerHour, offlineSec: rec.offline.map((off) => (off ? 60 : 0)) };
  const demandMin = perMinute(demand, minutes);
  const product = account(demandMin, timeline, { stepSec: 60, ladder });
  const baselines = computeBaselines(demand, {
    stepSec: o.trace.stepSec,
    ladder,
    naiveReactive: { initialLevel: levelFor(ladder, initial.bandwidthMbps) },
    optimum: {
      cooldownMin: o.optimumCooldownMin,
      maxDowngrades: group.downgradeBudget.maxDowngrades,
      windowSec: group.downgradeBudget.windowSec,
    },
  });
  const policy = (o.series === 'bandwidth' ? group.bandwidth : group.instanceType) as
    | BandwidthPolicy
    | InstanceTypePolicy;
  const productCost = cumulative(
    perInterval(Array.from(intervalCosts(demandMin, timeline, { stepSec: 60, ladder })), minutes).map(
      (c) => c * minutes,
    ),
  );
  return {
    trace: o.trace.name,
    series: o.series,
    days: (demand.length * o.trace.stepSec) / 86400,
    intervals: demand.length,
    ...strategySummary(product),
    changes: rec.applied.length,
    apiCalls: rec.apiCalls,
    duplicateApiCalls: rec.duplicateApiCalls,
    cooldownViolations: cooldownViolations(rec.applied, policy),
    quotaViolations: quotaViolations(rec.applied, group),
    baselines: baselineSummaries(baselines),
    unit: o.trace.unit,
    stepSec: o.trace.stepSec,
    startMs: o.trace.points[0]?.tMs ?? 0,
    currency: ladder.currency,
    chart: {
      demand,
      product: { capacity: perInterval(rec.capacity, minutes), cumulativeCost: productCost },
      baselines: Object.fromEntries(
        Object.entries(baselines).map(([k, b]) => [
          k,
          {
            capacity: b.timeline.capacity,
            cumulativeCost: cumulative(intervalCosts(demand, b.timeline, { stepSec: o.trace.stepSec, ladder })),
          },
        ]),
      ),
    },
    actions: actionsOf(rec.applied),
    notes: [`${rec.alarms} CloudMonitor alarm callbacks; ${rec.apiCalls} mutating ECS calls.`],
  };
}
