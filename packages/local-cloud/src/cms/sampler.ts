/**
 * The workload model: what CMS reports is what the instance could serve, never the raw demand. Outbound
 * traffic is capped by the provisioned bandwidth (and is 0 unless the instance is Running), so a saturated
 * instance shows up as a rate pinned at its bandwidth and a `_Percent` of 100, exactly as in the real cloud.
 */
import type { EipLink } from './eipSampler.js';
import type { InstanceFacts, WorkloadSource } from './types.js';

export interface MetricSample {
  metricName: string;
  dims: Record<string, string>;
  value: number;
}

/**
 * CPU used when the workload gives none: 0.1 vCPU idle plus 1 vCPU per 100 Mbps served. Deterministic so a
 * replay is reproducible; it keeps CPU plausible for traces that only carry network demand.
 */
export function defaultCpuVcpu(servedMbps: number): number {
  return 0.1 + servedMbps / 100;
}

/** Served outbound rate in Mbps: min(demand, provisioned), 0 when not Running or demand is negative/NaN. */
export function servedMbps(facts: InstanceFacts, demandMbps: number): number {
  if (facts.status !== 'Running') return 0;
  const demand = Number.isFinite(demandMbps) && demandMbps > 0 ? demandMbps : 0;
  return Math.min(demand, Math.max(0, facts.bandwidthOutMbps));
}

/**
 * The samples one instance contributes for the interval starting at `intervalStartMs`.
 * VPC instances report per public IP (`VPC_PublicIP_*`, dimension `ip`; nothing without a public IP);
 * classic instances report `InternetOutRate[_Percent]`. Rates are bit/s (1 Mbps = 1,000,000 bit/s).
 */
export function sampleInstance(
  instanceId: string,
  facts: InstanceFacts,
  workload: WorkloadSource,
  userId: string,
  intervalStartMs: number,
  /** An EIP-bound instance's traffic as its EIP served it (./eipSampler.ts): reported under the EIP's address. */
  link?: EipLink,
): MetricSample[] {
  const demand = workload.demandAt(instanceId, intervalStartMs);
  const served = link ? link.servedMbps : servedMbps(facts, demand.outboundMbps);
  const cap = link ? link.capMbps : facts.bandwidthOutMbps;
  const percent = cap > 0 ? (served / cap) * 100 : 0;
  const publicIp = link ? link.ip : facts.publicIp;
  const running = facts.status === 'Running';
  const cpuVcpu = demand.cpuVcpu ?? defaultCpuVcpu(served);
  const cpuPercent = running && facts.cpu > 0 ? Math.min(100, (Math.max(0, cpuVcpu) / facts.cpu) * 100) : 0;
  const base = { userId, instanceId };
  const out: MetricSample[] = [{ metricName: 'CPUUtilization', dims: base, value: cpuPercent }];
  if (facts.classic) {
    out.push({ metricName: 'InternetOutRate', dims: base, value: served * 1e6 });
    out.push({ metricName: 'InternetOutRate_Percent', dims: base, value: percent });
  } else if (publicIp) {
    const dims = { ...base, ip: publicIp };
    out.push({ metricName: 'VPC_PublicIP_InternetOutRate', dims, value: served * 1e6 });
    out.push({ metricName: 'VPC_PublicIP_InternetOutRate_Percent', dims, value: percent });
  }
  return out;
}
