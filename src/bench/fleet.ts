/**
 * The benchmark's generated fleet and policy. The numbers make "what must happen" computable from demand alone:
 * a 10 Mbps link pulled at 15 Mbps is saturated and needs exactly one step up (to 20 Mbps with the policy below:
 * 75 % utilisation, inside 70 % ± 10 %); a link pulled at 7 Mbps sits at the target and needs nothing.
 */
import { loadConfigText } from '../adapters/config/file.js';
import type { Config } from '../core/config/types.js';
import type { InstanceSnapshot } from '../core/types.js';
import type { FleetFile, FleetInstance } from '@ecs-autoscaler/local-cloud/ecs/index.js';

export const BENCH_ZONE = 'cn-hangzhou-h';
export const BENCH_REGION = 'cn-hangzhou';
/** Starting public bandwidth of every generated instance, Mbps. */
export const START_MBPS = 10;
/** Demand that saturates a START_MBPS link (needs one step up). */
export const SATURATING_MBPS = START_MBPS * 1.5;
/** Demand at the 70 % target (needs nothing). */
export const STEADY_MBPS = START_MBPS * 0.7;

export const BENCH_CONFIG_YAML = `
version: 1
regionId: ${BENCH_REGION}
evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120 }
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth:
      minMbps: 1
      maxMbps: 100
      targetUtilization: 0.7
      tolerance: 0.1
      scaleUpStabilizationSec: 60
      scaleDownStabilizationSec: 900
      cooldownUpSec: 1800
      cooldownDownSec: 1800
`;

/** The validated config every in-process and storm run uses. */
export function benchConfig(): Config {
  return loadConfigText(BENCH_CONFIG_YAML, 'bench.yaml');
}

/** `i-bench-000042`: zero-padded so ids sort in creation order. */
export function benchId(n: number): string {
  return `i-bench-${String(n).padStart(6, '0')}`;
}

/** A public IP unique per n (up to 62,500 instances). */
function ipOf(n: number): string {
  return `47.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

/** The fleet-file entry of instance n (PostPaid, PayByBandwidth, START_MBPS, tagged into group `web`). */
export function fleetInstance(n: number, mbps = START_MBPS): FleetInstance {
  return {
    instanceId: benchId(n),
    instanceName: `bench-${n}`,
    zoneId: BENCH_ZONE,
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: mbps,
    publicIp: ipOf(n),
    tags: { 'autoscaler-group': 'web' },
  };
}

/** A fleet of `count` instances (ids 1…count) for the ECS emulator, with ample stock. */
export function benchFleet(count: number, mbps = START_MBPS): FleetFile {
  const instances = Array.from({ length: count }, (_, i) => fleetInstance(i + 1, mbps));
  return {
    regionId: BENCH_REGION,
    instances,
    stock: [{ instanceType: 'ecs.g7.large', zoneId: BENCH_ZONE, available: 2 * count + 10 }],
  };
}

/** The snapshot DescribeInstances would return for instance n (for the in-memory fake). */
export function benchSnapshot(n: number): InstanceSnapshot {
  const f = fleetInstance(n);
  return {
    instanceId: f.instanceId,
    instanceName: f.instanceName,
    regionId: BENCH_REGION,
    zoneId: f.zoneId,
    status: 'Running',
    instanceType: f.instanceType,
    instanceTypeFamily: 'ecs.g7',
    cpu: 2,
    memoryMiB: 8192,
    instanceChargeType: f.instanceChargeType,
    internetChargeType: f.internetChargeType,
    bandwidthOutMbps: f.bandwidthOutMbps,
    bandwidthInMbps: 100,
    publicIp: f.publicIp,
    eipBound: false,
    securityLocked: false,
    tags: { ...(f.tags ?? {}) },
  };
}
