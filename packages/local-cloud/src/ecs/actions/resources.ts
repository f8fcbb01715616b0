/**
 * DescribeResourcesModification (alibaba-platform.md §6.3): which instance types this instance can change to,
 * per zone, with Status Available/SoldOut and StatusCategory WithStock/ClosedWithStock/WithoutStock.
 * Subscription: OperationType Upgrade (larger types) or Downgrade (smaller); pay-as-you-go: only Upgrade,
 * which lists every other type in both directions.
 */
import type { AcsHandler } from '../../acs/server.js';
import { compareTypeSize, INSTANCE_TYPES, type InstanceTypeSpec } from '../catalog.js';
import { EcsErrors } from '../errors.js';
import { reading } from '../mutation.js';
import { bool, required } from '../params.js';
import { instanceFor } from '../rules.js';
import type { EcsState } from '../state.js';
import type { EmulatedInstance } from '../types.js';

/** Stock at or below this is reported as ClosedWithStock (low stock). */
const LOW_STOCK = 2;

const PREPAID_OPS = ['Upgrade', 'Downgrade', 'RenewDowngrade', 'RenewModify'];

function candidates(inst: EmulatedInstance, op: string): InstanceTypeSpec[] {
  const current = INSTANCE_TYPES.get(inst.instanceType);
  return [...INSTANCE_TYPES.values()].filter((t) => {
    if (t.instanceTypeId === inst.instanceType || !current) return false;
    if (inst.instanceChargeType === 'PostPaid') return true;
    const cmp = compareTypeSize(t, current);
    return op === 'Upgrade' ? cmp > 0 : op === 'Downgrade' || op === 'RenewDowngrade' ? cmp < 0 : true;
  });
}

function statusOf(available: number) {
  if (available <= 0) return { Status: 'SoldOut', StatusCategory: 'WithoutStock' };
  return { Status: 'Available', StatusCategory: available <= LOW_STOCK ? 'ClosedWithStock' : 'WithStock' };
}

export function resourceActions(state: EcsState): Record<string, AcsHandler> {
  return {
    DescribeResourcesModification: reading(state, (p) => {
      required(p, 'RegionId');
      const inst = instanceFor(state, p, 'ResourceId');
      const destination = required(p, 'DestinationResource');
      if (destination !== 'InstanceType' && destination !== 'SystemDisk')
        throw EcsErrors.destinationResource(destination);
      const op = p.OperationType || 'Upgrade';
      const allowed = inst.instanceChargeType === 'PrePaid' ? PREPAID_OPS : ['Upgrade'];
      if (!allowed.includes(op)) throw EcsErrors.operationType(op);
      if (destination === 'SystemDisk') return { AvailableZones: { AvailableZone: [] } };
      const zones = bool(p, 'MigrateAcrossZone')
        ? [...new Set(state.zonesFor(inst.instanceType).concat(inst.zoneId))]
        : [inst.zoneId];
      const types = candidates(inst, op).filter((t) => !p.InstanceType || t.instanceTypeId === p.InstanceType);
      const zoneRows = zones.map((zoneId) => {
        const offered = types.filter((t) => state.stock(t.instanceTypeId, zoneId) !== undefined);
        // Min / Max / Unit describe disk sizes; for an instance type they are absent (the metadata types them as
        // integer / string, so never null).
        const supported = offered.map((t) => ({
          Value: t.instanceTypeId,
          ...statusOf(state.stock(t.instanceTypeId, zoneId) ?? 0),
        }));
        const anyAvailable = supported.some((s) => s.Status === 'Available');
        return {
          ZoneId: zoneId,
          RegionId: state.regionId,
          Status: anyAvailable ? 'Available' : 'SoldOut',
          StatusCategory: anyAvailable ? 'WithStock' : 'WithoutStock',
          AvailableResources: {
            AvailableResource: [{ Type: 'InstanceType', SupportedResources: { SupportedResource: supported } }],
          },
        };
      });
      return {
        AvailableZones: {
          AvailableZone: zoneRows.filter(
            (z) => z.AvailableResources.AvailableResource[0]!.SupportedResources.SupportedResource.length > 0,
          ),
        },
      };
    }),
  };
}
