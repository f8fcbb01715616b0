/**
 * Generated fleets for the reliability suite: any number of web (bandwidth-managed) and batch (type-ladder)
 * instances for the ECS emulator, with enough stock that placement never limits a run, and a workload whose
 * demand per instance is fixed by the test (so "what the autoscaler must do" is known before it runs).
 */
import type { FleetFile, FleetInstance } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';

export const ZONE = 'cn-hangzhou-h';
export const LADDER = ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'] as const;

/** `i-web-00042`: zero-padded so that ids sort in creation order. */
export function webId(n: number): string {
  return `i-web-${String(n).padStart(5, '0')}`;
}

export function batchId(n: number): string {
  return `i-batch-${String(n).padStart(5, '0')}`;
}

export interface FleetSpec {
  /** Bandwidth-managed instances (group `web`), PostPaid PayByBandwidth at `webMbps`. */
  web?: number;
  /** Type-ladder instances (group `batch`), PostPaid on the ladder's first rung. */
  batch?: number;
  /** Starting bandwidth of web instances, Mbps. Default 10. */
  webMbps?: number;
  /** Extra instances that no group manages (tag `autoscaler-group: none`). Default 0. */
  unmanaged?: number;
}

function webInstance(n: number, mbps: number): FleetInstance {
  return {
    instanceId: webId(n),
    instanceName: `web-${n}`,
    zoneId: ZONE,
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: mbps,
    publicIp: `47.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`,
    tags: { 'autoscaler-group': 'web' },
  };
}

function batchInstance(n: number): FleetInstance {
  return {
    instanceId: batchId(n),
    instanceName: `batch-${n}`,
    zoneId: ZONE,
    instanceType: LADDER[0],
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByTraffic',
    bandwidthOutMbps: 5,
    publicIp: `47.97.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`,
    tags: { 'autoscaler-group': 'batch' },
  };
}

/** A fleet for the ECS emulator (regionId cn-hangzhou). */
export function generateFleet(spec: FleetSpec): FleetFile {
  const instances: FleetInstance[] = [];
  for (let i = 1; i <= (spec.web ?? 0); i++) instances.push(webInstance(i, spec.webMbps ?? 10));
  for (let i = 1; i <= (spec.batch ?? 0); i++) instances.push(batchInstance(i));
  for (let i = 1; i <= (spec.unmanaged ?? 0); i++) {
    instances.push({ ...webInstance(90_000 + i, 10), tags: { 'autoscaler-group': 'none' } });
  }
  // Every instance could move up every rung and back without ever running out of stock.
  const available = 2 * instances.length + 10;
  return {
    regionId: 'cn-hangzhou',
    instances,
    stock: LADDER.map((instanceType) => ({ instanceType, zoneId: ZONE, available })),
  };
}

/** Constant demand per instance (outbound Mbps, busy vCPUs); unknown instances are idle. Mutable by tests. */
export class FixedWorkload implements WorkloadSource {
  readonly outboundMbps = new Map<string, number>();
  readonly cpuVcpu = new Map<string, number>();

  demandAt(instanceId: string): { outboundMbps: number; cpuVcpu?: number } {
    const cpu = this.cpuVcpu.get(instanceId);
    const out = { outboundMbps: this.outboundMbps.get(instanceId) ?? 0 };
    return cpu === undefined ? out : { ...out, cpuVcpu: cpu };
  }
}
