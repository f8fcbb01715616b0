/**
 * The CMS metric a snapshot's outbound bandwidth is read from: the instance's own public IP (VPC or classic
 * network), or — for a group of EIPs or shared bandwidth packages — the resource's own series in its namespace
 * (docs/eip.md). An instance routed to its EIP keeps its own series, which carries the EIP's traffic.
 */
import { type BandwidthMetricSource, bandwidthMetricSource } from '../core/link.js';
import type { InstanceSnapshot } from '../core/types.js';
import type { MetricName } from '../ports/MetricsApi.js';

export const BANDWIDTH_METRICS: Readonly<Record<BandwidthMetricSource, MetricName>> = {
  vpc: 'VPC_PublicIP_InternetOutRate',
  classic: 'InternetOutRate',
  eip: 'acs_vpc_eip/net_tx.rate',
  bandwidthPackage: 'acs_bandwidth_package/net_tx.rate',
};

/** The bandwidth metric of one snapshot. */
export function bandwidthMetricOf(instance: Pick<InstanceSnapshot, 'resource' | 'networkType'>): MetricName {
  return BANDWIDTH_METRICS[bandwidthMetricSource(instance)];
}

/** Instance ids grouped by the bandwidth metric each is read from (metrics without ids are absent). */
export function idsByBandwidthMetric(
  instances: readonly Pick<InstanceSnapshot, 'instanceId' | 'resource' | 'networkType'>[],
): Map<MetricName, string[]> {
  const out = new Map<MetricName, string[]>();
  for (const i of instances) {
    const metric = bandwidthMetricOf(i);
    out.set(metric, [...(out.get(metric) ?? []), i.instanceId]);
  }
  return out;
}
