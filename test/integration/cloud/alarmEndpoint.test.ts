import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmBody, type Harness, startHarness, WEB } from './harness.js';

// The alarm function hosted by the local FC runtime, called over HTTP like CMS calls it.
describe('alarm endpoint through the local FC runtime', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(40);
    // Four minutes of samples (below the 5-minute reconcile tick): the link is saturated at 10 Mbps.
    await h.clock.advance(4 * 60_000);
  });
  afterAll(async () => h.cloud.close());

  it('raises a saturated instance once for a CMS callback and answers its retries as duplicates', async () => {
    const first = await h.post(alarmBody());
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'applied', instanceId: WEB, reason: 'saturated' });
    for (let i = 0; i < 3; i++) expect((await h.post(alarmBody())).json.status).toBe('duplicate');
    expect(h.modifications()).toBe(1);
    // The default saturation multiplier is 1.5: 10 Mbps saturated → 15 Mbps.
    expect(h.cloud.ecs.state.get(WEB)?.bandwidthOutMbps).toBe(15);
    const audit = await h.cloud.store.listAudit(WEB, { limit: 10 });
    expect(audit[0]).toMatchObject({
      result: 'applied',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 15 },
    });
    expect(audit[0]?.requestIds?.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'JSON body variant',
      JSON.stringify({
        alertState: 'OK',
        dimensions: `{instanceId=${WEB}}`,
        timestamp: 1736129000,
        namespace: 'acs_ecs',
      }),
      'application/json',
      200,
    ],
    [
      'CMS system event',
      JSON.stringify({
        eventTime: '20250106T100000.000+0800',
        id: 'ev-1',
        name: 'Instance:StateChange',
        product: 'ECS',
        content: { resourceId: WEB, state: 'Running' },
      }),
      'application/json',
      200,
    ],
    [
      'CloudEvents envelope',
      JSON.stringify({
        specversion: '1.0',
        id: 'ce-1',
        source: 'acs.ecs',
        type: 'ecs:Instance:StateChange',
        time: '2025-01-06T02:04:00Z',
        data: {
          eventTime: '20250106T100400.000+0800',
          name: 'Instance:StateChange',
          product: 'ECS',
          content: { resourceId: WEB },
        },
      }),
      'application/cloudevents+json',
      200,
    ],
    ['unknown instance', alarmBody({ dimensions: '{instanceId=i-nobody}', transId: 'tr-2' }), undefined, 200],
    [
      'non-ECS namespace',
      alarmBody({ namespace: 'acs_rds_dashboard', metricProject: 'acs_rds', transId: 'tr-3' }),
      undefined,
      200,
    ],
    ['malformed form', 'hello=world', undefined, 400],
    ['wrong content type', '<alarm/>', 'text/xml', 400],
  ])('%s → %s', async (_name, body, contentType, status) => {
    const res = await h.post(body, { contentType });
    expect(res.status).toBe(status);
    if (status === 200) expect(['ignored', 'skipped', 'duplicate', 'applied']).toContain(res.json.status);
  });

  it('ignores an unknown instance with the reason', async () => {
    const res = await h.post(alarmBody({ dimensions: '{instanceId=i-nobody}', transId: 'tr-9' }));
    expect(res.json).toMatchObject({ status: 'ignored', reason: 'unknown-instance' });
  });

  it.each([
    ['missing token', null, 401],
    ['wrong token', 'guess', 401],
  ])('refuses a %s with %s and changes nothing', async (_n, token, status) => {
    const before = h.modifications();
    const res = await h.post(alarmBody({ transId: `tok-${status}-${token}` }), { token });
    expect(res.status).toBe(status);
    expect(h.modifications()).toBe(before);
  });

  it('accepts the token as a path segment', async () => {
    const res = await h.post(alarmBody({ transId: 'tr-path', alertState: 'OK' }), {
      token: null,
      path: '/cms/secret-token-123',
    });
    expect(res.status).toBe(200);
  });

  it('never answers 5xx, never acts, never logs the token on fuzzed bodies', async () => {
    const before = h.modifications();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .dictionary(
              fc.constantFrom('alertState', 'dimensions', 'timestamp', 'curValue', 'namespace', 'transId', 'x'),
              fc.string({ maxLength: 40 }),
            )
            .map((d) => new URLSearchParams(d).toString()),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'application/json',
          'text/plain',
          'application/octet-stream',
        ),
        async (body, contentType) => {
          const res = await h.post(body, { contentType });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    expect(h.modifications()).toBe(before);
    expect(h.lines.join('\n')).not.toContain('secret-token-123');
  });
});
