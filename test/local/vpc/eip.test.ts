// DescribeEipAddresses and ModifyEipAddressAttribute through the official @alicloud/vpc20160428 SDK.
import * as $Vpc from '@alicloud/vpc20160428';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { startVpcHarness, T0, TIMINGS, type VpcHarness } from './harness.js';

let h: VpcHarness;
beforeEach(async () => {
  h = await startVpcHarness();
});
afterEach(() => h.close());

const modify = (req: Record<string, unknown>) =>
  h.client.modifyEipAddressAttribute(new $Vpc.ModifyEipAddressAttributeRequest(req));
const describeEips = (req: Record<string, unknown>) =>
  h.client.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou', ...req }));
const bw = (id: string) => h.vpc.state.eip(id)?.bandwidth;

describe('DescribeEipAddresses', () => {
  it('lists the fixture with the documented fields, parsed by the SDK model', async () => {
    const res = await describeEips({ allocationId: 'eip-web-traffic,eip-in-cbwp' });
    expect(res.body?.totalCount).toBe(2);
    const [web, inPkg] = res.body?.eipAddresses?.eipAddress ?? [];
    expect(web).toMatchObject({
      allocationId: 'eip-web-traffic',
      ipAddress: '47.96.10.1',
      bandwidth: '10',
      internetChargeType: 'PayByTraffic',
      chargeType: 'PostPaid',
      status: 'InUse',
      instanceId: 'i-web-eip',
      instanceType: 'EcsInstance',
      allocationTime: '2025-03-10T08:00:00Z',
    });
    expect(inPkg).toMatchObject({
      bandwidthPackageId: 'cbwp-shared',
      bandwidthPackageBandwidth: '100',
      bandwidthPackageType: 'CommonBandwidthPackage',
      eipBandwidth: '5',
      status: 'Available',
    });
  });

  it('filters by status, address, bound instance, charge type and lock; pages by PageSize', async () => {
    const ids = async (req: Record<string, unknown>) =>
      (await describeEips(req)).body?.eipAddresses?.eipAddress?.map((e) => e.allocationId);
    expect(await ids({ status: 'Associating' })).toEqual(['eip-associating']);
    expect(await ids({ eipAddress: '47.96.10.2' })).toEqual(['eip-api-bandwidth']);
    expect(await ids({ associatedInstanceId: 'i-batch-eip' })).toEqual(['eip-prepaid']);
    expect(await ids({ chargeType: 'PrePaid' })).toEqual(['eip-prepaid']);
    expect(await ids({ lockReason: 'financial' })).toEqual(['eip-locked']);
    expect(await ids({ associatedInstanceType: 'EcsInstance' })).toHaveLength(3);
    expect(await ids({ regionId: 'cn-beijing' })).toEqual([]);
    const paged = await describeEips({ pageSize: 4, pageNumber: 2 });
    expect(paged.body).toMatchObject({ totalCount: 6, pageNumber: 2, pageSize: 4 });
    expect(paged.body?.eipAddresses?.eipAddress).toHaveLength(2);
  });

  it('PageSize 100 is accepted and 101 refused; 51 allocation ids are refused', async () => {
    await expect(describeEips({ pageSize: 100 })).resolves.toBeDefined();
    expect(await sdkError(describeEips({ pageSize: 101 }))).toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    const many = Array.from({ length: 51 }, (_, i) => `eip-${i}`).join(',');
    expect(await sdkError(describeEips({ allocationId: many }))).toMatchObject({ code: 'InvalidParameter' });
  });

  it.each([
    ['chargeType', 'Monthly', 'InvalidChargeType.ValueNotSupported', 400],
    ['associatedInstanceType', 'Vm', 'InvalidIAssociatedInstanceType.ValueNotSupported', 400],
    ['lockReason', 'debt', 'InvalidLockReason.NotFound', 404],
    ['dryRun', true, 'DryRunOperation', 400],
  ])('%s=%s answers %s (%d)', async (param, value, code, status) => {
    expect(await sdkError(describeEips({ [param]: value }))).toMatchObject({ code, statusCode: status });
  });

  it('RegionId is mandatory', async () => {
    const err = await sdkError(h.client.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({})));
    expect(err).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });
});

