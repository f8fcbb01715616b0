// DescribeCommonBandwidthPackages and ModifyCommonBandwidthPackageSpec through the official SDK: ranges per billing
// method and the asynchronous Modifying → Available transition on the emulator's VirtualClock.
import * as $Vpc from '@alicloud/vpc20160428';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { startVpcHarness, T0, TIMINGS, type VpcHarness } from './harness.js';

let h: VpcHarness;
beforeEach(async () => {
  h = await startVpcHarness();
});
afterEach(() => h.close());

const modify = (id: string, bandwidth: string, regionId = 'cn-hangzhou') =>
  h.client.modifyCommonBandwidthPackageSpec(
    new $Vpc.ModifyCommonBandwidthPackageSpecRequest({ regionId, bandwidthPackageId: id, bandwidth }),
  );
const describePkgs = (req: Record<string, unknown> = {}) =>
  h.client.describeCommonBandwidthPackages(
    new $Vpc.DescribeCommonBandwidthPackagesRequest({ regionId: 'cn-hangzhou', ...req }),
  );
const pkg = async (id: string) =>
  (await describePkgs({ bandwidthPackageId: id })).body?.commonBandwidthPackages?.commonBandwidthPackage?.[0];

describe('DescribeCommonBandwidthPackages', () => {
  it('lists the packages with their EIPs, billing method and status', async () => {
    const res = await describePkgs();
    expect(res.body?.totalCount).toBe(4);
    expect(await pkg('cbwp-shared')).toMatchObject({
      bandwidthPackageId: 'cbwp-shared',
      bandwidth: '100',
      internetChargeType: 'PayByBandwidth',
      instanceChargeType: 'PostPaid',
      status: 'Available',
      creationTime: '2025-03-10T08:00:00Z',
      publicIpAddresses: {
        publicIpAddresse: [
          { allocationId: 'eip-in-cbwp', ipAddress: '47.96.10.4', bandwidthPackageIpRelationStatus: 'BINDED' },
        ],
      },
    });
    expect(await pkg('cbwp-95')).toMatchObject({ internetChargeType: 'PayBy95', ratio: 20 });
  });

  it('PageSize 50 is accepted and 51 refused; another region is empty; DryRun answers DryRunOperation', async () => {
    await expect(describePkgs({ pageSize: 50 })).resolves.toBeDefined();
    expect(await sdkError(describePkgs({ pageSize: 51 }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect((await describePkgs({ regionId: 'cn-beijing' })).body?.totalCount).toBe(0);
    expect(await sdkError(describePkgs({ dryRun: true }))).toMatchObject({ code: 'DryRunOperation', statusCode: 400 });
  });
});

describe('ModifyCommonBandwidthPackageSpec', () => {
  it('is asynchronous: Modifying with the old bandwidth, then Available with the new one on the clock', async () => {
    await modify('cbwp-shared', '150');
    expect(await pkg('cbwp-shared')).toMatchObject({ status: 'Modifying', bandwidth: '100' });
    // The EIP in the package still sees the bandwidth in force.
    const eip = await h.client.describeEipAddresses(
      new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou', allocationId: 'eip-in-cbwp' }),
    );
    expect(eip.body?.eipAddresses?.eipAddress?.[0]?.bandwidthPackageBandwidth).toBe('100');
    // Only queries while Modifying.
    expect(await sdkError(modify('cbwp-shared', '200'))).toMatchObject({
      code: 'IncorrectStatus.CbwpModifying',
      statusCode: 400,
    });
    await h.clock.advance(TIMINGS.cbwpModifyMs - 1);
    expect(await pkg('cbwp-shared')).toMatchObject({ status: 'Modifying', bandwidth: '100' });
    await h.clock.advance(1);
    expect(await pkg('cbwp-shared')).toMatchObject({ status: 'Available', bandwidth: '150' });
    expect(h.vpc.state.changes()).toEqual([
      { atMs: T0, action: 'ModifyCommonBandwidthPackageSpec', resourceId: 'cbwp-shared', from: 100, to: 150 },
      {
        atMs: T0 + TIMINGS.cbwpModifyMs,
        action: 'CbwpModifyDone',
        resourceId: 'cbwp-shared',
        from: 100,
        to: 150,
      },
    ]);
    await modify('cbwp-shared', '200');
    expect(await pkg('cbwp-shared')).toMatchObject({ status: 'Modifying' });
  });

  it.each([
    { id: 'cbwp-shared', method: 'PayByBandwidth', min: 2, max: 20000 },
    { id: 'cbwp-95', method: 'PayBy95', min: 200, max: 20000 },
    { id: 'cbwp-dominant', method: 'PayByDominantTraffic', min: 1, max: 2000 },
  ])(
    '$method: $min and $max accepted, $min-1 and $max+1 refused (InvalidBandwidth.ValueNotSupported, 404)',
    async ({ id, min, max }) => {
      for (const bad of [min - 1, max + 1]) {
        expect(await sdkError(modify(id, String(bad)))).toMatchObject({
          code: 'InvalidBandwidth.ValueNotSupported',
          statusCode: 404,
        });
        expect(await pkg(id)).toMatchObject({ status: 'Available' });
      }
      for (const ok of [min, max]) {
        await modify(id, String(ok));
        await h.clock.advance(TIMINGS.cbwpModifyMs);
        expect((await pkg(id))?.bandwidth).toBe(String(ok));
      }
    },
  );

  it.each([
    { name: 'unknown package', args: ['cbwp-nope', '100'], code: 'InvalidBandwidthPackageId.NotFound', status: 404 },
    {
      name: 'other region',
      args: ['cbwp-shared', '100', 'cn-beijing'],
      code: 'InvalidBandwidthPackageId.NotFound',
      status: 404,
    },
    { name: 'subscription package', args: ['cbwp-prepaid', '120'], code: 'Forbidden.ChargeTypeIsPrepaid', status: 400 },
    { name: 'a malformed Bandwidth', args: ['cbwp-shared', '1e3'], code: 'InvalidParameter.Bandwidth', status: 400 },
    { name: 'no Bandwidth', args: ['cbwp-shared', ''], code: 'MissingParameter', status: 400 },
  ])(
    '$name: $code ($status), nothing changes',
    async ({ args, code, status }: { args: string[]; code: string; status: number }) => {
      const before = JSON.stringify(h.vpc.state.listPackages());
      expect(await sdkError(modify(args[0] ?? '', args[1] ?? '', args[2]))).toMatchObject({ code, statusCode: status });
      expect(JSON.stringify(h.vpc.state.listPackages())).toBe(before);
      expect(h.vpc.state.changes()).toEqual([]);
    },
  );
});
