// Pure planning: which changes may be applied, and how the downgrade budget is spent across the fleet.
import { describe, expect, it } from 'vitest';
import { assessInstance } from '../../../src/core/optimise/assess.js';
import { changeBlocker, groupBlocker, groupPool, planChanges } from '../../../src/core/optimise/plan.js';
import type { PlannedChange } from '../../../src/core/optimise/types.js';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import type { InstanceState } from '../../../src/core/types.js';
import { instance, T0 } from '../../app/builders.js';
import { shippedPrices } from '../../app/optimise/emulators.js';
import { freshState, history, NIGHTLY, optimisedGroup, steadyMbps, typeGroup } from '../../app/optimise/fixtures.js';

const prices = shippedPrices();
const HOUR = 3_600_000;

function state(id: string, downgradesMs: number[] = [], over: Partial<InstanceState> = {}): InstanceState {
  return freshState(id, { downgradesMs, ...over });
}

function assess(id: string, mbps: number, demand: number, g: GroupPolicy, st = state(id)) {
  return assessInstance({
    instance: instance({ instanceId: id, bandwidthOutMbps: mbps }),
    group: g,
    state: st,
    history: { bandwidthOutBps: steadyMbps(demand), cpuPercent: [] },
    periodSec: 300,
    prices,
    nowMs: T0,
  });
}

const ctx = { nowMs: T0, dryRun: false, readOnly: false };

