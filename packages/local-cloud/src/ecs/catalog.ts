/**
 * The instance types the emulator knows (a small slice of the real catalogue: g7 and c7, large to 8xlarge).
 * Sizes follow the public specs: g7 = 4 GiB per vCPU, c7 = 2 GiB per vCPU.
 */
export interface InstanceTypeSpec {
  instanceTypeId: string;
  family: string;
  cpu: number;
  memoryGiB: number;
  /** Network baseline bandwidth, kbit/s (DescribeInstanceTypes InstanceBandwidthRx/Tx). */
  bandwidthKbps: number;
  eniQuantity: number;
}

const SIZES = [
  { size: 'large', cpu: 2, bandwidthKbps: 2_000_000, eni: 3 },
  { size: 'xlarge', cpu: 4, bandwidthKbps: 3_000_000, eni: 4 },
  { size: '2xlarge', cpu: 8, bandwidthKbps: 5_000_000, eni: 4 },
  { size: '4xlarge', cpu: 16, bandwidthKbps: 8_000_000, eni: 8 },
  { size: '8xlarge', cpu: 32, bandwidthKbps: 10_000_000, eni: 8 },
] as const;

const FAMILIES = [
  { family: 'ecs.g7', gibPerCpu: 4 },
  { family: 'ecs.c7', gibPerCpu: 2 },
] as const;

export const INSTANCE_TYPES: ReadonlyMap<string, InstanceTypeSpec> = new Map(
  FAMILIES.flatMap(({ family, gibPerCpu }) =>
    SIZES.map((s): [string, InstanceTypeSpec] => {
      const id = `${family}.${s.size}`;
      return [
        id,
        {
          instanceTypeId: id,
          family,
          cpu: s.cpu,
          memoryGiB: s.cpu * gibPerCpu,
          bandwidthKbps: s.bandwidthKbps,
          eniQuantity: s.eni,
        },
      ];
    }),
  ),
);

/** Negative when `a` is smaller than `b` (fewer vCPUs, then less memory), 0 when equal in size. */
export function compareTypeSize(a: InstanceTypeSpec, b: InstanceTypeSpec): number {
  return a.cpu - b.cpu || a.memoryGiB - b.memoryGiB;
}
