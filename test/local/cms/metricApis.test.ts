// DescribeMetricList / DescribeMetricLast through the official CMS SDK against the emulator on a VirtualClock.
import { DescribeMetricLastRequest, DescribeMetricListRequest } from '@alicloud/cms20190101';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, points, startHarness, T0, USER_ID } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ maxCallsPerSec: 0 });
  h.fleet.set('i-vpc1', { bandwidthOutMbps: 10, publicIp: '47.0.0.1', cpu: 2 });
  h.fleet.set('i-vpc2', { bandwidthOutMbps: 100, publicIp: '47.0.0.2', cpu: 4 });
  h.fleet.set('i-classic', { bandwidthOutMbps: 5, classic: true, cpu: 2 });
  h.fleet.set('i-stopped', { bandwidthOutMbps: 10, publicIp: '47.0.0.4', status: 'Stopped' });
  // i-vpc1 demand ramps 4, 8, 12, 16, … Mbps per minute: from minute 3 on it exceeds its 10 Mbps.
  h.workload.demand.set('i-vpc1', (t) => 4 * (Math.floor((t - T0) / 60_000) + 1));
  h.workload.demand.set('i-vpc2', 30);
  h.workload.demand.set('i-classic', 50);
  h.workload.demand.set('i-stopped', 50);
  h.workload.cpu.set('i-vpc2', 1);
  await h.clock.advance(15 * 60_000); // 15 one-minute samples: intervals starting T0 … T0+14 min
});

afterAll(async () => {
  await h.cms.close();
});

function listReq(p: Record<string, string>) {
  return new DescribeMetricListRequest({ namespace: 'acs_ecs_dashboard', ...p });
}

