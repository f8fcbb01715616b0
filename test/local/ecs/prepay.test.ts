import * as $Ecs from '@alicloud/ecs20140526';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { HOUR, type Harness, MINUTE, startHarness, T0, TIMINGS } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const ID = 'i-batch-prepaid-bw'; // PrePaid ecs.c7.xlarge, Running, zone h
const prepay = (req: Record<string, unknown>) =>
  h.client.modifyPrepayInstanceSpec(
    new $Ecs.ModifyPrepayInstanceSpecRequest({ regionId: 'cn-hangzhou', instanceId: ID, ...req }),
  );
const stopNow = async (id = ID) => {
  await h.client.stopInstance(new $Ecs.StopInstanceRequest({ instanceId: id }));
  await h.clock.advance(TIMINGS.stopMs);
};
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

describe('ModifyPrepayInstanceSpec', () => {
  it('upgrades a Running instance and returns an OrderId', async () => {
    const res = await prepay({ instanceType: 'ecs.c7.2xlarge', operatorType: 'upgrade', clientToken: 'up-1' });
    expect(res.body?.orderId).toMatch(/^\d+$/);
    expect(h.ecs.state.get(ID)).toMatchObject({ instanceType: 'ecs.c7.2xlarge', status: 'Running', downgradeCount: 0 });
  });

  it('RebootWhenFinished restarts a Running instance on the clock', async () => {
    await prepay({ instanceType: 'ecs.c7.2xlarge', rebootWhenFinished: true });
    expect(h.ecs.state.get(ID)?.status).toBe('Stopping');
    await h.clock.advance(TIMINGS.stopMs);
    expect(h.ecs.state.get(ID)?.status).toBe('Starting');
    await h.clock.advance(TIMINGS.startMs);
    expect(h.ecs.state.get(ID)?.status).toBe('Running');
  });

  it('counts downgrades (Stopped only), spaces them 5 minutes apart and refuses the 4th', async () => {
    expect(await sdkError(prepay({ instanceType: 'ecs.c7.large', operatorType: 'downgrade' }))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    await stopNow();
    const ladder = ['ecs.c7.large', 'ecs.c7.xlarge', 'ecs.c7.large', 'ecs.c7.xlarge', 'ecs.c7.large'];
    // large (down 1), xlarge (up), large (down 2), xlarge (up), large (down 3)
    for (const type of ladder) {
      await prepay({ instanceType: type });
      await h.clock.advance(5 * MINUTE);
    }
    expect(h.ecs.state.get(ID)).toMatchObject({ instanceType: 'ecs.c7.large', downgradeCount: 3 });
    await prepay({ instanceType: 'ecs.c7.xlarge' });
    await h.clock.advance(5 * MINUTE);
    expect(await sdkError(prepay({ instanceType: 'ecs.c7.large' }))).toMatchObject({
      code: 'InstanceDowngrade.QuotaExceed',
    });
  });

  it('refuses a downgrade within 5 minutes of the previous one', async () => {
    await stopNow();
    await prepay({ instanceType: 'ecs.c7.large' });
    await prepay({ instanceType: 'ecs.c7.xlarge' });
    expect(await sdkError(prepay({ instanceType: 'ecs.c7.large' }))).toMatchObject({ code: 'Throttling' });
  });

  it('reverts a temporary upgrade (EndTime) by itself and then allows changes again', async () => {
    await prepay({ instanceType: 'ecs.c7.2xlarge', endTime: iso(T0 + 2 * HOUR) });
    expect(await sdkError(prepay({ instanceType: 'ecs.c7.4xlarge' }))).toMatchObject({
      code: 'InvalidAction.WithActiveElasticUpgrade',
    });
    expect(
      await sdkError(
        h.client.modifyInstanceNetworkSpec(
          new $Ecs.ModifyInstanceNetworkSpecRequest({ instanceId: ID, internetMaxBandwidthOut: 30 }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidAction.WithActiveElasticUpgrade' });
    await h.clock.advance(2 * HOUR);
    expect(h.ecs.state.get(ID)?.instanceType).toBe('ecs.c7.xlarge');
    expect(h.ecs.state.changes().map((c) => [c.action, c.atMs])).toEqual([
      ['ModifyPrepayInstanceSpec', T0],
      ['TemporaryTypeRevert', T0 + 2 * HOUR],
    ]);
    await prepay({ instanceType: 'ecs.c7.4xlarge' });
  });

  it.each([
    {
      name: 'a PostPaid instance',
      req: { instanceId: 'i-web-postpaid-bw', instanceType: 'ecs.g7.xlarge' },
      code: 'InvalidInstanceChargeType.ValueNotSupported',
      status: 400,
    },
    { name: 'a missing InstanceType', req: {}, code: 'MissingParameter', status: 400 },
    {
      name: 'an unknown type',
      req: { instanceType: 'ecs.x1.large' },
      code: 'InvalidInstanceType.ValueNotSupported',
      status: 400,
    },
    {
      name: 'a type the zone does not offer',
      req: { instanceId: 'i-api-prepaid-traffic', instanceType: 'ecs.g7.8xlarge' },
      code: 'InvalidInstanceType.ValueNotSupported',
      status: 403,
    },
    { name: 'a sold-out type', req: { instanceType: 'ecs.g7.8xlarge' }, code: 'OperationDenied.NoStock', status: 403 },
    {
      name: 'OperatorType downgrade to a larger type',
      req: { instanceType: 'ecs.c7.2xlarge', operatorType: 'downgrade' },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'OperatorType upgrade to a smaller type',
      req: { instanceType: 'ecs.c7.large', operatorType: 'upgrade' },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'an unknown OperatorType',
      req: { instanceType: 'ecs.c7.2xlarge', operatorType: 'sideways' },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'an EndTime in the past',
      req: { instanceType: 'ecs.c7.2xlarge', endTime: iso(T0 - HOUR) },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'an EndTime beyond the subscription',
      req: { instanceType: 'ecs.c7.2xlarge', endTime: '2100-01-01T00:00:00Z' },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'an unknown instance',
      req: { instanceId: 'i-nope', instanceType: 'ecs.c7.large' },
      code: 'InvalidInstanceId.NotFound',
      status: 404,
    },
  ])('refuses $name with $code and changes nothing', async ({ req, code, status }) => {
    const before = h.ecs.state.list();
    expect(await sdkError(prepay(req))).toMatchObject({ code, statusCode: status });
    expect(h.ecs.state.list()).toEqual(before);
  });
});
