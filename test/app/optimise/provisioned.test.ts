// Pay-by-bandwidth priced as it was provisioned: the audit trail read back into a bandwidth timeline, and the
// billing recommendation of an autoscaled link made against what the reactive policy really cost.
import { describe, expect, it } from 'vitest';
import { assessInstance, auditedBandwidth, optimise } from '../../../src/app/optimise/index.js';
import { specSaving } from '../../../src/app/optimise/report.js';
import type { AuditedBandwidth, ChangeReport } from '../../../src/app/optimise/types.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH, trafficGBPerHour } from '../../../src/core/cost.js';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import type { AuditEntry, AuditResult, InstanceSnapshot } from '../../../src/core/types.js';
import { parseRecommendation } from '../../../src/dashboard/recommendations.js';
import { config, instance, T0 } from '../builders.js';
import { harness } from '../fakes.js';
import { shippedPrices } from './emulators.js';
import { DAY_MS, freshState, history, optimisedGroup } from './fixtures.js';

const prices = shippedPrices();
const HOUR_MS = 3_600_000;
const perHour = (mbps: number) => bandwidthCostPerHour(prices, 'PayByBandwidth', mbps);
const trafficHour = (meanMbps: number) => trafficGBPerHour(meanMbps) * prices.bandwidth.payByTrafficPerGB;

let seq = 0;
function entry(atMs: number, over: Partial<AuditEntry> = {}, result: AuditResult = 'applied'): AuditEntry {
  seq++;
  return {
    instanceId: 'i-web1',
    atMs,
    seq: `s${String(seq).padStart(6, '0')}`,
    signal: { source: 'timer', dedupeKey: `k${seq}` },
    decision: result === 'applied' ? 'scale' : 'skip',
    reason: 'target-tracking',
    message: 'test',
    result,
    ...over,
  };
}
const bw = (atMs: number, from: number, to: number, result: AuditResult = 'applied') =>
  entry(atMs, { before: { bandwidthOutMbps: from }, after: { bandwidthOutMbps: to } }, result);

/**
 * A daily cycle: 12:00–16:00 UTC at `peakMbps` of demand, `idleMbps` otherwise; the reactive policy held the link
 * at `highMbps` during the peak and `lowMbps` otherwise (two applied changes a day). T0 is 03:00 UTC: at `lowMbps`.
 */
function cycle(o: { idleMbps: number; peakMbps: number; lowMbps: number; highMbps: number }, days = 14) {
  const peak = (tMs: number) => {
    const h = new Date(tMs).getUTCHours();
    return h >= 12 && h < 16;
  };
  const points = history(days, (_i, tMs) => (peak(tMs) ? o.peakMbps : o.idleMbps) * 1e6);
  const entries: AuditEntry[] = [];
  for (let d = 1; d <= days; d++) {
    const noon = T0 - d * DAY_MS + 9 * HOUR_MS;
    entries.push(bw(noon, o.lowMbps, o.highMbps), bw(noon + 4 * HOUR_MS, o.highMbps, o.lowMbps));
  }
  const meanMbps = (20 * o.idleMbps + 4 * o.peakMbps) / 24;
  const provisionedHour = (20 * perHour(o.lowMbps) + 4 * perHour(o.highMbps)) / 24;
  return { points, entries, meanMbps, provisionedHour };
}

// Busy peaks: mean 10 Mbps = 3.60 CNY/h of traffic. Priced at the recommended ceil(40 / 0.7) = 58 Mbps it is
// 13.46 CNY/h, but the link was at 6 Mbps 20 h a day and 50 Mbps 4 h: 2.38 CNY/h, below the traffic.
const BUSY = { idleMbps: 4, peakMbps: 40, lowMbps: 6, highMbps: 50 };
// Mostly idle: mean 4.25 Mbps = 1.53 CNY/h of traffic, against 10 / 50 Mbps provisioned = 2.25 CNY/h.
const IDLE = { idleMbps: 1, peakMbps: 40, lowMbps: 10, highMbps: 50 };

function assess(
  c: ReturnType<typeof cycle>,
  inst: InstanceSnapshot,
  g: GroupPolicy = optimisedGroup(),
  audited: AuditedBandwidth = { changes: [] },
) {
  return assessInstance({
    instance: inst,
    group: g,
    state: freshState(inst.instanceId),
    history: { bandwidthOutBps: c.points, cpuPercent: [] },
    periodSec: 300,
    prices,
    nowMs: T0,
    audited,
  });
}

const changesOf = (entries: AuditEntry[]) =>
  entries.map((e) => ({ atMs: e.atMs, beforeMbps: e.before?.bandwidthOutMbps as number }));

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

