import { describe, expect, it } from 'vitest';
import { StateUnavailableError } from '../../src/core/errors.js';
import { formatRecommendationMessage } from '../../src/dashboard/recommendations.js';
import {
  applied,
  apiHarness,
  cloudError,
  dashboardConfig,
  entry,
  dashboardGroup,
  dashboardInstance,
  MIN,
  T0,
} from './fakes.js';

const fleetOf = () => [
  dashboardInstance(),
  dashboardInstance({
    instanceId: 'i-web2',
    instanceName: 'web-2',
    bandwidthOutMbps: 50,
    instanceChargeType: 'PrePaid',
  }),
  dashboardInstance({ instanceId: 'i-batch1', instanceName: 'batch', tags: { team: 'batch' } }), // matched by no group
];

describe('GET /api/instances', () => {
  it('lists every managed instance with its size, charge types, state and budget', async () => {
    const t = apiHarness(fleetOf());
    await t.store.setPaused('i-web2', true);
    const claim = await t.store.claimLease({
      instanceId: 'i-web1',
      expectedVersion: 0,
      holder: 'inv-1',
      actionKey: 'bw-1',
      nowMs: T0 - MIN,
      ttlMs: 120_000,
    });
    expect(claim.ok).toBe(true);
    await t.store.commit({
      instanceId: 'i-web1',
      holder: 'inv-1',
      actionKey: 'bw-1',
      update: { lastChange: { bandwidthDownMs: T0 - MIN }, addDowngradeAtMs: T0 - MIN },
    });
    const res = await t.get('/api/instances');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      nowMs: T0,
      regionId: 'cn-hangzhou',
      timeZone: 'UTC',
      dryRun: false,
      killSwitch: false,
    });
    expect(res.body.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual(['i-web1', 'i-web2']);
    const [web1, web2] = res.body.instances;
    expect(web1).toMatchObject({
      group: 'web',
      instanceType: 'ecs.g7.large',
      bandwidthOutMbps: 10,
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByBandwidth',
      activity: { kind: 'cooling-down' },
      budget: { usedInWindow: 1, remaining: 1, remainingWithReserve: 2 },
      lastChangeMs: T0 - MIN,
    });
    expect(web1.activity.cooldowns).toEqual([
      { dimension: 'bandwidth', direction: 'up', untilMs: T0 + 4 * MIN },
      { dimension: 'bandwidth', direction: 'down', untilMs: T0 + 14 * MIN },
    ]);
    expect(web2).toMatchObject({ bandwidthOutMbps: 50, activity: { kind: 'paused', pausedBy: 'instance' } });
    expect(web2.budget.platform).toEqual({ used: 0, limit: 3 });
  });

  it('reports the kill switch from the store controls', async () => {
    const t = apiHarness();
    await t.store.setControls({ killSwitch: true, pausedGroups: [] });
    const res = await t.get('/api/instances');
    expect(res.body.killSwitch).toBe(true);
    expect(res.body.instances[0].activity).toMatchObject({ kind: 'paused', pausedBy: 'kill-switch' });
  });
});

describe('GET /api/instances/:id', () => {
  it('returns the row, the policy and the remembered state', async () => {
    const t = apiHarness(fleetOf());
    const res = await t.get('/api/instances/i-web2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ instanceId: 'i-web2', bandwidthOutMbps: 50, policy: { name: 'web' } });
    expect(res.body.policy.bandwidth.maxMbps).toBe(100);
    expect(res.body.state).toMatchObject({ instanceId: 'i-web2', version: 0, paused: false });
  });

  it.each([
    ['unknown to ECS', '/api/instances/i-nope'],
    ['not matched by any group', '/api/instances/i-batch1'],
    ['unknown, audit', '/api/instances/i-nope/audit'],
    ['unknown, metrics', '/api/instances/i-nope/metrics'],
  ])('%s → 404 with a message', async (_name, path) => {
    const res = await apiHarness(fleetOf()).get(path);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/is not a managed instance/);
  });
});

