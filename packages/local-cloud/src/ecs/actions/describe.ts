/**
 * Read actions: DescribeInstances (InstanceIds JSON ≤ 100, Status/charge/zone filters, Tag.N filters,
 * PageNumber/PageSize or MaxResults/NextToken paging), DescribeInstanceStatus and DescribeInstanceTypes.
 * A RegionId other than the emulator's answers an empty page, like a region without instances.
 */
import type { AcsHandler } from '../../acs/server.js';
import { INSTANCE_TYPES } from '../catalog.js';
import { EcsErrors } from '../errors.js';
import { reading } from '../mutation.js';
import { intInRange, list, type Params, required, tags } from '../params.js';
import { renderInstance } from '../render.js';
import type { EcsState } from '../state.js';
import type { InstanceView } from '../types.js';

function parseInstanceIds(raw: string | undefined): Set<string> | undefined {
  if (raw === undefined || raw === '') return undefined;
  let ids: unknown;
  try {
    ids = JSON.parse(raw);
  } catch {
    throw EcsErrors.instanceIdsMalformed('expected a JSON array of strings');
  }
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string'))
    throw EcsErrors.instanceIdsMalformed('expected a JSON array of strings');
  if (ids.length > 100) throw EcsErrors.instanceIdsMalformed(`at most 100 ids (got ${ids.length})`);
  return new Set(ids as string[]);
}

function matches(inst: InstanceView, p: Params, ids: Set<string> | undefined): boolean {
  if (ids && !ids.has(inst.instanceId)) return false;
  for (const key of ['Status', 'ZoneId', 'InstanceChargeType', 'InternetChargeType', 'InstanceType'] as const) {
    const want = p[key];
    const have = {
      Status: inst.status,
      ZoneId: inst.zoneId,
      InstanceChargeType: inst.instanceChargeType,
      InternetChargeType: inst.internetChargeType,
      InstanceType: inst.instanceType,
    }[key];
    if (want && want !== have) return false;
  }
  return tags(p).every(({ key, value }) => key in inst.tags && (value === undefined || inst.tags[key] === value));
}

/** Page by PageNumber/PageSize, or by MaxResults/NextToken when either is given. */
function page<T>(items: T[], p: Params, maxPageSize: number) {
  if (p.MaxResults !== undefined || p.NextToken !== undefined) {
    const size = intInRange(p, 'MaxResults', 1, maxPageSize, 10);
    const start = p.NextToken ? Number(p.NextToken) : 0;
    if (!Number.isInteger(start) || start < 0) throw EcsErrors.invalidParameter('NextToken', p.NextToken ?? '');
    const end = start + size;
    return {
      slice: items.slice(start, end),
      meta: { NextToken: end < items.length ? String(end) : '', TotalCount: items.length },
    };
  }
  const size = intInRange(p, 'PageSize', 1, maxPageSize, 10);
  const number = intInRange(p, 'PageNumber', 1, Number.MAX_SAFE_INTEGER, 1);
  const slice = items.slice((number - 1) * size, number * size);
  return { slice, meta: { PageNumber: number, PageSize: size, TotalCount: items.length, NextToken: '' } };
}

export function describeActions(state: EcsState): Record<string, AcsHandler> {
  const inRegion = (p: Params) => !p.RegionId || p.RegionId === state.regionId;
  return {
    DescribeInstances: reading(state, (p) => {
      required(p, 'RegionId');
      const ids = parseInstanceIds(p.InstanceIds);
      const found = inRegion(p) ? state.list().filter((i) => matches(i, p, ids)) : [];
      const { slice, meta } = page(found, p, 100);
      const nowMs = state.now();
      return { Instances: { Instance: slice.map((i) => renderInstance(i, nowMs)) }, ...meta };
    }),
    DescribeInstanceStatus: reading(state, (p) => {
      required(p, 'RegionId');
      const wanted = list(p, 'InstanceId');
      if (wanted.length > 100) throw EcsErrors.tooManyInstanceIds(wanted.length);
      const ids = wanted.length ? new Set(wanted) : undefined;
      const found = inRegion(p)
        ? state.list().filter((i) => (!ids || ids.has(i.instanceId)) && (!p.ZoneId || p.ZoneId === i.zoneId))
        : [];
      // DescribeInstanceStatus pages by PageNumber/PageSize only: its answer has no NextToken.
      const { slice, meta } = page(found, p, 50);
      const { NextToken: _none, ...pageMeta } = meta;
      return {
        InstanceStatuses: { InstanceStatus: slice.map((i) => ({ InstanceId: i.instanceId, Status: i.status })) },
        ...pageMeta,
      };
    }),
    DescribeInstanceTypes: reading(state, (p) => {
      const families = new Set([p.InstanceTypeFamily, ...list(p, 'InstanceTypeFamilies')].filter(Boolean));
      const types = new Set(list(p, 'InstanceTypes'));
      const rows = [...INSTANCE_TYPES.values()]
        .filter(
          (t) => (families.size === 0 || families.has(t.family)) && (types.size === 0 || types.has(t.instanceTypeId)),
        )
        .map((t) => ({
          InstanceTypeId: t.instanceTypeId,
          InstanceTypeFamily: t.family,
          CpuCoreCount: t.cpu,
          MemorySize: t.memoryGiB,
          InstanceBandwidthRx: t.bandwidthKbps,
          InstanceBandwidthTx: t.bandwidthKbps,
          EniQuantity: t.eniQuantity,
          InstanceFamilyLevel: 'EnterpriseLevel',
          CpuArchitecture: 'X86',
        }));
      return { InstanceTypes: { InstanceType: rows }, NextToken: '' };
    }),
  };
}