describe('assess: pay-by-bandwidth of an autoscaled link priced as provisioned', () => {
  it.each<[string, typeof BUSY, 'PayByBandwidth' | 'PayByTraffic']>([
    ['provisioned cost below the traffic cost: stays, although the static price would switch', BUSY, 'PayByBandwidth'],
    ['provisioned cost above the traffic cost: switches', IDLE, 'PayByTraffic'],
  ])('%s', (_label, shape, expected) => {
    const c = cycle(shape);
    const a = assess(c, instance({ bandwidthOutMbps: shape.lowMbps }), optimisedGroup(), {
      changes: changesOf(c.entries),
    });
    if (a.billing?.kind !== 'recommendation') throw new Error('expected a billing recommendation');
    expect(a.billing.provisionedDays).toBeCloseTo(14, 6);
    expect(a.billing.monthlyCost.PayByBandwidth).toBeCloseTo(c.provisionedHour * HOURS_PER_MONTH, 4);
    expect(a.billing.monthlyCost.PayByTraffic).toBeCloseTo(trafficHour(c.meanMbps) * HOURS_PER_MONTH, 4);
    expect(a.billing.recommended).toBe(expected);
    expect(a.billing.message).toContain('pay-by-bandwidth as provisioned over 14.0 days');
    // The static price at the recommended bandwidth would have switched both.
    const target = a.bandwidth?.kind === 'recommendation' ? a.bandwidth.targetMbps : 0;
    expect(target).toBe(58);
    expect(trafficHour(c.meanMbps)).toBeLessThan(perHour(target));
  });

  it.each<[string, Partial<InstanceSnapshot>, Partial<GroupPolicy>, boolean, string]>([
    ['no bandwidth policy: static, at the current bandwidth', {}, { bandwidth: undefined }, true, 'at 6 Mbps'],
    ['on pay-by-traffic: a forecast, static', { internetChargeType: 'PayByTraffic' }, {}, true, 'at 58 Mbps'],
    ['no audit trail: static, at the recommended bandwidth', {}, {}, false, 'at 58 Mbps'],
  ])('%s', (_label, inst, over, trail, basis) => {
    const c = cycle(BUSY);
    const a = assessInstance({
      instance: instance({ bandwidthOutMbps: 6, ...inst }),
      group: optimisedGroup(over),
      state: freshState(),
      history: { bandwidthOutBps: c.points, cpuPercent: [] },
      periodSec: 300,
      prices,
      nowMs: T0,
      ...(trail ? { audited: { changes: changesOf(c.entries) } } : {}),
    });
    if (a.billing?.kind !== 'recommendation') throw new Error('expected a billing recommendation');
    expect(a.billing.provisionedDays).toBeUndefined();
    expect(a.billing.message).toContain(`pay-by-bandwidth ${basis}:`);
  });

  it('an incomplete trail: the timeline starts at the oldest known bandwidth', () => {
    const c = cycle(BUSY);
    // Only yesterday's 16:00 change (50 → 6 Mbps, 11 h ago) survives: 50 Mbps reaches back over the 325 h before.
    const a = assess(c, instance({ bandwidthOutMbps: 6 }), optimisedGroup(), {
      changes: changesOf(c.entries.slice(1, 2)),
    });
    const b = a.billing?.kind === 'recommendation' ? a.billing : undefined;
    const hour = (11 * perHour(6) + 325 * perHour(50)) / (14 * 24);
    expect(b?.monthlyCost.PayByBandwidth).toBeCloseTo(hour * HOURS_PER_MONTH, 4);
    expect(b?.recommended).toBe('PayByTraffic');
  });

  it('less than a day on pay-by-bandwidth since the last billing switch: no recommendation yet', () => {
    const c = cycle(BUSY);
    const a = assess(c, instance({ bandwidthOutMbps: 6 }), optimisedGroup(), {
      changes: [],
      billingSwitchMs: T0 - 6 * HOUR_MS,
    });
    expect(a.billing).toEqual({
      kind: 'none',
      reason: 'insufficient-history',
      historyDays: 0.25,
      message: 'only 0.25 days on PayByBandwidth since the last billing switch, at least 1 needed',
    });
  });

  it('a switch back to pay-by-bandwidth 3 days ago: weighed over those 3 days only', () => {
    const c = cycle(BUSY);
    const a = assess(c, instance({ bandwidthOutMbps: 6 }), optimisedGroup(), {
      changes: changesOf(c.entries.slice(0, 6)),
      billingSwitchMs: T0 - 3 * DAY_MS,
    });
    expect(a.billing?.kind === 'recommendation' && a.billing.provisionedDays).toBeCloseTo(3, 10);
    expect(a.billing?.kind === 'recommendation' && a.billing.monthlyCost.PayByBandwidth).toBeCloseTo(
      c.provisionedHour * HOURS_PER_MONTH,
      4,
    );
  });

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
