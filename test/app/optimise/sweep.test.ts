// The optimiser sweep on hand-written fakes: what is applied, what is recorded, and the budget spending rule.
import { describe, expect, it } from 'vitest';
import { optimise } from '../../../src/app/optimise/index.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH, instanceCostPerHour } from '../../../src/core/cost.js';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import type { AuditEntry, InstanceSnapshot } from '../../../src/core/types.js';
import { parseRecommendation } from '../../../src/dashboard/recommendations.js';
import { receiveTick } from '../../../src/runtime/tick.js';
import { config, instance, T0 } from '../builders.js';
import { harness } from '../fakes.js';
import { shippedPrices } from './emulators.js';
import { history, optimisedGroup, seedDowngrade, steadyMbps, typeGroup } from './fixtures.js';

const prices = shippedPrices();
const bwMonthly = (mbps: number) => bandwidthCostPerHour(prices, 'PayByBandwidth', mbps) * HOURS_PER_MONTH;
const cents = (x: number) => Math.round(x * 100) / 100;

function setup(groups: GroupPolicy[], instances: InstanceSnapshot[], demandMbps: Record<string, number>, over = {}) {
  const h = harness(config(groups, over), instances);
  for (const [id, mbps] of Object.entries(demandMbps))
    h.metrics.set('VPC_PublicIP_InternetOutRate', id, steadyMbps(mbps));
  return h;
}

/** The trail without the sweep's `strategy` entries (test/app/optimise/advise.test.ts covers those). */
async function audit(h: ReturnType<typeof harness>, id: string): Promise<AuditEntry[]> {
  return (await h.store.listAudit(id, { limit: 50 })).filter((e) => e.reason !== 'strategy');
}

describe('optimise: recording recommendations (apply off)', () => {
  it('records rightsizing and billing entries the dashboard can read, and changes nothing', async () => {
    const g = optimisedGroup({}, { apply: false });
    const h = harness(config([g]), [instance({ bandwidthOutMbps: 100 })]);
    // Bursty: every tenth period at 30 Mbps, otherwise 6 → p95 30 Mbps, mean ≈ 8.4 Mbps.
    const series = history(14, (i) => (i % 10 === 0 ? 30 : 6) * 1e6);
    const meanMbps = series.reduce((sum, p) => sum + p.average / 1e6, 0) / series.length;
    h.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', series);
    const summary = await optimise(h.deps, { prices });
    expect(h.ecs.changeCount()).toBe(0);
    const entries = await audit(h, 'i-web1');
    expect(entries.map((e) => [e.reason, e.result, e.decision]).sort()).toEqual([
      ['billing-method', 'would-do', 'skip'],
      ['rightsizing', 'would-do', 'skip'],
    ]);
    const rightsizing = entries.find((e) => e.reason === 'rightsizing') as AuditEntry;
    // p95 30 Mbps at target 0.7 → ceil(30 / 0.7) = 43 Mbps.
    const target = Math.ceil(30 / 0.7);
    expect(rightsizing.before).toEqual({ bandwidthOutMbps: 100 });
    expect(rightsizing.after).toEqual({ bandwidthOutMbps: target });
    expect(rightsizing.message).toContain('optimisation.apply is off');
    expect(parseRecommendation(rightsizing)).toEqual({
      recommendedMbps: target,
      monthlySaving: cents(bwMonthly(100) - bwMonthly(target)),
      currency: 'CNY',
      confidence: 1,
    });
    // No audit trail (never evaluated): how the link moved is unknown, so pay-by-bandwidth is priced at the
    // recommended 43 Mbps: 8.4 / 43 ≈ 20 % utilisation is below break-even → pay by traffic.
    const billingEntry = entries.find((e) => e.reason === 'billing-method') as AuditEntry;
    const billing = parseRecommendation(billingEntry);
    expect(billing?.recommendedChargeType).toBe('PayByTraffic');
    expect(billingEntry.message).toContain(`pay-by-bandwidth at ${target} Mbps:`);
    expect(summary.instances[0]?.why).toContain(
      'billing method: no audit trail of this instance, pay-by-bandwidth is priced at one bandwidth',
    );
    const trafficMonthly = ((meanMbps * 3600) / 8 / 1000) * prices.bandwidth.payByTrafficPerGB * HOURS_PER_MONTH;
    expect(billing?.monthlySaving).toBeCloseTo(bwMonthly(target) - trafficMonthly, 1);
    // The two savings add up to the saving of the whole recommended spec.
    expect(summary.instances[0]?.monthlySaving).toBeCloseTo(bwMonthly(100) - trafficMonthly, 1);
    expect(summary.instances[0]).toMatchObject({
      instanceId: 'i-web1',
      current: { bandwidthOutMbps: 100, internetChargeType: 'PayByBandwidth' },
      recommended: { bandwidthOutMbps: target, internetChargeType: 'PayByTraffic' },
      confidence: 1,
    });
    expect(summary.counts).toEqual({ recorded: 2 });
  });

  it.each<[string, Partial<GroupPolicy>, object, string]>([
    ['dry run', {}, { dryRun: true }, 'dry run'],
    ['no maintenance window', { maintenanceWindows: [] }, {}, 'has no maintenance window'],
    [
      'window closed',
      { maintenanceWindows: [{ cron: '0 0 12 * * *', durationMin: 60 }] },
      {},
      'outside the maintenance',
    ],
  ])('%s → recorded, not applied', async (_label, over, cfg, why) => {
    const g = optimisedGroup(over, { billingMethod: false });
    const h = setup([g], [instance({ bandwidthOutMbps: 100 })], { 'i-web1': 10 }, cfg);
    await optimise(h.deps, { prices });
    expect(h.ecs.changeCount()).toBe(0);
    const [entry] = await audit(h, 'i-web1');
    expect(entry).toMatchObject({ reason: 'rightsizing', result: 'would-do' });
    expect(entry?.message).toContain(why);
  });

  it('too little history → confidence below 1, recorded with the reason', async () => {
    const g = optimisedGroup({}, { billingMethod: false });
    const h = harness(config([g]), [instance({ bandwidthOutMbps: 100 })]);
    h.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', steadyMbps(10, 3));
    const summary = await optimise(h.deps, { prices });
    expect(h.ecs.changeCount()).toBe(0);
    expect(summary.instances[0]?.confidence).toBeCloseTo(3 / 7, 2);
    const [entry] = await audit(h, 'i-web1');
    expect(entry?.message).toContain('confidence 0.43 < 1');
  });

  it('under-provisioned: an increase is recorded with its extra cost and left to reactive scaling', async () => {
    const g = optimisedGroup({}, { billingMethod: false });
    const h = setup([g], [instance({ bandwidthOutMbps: 10 })], { 'i-web1': 9.5 });
    await optimise(h.deps, { prices });
    const [entry] = await audit(h, 'i-web1');
    expect(entry?.after).toEqual({ bandwidthOutMbps: 14 });
    expect(entry?.message).toContain('increases are left to reactive scaling');
    expect(parseRecommendation(entry as AuditEntry)?.monthlySaving).toBeLessThan(0);
  });
});

