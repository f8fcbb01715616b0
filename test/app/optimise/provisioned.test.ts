// Pay-by-bandwidth priced as it was provisioned: the audit trail read back into a bandwidth timeline, and the
// sweep that reads it and applies (or not) the billing switch. The pricing itself is the pure assessment's
// (test/core/optimise/provisioned.test.ts).
import { describe, expect, it } from 'vitest';
import { auditedBandwidth, optimise } from '../../../src/app/optimise/index.js';
import { specSaving } from '../../../src/app/optimise/report.js';
import type { ChangeReport } from '../../../src/app/optimise/types.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { HOURS_PER_MONTH } from '../../../src/core/cost.js';
import type { AuditedBandwidth } from '../../../src/core/optimise/types.js';
import type { AuditEntry } from '../../../src/core/types.js';
import { parseRecommendation } from '../../../src/dashboard/recommendations.js';
import { BUSY, bw, cycle, entry, HOUR_MS, IDLE, perHour, prices, trafficHour } from '../../core/optimise/trail.js';
import { config, instance, T0 } from '../builders.js';
import { harness } from '../fakes.js';
import { DAY_MS, history, optimisedGroup } from './fixtures.js';

describe('auditedBandwidth: the applied changes from the audit trail', () => {
  it('pages newest first through skips and recommendations, keeps only applied bandwidth changes', async () => {
    const store = new MemoryStateStore();
    const trail = [
      bw(T0 - 10 * HOUR_MS, 10, 20),
      entry(T0 - 9 * HOUR_MS, { before: { bandwidthOutMbps: 20 } }, 'skipped'),
      bw(T0 - 8 * HOUR_MS, 20, 43, 'would-do'),
      entry(T0 - 7 * HOUR_MS, { before: { instanceType: 'a' }, after: { instanceType: 'b' } }),
      bw(T0 - 6 * HOUR_MS, 20, 20),
      bw(T0 - 5 * HOUR_MS, 20, 30, 'failed'),
      // Two entries in one millisecond, across a page boundary (pages of 3).
      bw(T0 - 4 * HOUR_MS, 20, 25),
      bw(T0 - 4 * HOUR_MS, 25, 35),
      bw(T0 - HOUR_MS, 35, 12),
    ];
    for (const e of trail) await store.appendAudit(e);
    const got = (await auditedBandwidth(store, 'i-web1', T0 - DAY_MS, { pageSize: 3 })) as AuditedBandwidth;
    expect(got.billingSwitchMs).toBeUndefined();
    expect(got.changes).toEqual(
      expect.arrayContaining([
        { atMs: T0 - HOUR_MS, beforeMbps: 35 },
        { atMs: T0 - 4 * HOUR_MS, beforeMbps: 25 },
        { atMs: T0 - 4 * HOUR_MS, beforeMbps: 20 },
        { atMs: T0 - 10 * HOUR_MS, beforeMbps: 10 },
      ]),
    );
    expect(got.changes).toHaveLength(4);
  });

  it('stops at the window start and at the last billing switch', async () => {
    const store = new MemoryStateStore();
    for (const e of [
      bw(T0 - 3 * DAY_MS, 5, 6),
      entry(T0 - 2 * DAY_MS, {
        before: { internetChargeType: 'PayByTraffic' },
        after: { internetChargeType: 'PayByBandwidth' },
      }),
      bw(T0 - DAY_MS, 100, 30),
    ]) {
      await store.appendAudit(e);
    }
    expect(await auditedBandwidth(store, 'i-web1', T0 - 5 * DAY_MS)).toEqual({
      changes: [{ atMs: T0 - DAY_MS, beforeMbps: 100 }],
      billingSwitchMs: T0 - 2 * DAY_MS,
    });
    expect(await auditedBandwidth(store, 'i-web1', T0 - 1.5 * DAY_MS)).toEqual({
      changes: [{ atMs: T0 - DAY_MS, beforeMbps: 100 }],
    });
  });

  it('no entry of the instance at all: undefined (unknown), not an empty timeline', async () => {
    const store = new MemoryStateStore();
    await store.appendAudit({ ...bw(T0 - HOUR_MS, 5, 6), instanceId: 'i-other' });
    expect(await auditedBandwidth(store, 'i-web1', T0 - DAY_MS)).toBeUndefined();
    // An evaluation long ago is a trail: the link did not move in the window.
    await store.appendAudit(entry(T0 - 30 * DAY_MS, {}, 'skipped'));
    expect(await auditedBandwidth(store, 'i-web1', T0 - DAY_MS)).toEqual({ changes: [] });
  });

  it('reads at most maxPages pages: what lies beyond is unknown', async () => {
    const store = new MemoryStateStore();
    for (let i = 1; i <= 10; i++) await store.appendAudit(bw(T0 - i * HOUR_MS, i, i + 1));
    const got = await auditedBandwidth(store, 'i-web1', T0 - DAY_MS, { pageSize: 2, maxPages: 2 });
    expect(got?.changes.map((c) => c.beforeMbps)).toEqual([1, 2, 3]);
  });
});

