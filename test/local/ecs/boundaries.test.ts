// Exact boundaries of the bandwidth and temporary-window rules: each charge type's maximum is accepted and the
// maximum + 1 refused, and a temporary window of exactly 3 hours is accepted (one minute less is refused). Without
// these, raising a cap (e.g. pay-by-traffic 100 → 120) or tightening the window passed every other test.
import * as $Ecs from '@alicloud/ecs20140526';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { HOUR, type Harness, hourAt, MINUTE, minuteAt, startHarness, T0 } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const net = (req: Record<string, unknown>) =>
  h.client.modifyInstanceNetworkSpec(new $Ecs.ModifyInstanceNetworkSpecRequest(req));
const spec = (req: Record<string, unknown>) => h.client.modifyInstanceSpec(new $Ecs.ModifyInstanceSpecRequest(req));
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

const NETWORK_MAX = [
  { charge: 'PostPaid PayByBandwidth', instanceId: 'i-web-postpaid-bw', max: 100 },
  { charge: 'PostPaid PayByTraffic', instanceId: 'i-web-postpaid-traffic', max: 100 },
  { charge: 'PrePaid PayByBandwidth', instanceId: 'i-batch-prepaid-bw', max: 200 },
  { charge: 'PrePaid PayByTraffic', instanceId: 'i-api-prepaid-traffic', max: 100 },
  {
    charge: 'PrePaid PayByTraffic → PayByBandwidth',
    instanceId: 'i-api-prepaid-traffic',
    max: 200,
    to: 'PayByBandwidth',
  },
  { charge: 'PostPaid PayByBandwidth → PayByTraffic', instanceId: 'i-web-postpaid-bw', max: 100, to: 'PayByTraffic' },
];

describe('ModifyInstanceNetworkSpec: the maximum of each charge type', () => {
  it.each(NETWORK_MAX)('$charge: $max accepted', async ({ instanceId, max, to }) => {
    await net({ instanceId, internetMaxBandwidthOut: max, ...(to ? { networkChargeType: to } : {}) });
    expect(h.ecs.state.get(instanceId)?.bandwidthOutMbps).toBe(max);
  });
  it.each(NETWORK_MAX)('$charge: $max + 1 refused, nothing changed', async ({ instanceId, max, to }) => {
    const before = h.ecs.state.get(instanceId)?.bandwidthOutMbps;
    const err = await sdkError(
      net({ instanceId, internetMaxBandwidthOut: max + 1, ...(to ? { networkChargeType: to } : {}) }),
    );
    expect(err).toMatchObject({ code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported', statusCode: 400 });
    expect(h.ecs.state.get(instanceId)?.bandwidthOutMbps).toBe(before);
  });
});

describe('ModifyInstanceSpec (pay-as-you-go): 100 Mbps for both charge types', () => {
  it.each(['i-web-postpaid-bw', 'i-web-postpaid-traffic'])('%s: 100 accepted, 101 refused', async (instanceId) => {
    const err = await sdkError(spec({ instanceId, internetMaxBandwidthOut: 101 }));
    expect(err).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    await spec({ instanceId, internetMaxBandwidthOut: 100 });
    expect(h.ecs.state.get(instanceId)?.bandwidthOutMbps).toBe(100);
  });
  it('Temporary.InternetMaxBandwidthOut: 100 accepted, 101 refused', async () => {
    const temporary = (out: number) => ({
      internetMaxBandwidthOut: out,
      startTime: iso(T0),
      endTime: iso(T0 + 3 * HOUR),
    });
    const err = await sdkError(spec({ instanceId: 'i-web-postpaid-bw', temporary: temporary(101) }));
    expect(err).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    await spec({ instanceId: 'i-web-postpaid-bw', temporary: temporary(100) });
    expect(h.ecs.state.get('i-web-postpaid-bw')?.temporaryBandwidth?.bandwidthOutMbps).toBe(100);
  });
});

describe('a temporary window of exactly 3 hours', () => {
  it('ModifyInstanceNetworkSpec: 08:00 → 11Z accepted, 08:01 → 11Z (2 h 59 min) refused', async () => {
    const req = (startMs: number) => ({
      instanceId: 'i-batch-prepaid-bw',
      internetMaxBandwidthOut: 50,
      startTime: minuteAt(startMs),
      endTime: hourAt(3 * HOUR),
    });
    const err = await sdkError(net(req(MINUTE)));
    expect(err).toMatchObject({ code: 'InvalidEndTime.ValueNotSupported', statusCode: 400 });
    await net(req(0));
    expect(h.ecs.state.get('i-batch-prepaid-bw')?.temporaryBandwidth).toMatchObject({
      startMs: T0,
      endMs: T0 + 3 * HOUR,
      bandwidthOutMbps: 50,
    });
  });
  it('ModifyInstanceSpec Temporary.*: exactly 3 h accepted, 3 h − 1 min refused', async () => {
    const req = (endMs: number) => ({
      instanceId: 'i-web-postpaid-bw',
      temporary: { internetMaxBandwidthOut: 50, startTime: iso(T0), endTime: iso(endMs) },
    });
    const err = await sdkError(spec(req(T0 + 3 * HOUR - MINUTE)));
    expect(err).toMatchObject({ code: 'InvalidTemporary.EndTime', statusCode: 400 });
    await spec(req(T0 + 3 * HOUR));
    expect(h.ecs.state.get('i-web-postpaid-bw')?.temporaryBandwidth).toMatchObject({ endMs: T0 + 3 * HOUR });
  });
});
