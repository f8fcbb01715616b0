import * as $Ecs from '@alicloud/ecs20140526';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { HOUR, type Harness, MINUTE, startHarness, T0, TIMINGS } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const modify = (req: Record<string, unknown>) => h.client.modifyInstanceSpec(new $Ecs.ModifyInstanceSpecRequest(req));
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const STOPPED = 'i-stopped-postpaid'; // ecs.g7.xlarge, PayByBandwidth 5 Mbps, zone h

describe('ModifyInstanceSpec: type changes', () => {
  it('changes the type of a Stopped instance at once and moves stock', async () => {
    const before = {
      to: h.ecs.state.stock('ecs.g7.2xlarge', 'cn-hangzhou-h')!,
      from: h.ecs.state.stock('ecs.g7.xlarge', 'cn-hangzhou-h')!,
    };
    await modify({ instanceId: STOPPED, instanceType: 'ecs.g7.2xlarge', clientToken: 'tok-up' });
    expect(h.ecs.state.get(STOPPED)?.instanceType).toBe('ecs.g7.2xlarge');
    expect(h.ecs.state.stock('ecs.g7.2xlarge', 'cn-hangzhou-h')).toBe(before.to - 1);
    expect(h.ecs.state.stock('ecs.g7.xlarge', 'cn-hangzhou-h')).toBe(before.from + 1);
    expect(h.ecs.state.changes()).toEqual([
      expect.objectContaining({
        action: 'ModifyInstanceSpec',
        instanceId: STOPPED,
        clientToken: 'tok-up',
        atMs: T0,
        summary: 'type ecs.g7.xlarge → ecs.g7.2xlarge',
      }),
    ]);
  });

  it('runs the full stop → modify → start cycle on the clock', async () => {
    const id = 'i-web-postpaid-bw';
    await h.client.stopInstance(new $Ecs.StopInstanceRequest({ instanceId: id, stoppedMode: 'KeepCharging' }));
    expect(await sdkError(modify({ instanceId: id, instanceType: 'ecs.g7.xlarge' }))).toMatchObject({
      code: 'InvalidInstanceStatus.NotStopped',
    });
    await h.clock.advance(TIMINGS.stopMs);
    await modify({ instanceId: id, instanceType: 'ecs.g7.xlarge' });
    await h.client.startInstance(new $Ecs.StartInstanceRequest({ instanceId: id }));
    await h.clock.advance(TIMINGS.startMs);
    expect(h.ecs.state.get(id)).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.xlarge' });
  });

  it.each([
    {
      name: 'a Running instance',
      req: { instanceId: 'i-web-postpaid-bw', instanceType: 'ecs.g7.xlarge' },
      code: 'InvalidInstanceStatus.NotStopped',
      status: 400,
    },
    {
      name: 'type and bandwidth together',
      req: { instanceId: STOPPED, instanceType: 'ecs.g7.large', internetMaxBandwidthOut: 5 },
      code: 'InvalidParameter.Mismatch',
      status: 400,
    },
    { name: 'nothing to change', req: { instanceId: STOPPED }, code: 'MissingParameter', status: 400 },
    {
      name: 'an unknown type',
      req: { instanceId: STOPPED, instanceType: 'ecs.x9.large' },
      code: 'InvalidInstanceType.ValueNotSupported',
      status: 400,
    },
    {
      name: 'a sold-out type',
      req: { instanceId: STOPPED, instanceType: 'ecs.g7.8xlarge' },
      code: 'OperationDenied.NoStock',
      status: 403,
    },
    {
      name: 'the current type',
      req: { instanceId: STOPPED, instanceType: 'ecs.g7.xlarge' },
      code: 'DependencyViolation.InstanceType',
      status: 400,
    },
    {
      name: 'a PrePaid instance',
      req: { instanceId: 'i-batch-prepaid-bw', internetMaxBandwidthOut: 5 },
      code: 'ChargeTypeViolation',
      status: 403,
    },
    {
      name: 'a security-locked instance',
      req: { instanceId: 'i-security-locked', internetMaxBandwidthOut: 6 },
      code: 'InstanceLockedForSecurity',
      status: 403,
    },
    {
      name: 'an unknown instance',
      req: { instanceId: 'i-nope', instanceType: 'ecs.g7.large' },
      code: 'InvalidInstanceId.NotFound',
      status: 404,
    },
    {
      name: 'bandwidth above 100',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 101 },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'InternetMaxBandwidthIn above 10 when out ≤ 10',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 8, internetMaxBandwidthIn: 11 },
      code: 'InvalidParameter.Bandwidth',
      status: 400,
    },
    {
      name: 'InternetMaxBandwidthIn above out',
      req: { instanceId: 'i-web-postpaid-bw', internetMaxBandwidthOut: 30, internetMaxBandwidthIn: 31 },
      code: 'InvalidParameter.Bandwidth',
      status: 400,
    },
    {
      name: 'bandwidth of an EIP-bound instance',
      req: { instanceId: 'i-eip-bound', internetMaxBandwidthOut: 10 },
      code: 'InvalidInstance.EipNotSupport',
      status: 403,
    },
    {
      name: 'a temporary upgrade on an EIP-bound instance',
      req: {
        instanceId: 'i-eip-bound',
        temporary: { internetMaxBandwidthOut: 10, startTime: iso(T0), endTime: iso(T0 + 4 * HOUR) },
      },
      code: 'BandwidthUpgradeDenied.EipBoundInstance',
      status: 400,
    },
    {
      name: 'a temporary upgrade without StartTime',
      req: { instanceId: 'i-web-postpaid-bw', temporary: { internetMaxBandwidthOut: 20, endTime: iso(T0 + 4 * HOUR) } },
      code: 'MissingTemporary.StartTime',
      status: 404,
    },
    {
      name: 'a temporary upgrade without EndTime',
      req: { instanceId: 'i-web-postpaid-bw', temporary: { internetMaxBandwidthOut: 20, startTime: iso(T0) } },
      code: 'MissingTemporary.EndTime',
      status: 404,
    },
    {
      name: 'a malformed Temporary.StartTime',
      req: {
        instanceId: 'i-web-postpaid-bw',
        temporary: { internetMaxBandwidthOut: 20, startTime: 'tomorrow', endTime: iso(T0 + 4 * HOUR) },
      },
      code: 'InvalidTemporary.StartTime',
      status: 400,
    },
    {
      name: 'a temporary window under 3 h',
      req: {
        instanceId: 'i-web-postpaid-bw',
        temporary: { internetMaxBandwidthOut: 20, startTime: iso(T0), endTime: iso(T0 + 2 * HOUR) },
      },
      code: 'InvalidTemporary.EndTime',
      status: 400,
    },
    {
      name: 'a temporary bandwidth below the current one',
      req: {
        instanceId: 'i-web-postpaid-bw',
        temporary: { internetMaxBandwidthOut: 5, startTime: iso(T0), endTime: iso(T0 + 4 * HOUR) },
      },
      code: 'InvalidParameter.Bandwidth',
      status: 400,
    },
    {
      name: 'DryRun (all checks passed)',
      req: { instanceId: STOPPED, instanceType: 'ecs.g7.large', dryRun: true },
      code: 'DryRunOperation',
      status: 400,
    },
  ])('refuses $name with $code and changes nothing', async ({ req, code, status }) => {
    const before = h.ecs.state.list();
    expect(await sdkError(modify(req))).toMatchObject({ code, statusCode: status });
    expect(h.ecs.state.list()).toEqual(before);
    expect(h.ecs.state.changes()).toEqual([]);
  });

  it('reports a DryRun that would fail with the real error, not DryRunOperation', async () => {
    expect(
      await sdkError(modify({ instanceId: 'i-web-postpaid-bw', instanceType: 'ecs.g7.xlarge', dryRun: true })),
    ).toMatchObject({
      code: 'InvalidInstanceStatus.NotStopped',
    });
  });
});

