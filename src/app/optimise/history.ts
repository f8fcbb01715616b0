/**
 * Metric history for the sweep: days of CMS data for many instances, one batched read per metric. The period
 * keeps the reads inside CMS's paging and retention (300 s for up to 14 days: ≤ 4 032 points per instance;
 * 900 s beyond), and the bandwidth metric follows the network type: `VPC_PublicIP_InternetOutRate` for VPC
 * instances, `InternetOutRate` for classic ones (their VPC series stay empty, and vice versa).
 */
import type { GroupPolicy } from '../../core/config/types.js';
import type { InstanceHistory } from '../../core/optimise/types.js';
import type { InstanceSnapshot, MetricPoint } from '../../core/types.js';
import type { MetricName, MetricsApi } from '../../ports/MetricsApi.js';

export const MIN_HISTORY_DAYS = 7;
export const MAX_HISTORY_DAYS = 30;
const DAY_MS = 86_400_000;

/** Days clamped to what CMS keeps and what sizing needs (7–30). */
export function clampHistoryDays(days: number): number {
  if (!Number.isFinite(days)) return 14;
  return Math.min(MAX_HISTORY_DAYS, Math.max(MIN_HISTORY_DAYS, Math.round(days)));
}

/** Aggregation period for `days` of history. */
export function historyPeriodSec(days: number): 300 | 900 {
  return days <= 14 ? 300 : 900;
}

/** A snapshot may say it is on the classic network (the ECS adapter can add `networkType`). */
export function isClassic(instance: InstanceSnapshot): boolean {
  return instance.networkType === 'classic';
}

/**
 * Start of the history window, epoch ms. Two extra periods: CMS reports complete periods only, stamped with their
 * start, over (start, end]; without them `days` of data would always measure a little less than `days` and never
 * reach full confidence.
 */
export function historyStartMs(days: number, nowMs: number): number {
  return nowMs - days * DAY_MS - 2 * historyPeriodSec(days) * 1000;
}

interface Target {
  instance: InstanceSnapshot;
  group: GroupPolicy;
}

function needsBandwidth(t: Target): boolean {
  return t.group.bandwidth !== undefined || t.group.optimisation.billingMethod;
}

async function read(
  metrics: MetricsApi,
  metric: MetricName,
  ids: string[],
  window: { startMs: number; endMs: number; periodSec: 300 | 900 },
): Promise<Map<string, MetricPoint[]>> {
  if (ids.length === 0) return new Map();
  return metrics.getSeries({ instanceIds: ids, metric, ...window });
}

/** History of every target over `days` ending at `nowMs`. */
export async function fetchHistory(
  metrics: MetricsApi,
  targets: readonly Target[],
  days: number,
  nowMs: number,
): Promise<Map<string, InstanceHistory>> {
  const periodSec = historyPeriodSec(days);
  const window = { startMs: historyStartMs(days, nowMs), endMs: nowMs, periodSec };
  const bw = targets.filter(needsBandwidth);
  const ids = (list: Target[]) => list.map((t) => t.instance.instanceId);
  const [vpc, classic, cpu] = await Promise.all([
    read(metrics, 'VPC_PublicIP_InternetOutRate', ids(bw.filter((t) => !isClassic(t.instance))), window),
    read(metrics, 'InternetOutRate', ids(bw.filter((t) => isClassic(t.instance))), window),
    read(metrics, 'CPUUtilization', ids(targets.filter((t) => t.group.instanceType !== undefined)), window),
  ]);
  const out = new Map<string, InstanceHistory>();
  for (const { instance } of targets) {
    const id = instance.instanceId;
    out.set(id, { bandwidthOutBps: vpc.get(id) ?? classic.get(id) ?? [], cpuPercent: cpu.get(id) ?? [] });
  }
  return out;
}
