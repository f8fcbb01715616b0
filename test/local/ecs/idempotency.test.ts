import * as $Ecs from '@alicloud/ecs20140526';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { HOUR, type Harness, MINUTE, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const calls = {
  ModifyInstanceNetworkSpec: (token: string, out: number) =>
    h.client.modifyInstanceNetworkSpec(
      new $Ecs.ModifyInstanceNetworkSpecRequest({
        instanceId: 'i-web-postpaid-bw',
        internetMaxBandwidthOut: out,
        clientToken: token,
      }),
    ),
  ModifyInstanceSpec: (token: string, out: number) =>
    h.client.modifyInstanceSpec(
      new $Ecs.ModifyInstanceSpecRequest({
        instanceId: 'i-web-postpaid-bw',
        internetMaxBandwidthOut: out,
        clientToken: token,
      }),
    ),
  ModifyPrepayInstanceSpec: (token: string, out: number) =>
    h.client.modifyPrepayInstanceSpec(
      new $Ecs.ModifyPrepayInstanceSpecRequest({
        instanceId: 'i-batch-prepaid-bw',
        regionId: 'cn-hangzhou',
        instanceType: out > 20 ? 'ecs.c7.4xlarge' : 'ecs.c7.2xlarge',
        clientToken: token,
      }),
    ),
};

describe('ClientToken idempotence', () => {
  it.each([
    { action: 'ModifyInstanceNetworkSpec' as const, mismatch: 'IdempotentParameterMismatch' },
    { action: 'ModifyInstanceSpec' as const, mismatch: 'IdempotenceParamNotMatch' },
    { action: 'ModifyPrepayInstanceSpec' as const, mismatch: 'IdempotenceParamNotMatch' },
  ])(
    '$action: same token + same parameters → same result, one change; other parameters → $mismatch',
    async ({ action, mismatch }) => {
      const call = calls[action];
      const first = await call('tok-A', 15);
      const again = await call('tok-A', 15);
      expect(again.body?.toMap()).toEqual({ ...first.body?.toMap(), RequestId: again.body?.requestId });
      expect(again.body?.requestId).not.toBe(first.body?.requestId);
      expect(h.ecs.state.changes({ action })).toHaveLength(1);
      expect(await sdkError(call('tok-A', 30))).toMatchObject({ code: mismatch, statusCode: 400 });
      expect(h.ecs.state.changes({ action })).toHaveLength(1);
    },
  );

  it('replays even when the instance has changed since (the first result, not a re-evaluation)', async () => {
    await calls.ModifyInstanceNetworkSpec('tok-B', 40);
    await h.clock.advance(10 * MINUTE);
    await calls.ModifyInstanceNetworkSpec('tok-C', 20); // a downgrade, which now blocks downgrades for 5 min
    await calls.ModifyInstanceNetworkSpec('tok-B', 40);
    expect(h.ecs.state.get('i-web-postpaid-bw')?.bandwidthOutMbps).toBe(20);
    expect(h.ecs.state.changes()).toHaveLength(2);
  });

  it('does not remember a failed call, so a corrected retry with the same token succeeds', async () => {
    expect(await sdkError(calls.ModifyInstanceNetworkSpec('tok-D', 500))).toMatchObject({
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
    });
    await calls.ModifyInstanceNetworkSpec('tok-D', 50);
    expect(h.ecs.state.get('i-web-postpaid-bw')?.bandwidthOutMbps).toBe(50);
  });

  it('keeps tokens for 24 h of emulator time', async () => {
    await calls.ModifyInstanceNetworkSpec('tok-E', 40);
    await h.clock.advance(24 * HOUR);
    await calls.ModifyInstanceNetworkSpec('tok-E', 40);
    expect(h.ecs.state.changes()).toHaveLength(1);
    await h.clock.advance(1);
    await calls.ModifyInstanceNetworkSpec('tok-E', 40); // forgotten: applied again (a no-op change, logged)
    expect(h.ecs.state.changes()).toHaveLength(2);
  });

  it('counts every call per action', async () => {
    await calls.ModifyInstanceNetworkSpec('tok-F', 40);
    await calls.ModifyInstanceNetworkSpec('tok-F', 40);
    await sdkError(calls.ModifyInstanceNetworkSpec('tok-F', 41));
    expect(h.ecs.state.apiCallCount('ModifyInstanceNetworkSpec')).toBe(3);
    expect(h.ecs.state.apiCallCount()).toBe(3);
    expect(h.ecs.state.apiCalls().map((c) => c.code ?? c.httpStatus)).toEqual([
      200,
      200,
      'IdempotentParameterMismatch',
    ]);
  });
});
