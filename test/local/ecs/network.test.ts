import * as $Ecs from '@alicloud/ecs20140526';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { HOUR, type Harness, hourAt, MINUTE, minuteAt, startHarness, T0, TIMINGS } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const net = (req: Record<string, unknown>) =>
  h.client.modifyInstanceNetworkSpec(new $Ecs.ModifyInstanceNetworkSpecRequest(req));
const PREPAID_BW = 'i-batch-prepaid-bw'; // PrePaid PayByBandwidth 20 Mbps
const temp = (out: number, startOffsetMs: number, endOffsetMs: number) => ({
  instanceId: PREPAID_BW,
  internetMaxBandwidthOut: out,
  startTime: minuteAt(startOffsetMs),
  endTime: hourAt(endOffsetMs),
});

describe('ModifyInstanceNetworkSpec: permanent changes', () => {
  it.each([
    {
      name: 'PostPaid PayByBandwidth up to 100',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 100 },
      out: 100,
      inMbps: 100,
    },
    {
      name: 'PrePaid PayByBandwidth up to 200',
      req: { instanceId: PREPAID_BW, internetMaxBandwidthOut: 200 },
      out: 200,
      inMbps: 200,
    },
    {
      name: 'PayByTraffic down to 0',
      req: { instanceId: 'i-web-postpaid-traffic', internetMaxBandwidthOut: 0 },
      out: 0,
      inMbps: 10,
    },
    {
      name: 'out ≤ 10 with inbound 1',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 10, internetMaxBandwidthIn: 1 },
      out: 10,
      inMbps: 1,
    },
    {
      name: 'a Stopped instance',
      req: { instanceId: 'i-stopped-postpaid', internetMaxBandwidthOut: 20 },
      out: 20,
      inMbps: 20,
    },
  ])('applies $name', async ({ req, out, inMbps }) => {
    const res = await net(req);
    // OrderId: "returned only when you modify the bandwidth configuration of a subscription (PrePaid) instance".
    if (req.instanceId === PREPAID_BW) expect(res.body?.orderId).toMatch(/^\d+$/);
    else expect(res.body?.orderId).toBeUndefined();
    expect(h.ecs.state.get(req.instanceId)).toMatchObject({ bandwidthOutMbps: out, bandwidthInMbps: inMbps });
    expect(h.ecs.state.changes()).toHaveLength(1);
  });

  it.each([
    {
      name: 'PostPaid without AllocatePublicIp gets no address',
      id: 'i-no-public-ip',
      allocate: undefined,
      hasIp: false,
    },
    { name: 'PostPaid with AllocatePublicIp=true gets an address', id: 'i-no-public-ip', allocate: true, hasIp: true },
  ])('0 → N: $name', async ({ id, allocate, hasIp }) => {
    await net({ instanceId: id, internetMaxBandwidthOut: 5, ...(allocate ? { allocatePublicIp: allocate } : {}) });
    expect(h.ecs.state.get(id)?.bandwidthOutMbps).toBe(5);
    expect(Boolean(h.ecs.state.get(id)?.publicIp)).toBe(hasIp);
  });

  it('0 → N on PrePaid assigns an address automatically', async () => {
    await net({ instanceId: PREPAID_BW, internetMaxBandwidthOut: 0 });
    await h.clock.advance(5 * MINUTE);
    h.ecs.state.mutable(PREPAID_BW)!.publicIp = undefined as never;
    await net({ instanceId: PREPAID_BW, internetMaxBandwidthOut: 8 });
    expect(h.ecs.state.get(PREPAID_BW)?.publicIp).toMatch(/^47\.96\./);
  });

  it.each([
    {
      name: 'PayByTraffic → PayByBandwidth keeps the bandwidth',
      id: 'i-web-postpaid-traffic',
      to: 'PayByBandwidth',
      out: undefined,
      expectedOut: 50,
    },
    {
      name: 'PayByBandwidth → PayByTraffic with a new bandwidth',
      id: 'i-web-postpaid-bw',
      to: 'PayByTraffic',
      out: 30,
      expectedOut: 30,
    },
  ])('converts the billing method: $name', async ({ id, to, out, expectedOut }) => {
    await net({
      instanceId: id,
      networkChargeType: to,
      ...(out !== undefined ? { internetMaxBandwidthOut: out } : {}),
    });
    expect(h.ecs.state.get(id)).toMatchObject({ internetChargeType: to, bandwidthOutMbps: expectedOut });
  });

  it.each([
    {
      name: 'PostPaid PayByBandwidth above 100',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 101 },
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      status: 400,
    },
    {
      name: 'PrePaid PayByBandwidth above 200',
      req: { instanceId: PREPAID_BW, internetMaxBandwidthOut: 201 },
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      status: 400,
    },
    {
      name: 'PrePaid PayByTraffic above 100',
      req: { instanceId: 'i-api-prepaid-traffic', internetMaxBandwidthOut: 150 },
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      status: 400,
    },
    {
      name: 'switching to PayByTraffic at 150 Mbps',
      req: { instanceId: PREPAID_BW, internetMaxBandwidthOut: 150, networkChargeType: 'PayByTraffic' },
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      status: 400,
    },
    {
      name: 'inbound 11 with out ≤ 10',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 5, internetMaxBandwidthIn: 11 },
      code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported',
      status: 400,
    },
    {
      name: 'inbound 0',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 20, internetMaxBandwidthIn: 0 },
      code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported',
      status: 400,
    },
    {
      name: 'an unknown billing method',
      req: { instanceId: 'i-web-postpaid-bw', networkChargeType: 'PayByMagic' },
      code: 'InvalidInternetChargeType.ValueNotSupported',
      status: 400,
    },
    {
      name: 'AllocatePublicIp with 0 Mbps',
      req: { instanceId: 'i-no-public-ip', internetMaxBandwidthOut: 0, allocatePublicIp: true },
      code: 'InvalidParam.AllocatePublicIp',
      status: 400,
    },
    {
      name: 'an EIP-bound instance',
      req: { instanceId: 'i-eip-bound', internetMaxBandwidthOut: 10 },
      code: 'InvalidInstance.InstanceNotSupported',
      status: 403,
    },
    {
      name: 'a security-locked instance',
      req: { instanceId: 'i-security-locked', internetMaxBandwidthOut: 10 },
      code: 'InstanceLockedForSecurity',
      status: 403,
    },
    {
      name: 'an unknown instance',
      req: { instanceId: 'i-nope', internetMaxBandwidthOut: 10 },
      code: 'InvalidInstanceId.NotFound',
      status: 404,
    },
    { name: 'no change requested', req: { instanceId: 'i-web-postpaid-bw' }, code: 'MissingParameter', status: 400 },
    {
      name: 'a ClientToken over 64 characters',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 20, clientToken: 'x'.repeat(65) },
      code: 'InvalidClientToken.ValueNotSupported',
      status: 400,
    },
    {
      name: 'a non-ASCII ClientToken',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 20, clientToken: 'tök' },
      code: 'InvalidClientToken.ValueNotSupported',
      status: 400,
    },
  ])('refuses $name with $code and changes nothing', async ({ req, code, status }) => {
    const before = h.ecs.state.list();
    expect(await sdkError(net(req))).toMatchObject({ code, statusCode: status });
    expect(h.ecs.state.list()).toEqual(before);
    expect(h.ecs.state.changes()).toEqual([]);
  });

  it('refuses an instance that is Stopping (InvalidOperation.InstanceStatusUnsupported)', async () => {
    await h.client.stopInstance(new $Ecs.StopInstanceRequest({ instanceId: 'i-web-postpaid-bw' }));
    expect(await sdkError(net({ instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 20 }))).toMatchObject({
      code: 'InvalidOperation.InstanceStatusUnsupported',
      statusCode: 400,
    });
    await h.clock.advance(TIMINGS.stopMs);
    await net({ instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 20 });
  });
});