describe('ModifyInstanceSpec: bandwidth and spacing', () => {
  it.each([
    { name: 'upgrade on Running', id: 'i-web-postpaid-bw', out: 40, inMbps: undefined, expectedIn: 40 },
    { name: 'downgrade on Stopped', id: STOPPED, out: 2, inMbps: undefined, expectedIn: 10 },
    { name: 'explicit inbound', id: 'i-web-postpaid-bw', out: 30, inMbps: 12, expectedIn: 12 },
  ])('applies a $name', async ({ id, out, inMbps, expectedIn }) => {
    await modify({
      instanceId: id,
      internetMaxBandwidthOut: out,
      ...(inMbps ? { internetMaxBandwidthIn: inMbps } : {}),
    });
    expect(h.ecs.state.get(id)).toMatchObject({ bandwidthOutMbps: out, bandwidthInMbps: expectedIn });
  });

  it('refuses a second change within 5 minutes (Throttling) and accepts it afterwards', async () => {
    const id = 'i-web-postpaid-bw';
    await modify({ instanceId: id, internetMaxBandwidthOut: 20 });
    await h.clock.advance(4 * MINUTE);
    expect(await sdkError(modify({ instanceId: id, internetMaxBandwidthOut: 30 }))).toMatchObject({
      code: 'Throttling',
      statusCode: 400,
    });
    await h.clock.advance(MINUTE);
    await modify({ instanceId: id, internetMaxBandwidthOut: 30 });
    expect(h.ecs.state.get(id)?.bandwidthOutMbps).toBe(30);
  });

  it('applies a legacy Temporary.* upgrade and reverts it at EndTime', async () => {
    const id = 'i-web-postpaid-bw';
    await modify({
      instanceId: id,
      temporary: { internetMaxBandwidthOut: 60, startTime: iso(T0), endTime: iso(T0 + 3 * HOUR) },
    });
    expect(h.ecs.state.get(id)?.effectiveBandwidthOutMbps).toBe(60);
    await h.clock.advance(3 * HOUR);
    expect(h.ecs.state.get(id)?.effectiveBandwidthOutMbps).toBe(10);
    expect(h.ecs.state.changes({ action: 'TemporaryBandwidthRevert' })).toEqual([
      expect.objectContaining({ atMs: T0 + 3 * HOUR }),
    ]);
  });
});
