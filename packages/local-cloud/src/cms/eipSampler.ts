/**
 * EIP and shared-bandwidth-package metrics from the same demand model as instances. An EIP-bound instance's
 * outbound demand flows through its EIP: outside a package the EIP serves min(demand, its bandwidth); inside a
 * package each EIP may use up to the package's bandwidth and the package caps the sum (when the EIPs together ask
 * for more, each gets its share in proportion to its demand). What is asked for and not served is dropped by the
 * rate limit: the drop counters report it in packets per second, counting full-size (1500-byte) packets, a
 * modelling choice (the platform counts real packets). Inbound traffic is not modelled (net_rx.rate = 0, no
 * inbound drops). The instance's own `VPC_PublicIP_InternetOutRate` (ip = the EIP's address) reads the EIP's
 * served rate, so the two namespaces always agree.
 */
import type { MetricSample } from './sampler.js';
import {
  CBWP_NAMESPACE,
  EIP_NAMESPACE,
  type EipFacts,
  type EipView,
  type InstanceView,
  type WorkloadSource,
} from './types.js';

/** Bits in the full-size packet the drop counters count. */
export const DROP_PACKET_BITS = 1500 * 8;

export interface NamespacedSample extends MetricSample {
  namespace: string;
}

/** How an EIP-bound instance's public traffic looked in the interval. */
export interface EipLink {
  ip: string;
  servedMbps: number;
  /** The cap it was served under: the EIP's bandwidth, or its package's. */
  capMbps: number;
}

function demandOf(e: EipFacts, instances: InstanceView, workload: WorkloadSource, tMs: number): number {
  if (!e.instanceId) return 0;
  const facts = instances.get(e.instanceId);
  if (facts?.status !== 'Running') return 0;
  const d = workload.demandAt(e.instanceId, tMs).outboundMbps;
  return Number.isFinite(d) && d > 0 ? d : 0;
}

const pps = (mbps: number) => (Math.max(0, mbps) * 1e6) / DROP_PACKET_BITS;

/** The samples of every EIP and package for the interval starting at `tMs`, and each bound instance's link. */
export function sampleEips(
  view: EipView,
  instances: InstanceView,
  workload: WorkloadSource,
  userId: string,
  tMs: number,
): { samples: NamespacedSample[]; links: Map<string, EipLink> } {
  const samples: NamespacedSample[] = [];
  const links = new Map<string, EipLink>();
  const packages = new Map(view.packages().map((p) => [p.bandwidthPackageId, p]));
  const eips = view.eips().map((e) => ({ e, demand: demandOf(e, instances, workload, tMs) }));
  // Each package's share: the sum of its EIPs' offers (each at most the package) against its bandwidth.
  const scale = new Map<string, number>();
  for (const p of packages.values()) {
    const offered = eips
      .filter((x) => x.e.bandwidthPackageId === p.bandwidthPackageId)
      .reduce((sum, x) => sum + Math.min(x.demand, p.bandwidthMbps), 0);
    scale.set(p.bandwidthPackageId, offered > p.bandwidthMbps ? p.bandwidthMbps / offered : 1);
  }
  const pkgTotals = new Map<string, { served: number; demand: number }>();
  for (const { e, demand } of eips) {
    const pkg = e.bandwidthPackageId ? packages.get(e.bandwidthPackageId) : undefined;
    const cap = pkg ? pkg.bandwidthMbps : e.bandwidthMbps;
    const served = Math.min(demand, cap) * (pkg ? (scale.get(pkg.bandwidthPackageId) ?? 1) : 1);
    const dims = { userId, instanceId: e.allocationId };
    const push = (metricName: string, value: number) =>
      samples.push({ namespace: EIP_NAMESPACE, metricName, dims, value });
    push('net_tx.rate', served * 1e6);
    push('net_rx.rate', 0);
    push('net_out.rate_percentage', cap > 0 ? (served / cap) * 100 : 0);
    push('out_ratelimit_drop_speed', pps(demand - served));
    push('in_ratelimit_drop_speed', 0);
    if (e.instanceId) links.set(e.instanceId, { ip: e.ipAddress, servedMbps: served, capMbps: cap });
    if (pkg) {
      const t = pkgTotals.get(pkg.bandwidthPackageId) ?? { served: 0, demand: 0 };
      pkgTotals.set(pkg.bandwidthPackageId, { served: t.served + served, demand: t.demand + demand });
    }
  }
  for (const p of packages.values()) {
    const t = pkgTotals.get(p.bandwidthPackageId) ?? { served: 0, demand: 0 };
    const dims = { userId, instanceId: p.bandwidthPackageId };
    const push = (metricName: string, value: number) =>
      samples.push({ namespace: CBWP_NAMESPACE, metricName, dims, value });
    push('net_tx.rate', t.served * 1e6);
    push('net_rx.rate', 0);
    push('net_tx.ratePercent', p.bandwidthMbps > 0 ? (t.served / p.bandwidthMbps) * 100 : 0);
    push('out_ratelimit_drop_speed', pps(t.demand - t.served));
  }
  return { samples, links };
}