describe('ModifyInstanceNetworkSpec: downgrade quota and spacing (subscription)', () => {
  it('counts downgrades, spaces them 5 minutes apart and refuses the 4th', async () => {
    for (const out of [18, 16, 14]) {
      await net({ instanceId: PREPAID_BW, internetMaxBandwidthOut: out });
      // Within 5 minutes: the spacing rule, until the quota is spent (the quota is checked first).
      const expected = out === 14 ? 'InstanceDowngrade.QuotaExceed' : 'Throttling';
      expect(await sdkError(net({ instanceId: PREPAID_BW, internetMaxBandwidthOut: out - 1 }))).toMatchObject({
        code: expected,
      });
      await h.clock.advance(5 * MINUTE);
    }
    expect(h.ecs.state.get(PREPAID_BW)?.downgradeCount).toBe(3);
    expect(await sdkError(net({ instanceId: PREPAID_BW, internetMaxBandwidthOut: 10 }))).toMatchObject({
      code: 'InstanceDowngrade.QuotaExceed',
      statusCode: 400,
    });
    await net({ instanceId: PREPAID_BW, internetMaxBandwidthOut: 50 }); // upgrades stay allowed
    expect(h.ecs.state.get(PREPAID_BW)?.bandwidthOutMbps).toBe(50);
  });

  it('does not count PostPaid downgrades against a quota', async () => {
    for (const out of [9, 8, 7, 6, 5]) {
      await net({ instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: out });
      await h.clock.advance(5 * MINUTE);
    }
    expect(h.ecs.state.get('i-web-postpaid-bw')?.bandwidthOutMbps).toBe(5);
  });
});