describe('GET /api/instances/:id/audit', () => {
  it('pages the trail newest first with every field the table shows', async () => {
    const t = apiHarness();
    for (let i = 0; i < 5; i++) await t.store.appendAudit(entry({ atMs: T0 - (5 - i) * MIN }));
    await t.store.appendAudit(applied(T0, 10, 20));
    await t.store.appendAudit(applied(T0, 1, 2, { instanceId: 'i-web2' }));
    const first = await t.get('/api/instances/i-web1/audit?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0]).toMatchObject({
      id: expect.stringMatching(/^i-web1\/\d+\//),
      atMs: T0,
      signal: { source: 'cms-alarm', metric: 'VPC_PublicIP_InternetOutRate', value: 9.6e6 },
      decision: 'scale',
      reason: 'target-tracking',
      message: 'outbound 9.6 Mbps is 96 % of 10 Mbps (target 70 %): 10 → 20 Mbps',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
      clientToken: `as-bw-${T0}`,
      requestIds: [`req-${T0}`],
      result: 'applied',
    });
    expect(first.body.nextBefore).toBe(String(T0 - MIN));
    const rest = await t.get(`/api/instances/i-web1/audit?limit=10&before=${first.body.nextBefore}`);
    expect(rest.body.entries.map((e: { atMs: number }) => e.atMs)).toEqual([2, 3, 4, 5].map((m) => T0 - m * MIN));
    expect(rest.body.nextBefore).toBeNull();
  });

  it('filters to actions only', async () => {
    const t = apiHarness();
    for (let i = 0; i < 30; i++) await t.store.appendAudit(entry({ atMs: T0 - i * MIN }));
    await t.store.appendAudit(applied(T0 - 10 * MIN - 1, 10, 20));
    const res = await t.get('/api/instances/i-web1/audit?actions=1');
    expect(res.body.entries.map((e: { result: string }) => e.result)).toEqual(['applied']);
  });

  it.each([
    ['limit=0', /limit must be an integer between 1 and 200 \(got "0"\)/],
    ['limit=201', /limit must be an integer between 1 and 200/],
    ['limit=abc', /got "abc"/],
    ['before=yesterday', /before must be epoch milliseconds or a nextBefore cursor \(got "yesterday"\)/],
    ['actions=maybe', /actions must be 1, true, 0 or false \(got "maybe"\)/],
  ])('rejects %s with 400 naming the parameter', async (query, message) => {
    const res = await apiHarness().get(`/api/instances/i-web1/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('GET /api/instances/:id/metrics', () => {
  it('returns Mbps and CPU series, the capacity steps and the action marks', async () => {
    const t = apiHarness([dashboardInstance({ bandwidthOutMbps: 20 })]);
    t.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', [
      { timestampMs: T0 - 2 * 3_600_000, average: 5e6, maximum: 8e6, minimum: 1e6 },
      { timestampMs: T0 - 60 * MIN, average: 9.6e6, maximum: 9.9e6, minimum: 9e6 },
    ]);
    t.metrics.set('CPUUtilization', 'i-web1', [{ timestampMs: T0 - MIN, average: 42, maximum: 60, minimum: 30 }]);
    await t.store.appendAudit(applied(T0 - 30 * MIN, 10, 20));
    await t.store.appendAudit(entry({ atMs: T0 - 20 * MIN }));
    const res = await t.get('/api/instances/i-web1/metrics?hours=6');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fromMs: T0 - 6 * 3_600_000, toMs: T0, periodSec: 60, warnings: [] });
    expect(res.body.outboundMbps).toEqual([
      { atMs: T0 - 2 * 3_600_000, average: 5, maximum: 8 },
      { atMs: T0 - 60 * MIN, average: 9.6, maximum: 9.9 },
    ]);
    expect(res.body.cpuPercent).toEqual([{ atMs: T0 - MIN, average: 42, maximum: 60 }]);
    expect(res.body.capacity.bandwidthMbps.map((p: { mbps: number }) => p.mbps)).toEqual([10, 20, 20]);
    expect(res.body.capacity.marks).toHaveLength(1);
    expect(t.metrics.calls.map((c) => [c.metric, c.periodSec, c.startMs])).toEqual([
      ['VPC_PublicIP_InternetOutRate', 60, T0 - 6 * 3_600_000],
      ['CPUUtilization', 60, T0 - 6 * 3_600_000],
    ]);
  });

  it('defaults to 24 h and still answers when CloudMonitor fails, with a warning', async () => {
    const t = apiHarness();
    t.metrics.failWith = cloudError('Throttling');
    const res = await t.get('/api/instances/i-web1/metrics');
    expect(res.status).toBe(200);
    expect(res.body.periodSec).toBe(300);
    expect(res.body.outboundMbps).toEqual([]);
    expect(res.body.warnings[0]).toMatch(/metrics unavailable: Throttling/);
  });

  it('rejects hours outside 1..168', async () => {
    const res = await apiHarness().get('/api/instances/i-web1/metrics?hours=169');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/hours must be an integer between 1 and 168 \(got "169"\)/);
  });
});

describe('GET /api/recommendations', () => {
  it('returns the latest per instance with savings and their total per currency', async () => {
    const t = apiHarness(fleetOf());
    const rec = (instanceId: string, atMs: number, saving: number) =>
      entry({
        instanceId,
        atMs,
        decision: 'scale',
        reason: 'rightsizing',
        result: 'would-do',
        before: { bandwidthOutMbps: 100 },
        after: { bandwidthOutMbps: 30 },
        message: formatRecommendationMessage('p95 21 Mbps', {
          monthlySaving: saving,
          currency: 'CNY',
          confidence: 0.9,
        }),
      });
    await t.store.appendAudit(rec('i-web1', T0 - 3_600_000, 100));
    await t.store.appendAudit(rec('i-web1', T0 - 7_200_000, 999));
    await t.store.appendAudit(rec('i-web2', T0 - 5 * 86_400_000, 50)); // older than the default 2 days
    const res = await t.get('/api/recommendations');
    expect(res.status).toBe(200);
    expect(res.body.recommendations).toHaveLength(1);
    expect(res.body.recommendations[0]).toMatchObject({
      instanceId: 'i-web1',
      message: 'p95 21 Mbps',
      recommendation: { recommendedMbps: 30, monthlySaving: 100, currency: 'CNY', confidence: 0.9 },
    });
    expect(res.body.monthlySavingTotals).toEqual([{ currency: 'CNY', amount: 100 }]);
    const week = await t.get('/api/recommendations?days=7');
    expect(week.body.monthlySavingTotals).toEqual([{ currency: 'CNY', amount: 150 }]);
  });
});

describe('polling and events', () => {
  it('GET /api/audit?since= returns every instance, newest first, with the next cursor', async () => {
    const t = apiHarness();
    await t.store.appendAudit(entry({ atMs: T0 - 10_000 }));
    await t.store.appendAudit(applied(T0 - 5000, 10, 20));
    await t.store.appendAudit(entry({ instanceId: 'i-web2', atMs: T0 - 1000 }));
    const res = await t.get(`/api/audit?since=${T0 - 5000}`);
    expect(res.body.entries.map((e: { instanceId: string }) => e.instanceId)).toEqual(['i-web2', 'i-web1']);
    expect(res.body.nextSince).toBe(T0 - 1000);
    const none = await t.get(`/api/audit?since=${T0}`);
    expect(none.body).toEqual({ entries: [], nextSince: T0 });
  });

  it('GET /api/events answers a complete SSE response that resumes from Last-Event-ID', async () => {
    const t = apiHarness();
    await t.store.appendAudit(applied(T0 - 60_000, 10, 20));
    await t.store.appendAudit(applied(T0 - 1000, 20, 30));
    const res = await t.api({ method: 'GET', path: '/api/events', query: { since: String(T0 - 2000) } });
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.body.startsWith('retry: 2000\n')).toBe(true);
    const frames = res.body.split('\n\n').filter((f) => f.includes('data: '));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain(`id: ${T0 - 1000}`);
    expect(JSON.parse(frames[0]?.split('data: ')[1] ?? '')).toMatchObject({ after: { bandwidthOutMbps: 30 } });
    const later = await t.api({
      method: 'GET',
      path: '/api/events',
      query: { since: '0' },
      headers: { 'last-event-id': String(T0 + 10_000) },
    });
    expect(later.body).toBe(`retry: 2000\nid: ${T0 + 10_000}\n\n`);
  });
});

describe('routing and errors', () => {
  it('GET /api/health', async () => {
    const res = await apiHarness().get('/api/health');
    expect(res).toMatchObject({ status: 200, body: { ok: true, nowMs: T0, regionId: 'cn-hangzhou', timeZone: 'UTC' } });
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s → 405 (read-only)', async (method) => {
    const t = apiHarness();
    const res = await t.api({ method, path: '/api/instances', query: {} });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(JSON.parse(res.body).error.message).toMatch(/read-only: .* not allowed/);
  });

  it.each(['/api/nope', '/api/instances/i-web1/nope', '/api/instances/i-web1/audit/extra'])(
    '%s → 404',
    async (path) => {
      const res = await apiHarness().get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/no API route GET/);
    },
  );

  it('a trailing slash is tolerated', async () => {
    expect((await apiHarness().get('/api/instances/')).status).toBe(200);
  });

  it.each([
    [
      'ECS fails',
      (t: ReturnType<typeof apiHarness>) => (t.ecs.failWith = cloudError('ServiceUnavailable')),
      502,
      /cloud API error: ServiceUnavailable/,
    ],
    [
      'the store fails',
      (t: ReturnType<typeof apiHarness>) => t.store.failAll(new StateUnavailableError('ots down')),
      503,
      /state store unavailable: ots down/,
    ],
    [
      'something else breaks',
      (t: ReturnType<typeof apiHarness>) => t.store.failAll(new Error('boom')),
      500,
      /internal error: boom/,
    ],
  ])('%s → %i as JSON', async (_name, breakIt, status, message) => {
    const t = apiHarness();
    breakIt(t);
    const res = await t.get('/api/instances');
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ status, message: expect.stringMatching(message) });
  });

  it('a malformed percent-encoding in the instance id is a 400', async () => {
    const res = await apiHarness().api({ method: 'GET', path: '/api/instances/%E0%A4%A', query: {} });
    expect(res.status).toBe(400);
  });

  it('never calls a mutating ECS API', async () => {
    const t = apiHarness(fleetOf(), dashboardConfig([dashboardGroup()], { dryRun: true }));
    await t.store.appendAudit(applied(T0, 10, 20));
    for (const path of [
      '/api/instances',
      '/api/instances/i-web1',
      '/api/instances/i-web1/audit',
      '/api/instances/i-web1/metrics',
      '/api/recommendations',
      '/api/audit',
      '/api/events',
    ]) {
      expect((await t.get(path)).status).toBe(200);
    }
  });
});
