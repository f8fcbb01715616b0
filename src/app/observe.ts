/**
 * Observe: the metric history a decision needs, fetched fresh (the alarm is a wake-up call; the decision
 * uses the current truth). Only the series a group's policy uses are fetched, for many instances at once.
 */
import type { Config, GroupPolicy } from '../core/config/types.js';
import type { MetricPoint, MetricWindow } from '../core/types.js';
import type { MetricName, MetricsApi } from '../ports/MetricsApi.js';

/** The CMS metric for outbound public bandwidth of VPC instances (bit/s). */
export const BANDWIDTH_METRIC: MetricName = 'VPC_PublicIP_InternetOutRate';
/** Classic-network instances report public outbound bandwidth here instead (bit/s). */
export const CLASSIC_BANDWIDTH_METRIC: MetricName = 'InternetOutRate';
export const CPU_METRIC: MetricName = 'CPUUtilization';

const EMPTY: MetricWindow = { bandwidthOutBps: [], cpuPercent: [] };

/** An empty window (no points): decide answers `insufficient-data` where it needs history. */
export function emptyWindow(): MetricWindow {
  return { bandwidthOutBps: [...EMPTY.bandwidthOutBps], cpuPercent: [...EMPTY.cpuPercent] };
}

async function series(
  metrics: MetricsApi,
  config: Config,
  metric: MetricName,
  instanceIds: string[],
  nowMs: number,
): Promise<Map<string, MetricPoint[]>> {
  if (instanceIds.length === 0) return new Map();
  const { lookbackSec, periodSec } = config.evaluation;
  return metrics.getSeries({ instanceIds, metric, periodSec, startMs: nowMs - lookbackSec * 1000, endMs: nowMs });
}

/**
 * Metric windows for the given instances over `config.evaluation.lookbackSec` ending at `nowMs`:
 * bandwidth for groups with a bandwidth policy, CPU for groups with an instance-type policy.
 */
export async function fetchMetricWindows(
  metrics: MetricsApi,
  config: Config,
  targets: readonly { instanceId: string; group: GroupPolicy; classic?: boolean }[],
  nowMs: number,
): Promise<Map<string, MetricWindow>> {
  const bwTargets = targets.filter((t) => t.group.bandwidth);
  const vpcIds = bwTargets.filter((t) => !t.classic).map((t) => t.instanceId);
  const classicIds = bwTargets.filter((t) => t.classic).map((t) => t.instanceId);
  const cpuIds = targets.filter((t) => t.group.instanceType).map((t) => t.instanceId);
  const [vpc, classic, cpu] = await Promise.all([
    series(metrics, config, BANDWIDTH_METRIC, vpcIds, nowMs),
    series(metrics, config, CLASSIC_BANDWIDTH_METRIC, classicIds, nowMs),
    series(metrics, config, CPU_METRIC, cpuIds, nowMs),
  ]);
  const bw = new Map([...vpc, ...classic]);
  const windows = new Map<string, MetricWindow>();
  for (const { instanceId } of targets) {
    windows.set(instanceId, {
      bandwidthOutBps: bw.get(instanceId) ?? [],
      cpuPercent: cpu.get(instanceId) ?? [],
    });
  }
  return windows;
}