describe('ModifyInstanceNetworkSpec: temporary upgrades', () => {
  it('upgrades between StartTime and EndTime and reverts by itself', async () => {
    await net(temp(80, 10 * MINUTE, 4 * HOUR));
    const bw = () => h.ecs.state.get(PREPAID_BW)?.effectiveBandwidthOutMbps;
    expect(bw()).toBe(20);
    await h.clock.advance(10 * MINUTE);
    expect(bw()).toBe(80);
    const described = await h.client.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: JSON.stringify([PREPAID_BW]) }),
    );
    expect(described.body?.instances?.instance?.[0]?.internetMaxBandwidthOut).toBe(80);
    await h.clock.advance(4 * HOUR - 10 * MINUTE);
    expect(bw()).toBe(20);
    expect(h.ecs.state.get(PREPAID_BW)?.downgradeCount).toBe(0);
    expect(h.ecs.state.changes().map((c) => [c.action, c.atMs])).toEqual([
      ['ModifyInstanceNetworkSpec', T0],
      ['TemporaryBandwidthRevert', T0 + 4 * HOUR],
    ]);
  });

  it.each([
    { name: 'a start in the past', req: temp(80, -2 * MINUTE, 4 * HOUR), code: 'InvalidStartTime.ValueNotSupported' },
    {
      name: 'a start with seconds',
      req: { ...temp(80, 0, 4 * HOUR), startTime: `${minuteAt(0).slice(0, 16)}:30Z` },
      code: 'InvalidStartTime.ValueNotSupported',
    },
    {
      name: 'an end with minutes',
      req: { ...temp(80, 0, 4 * HOUR), endTime: minuteAt(4 * HOUR) },
      code: 'InvalidEndTime.ValueNotSupported',
    },
    { name: 'a window under 3 hours', req: temp(80, 0, 2 * HOUR), code: 'InvalidEndTime.ValueNotSupported' },
    { name: 'an end before the start', req: temp(80, 5 * HOUR, 4 * HOUR), code: 'InvalidEndTime.ValueNotSupported' },
    {
      name: 'EndTime without StartTime',
      req: { instanceId: PREPAID_BW, internetMaxBandwidthOut: 80, endTime: hourAt(4 * HOUR) },
      code: 'InvalidStartTime.ValueNotSupported',
    },
    {
      name: 'a bandwidth lower than the current one',
      req: temp(10, 0, 4 * HOUR),
      code: 'InvalidBandwidth.ValueNotSupported',
    },
    {
      name: 'an end beyond the subscription',
      req: { ...temp(80, 0, 4 * HOUR), endTime: '2100-01-01T00Z' },
      code: 'InvalidEndTime.BeyondLifeCycle',
    },
    {
      name: 'a PostPaid instance',
      req: { ...temp(80, 0, 4 * HOUR), instanceId: 'i-web-postpaid-bw' },
      code: 'ChargeTypeViolation',
    },
    {
      name: 'a PayByTraffic subscription',
      req: { ...temp(100, 0, 4 * HOUR), instanceId: 'i-api-prepaid-traffic' },
      code: 'ChargeTypeViolation',
    },
    {
      name: 'an EIP-bound instance',
      req: { ...temp(80, 0, 4 * HOUR), instanceId: 'i-eip-bound' },
      code: 'BandwidthUpgradeDenied.EipBoundInstance',
    },
    {
      name: 'a billing-method change at the same time',
      req: { ...temp(80, 0, 4 * HOUR), networkChargeType: 'PayByTraffic' },
      code: 'InvalidParameter.Conflict',
    },
  ])('refuses $name with $code', async ({ req, code }) => {
    expect(await sdkError(net(req))).toMatchObject({ code });
    expect(h.ecs.state.changes()).toEqual([]);
  });
});