describe('optimise: applying inside the window', () => {
  it('a fleet of 5 over-provisioned instances with a budget of 1 downgrade → exactly one applied, the largest saving', async () => {
    const g = optimisedGroup(
      { downgradeBudget: { maxDowngrades: 1, windowSec: 86_400, reserve: 0, minIntervalSec: 300 } },
      { billingMethod: false },
    );
    const sizes = { 'i-a': 60, 'i-b': 100, 'i-c': 80, 'i-d': 90, 'i-e': 70 };
    const fleet = Object.entries(sizes).map(([id, mbps]) => instance({ instanceId: id, bandwidthOutMbps: mbps }));
    const h = setup([g], fleet, Object.fromEntries(Object.keys(sizes).map((id) => [id, 10])));
    const summary = await optimise(h.deps, { prices });
    expect(h.ecs.changes).toMatchObject([{ action: 'ModifyInstanceNetworkSpec', instanceId: 'i-b', detail: '15' }]);
    expect(summary.counts).toEqual({ applied: 1, recorded: 4 });
    const applied = await audit(h, 'i-b');
    expect(applied[0]).toMatchObject({ reason: 'rightsizing', result: 'applied', after: { bandwidthOutMbps: 15 } });
    expect((await h.store.getInstanceState('i-b')).downgradesMs).toEqual([T0]);
    for (const id of ['i-a', 'i-c', 'i-d', 'i-e']) {
      const [entry] = await audit(h, id);
      expect(entry?.result).toBe('would-do');
      expect(entry?.message).toContain('downgrade budget of group web is spent');
    }
    // A second sweep the same day finds the group's budget spent.
    h.clock.ms += 600_000;
    await optimise(h.deps, { prices });
    expect(h.ecs.changeCount()).toBe(1);
  });

  it('downgrades made earlier in the window (by any instance of the group) count against the pool', async () => {
    const g = optimisedGroup(
      { downgradeBudget: { maxDowngrades: 2, windowSec: 86_400, reserve: 1, minIntervalSec: 300 } },
      { billingMethod: false },
    );
    const fleet = [
      instance({ instanceId: 'i-a', bandwidthOutMbps: 100 }),
      instance({ instanceId: 'i-quiet', bandwidthOutMbps: 15 }),
    ];
    const h = setup([g], fleet, { 'i-a': 10, 'i-quiet': 10 });
    await seedDowngrade(h.store, 'i-quiet', T0 - 3_600_000);
    await seedDowngrade(h.store, 'i-quiet', T0 - 7_200_000);
    await optimise(h.deps, { prices, instanceIds: ['i-a'] });
    expect(h.ecs.changeCount()).toBe(0);
    expect((await audit(h, 'i-a'))[0]?.message).toContain('is spent');
  });

  it('a type downgrade goes through the orchestration (dispatched), saving at list prices', async () => {
    const g = typeGroup({}, { billingMethod: false });
    const inst = instance({
      instanceId: 'i-batch',
      instanceType: 'ecs.g7.2xlarge',
      tags: { 'autoscaler-group': 'web' },
    });
    const h = harness(config([g]), [inst]);
    h.metrics.set(
      'CPUUtilization',
      'i-batch',
      history(14, () => 10),
    );
    const summary = await optimise(h.deps, { prices });
    expect(h.dispatcher.tasks).toHaveLength(1);
    const [o] = await h.store.listActiveOrchestrations();
    expect(o?.action).toMatchObject({ fromType: 'ecs.g7.2xlarge', toType: 'ecs.g7.large', api: 'ModifyInstanceSpec' });
    const saving = (instanceCostPerHour(prices, 'ecs.g7.2xlarge') - instanceCostPerHour(prices, 'ecs.g7.large')) * 730;
    expect(summary.instances[0]?.monthlySaving).toBeCloseTo(saving, 2);
    expect(summary.counts).toEqual({ dispatched: 1 });
  });

  it('one downgrade per instance per sweep: the larger saving goes, the other is recorded', async () => {
    const g = optimisedGroup({ instanceType: typeGroup().instanceType }, { billingMethod: false });
    const h = setup([g], [instance({ instanceType: 'ecs.g7.2xlarge', bandwidthOutMbps: 10 })], { 'i-web1': 5 });
    h.metrics.set(
      'CPUUtilization',
      'i-web1',
      history(14, () => 10),
    );
    await optimise(h.deps, { prices });
    expect(h.dispatcher.tasks).toHaveLength(1);
    expect(h.ecs.changeCount('ModifyInstanceNetworkSpec')).toBe(0);
    const recorded = (await audit(h, 'i-web1')).find((e) => e.result === 'would-do');
    expect(recorded?.after).toEqual({ bandwidthOutMbps: 8 });
    expect(recorded?.message).toContain('one downgrade per instance per sweep');
  });

  it('a cheaper billing method is applied (no budget spent) with the bandwidth kept', async () => {
    const g = optimisedGroup({ bandwidth: undefined, instanceType: typeGroup().instanceType });
    const h = setup([g], [instance({ bandwidthOutMbps: 50 })], { 'i-web1': 2 });
    h.metrics.set(
      'CPUUtilization',
      'i-web1',
      history(14, () => 50),
    );
    await optimise(h.deps, { prices });
    const call = h.ecs.calls.find((c) => c.action === 'ModifyInstanceNetworkSpec');
    expect(call?.params).toMatchObject({
      instanceId: 'i-web1',
      bandwidthOutMbps: 50,
      networkChargeType: 'PayByTraffic',
    });
    expect((await h.store.getInstanceState('i-web1')).downgradesMs).toEqual([]);
  });

  it('the kill switch stops the change in the execution path; the recommendation is still recorded', async () => {
    const g = optimisedGroup({}, { billingMethod: false });
    const h = setup([g], [instance({ bandwidthOutMbps: 100 })], { 'i-web1': 10 });
    await h.store.setControls({ killSwitch: true, pausedGroups: [] });
    const summary = await optimise(h.deps, { prices });
    expect(h.ecs.changeCount()).toBe(0);
    const entries = await audit(h, 'i-web1');
    expect(entries.map((e) => [e.reason, e.result]).sort()).toEqual([
      ['kill-switch', 'skipped'],
      ['rightsizing', 'would-do'],
    ]);
    expect(summary.counts).toEqual({ skipped: 1 });
  });
});

describe('the timer payload `optimise`', () => {
  it('runs the sweep with the shipped price table (found from the working directory)', async () => {
    const g = optimisedGroup({}, { apply: false, billingMethod: false });
    const h = setup([g], [instance({ bandwidthOutMbps: 100 })], { 'i-web1': 10 });
    const event = JSON.stringify({
      triggerTime: new Date(T0).toISOString(),
      triggerName: 'optimise-daily',
      payload: 'optimise',
    });
    const tick = await receiveTick(h.deps, event);
    expect(tick.kind).toBe('optimise');
    expect(tick.result).toMatchObject({ assessed: 1, currency: 'CNY', counts: { recorded: 1 } });
    expect((await audit(h, 'i-web1'))[0]).toMatchObject({ reason: 'rightsizing', result: 'would-do' });
  });
});
