import * as $Ecs from '@alicloud/ecs20140526';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { type Harness, startHarness, TIMINGS } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const stop = (instanceId: string, extra: Record<string, unknown> = {}) =>
  h.client.stopInstance(new $Ecs.StopInstanceRequest({ instanceId, ...extra }));
const start = (instanceId: string, extra: Record<string, unknown> = {}) =>
  h.client.startInstance(new $Ecs.StartInstanceRequest({ instanceId, ...extra }));
const status = (id: string) => h.ecs.state.get(id)?.status;

describe('StopInstance / StartInstance on the virtual clock', () => {
  it('moves Running → Stopping → Stopped → Starting → Running over time', async () => {
    const id = 'i-web-postpaid-bw';
    await stop(id, { stoppedMode: 'KeepCharging' });
    expect(status(id)).toBe('Stopping');
    await h.clock.advance(TIMINGS.stopMs - 1);
    expect(status(id)).toBe('Stopping');
    await h.clock.advance(1);
    const described = await h.client.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: JSON.stringify([id]) }),
    );
    expect(described.body?.instances?.instance?.[0]).toMatchObject({ status: 'Stopped', stoppedMode: 'KeepCharging' });
    await start(id);
    expect(status(id)).toBe('Starting');
    await h.clock.advance(TIMINGS.startMs);
    expect(status(id)).toBe('Running');
    expect(h.ecs.state.get(id)?.publicIp).toBe('47.96.10.11');
    expect(h.ecs.state.changes({ instanceId: id }).map((c) => c.action)).toEqual(['StopInstance', 'StartInstance']);
  });

  it('ForceStop stops faster', async () => {
    await stop('i-web-postpaid-bw', { forceStop: true });
    await h.clock.advance(TIMINGS.forceStopMs);
    expect(status('i-web-postpaid-bw')).toBe('Stopped');
  });

  it('StopCharging releases stock and the public IP; Start needs stock and assigns a new IP', async () => {
    const id = 'i-web-postpaid-bw';
    const before = h.ecs.state.stock('ecs.g7.large', 'cn-hangzhou-h') ?? 0;
    await stop(id, { stoppedMode: 'StopCharging' });
    await h.clock.advance(TIMINGS.stopMs);
    expect(h.ecs.state.get(id)).toMatchObject({ status: 'Stopped', stoppedMode: 'StopCharging' });
    expect(h.ecs.state.get(id)?.publicIp).toBeUndefined();
    expect(h.ecs.state.stock('ecs.g7.large', 'cn-hangzhou-h')).toBe(before + 1);
    h.ecs.state.setStock('ecs.g7.large', 'cn-hangzhou-h', 0);
    expect(await sdkError(start(id))).toMatchObject({ code: 'OperationDenied.NoStock', statusCode: 403 });
    h.ecs.state.setStock('ecs.g7.large', 'cn-hangzhou-h', 1);
    await start(id);
    expect(h.ecs.state.get(id)?.publicIp).toMatch(/^47\.96\./);
    expect(h.ecs.state.get(id)?.publicIp).not.toBe('47.96.10.11');
    expect(h.ecs.state.stock('ecs.g7.large', 'cn-hangzhou-h')).toBe(0);
  });

  it('a PrePaid instance ignores StopCharging (keeps its resources)', async () => {
    await stop('i-batch-prepaid-bw', { stoppedMode: 'StopCharging' });
    await h.clock.advance(TIMINGS.stopMs);
    expect(h.ecs.state.get('i-batch-prepaid-bw')).toMatchObject({
      status: 'Stopped',
      stoppedMode: 'KeepCharging',
      publicIp: '47.96.10.13',
    });
  });

  it.each([
    {
      name: 'stopping a Stopped instance',
      run: () => stop('i-stopped-postpaid'),
      code: 'IncorrectInstanceStatus',
      status: 403,
    },
    {
      name: 'starting a Running instance',
      run: () => start('i-web-postpaid-bw'),
      code: 'IncorrectInstanceStatus',
      status: 403,
    },
    {
      name: 'a security-locked instance',
      run: () => stop('i-security-locked'),
      code: 'InstanceLockedForSecurity',
      status: 403,
    },
    { name: 'an unknown instance', run: () => stop('i-nope'), code: 'InvalidInstanceId.NotFound', status: 404 },
    {
      name: 'a bad StoppedMode',
      run: () => stop('i-web-postpaid-bw', { stoppedMode: 'Hibernate' }),
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'DryRun stop',
      run: () => stop('i-web-postpaid-bw', { dryRun: true }),
      code: 'DryRunOperation',
      status: 400,
    },
    {
      name: 'DryRun start',
      run: () => start('i-stopped-postpaid', { dryRun: true }),
      code: 'DryRunOperation',
      status: 400,
    },
  ])('refuses $name with $code and changes nothing', async ({ run, code, status: httpStatus }) => {
    const before = h.ecs.state.list();
    expect(await sdkError(run())).toMatchObject({ code, statusCode: httpStatus });
    expect(h.ecs.state.list()).toEqual(before);
    expect(h.ecs.state.changes()).toEqual([]);
  });

  it('refuses a second stop while Stopping', async () => {
    await stop('i-web-postpaid-bw');
    expect(await sdkError(stop('i-web-postpaid-bw'))).toMatchObject({ code: 'IncorrectInstanceStatus' });
  });
});
