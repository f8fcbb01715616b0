/**
 * `simulate --engine fast`: the same trace, config and starting spec as drive.ts, replayed through the pure
 * backtest engine (src/core/backtest) instead of the whole local cloud. The record has the same shape, so the
 * simulator accounts both alike; a test (test/local/sim/engines.test.ts) holds the two engines together.
 */
import { runBacktest } from '../../core/backtest/engine.js';
import type { DecideFn, SweepHook, SweepView } from '../../core/backtest/types.js';
import type { GroupPolicy } from '../../core/config/types.js';
import type { PriceTable } from '../../core/cost.js';
import { adviseInstance } from '../../core/optimise/advice.js';
import { assessInstance } from '../../core/optimise/assess.js';
import { auditedFrom } from '../../core/optimise/audited.js';
import { changeDecider } from '../../core/optimise/decider.js';
import { planChanges } from '../../core/optimise/plan.js';
import { needsAuditedBandwidth } from '../../app/optimise/audited.js';
import { historyPeriodSec, historyStartMs } from '../../app/optimise/history.js';
import type { InstanceSnapshot } from '../../core/types.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import { type DriveOptions, type DriveRecord, SIM_EIP, SIM_INSTANCE } from './drive.js';

/** Demand per minute: each trace interval's value repeated for its minutes (what the CMS emulator samples). */
export function minuteDemand(o: Pick<DriveOptions, 'trace'>): Float64Array {
  const perInterval = Math.round(o.trace.stepSec / 60);
  const out = new Float64Array(o.trace.points.length * perInterval);
  o.trace.points.forEach((p, i) => {
    out.fill(p.value, i * perInterval, (i + 1) * perInterval);
  });
  return out;
}

export function typeSpec(instanceType: string): { cpu: number; memoryMiB: number } | undefined {
  const t = INSTANCE_TYPES.get(instanceType);
  return t ? { cpu: t.cpu, memoryMiB: t.memoryGiB * 1024 } : undefined;
}

/** The simulated instance as DescribeInstances shows it at the start (the fleet drive.ts loads). */
export function initialSnapshot(o: Pick<DriveOptions, 'initial' | 'config' | 'link'>): InstanceSnapshot {
  const type = o.initial.instanceType;
  const spec = INSTANCE_TYPES.get(type);
  return {
    instanceId: SIM_INSTANCE,
    instanceName: 'sim',
    regionId: o.config.regionId,
    zoneId: 'cn-hangzhou-h',
    status: 'Running',
    instanceType: type,
    instanceTypeFamily: spec?.family ?? type.split('.').slice(0, 2).join('.'),
    cpu: spec?.cpu ?? 2,
    memoryMiB: (spec?.memoryGiB ?? 8) * 1024,
    instanceChargeType: 'PostPaid',
    internetChargeType: o.initial.internetChargeType ?? 'PayByBandwidth',
    bandwidthOutMbps: o.initial.bandwidthMbps,
    bandwidthInMbps: 100,
    // Through an EIP, the instance is seen routed to it (not eipBound): its bandwidth is the EIP's.
    ...(o.link === 'eip'
      ? { publicIp: SIM_EIP.ipAddress, eipAllocationId: SIM_EIP.allocationId }
      : { publicIp: '47.96.0.1' }),
    eipBound: false,
    securityLocked: false,
    tags: {},
  };
}

/**
 * The rightsizing and billing changes the sweep applies (optimisation.apply, inside maintenance windows), planned by
 * the same core policy as src/app/optimise/sweep.ts on what the engine measured and the trail it wrote.
 */
function optimiserChanges(group: GroupPolicy, view: SweepView, prices: PriceTable, nowMs: number): DecideFn[] {
  if (!group.optimisation.enabled || !group.optimisation.apply) return [];
  const days = SWEEP_HISTORY_DAYS;
  const sinceMs = historyStartMs(days, nowMs);
  const assessment = assessInstance({
    instance: view.instance,
    group,
    state: view.state,
    history: { bandwidthOutBps: view.history, cpuPercent: view.cpuHistory },
    periodSec: historyPeriodSec(days),
    prices,
    nowMs,
    ...(needsAuditedBandwidth(view.instance, group) ? { audited: auditedFrom(view.applied, sinceMs) } : {}),
  });
  return planChanges([assessment], { nowMs, dryRun: false, readOnly: false })
    .filter((c) => c.verdict === 'apply')
    .map((c) => changeDecider(c, prices));
}

/** s.yaml's daily optimiser timer, `CRON_TZ=Asia/Shanghai 0 30 3 * * *`: 03:30 UTC+8 = 19:30 UTC. */
/** The sweep's default history (src/app/optimise/sweep.ts). */
const SWEEP_HISTORY_DAYS = 14;

export const SWEEP_OFFSET_MS = (19 * 60 + 30) * 60_000;

/** The daily sweep's forecast and strategy, replayed on what the engine's CloudMonitor measured. */
function sweepOf(o: DriveOptions, group: GroupPolicy): SweepHook {
  const prices = o.prices as PriceTable;
  return {
    offsetMs: SWEEP_OFFSET_MS,
    historyDays: SWEEP_HISTORY_DAYS,
    run: (nowMs, view) => ({
      ...adviseInstance({
        instance: view.instance,
        group,
        state: view.state,
        evaluation: o.config.evaluation,
        history: view.history,
        historyPeriodSec: 300,
        prices,
        nowMs,
      }),
      changes: optimiserChanges(group, view, prices, nowMs),
    }),
  };
}

export function driveFast(o: DriveOptions): DriveRecord {
  const group = o.config.groups[0];
  if (!group) throw new Error('driveFast: the config has no group');
  const total = o.trace.points.length;
  const perInterval = Math.round(o.trace.stepSec / 60);
  const rec = runBacktest({
    series: o.series,
    demand: minuteDemand(o),
    startMs: o.trace.points[0]?.tMs ?? 0,
    instance: initialSnapshot(o),
    group,
    evaluation: o.config.evaluation,
    typeSpec,
    ...(o.prices ? { sweep: sweepOf(o, group), bandwidthBilling: o.prices.bandwidth.billing } : {}),
    ...(o.onInterval
      ? { onProgress: (done: number) => o.onInterval?.(Math.min(total, Math.floor(done / perInterval)), total) }
      : {}),
  });
  o.onInterval?.(total, total);
  return rec;
}
