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

describe('DescribeInstances', () => {
  it('returns the documented shape through the official SDK', async () => {
    const res = await describeInstances({
      instanceIds: JSON.stringify(['i-web-postpaid-bw', 'i-eip-bound', 'i-security-locked']),
    });
    const byId = new Map(res.body?.instances?.instance?.map((i) => [i.instanceId, i]));
    expect(res.body?.totalCount).toBe(3);
    expect(byId.get('i-web-postpaid-bw')).toMatchObject({
      status: 'Running',
      instanceType: 'ecs.g7.large',
      instanceTypeFamily: 'ecs.g7',
      cpu: 2,
      memory: 8192,
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByBandwidth',
      internetMaxBandwidthOut: 10,
      internetMaxBandwidthIn: 10,
      zoneId: 'cn-hangzhou-h',
      regionId: 'cn-hangzhou',
      publicIpAddress: { ipAddress: ['47.96.10.11'] },
      stoppedMode: 'Not-applicable',
    });
    expect(byId.get('i-web-postpaid-bw')?.tags?.tag).toEqual(
      expect.arrayContaining([expect.objectContaining({ tagKey: 'app', tagValue: 'web' })]),
    );
    expect(byId.get('i-eip-bound')?.eipAddress).toMatchObject({
      allocationId: 'eip-local0001',
      ipAddress: '47.96.20.1',
      bandwidth: 5,
      internetChargeType: 'PayByBandwidth',
    });
    expect(byId.get('i-security-locked')?.operationLocks?.lockReason?.map((l) => l.lockReason)).toEqual(['security']);
  });

  it.each([
    {
      name: 'tag key and value',
      req: { tag: [{ key: 'app', value: 'web' }] },
      ids: ['i-web-postpaid-bw', 'i-web-postpaid-traffic', 'i-security-locked'],
    },
    {
      name: 'two tags (AND)',
      req: {
        tag: [
          { key: 'app', value: 'web' },
          { key: 'autoscale', value: 'on' },
        ],
      },
      ids: ['i-web-postpaid-bw', 'i-web-postpaid-traffic'],
    },
    {
      name: 'tag key only',
      req: { tag: [{ key: 'autoscale' }] },
      ids: [
        'i-web-postpaid-bw',
        'i-web-postpaid-traffic',
        'i-batch-prepaid-bw',
        'i-api-prepaid-traffic',
        'i-eip-bound',
      ],
    },
    { name: 'status', req: { status: 'Stopped' }, ids: ['i-stopped-postpaid'] },
    {
      name: 'charge type',
      req: { instanceChargeType: 'PrePaid' },
      ids: ['i-batch-prepaid-bw', 'i-api-prepaid-traffic'],
    },
    {
      name: 'unknown ids are simply absent',
      req: { instanceIds: '["i-nope","i-no-public-ip"]' },
      ids: ['i-no-public-ip'],
    },
    { name: 'another region', req: { regionId: 'cn-beijing' }, ids: [] },
  ])('filters by $name', async ({ req, ids }) => {
    const res = await describeInstances({ pageSize: 100, ...req });
    expect(res.body?.instances?.instance?.map((i) => i.instanceId)).toEqual(ids);
  });

  it('pages with PageNumber/PageSize and with MaxResults/NextToken', async () => {
    const all = (await describeInstances({ pageSize: 100 })).body?.instances?.instance?.map((i) => i.instanceId) ?? [];
    expect(all).toHaveLength(11);
    const pages: (string | undefined)[] = [];
    for (let n = 1; n <= 4; n++) {
      const res = await describeInstances({ pageSize: 3, pageNumber: n });
      expect(res.body).toMatchObject({ pageNumber: n, pageSize: 3, totalCount: 11 });
      pages.push(...(res.body?.instances?.instance?.map((i) => i.instanceId) ?? []));
    }
    expect(pages).toEqual(all);
    const viaToken: (string | undefined)[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const res = await describeInstances({ maxResults: 3, ...(token ? { nextToken: token } : {}) });
      viaToken.push(...(res.body?.instances?.instance?.map((i) => i.instanceId) ?? []));
      token = res.body?.nextToken;
      if (!token) break;
    }
    expect(viaToken).toEqual(all);
  });

  it.each([
    {
      name: 'malformed InstanceIds',
      req: { instanceIds: 'i-1,i-2' },
      code: 'InvalidParameter',
      status: 400,
    },
    {
      name: 'more than 100 ids',
      req: { instanceIds: JSON.stringify(Array.from({ length: 101 }, (_, i) => `i-${i}`)) },
      code: 'InvalidParameter',
      status: 400,
    },
    { name: 'PageSize over 100', req: { pageSize: 101 }, code: 'InvalidParameter', status: 400 },
    { name: 'missing RegionId', req: { regionId: '' }, code: 'MissingParameter', status: 400 },
  ])('rejects $name with $code', async ({ req, code, status }) => {
    const err = await sdkError(describeInstances(req));
    expect(err).toMatchObject({ code, statusCode: status });
  });
});