describe('ModifyEipAddressAttribute', () => {
  it.each([
    { id: 'eip-web-traffic', max: 200, method: 'PayByTraffic' },
    { id: 'eip-api-bandwidth', max: 500, method: 'PayByBandwidth' },
  ])('$method: 1 and $max are accepted, 0 and $max+1 refused with InvalidParameter', async ({ id, max }) => {
    for (const ok of [1, max]) {
      await modify({ allocationId: id, bandwidth: String(ok) });
      expect(bw(id)).toBe(ok);
      await h.clock.advance(TIMINGS.eipSettleMs);
    }
    for (const bad of [0, max + 1]) {
      expect(await sdkError(modify({ allocationId: id, bandwidth: String(bad) }))).toMatchObject({
        code: 'InvalidParameter',
        statusCode: 400,
      });
      expect(bw(id)).toBe(max);
    }
    expect(await sdkError(modify({ allocationId: id, bandwidth: '12.5' }))).toMatchObject({ code: 'InvalidParameter' });
  });

  it('changes the bandwidth, visible to DescribeEipAddresses, and logs it', async () => {
    await modify({ allocationId: 'eip-web-traffic', bandwidth: '50', regionId: 'cn-hangzhou' });
    const res = await describeEips({ allocationId: 'eip-web-traffic' });
    expect(res.body?.eipAddresses?.eipAddress?.[0]?.bandwidth).toBe('50');
    expect(h.vpc.state.changes()).toEqual([
      { atMs: T0, action: 'ModifyEipAddressAttribute', resourceId: 'eip-web-traffic', from: 10, to: 50 },
    ]);
  });

  it.each([
    {
      name: 'unknown EIP',
      req: { allocationId: 'eip-nope', bandwidth: '5' },
      code: 'InvalidAllocationId.NotFound',
      status: 404,
    },
    {
      name: 'other region',
      req: { allocationId: 'eip-web-traffic', bandwidth: '5', regionId: 'cn-beijing' },
      code: 'InvalidAllocationId.NotFound',
      status: 404,
    },
    {
      name: 'subscription EIP',
      req: { allocationId: 'eip-prepaid', bandwidth: '6' },
      code: 'Forbidden.ChargeTypeIsPrepaid',
      status: 400,
    },
    {
      name: 'EIP in a shared package',
      req: { allocationId: 'eip-in-cbwp', bandwidth: '6' },
      code: 'Forbidden.InCommonBandwidthPackage',
      status: 404,
    },
    {
      name: 'EIP Associating',
      req: { allocationId: 'eip-associating', bandwidth: '6' },
      code: 'IncorrectEipStatus',
      status: 400,
    },
    {
      name: 'EIP financially locked',
      req: { allocationId: 'eip-locked', bandwidth: '6' },
      code: 'Forbidden.FinancialLocked',
      status: 400,
    },
    {
      name: 'a malformed Name',
      req: { allocationId: 'eip-web-traffic', name: '1abc' },
      code: 'InvalidEipAddressName.Malformed',
      status: 400,
    },
    {
      name: 'a Description with a link',
      req: { allocationId: 'eip-web-traffic', description: 'https://x.example' },
      code: 'InvalidDescription.Malformed',
      status: 400,
    },
    { name: 'no AllocationId', req: { bandwidth: '6' }, code: 'MissingParameter', status: 400 },
  ])('$name: $code ($status), nothing changes', async ({ req, code, status }) => {
    const before = JSON.stringify(h.vpc.state.listEips());
    expect(await sdkError(modify(req))).toMatchObject({ code, statusCode: status });
    expect(JSON.stringify(h.vpc.state.listEips())).toBe(before);
  });

  it('a prepaid EIP or one in a package may still be renamed (only Bandwidth is forbidden)', async () => {
    await modify({ allocationId: 'eip-prepaid', name: 'batch-egress' });
    await modify({ allocationId: 'eip-in-cbwp', description: 'shared egress' });
    expect(h.vpc.state.eip('eip-prepaid')?.name).toBe('batch-egress');
    expect(h.vpc.state.eip('eip-in-cbwp')?.description).toBe('shared egress');
  });

  it('concurrent changes of one EIP: one applies, the other is OperationFailed.ConcurrentRequest', async () => {
    const results = await Promise.allSettled([
      modify({ allocationId: 'eip-web-traffic', bandwidth: '30' }),
      modify({ allocationId: 'eip-web-traffic', bandwidth: '40' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: 'OperationFailed.ConcurrentRequest', statusCode: 400 });
    expect(h.vpc.state.changes()).toHaveLength(1);
    // Another EIP is not held; the same one is free again once the settle window has passed.
    await modify({ allocationId: 'eip-api-bandwidth', bandwidth: '30' });
    await h.clock.advance(TIMINGS.eipSettleMs - 1);
    expect(await sdkError(modify({ allocationId: 'eip-web-traffic', bandwidth: '45' }))).toMatchObject({
      code: 'OperationFailed.ConcurrentRequest',
    });
    await h.clock.advance(1);
    await modify({ allocationId: 'eip-web-traffic', bandwidth: '45' });
    expect(bw('eip-web-traffic')).toBe(45);
  });
});
