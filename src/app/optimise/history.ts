/**
 * Metric history for the sweep: days of CMS data for many instances, one batched read per metric. The period
 * keeps the reads inside CMS's paging and retention (300 s for up to 14 days: ≤ 4 032 points per instance;
 * 900 s beyond), and the bandwidth metric follows the link (src/app/metricNames.ts): `VPC_PublicIP_InternetOutRate`
 * for VPC instances, `InternetOutRate` for classic ones, the EIP's or package's own series for a resource group.
 */
import type { GroupPolicy } from '../../core/config/types.js';
import type { InstanceHistory } from '../../core/optimise/types.js';
import type { InstanceSnapshot, MetricPoint } from '../../core/types.js';
import type { MetricName, MetricsApi } from '../../ports/MetricsApi.js';
import { idsByBandwidthMetric } from '../metricNames.js';

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
  const byMetric = idsByBandwidthMetric(bw.map((t) => t.instance));
  const [cpu, ...bandwidth] = await Promise.all([
    read(metrics, 'CPUUtilization', ids(targets.filter((t) => t.group.instanceType !== undefined)), window),
    ...[...byMetric].map(([metric, list]) => read(metrics, metric, list, window)),
  ]);
  const bwById = new Map(bandwidth.flatMap((m) => [...m]));
  const out = new Map<string, InstanceHistory>();
  for (const { instance } of targets) {
    const id = instance.instanceId;
    out.set(id, { bandwidthOutBps: bwById.get(id) ?? [], cpuPercent: cpu.get(id) ?? [] });
  }
  return out;
}
