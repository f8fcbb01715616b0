/**
 * The instance chart: measured outbound Mbps and CPU from CloudMonitor, the provisioned capacity over time
 * reconstructed from the audit trail (applied entries carry before → after), and a mark per action.
 * The reconstruction ends at ECS's current truth, so a change made outside the autoscaler (or a temporary
 * upgrade reverting on its own) shows as a step at the right edge rather than being hidden.
 */
import type { AuditEntry, InstanceSnapshot, LinkResource, MetricPoint } from '../core/types.js';
import type { MetricName, MetricsApi } from '../ports/MetricsApi.js';
import { auditId, isActionEntry } from './auditPages.js';

export interface SeriesPoint {
  atMs: number;
  average: number;
  maximum: number;
}

export interface ActionMark {
  atMs: number;
  id: string;
  result: AuditEntry['result'];
  reason: string;
  /** e.g. `10 → 20 Mbps`, `ecs.g7.large → ecs.g7.xlarge`. */
  label: string;
}

export interface Timeline {
  bandwidthMbps: { atMs: number; mbps: number }[];
  instanceType: { atMs: number; instanceType: string }[];
  marks: ActionMark[];
}

/** Aggregation period for a chart of `hours`: about 360 points or fewer, in the periods CMS offers. */
export function periodForHours(hours: number): 60 | 300 | 900 {
  if (hours <= 6) return 60;
  return hours <= 48 ? 300 : 900;
}

/** A human label for what an entry changed (or would change). */
export function changeLabel(e: AuditEntry): string {
  const b = e.before ?? {};
  const a = e.after ?? {};
  if (a.bandwidthOutMbps !== undefined) return `${b.bandwidthOutMbps ?? '?'} → ${a.bandwidthOutMbps} Mbps`;
  if (a.instanceType !== undefined) return `${b.instanceType ?? '?'} → ${a.instanceType}`;
  if (a.internetChargeType !== undefined) return `${b.internetChargeType ?? '?'} → ${a.internetChargeType}`;
  return e.reason;
}

/**
 * Provisioned capacity as steps (each point holds until the next), oldest first, from `fromMs` to `nowMs`.
 * `entries` are the instance's audit entries inside the window, in any order.
 */
export function buildTimeline(
  entries: readonly AuditEntry[],
  instance: Pick<InstanceSnapshot, 'bandwidthOutMbps' | 'instanceType'>,
  fromMs: number,
  nowMs: number,
): Timeline {
  const oldestFirst = [...entries].filter((e) => e.atMs >= fromMs && e.atMs <= nowMs).sort((x, y) => x.atMs - y.atMs);
  const applied = oldestFirst.filter((e) => e.result === 'applied');
  const firstBw = applied.find((e) => e.after?.bandwidthOutMbps !== undefined);
  const firstType = applied.find((e) => e.after?.instanceType !== undefined);
  const bandwidthMbps = [{ atMs: fromMs, mbps: firstBw?.before?.bandwidthOutMbps ?? instance.bandwidthOutMbps }];
  const instanceType = [{ atMs: fromMs, instanceType: firstType?.before?.instanceType ?? instance.instanceType }];
  for (const e of applied) {
    if (e.after?.bandwidthOutMbps !== undefined) bandwidthMbps.push({ atMs: e.atMs, mbps: e.after.bandwidthOutMbps });
    if (e.after?.instanceType !== undefined) instanceType.push({ atMs: e.atMs, instanceType: e.after.instanceType });
  }
  bandwidthMbps.push({ atMs: nowMs, mbps: instance.bandwidthOutMbps });
  instanceType.push({ atMs: nowMs, instanceType: instance.instanceType });
  const marks = oldestFirst
    .filter(isActionEntry)
    .map((e) => ({ atMs: e.atMs, id: auditId(e), result: e.result, reason: e.reason, label: changeLabel(e) }));
  return { bandwidthMbps, instanceType, marks };
}

function toSeries(points: readonly MetricPoint[], scale: number): SeriesPoint[] {
  return points.map((p) => ({ atMs: p.timestampMs, average: p.average * scale, maximum: p.maximum * scale }));
}

/** Where a VPC resource's outbound rate is (bit/s, statistic Value); it has no CPU. */
const RESOURCE_RATE: Readonly<Record<LinkResource, MetricName>> = {
  eip: 'acs_vpc_eip/net_tx.rate',
  bandwidthPackage: 'acs_bandwidth_package/net_tx.rate',
};

/**
 * Outbound Mbps (from bit/s) and CPU percent for one instance over (fromMs, toMs]; for a VPC resource (`resource`)
 * its own outbound rate and no CPU.
 */
export async function fetchSeries(
  metrics: MetricsApi,
  instanceId: string,
  window: { fromMs: number; toMs: number; periodSec: 60 | 300 | 900 },
  resource?: LinkResource,
): Promise<{ outboundMbps: SeriesPoint[]; cpuPercent: SeriesPoint[] }> {
  const get = (metric: MetricName) =>
    metrics
      .getSeries({
        instanceIds: [instanceId],
        metric,
        periodSec: window.periodSec,
        startMs: window.fromMs,
        endMs: window.toMs,
      })
      .then((m) => m.get(instanceId) ?? []);
  if (resource !== undefined) {
    return { outboundMbps: toSeries(await get(RESOURCE_RATE[resource]), 1e-6), cpuPercent: [] };
  }
  const [out, cpu] = await Promise.all([get('VPC_PublicIP_InternetOutRate'), get('CPUUtilization')]);
  return { outboundMbps: toSeries(out, 1e-6), cpuPercent: toSeries(cpu, 1) };
}