describe('the spec saving of a report', () => {
  it('the spec saving does not add a rightsizing on top of a provisioned switch to pay-by-traffic', () => {
    const base = { monthlySaving: 100, after: {}, byBandwidthPricing: 'provisioned' } as unknown as ChangeReport;
    const rightsizing = { ...base, kind: 'bandwidth' } as ChangeReport;
    const toTraffic = { ...base, kind: 'billingMethod', after: { internetChargeType: 'PayByTraffic' } } as ChangeReport;
    expect(specSaving([rightsizing, toTraffic])).toBe(100);
    expect(specSaving([rightsizing, { ...toTraffic, byBandwidthPricing: 'static' }])).toBe(200);
    expect(specSaving([rightsizing, { ...toTraffic, kind: 'instanceType' }])).toBe(200);
  });
});

describe('optimise: the sweep reads the trail and applies (or not) the switch', () => {
  it.each<[string, typeof BUSY, number]>([
    ['autoscaled, provisioned below traffic → stays on PayByBandwidth', BUSY, 0],
    ['autoscaled, provisioned above traffic → switched to PayByTraffic', IDLE, 1],
  ])('%s', async (_label, shape, switches) => {
    const c = cycle(shape);
    const h = harness(config([optimisedGroup()]), [instance({ bandwidthOutMbps: shape.lowMbps })]);
    h.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', c.points);
    for (const e of c.entries) await h.store.appendAudit(e);
    const summary = await optimise(h.deps, { prices });
    const calls = h.ecs.calls.filter(
      (x) => x.action === 'ModifyInstanceNetworkSpec' && (x.params as { networkChargeType?: string }).networkChargeType,
    );
    expect(calls).toHaveLength(switches);
    const why = summary.instances[0]?.why.join(' | ') ?? '';
    expect(why).toContain('pay-by-bandwidth as provisioned over 14.0 days');
    if (switches === 0) {
      expect(why).toContain('billing method: keep PayByBandwidth');
      return;
    }
    expect(calls[0]?.params).toMatchObject({ networkChargeType: 'PayByTraffic', bandwidthOutMbps: shape.lowMbps });
    const applied = (await h.store.listAudit('i-web1', { limit: 5 })).find((e) => e.reason === 'billing-method');
    expect(applied?.result).toBe('applied');
    const saving = (c.provisionedHour - trafficHour(c.meanMbps)) * HOURS_PER_MONTH;
    expect(summary.instances[0]?.monthlySaving).toBeCloseTo(saving, 1);
  });

  it('a trail of evaluations without changes: the link held its bandwidth, priced as provisioned there', async () => {
    // The recording test of sweep.test.ts again, but the instance has been evaluated (a skip entry): the link was
    // at 100 Mbps all along, and the whole recommended spec saves the billing saving alone (the rightsized
    // bandwidth of a pay-by-traffic link is only a cap).
    const h = harness(config([optimisedGroup({}, { apply: false })]), [instance({ bandwidthOutMbps: 100 })]);
    const series = history(14, (i) => (i % 10 === 0 ? 30 : 6) * 1e6);
    const meanMbps = series.reduce((sum, p) => sum + p.average / 1e6, 0) / series.length;
    h.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', series);
    await h.store.appendAudit(entry(T0 - DAY_MS, { before: { bandwidthOutMbps: 100 } }, 'skipped'));
    const summary = await optimise(h.deps, { prices });
    const billing = (await h.store.listAudit('i-web1', { limit: 5 })).find((e) => e.reason === 'billing-method');
    expect(billing?.message).toContain('pay-by-bandwidth as provisioned over 14.0 days');
    const saving = (perHour(100) - trafficHour(meanMbps)) * HOURS_PER_MONTH;
    expect(parseRecommendation(billing as AuditEntry)?.monthlySaving).toBeCloseTo(saving, 1);
    expect(summary.instances[0]?.monthlySaving).toBeCloseTo(saving, 1);
    expect(summary.instances[0]?.changes.map((c) => c.kind).sort()).toEqual(['bandwidth', 'billingMethod']);
  });

  it('a recorded billing entry carries the compared pay-by-bandwidth cost in its trailer', async () => {
    const c = cycle(IDLE);
    const g = optimisedGroup({}, { apply: false });
    const h = harness(config([g]), [instance({ bandwidthOutMbps: 10 })]);
    h.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', c.points);
    for (const e of c.entries) await h.store.appendAudit(e);
    await optimise(h.deps, { prices });
    const billing = (await h.store.listAudit('i-web1', { limit: 5 })).find((e) => e.reason === 'billing-method');
    expect(billing?.message).toContain('"byBandwidthPricing":"provisioned"');
    const monthly = Math.round(c.provisionedHour * HOURS_PER_MONTH * 100) / 100;
    expect(billing?.message).toContain(`"byBandwidthMonthly":${monthly}`);
    expect(parseRecommendation(billing as AuditEntry)).toMatchObject({ recommendedChargeType: 'PayByTraffic' });
  });
});