describe('groupPool', () => {
  const g = optimisedGroup({
    downgradeBudget: { maxDowngrades: 3, windowSec: 86_400, reserve: 1, minIntervalSec: 300 },
  });
  it.each<[string, number[][], number]>([
    ['no downgrades', [[], []], 3],
    ['two in the window on two instances', [[T0 - HOUR], [T0 - 2 * HOUR]], 1],
    ['older ones have left the window', [[T0 - 25 * HOUR], [T0 - 30 * HOUR]], 3],
    [
      'more than the budget',
      [
        [T0 - HOUR, T0 - 2 * HOUR],
        [T0 - 3 * HOUR, T0 - 4 * HOUR],
      ],
      0,
    ],
  ])('%s → %s', (_label, downgrades, pool) => {
    expect(
      groupPool(
        g,
        downgrades.map((d, i) => state(`i-${i}`, d)),
        T0,
      ),
    ).toBe(pool);
  });

  it('no maxDowngrades: the pool is unlimited', () => {
    const unlimited = optimisedGroup({ downgradeBudget: { windowSec: 86_400, reserve: 0, minIntervalSec: 300 } });
    expect(groupPool(unlimited, [state('i-0', [T0 - HOUR, T0 - 2 * HOUR])], T0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('groupBlocker and changeBlocker', () => {
  it.each<[string, Partial<GroupPolicy>, Partial<GroupPolicy['optimisation']>, object, string | undefined]>([
    ['window open, apply on', {}, {}, {}, undefined],
    ['report only', {}, {}, { readOnly: true }, 'report only'],
    ['apply off', {}, { apply: false }, {}, 'optimisation.apply is off for group web'],
    ['dry run', {}, {}, { dryRun: true }, 'dry run: nothing is applied'],
    ['no window', { maintenanceWindows: [] }, {}, {}, 'group web has no maintenance window'],
    ['window closed', {}, {}, { nowMs: T0 + 3 * HOUR }, 'outside the maintenance windows of group web'],
  ])('%s → %s', (_label, over, opt, c, why) => {
    expect(groupBlocker(optimisedGroup({ maintenanceWindows: NIGHTLY, ...over }, opt), { ...ctx, ...c })).toBe(why);
  });

  const base = { kind: 'bandwidth', direction: 'down', confidence: 1, monthlySaving: 10 } as PlannedChange;
  it.each<[string, Partial<PlannedChange>, string | undefined]>([
    ['a cheaper, confident downgrade', {}, undefined],
    ['an increase', { direction: 'up' }, 'increases are left to reactive scaling'],
    ['low confidence', { confidence: 0.5 }, 'confidence 0.50 < 1: less than the 7 days of history required'],
    ['unknown price', { monthlySaving: undefined }, 'no list price for the current or the recommended spec'],
    ['no saving (pay-by-traffic cap)', { monthlySaving: 0 }, 'no saving at list prices'],
    ['a billing switch labelled up', { kind: 'billingMethod', direction: 'up' }, undefined],
    ['a billing switch saving 10 % of the current cost', { kind: 'billingMethod', currentMonthly: 100 }, undefined],
    [
      'a billing switch saving less than 10 % of the current cost',
      { kind: 'billingMethod', currentMonthly: 100.01 },
      "saves 10.00 a month, less than 10 % of the current method's 100.01: not worth a switch",
    ],
    ['the margin is for billing switches only', { currentMonthly: 1000 }, undefined],
  ])('%s → %s', (_label, over, why) => {
    expect(changeBlocker({ ...base, ...over }, 7)).toBe(why);
  });
});

describe('planChanges: spending the budget on the largest savings first', () => {
  const g = optimisedGroup(
    { downgradeBudget: { maxDowngrades: 2, windowSec: 86_400, reserve: 1, minIntervalSec: 300 } },
    { billingMethod: false },
  );

  it('ranks by saving per downgrade and funds while the pool lasts; ties break by instance id', () => {
    const sizes: [string, number][] = [
      ['i-c', 50],
      ['i-a', 100],
      ['i-d', 100],
      ['i-b', 30],
    ];
    const planned = planChanges(
      sizes.map(([id, mbps]) => assess(id, mbps, 5, g)),
      ctx,
    );
    expect(planned.map((c) => [c.instanceId, c.verdict])).toEqual([
      ['i-a', 'apply'],
      ['i-d', 'apply'],
      ['i-c', 'record'],
      ['i-b', 'record'],
    ]);
    expect(planned[2]?.why).toBe('the downgrade budget of group web is spent (on larger savings first)');
  });

  it('an instance whose own budget cannot pay (5 min spacing) is skipped; the pool goes to the next', () => {
    const recent = state('i-a', [T0 - 60_000]);
    const planned = planChanges([assess('i-a', 100, 5, g, recent), assess('i-b', 30, 5, g)], {
      ...ctx,
      groupStates: new Map([['web', [recent, state('i-b')]]]),
    });
    expect(planned.map((c) => [c.instanceId, c.verdict])).toEqual([
      ['i-b', 'apply'],
      ['i-a', 'record'],
    ]);
    expect(planned[1]?.why).toContain('downgrade budget of i-a: last downgrade less than 300 s ago');
  });

  it('a subscription instance at its platform limit of 3 is never planned (the reserve is the optimiser’s)', () => {
    const prepaid = assessInstance({
      instance: instance({ instanceId: 'i-pre', instanceChargeType: 'PrePaid', bandwidthOutMbps: 100 }),
      group: g,
      state: state('i-pre', [], { platformDowngrades: 3 }),
      history: { bandwidthOutBps: steadyMbps(5), cpuPercent: [] },
      periodSec: 300,
      prices,
      nowMs: T0,
    });
    const [c] = planChanges([prepaid], ctx);
    expect(c?.verdict).toBe('record');
    expect(c?.why).toContain('subscription downgrade limit');
  });

  it('pay-by-traffic bandwidth caps save nothing at list prices: recorded, never a downgrade', () => {
    const a = assessInstance({
      instance: instance({ internetChargeType: 'PayByTraffic', bandwidthOutMbps: 100 }),
      group: g,
      state: state('i-web1'),
      history: { bandwidthOutBps: steadyMbps(5), cpuPercent: [] },
      periodSec: 300,
      prices,
      nowMs: T0,
    });
    const [c] = planChanges([a], ctx);
    expect(c).toMatchObject({ verdict: 'record', monthlySaving: 0, why: 'no saving at list prices' });
  });

  /** The billing change planned for steady 30 Mbps on a pay-by-traffic cap of `capMbps`. */
  const billingOnTraffic = (capMbps: number, group: GroupPolicy) =>
    planChanges(
      [
        assessInstance({
          instance: instance({ internetChargeType: 'PayByTraffic', bandwidthOutMbps: capMbps }),
          group,
          state: state('i-web1'),
          history: { bandwidthOutBps: steadyMbps(30), cpuPercent: [] },
          periodSec: 300,
          prices,
          nowMs: T0,
        }),
      ],
      ctx,
    ).find((c) => c.kind === 'billingMethod');

  it('leaving pay-by-traffic, the switch sets the recommended bandwidth, never above the cap', () => {
    // Steady 30 Mbps: p95 30 / 0.7 → 43 Mbps, 70 % used, above the break-even: pay-by-bandwidth is cheaper.
    const plan = billingOnTraffic;
    const withBilling = optimisedGroup();
    expect(plan(100, withBilling)).toMatchObject({
      direction: 'up',
      before: { internetChargeType: 'PayByTraffic' },
      after: { internetChargeType: 'PayByBandwidth', bandwidthOutMbps: 43 },
    });
    expect(plan(40, withBilling)?.after).toEqual({ internetChargeType: 'PayByBandwidth', bandwidthOutMbps: 40 });
    // Without a bandwidth policy there is no recommended bandwidth: it switches as it is.
    expect(plan(40, optimisedGroup({ bandwidth: undefined }))?.after).toEqual({ internetChargeType: 'PayByBandwidth' });
  });

  it('with strategies applied, the billing method is the strategy’s: the recommendation is only recorded', () => {
    // The case above: steady 30 Mbps on a pay-by-traffic cap, where pay-by-bandwidth is cheaper.
    const billing = (group: GroupPolicy) => billingOnTraffic(100, group);
    const strategy = { mode: 'apply' as const, maxUnmetFraction: 0.005, minSavingFraction: 0.1, historyDays: 7 };
    expect(billing(optimisedGroup({}, { strategy }))).toMatchObject({
      verdict: 'record',
      why: expect.stringContaining('per-instance strategy'),
    });
    expect(billing(optimisedGroup())?.why).not.toContain('per-instance strategy');
  });

  it('one downgrade per instance per sweep: the larger saving (the type) is applied, the bandwidth recorded', () => {
    const both = optimisedGroup({ instanceType: typeGroup().instanceType }, { billingMethod: false });
    const a = assessInstance({
      instance: instance({ instanceType: 'ecs.g7.2xlarge', bandwidthOutMbps: 10 }),
      group: both,
      state: state('i-web1'),
      history: { bandwidthOutBps: steadyMbps(5), cpuPercent: history(14, () => 10) },
      periodSec: 300,
      prices,
      nowMs: T0,
    });
    const planned = planChanges([a], ctx);
    expect(planned.map((c) => [c.kind, c.verdict])).toEqual([
      ['instanceType', 'apply'],
      ['bandwidth', 'record'],
    ]);
    expect(planned[0]).toMatchObject({
      before: { instanceType: 'ecs.g7.2xlarge' },
      after: { instanceType: 'ecs.g7.large' },
    });
    expect(planned[1]).toMatchObject({
      after: { bandwidthOutMbps: 8 },
      why: 'one downgrade per instance per sweep; the larger saving goes first',
    });
  });
});