describe('DescribeInstanceStatus and DescribeInstanceTypes', () => {
  it('lists statuses for InstanceId.N', async () => {
    const res = await h.client.describeInstanceStatus(
      new $Ecs.DescribeInstanceStatusRequest({
        regionId: 'cn-hangzhou',
        instanceId: ['i-stopped-postpaid', 'i-web-postpaid-bw'],
      }),
    );
    expect(res.body?.instanceStatuses?.instanceStatus).toEqual([
      expect.objectContaining({ instanceId: 'i-web-postpaid-bw', status: 'Running' }),
      expect.objectContaining({ instanceId: 'i-stopped-postpaid', status: 'Stopped' }),
    ]);
  });

  it.each([
    {
      family: 'ecs.g7',
      expected: ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.g7.4xlarge', 'ecs.g7.8xlarge'],
    },
    {
      family: 'ecs.c7',
      expected: ['ecs.c7.large', 'ecs.c7.xlarge', 'ecs.c7.2xlarge', 'ecs.c7.4xlarge', 'ecs.c7.8xlarge'],
    },
  ])('lists the $family family with sizes', async ({ family, expected }) => {
    const res = await h.client.describeInstanceTypes(
      new $Ecs.DescribeInstanceTypesRequest({ instanceTypeFamily: family }),
    );
    const rows = res.body?.instanceTypes?.instanceType ?? [];
    expect(rows.map((r) => r.instanceTypeId)).toEqual(expected);
    expect(rows[0]).toMatchObject({
      cpuCoreCount: 2,
      memorySize: family === 'ecs.g7' ? 8 : 4,
      instanceTypeFamily: family,
    });
  });
});

describe('DescribeResourcesModification', () => {
  const query = (req: Record<string, unknown>) =>
    h.client.describeResourcesModification(
      new $Ecs.DescribeResourcesModificationRequest({
        regionId: 'cn-hangzhou',
        destinationResource: 'InstanceType',
        ...req,
      }),
    );
  const supported = (res: $Ecs.DescribeResourcesModificationResponse) =>
    Object.fromEntries(
      res.body?.availableZones?.availableZone?.[0]?.availableResources?.availableResource?.[0]?.supportedResources?.supportedResource?.map(
        (s) => [s.value, `${s.status}/${s.statusCategory}`],
      ) ?? [],
    );

  it.each([
    { name: 'in stock', type: 'ecs.g7.2xlarge', expected: 'Available/WithStock' },
    { name: 'low stock', type: 'ecs.g7.4xlarge', expected: 'Available/ClosedWithStock' },
    { name: 'sold out', type: 'ecs.g7.8xlarge', expected: 'SoldOut/WithoutStock' },
  ])('reports $name for a PostPaid instance ($expected)', async ({ type, expected }) => {
    const res = await query({ resourceId: 'i-web-postpaid-bw', operationType: 'Upgrade', instanceType: type });
    expect(res.body?.availableZones?.availableZone?.[0]).toMatchObject({
      zoneId: 'cn-hangzhou-h',
      regionId: 'cn-hangzhou',
    });
    expect(supported(res)).toEqual({ [type]: expected });
  });

  it.each([
    { op: 'Upgrade', has: 'ecs.c7.2xlarge', hasNot: 'ecs.c7.large' },
    { op: 'Downgrade', has: 'ecs.c7.large', hasNot: 'ecs.c7.2xlarge' },
  ])('lists only $op targets for a PrePaid instance', async ({ op, has, hasNot }) => {
    const res = supported(await query({ resourceId: 'i-batch-prepaid-bw', operationType: op }));
    expect(Object.keys(res)).toContain(has);
    expect(Object.keys(res)).not.toContain(hasNot);
  });

  it('reflects setStock immediately', async () => {
    h.ecs.state.setStock('ecs.g7.2xlarge', 'cn-hangzhou-h', 0);
    const res = await query({ resourceId: 'i-web-postpaid-bw', instanceType: 'ecs.g7.2xlarge' });
    expect(supported(res)).toEqual({ 'ecs.g7.2xlarge': 'SoldOut/WithoutStock' });
    h.ecs.state.setStock('ecs.g7.2xlarge', 'cn-hangzhou-h', 20);
  });

  it.each([
    { name: 'unknown instance', req: { resourceId: 'i-nope' }, code: 'InvalidResourceId.NotFound', status: 404 },
    {
      name: 'Downgrade on PostPaid',
      req: { resourceId: 'i-web-postpaid-bw', operationType: 'Downgrade' },
      code: 'Invalid.OperationType',
      status: 400,
    },
    {
      name: 'bad DestinationResource',
      req: { resourceId: 'i-web-postpaid-bw', destinationResource: 'Disk' },
      code: 'Invalid.DestinationResource',
      status: 404,
    },
  ])('rejects $name with $code', async ({ req, code, status }) => {
    expect(await sdkError(query(req))).toMatchObject({ code, statusCode: status });
  });
});
