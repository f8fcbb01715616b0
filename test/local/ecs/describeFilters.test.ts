// ECS describe calls through the official SDK with the filters and bad values the describe tests leave out:
// InstanceIds that is JSON but not a list of strings, a NextToken the emulator never issued, DescribeInstanceStatus
// filtered by zone and refusing more than 100 ids, DescribeInstanceTypes filtered by type ids, and another region
// answering an empty page.
import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError } from '../acs/sdk.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const describeInstances = (req: Record<string, unknown>) =>
  h.client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', ...req }));
const describeStatus = (req: Record<string, unknown>) =>
  h.client.describeInstanceStatus(new $Ecs.DescribeInstanceStatusRequest({ regionId: 'cn-hangzhou', ...req }));

describe('DescribeInstances: values refused', () => {
  it.each([
    { name: 'InstanceIds that is JSON but not strings', req: { instanceIds: '["i-1", 2]' } },
    { name: 'a NextToken the emulator never issued', req: { maxResults: 10, nextToken: 'abc' } },
  ])('refuses $name with InvalidParameter 400', async ({ req }) => {
    expect(await sdkError(describeInstances(req))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('answers another region with an empty page', async () => {
    const res = await describeInstances({ regionId: 'cn-beijing' });
    expect(res.body?.instances?.instance ?? []).toEqual([]);
    expect(res.body?.totalCount).toBe(0);
  });
});

describe('DescribeInstanceStatus and DescribeInstanceTypes filters', () => {
  it('filters statuses by zone, and a zone without instances lists none', async () => {
    const all = (await describeStatus({ pageSize: 50 })).body?.instanceStatuses?.instanceStatus ?? [];
    const inZone = (await describeStatus({ zoneId: 'cn-hangzhou-h', pageSize: 50 })).body?.instanceStatuses
      ?.instanceStatus;
    expect(inZone?.length).toBeGreaterThan(0);
    expect(inZone?.length).toBeLessThanOrEqual(all.length);
    const expected = h.ecs.state
      .list()
      .filter((i) => i.zoneId === 'cn-hangzhou-h')
      .map((i) => i.instanceId);
    expect(inZone?.map((s) => s.instanceId)).toEqual(expected);
    expect((await describeStatus({ zoneId: 'cn-hangzhou-z' })).body?.instanceStatuses?.instanceStatus ?? []).toEqual(
      [],
    );
  });

  it('refuses more than 100 InstanceId.N', async () => {
    const instanceId = Array.from({ length: 101 }, (_, i) => `i-${i}`);
    expect(await sdkError(describeStatus({ instanceId }))).toMatchObject({
      code: 'InvalidParameter.TooManyInstanceIds',
      statusCode: 403,
    });
  });

  it('lists only the instance types named', async () => {
    const res = await h.client.describeInstanceTypes(
      new $Ecs.DescribeInstanceTypesRequest({ instanceTypes: ['ecs.g7.large', 'ecs.c7.xlarge'] }),
    );
    expect(res.body?.instanceTypes?.instanceType?.map((t) => t.instanceTypeId).sort()).toEqual([
      'ecs.c7.xlarge',
      'ecs.g7.large',
    ]);
  });
});