describe('DescribeMetricList', () => {
  it('returns served bit/s capped at the provisioned bandwidth, per ip, with Datapoints as a JSON string', async () => {
    const res = await h.client.describeMetricList(
      listReq({ metricName: 'VPC_PublicIP_InternetOutRate', dimensions: '[{"instanceId":"i-vpc1"}]', period: '60' }),
    );
    expect(res.body?.success).toBe(true);
    expect(res.body?.code).toBe('200');
    expect(res.body?.period).toBe('60');
    expect(typeof res.body?.datapoints).toBe('string');
    const dps = points(res.body);
    expect(dps).toHaveLength(15);
    expect(dps[0]).toEqual({
      timestamp: T0,
      userId: USER_ID,
      instanceId: 'i-vpc1',
      ip: '47.0.0.1',
      Average: 4e6,
      Maximum: 4e6,
      Minimum: 4e6,
    });
    expect(dps.map((d) => d.Average)).toEqual([4e6, 8e6, ...Array(13).fill(10e6)]);
    expect(dps.every((d) => (d.Maximum as number) <= 10e6)).toBe(true);
  });

  it.each([
    { metric: 'VPC_PublicIP_InternetOutRate_Percent', id: 'i-vpc2', expected: { Average: 30 } },
    { metric: 'CPUUtilization', id: 'i-vpc2', expected: { Average: 25, Maximum: 25, Minimum: 25 } },
    { metric: 'InternetOutRate', id: 'i-classic', expected: { Average: 5e6, Maximum: 5e6, Minimum: 5e6 } },
    { metric: 'InternetOutRate_Percent', id: 'i-classic', expected: { Average: 100 } },
    { metric: 'VPC_PublicIP_InternetOutRate', id: 'i-stopped', expected: { Average: 0, Maximum: 0, Minimum: 0 } },
    { metric: 'CPUUtilization', id: 'i-stopped', expected: { Average: 0, Maximum: 0, Minimum: 0 } },
  ])('$metric of $id reports $expected', async ({ metric, id, expected }) => {
    const res = await h.client.describeMetricList(
      listReq({ metricName: metric, dimensions: JSON.stringify([{ instanceId: id }]), length: '1' }),
    );
    const [dp] = points(res.body);
    expect(dp).toMatchObject({ instanceId: id, ...expected });
    const stats = Object.keys(dp ?? {}).filter((k) => /^[A-Z]/.test(k));
    expect(stats.sort()).toEqual(Object.keys(expected).sort());
  });

  it('reports nothing under the VPC metric for a classic instance, nor under the classic one for VPC', async () => {
    const [vpc, classic] = await Promise.all([
      h.client.describeMetricList(
        listReq({ metricName: 'VPC_PublicIP_InternetOutRate', dimensions: '{"instanceId":"i-classic"}' }),
      ),
      h.client.describeMetricList(listReq({ metricName: 'InternetOutRate', dimensions: '{"instanceId":"i-vpc1"}' })),
    ]);
    expect(points(vpc.body)).toEqual([]);
    expect(points(classic.body)).toEqual([]);
  });

  it('selects several instances with one Dimensions array', async () => {
    const res = await h.client.describeMetricList(
      listReq({
        metricName: 'CPUUtilization',
        dimensions: '[{"instanceId":"i-vpc1"},{"instanceId":"i-vpc2"}]',
        startTime: String(T0 + 9 * 60_000),
      }),
    );
    const dps = points(res.body);
    expect(new Set(dps.map((d) => d.instanceId))).toEqual(new Set(['i-vpc1', 'i-vpc2']));
    expect(dps).toHaveLength(10); // 5 minutes × 2 instances
  });

  it.each([
    { period: '300', count: 3, firstAvg: (4 + 8 + 10 + 10 + 10) / 5, firstMax: 10, firstMin: 4 },
    { period: '900', count: 1, firstAvg: (4 + 8 + 13 * 10) / 15, firstMax: 10, firstMin: 4 },
  ])(
    'aggregates Period $period into Average/Maximum/Minimum',
    async ({ period, count, firstAvg, firstMax, firstMin }) => {
      const res = await h.client.describeMetricList(
        listReq({
          metricName: 'VPC_PublicIP_InternetOutRate',
          dimensions: '[{"instanceId":"i-vpc1"}]',
          period,
          startTime: String(T0 - 1),
        }),
      );
      const dps = points(res.body);
      expect(res.body?.period).toBe(period);
      expect(dps).toHaveLength(count);
      expect(dps[0]?.timestamp).toBe(T0);
      expect(dps[0]?.Average).toBeCloseTo(firstAvg * 1e6, 0);
      expect(dps[0]?.Maximum).toBe(firstMax * 1e6);
      expect(dps[0]?.Minimum).toBe(firstMin * 1e6);
    },
  );

  it.each([
    { name: 'Unix ms', start: String(T0 + 60_000), end: String(T0 + 180_000) },
    { name: 'Unix seconds', start: String((T0 + 60_000) / 1000), end: String((T0 + 180_000) / 1000) },
    { name: 'ISO UTC', start: '2025-01-01T00:01:00Z', end: '2025-01-01T00:03:00Z' },
    { name: 'local (UTC+8)', start: '2025-01-01 08:01:00', end: '2025-01-01 08:03:00' },
  ])('accepts StartTime/EndTime as $name with (start, end] semantics', async ({ start, end }) => {
    const res = await h.client.describeMetricList(
      listReq({ metricName: 'CPUUtilization', dimensions: '{"instanceId":"i-vpc1"}', startTime: start, endTime: end }),
    );
    expect(points(res.body).map((d) => d.timestamp)).toEqual([T0 + 120_000, T0 + 180_000]);
  });

  it('pages with Length and NextToken until every point is seen exactly once', async () => {
    const seen: number[] = [];
    let nextToken: string | undefined;
    let calls = 0;
    do {
      const res = await h.client.describeMetricList(
        listReq({
          metricName: 'CPUUtilization',
          dimensions: '{"instanceId":"i-vpc2"}',
          length: '4',
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      seen.push(...points(res.body).map((d) => d.timestamp as number));
      nextToken = res.body?.nextToken;
      calls += 1;
    } while (nextToken && calls < 10);
    expect(calls).toBe(4); // 15 points in pages of 4
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => T0 + i * 60_000));
  });

  it.each<{ name: string; p: Record<string, string>; msg: RegExp }>([
    { name: 'Period not a multiple of 60', p: { period: '90' }, msg: /Period/ },
    { name: 'malformed StartTime', p: { startTime: 'yesterday' }, msg: /StartTime/ },
    { name: 'StartTime after EndTime', p: { startTime: String(T0 + 600_000), endTime: String(T0) }, msg: /earlier/ },
    { name: 'Dimensions not JSON', p: { dimensions: '[{instanceId:i-1}' }, msg: /Dimensions/ },
    { name: 'bad NextToken', p: { nextToken: 'garbage' }, msg: /NextToken/ },
    { name: 'Length 0', p: { length: '0' }, msg: /Length/ },
  ])('answers $name with HTTP 200 Success:false Code 400', async ({ p, msg }) => {
    const res = await h.client.describeMetricList(listReq({ metricName: 'CPUUtilization', ...p }));
    expect(res.statusCode).toBe(200);
    expect(res.body?.success).toBe(false);
    expect(res.body?.code).toBe('400');
    expect(res.body?.message).toMatch(msg);
  });

  it('rejects a missing MetricName with a real HTTP 400 (gateway check)', async () => {
    const err = await h.client
      .describeMetricList(new DescribeMetricListRequest({ namespace: 'acs_ecs_dashboard' }))
      .then(
        () => undefined,
        (e: { statusCode?: number; code?: string }) => e,
      );
    expect(err).toMatchObject({ statusCode: 400, code: 'MissingParameter' });
  });
});

describe('DescribeMetricLast', () => {
  it('returns only the latest point per series', async () => {
    const res = await h.client.describeMetricLast(
      new DescribeMetricLastRequest({
        namespace: 'acs_ecs_dashboard',
        metricName: 'VPC_PublicIP_InternetOutRate',
        dimensions: '[{"instanceId":"i-vpc1"},{"instanceId":"i-vpc2"}]',
      }),
    );
    expect(res.body?.success).toBe(true);
    const dps = points(res.body);
    expect(dps.map((d) => [d.instanceId, d.timestamp, d.Average])).toEqual([
      ['i-vpc1', T0 + 14 * 60_000, 10e6],
      ['i-vpc2', T0 + 14 * 60_000, 30e6],
    ]);
  });

  it('aggregates the last complete Period when Period is 300', async () => {
    const res = await h.client.describeMetricLast(
      new DescribeMetricLastRequest({
        namespace: 'acs_ecs_dashboard',
        metricName: 'CPUUtilization',
        dimensions: '{"instanceId":"i-vpc2"}',
        period: '300',
      }),
    );
    expect(points(res.body)).toEqual([
      { timestamp: T0 + 10 * 60_000, userId: USER_ID, instanceId: 'i-vpc2', Average: 25, Maximum: 25, Minimum: 25 },
    ]);
  });

  it('is empty for an unknown instance', async () => {
    const res = await h.client.describeMetricLast(
      new DescribeMetricLastRequest({
        namespace: 'acs_ecs_dashboard',
        metricName: 'CPUUtilization',
        dimensions: '{"instanceId":"i-nope"}',
      }),
    );
    expect(res.body?.success).toBe(true);
    expect(points(res.body)).toEqual([]);
  });
});
