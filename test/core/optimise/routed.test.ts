// An instance routed to its EIP (docs/eip.md): the optimiser prices it at the EIP prices, bounds it by the EIP's
// range, and never recommends or plans a billing-method switch (ModifyEipAddressAttribute has no metering method).
import { describe, expect, it } from 'vitest';
import type { PriceTable } from '../../../src/core/cost.js';
import type { DecisionInput } from '../../../src/core/decide/index.js';
import { changeDecider } from '../../../src/core/optimise/decider.js';
import { assessInstance, planChanges } from '../../../src/core/optimise/index.js';
import { linkPrices, linkRange, noBillingSwitch, routedEip } from '../../../src/core/optimise/link.js';
import { chooseStrategy } from '../../../src/core/optimise/strategy.js';
import type { PlannedChange } from '../../../src/core/optimise/types.js';
import type { InstanceSnapshot } from '../../../src/core/types.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import { instance, T0 } from '../../app/builders.js';
import { shippedPrices } from '../../app/optimise/emulators.js';
import { bandwidthChange, freshState, optimisedGroup, steadyMbps } from '../../app/optimise/fixtures.js';
import { bandwidthPolicy, group } from '../builders.js';
import { bursty, flat, NOW, PRICES } from './strategyFixtures.js';

/** EIP prices unlike the instance's, so that which table priced a figure shows. */
const EIP_TIERS = [{ fromMbps: 0, toMbps: null, price: 1 }];
const withEip = (t: PriceTable): PriceTable => ({
  ...t,
  eip: { payByBandwidthPerMbpsHour: EIP_TIERS, payByTrafficPerGB: 3, billing: 'perMinute' },
});
const routed = (over: Partial<InstanceSnapshot> = {}) =>
  instance({ eipAllocationId: 'eip-bp1', publicIp: '47.1.1.1', ...over });

describe('link facts of a routed instance', () => {
  it('routed: not eip-bound and an allocation id; the EIP range and prices; no billing switch', () => {
    const r = routed();
    expect(routedEip(r)).toBe('eip-bp1');
    expect(linkRange(r, 'PayByBandwidth')).toEqual({ minMbps: 1, maxMbps: 500 });
    expect(linkRange(r, 'PayByTraffic')).toEqual({ minMbps: 1, maxMbps: 200 });
    expect(linkPrices(withEip(PRICES), r)?.bandwidth.payByBandwidthPerMbpsHour).toEqual(EIP_TIERS);
    expect(noBillingSwitch(r)).toMatch(/^routed to EIP eip-bp1 \(PayByBandwidth\): an EIP's metering method/);
  });

  it.each<[string, Partial<InstanceSnapshot>]>([
    ['no EIP', {}],
    ['an EIP-bound instance that is not routed', { eipBound: true, eipAllocationId: 'eip-bp1' }],
  ])('%s: its own link (ECS range, instance prices, billing may switch)', (_label, over) => {
    const i = instance(over);
    expect(routedEip(i)).toBeUndefined();
    expect(linkRange(i, 'PayByBandwidth')).toEqual({ minMbps: 0, maxMbps: 100 });
    expect(linkPrices(withEip(PRICES), i)).toEqual(withEip(PRICES));
    expect(noBillingSwitch(i)).toBeUndefined();
  });
});

describe('assessInstance of a routed instance', () => {
  const prices = withEip(shippedPrices());
  const assess = (inst: InstanceSnapshot, maxMbps = 100) =>
    assessInstance({
      instance: inst,
      group: optimisedGroup({ bandwidth: bandwidthPolicy({ minMbps: 1, maxMbps }) }),
      state: freshState(),
      history: { bandwidthOutBps: steadyMbps(10), cpuPercent: [] },
      periodSec: 300,
      prices,
      nowMs: T0,
    });

  it('no billing recommendation, and says why; the bandwidth saving is at the EIP prices', () => {
    const a = assess(routed({ bandwidthOutMbps: 100 }));
    expect(a.billing).toBeUndefined();
    expect(a.notes).toEqual([expect.stringMatching(/^billing method: routed to EIP eip-bp1 \(PayByBandwidth\)/)]);
    expect(a.bandwidth).toMatchObject({ kind: 'recommendation', targetMbps: 15 });
    // 85 Mbps less at 1 CNY per Mbps-hour, 730 h.
    expect(a.bandwidthSaving).toBe(85 * 730);
    // The same instance not routed: the instance tiers, and a billing assessment.
    const own = assess(instance({ bandwidthOutMbps: 100 }));
    expect(own.bandwidthSaving).not.toBe(85 * 730);
    expect(own.billing).toBeDefined();
  });

  it('bounded by the EIP range (up to 500 Mbps pay-by-bandwidth), not ECS’s 100', () => {
    const heavy = assessInstance({
      instance: routed({ bandwidthOutMbps: 300 }),
      group: optimisedGroup({ bandwidth: bandwidthPolicy({ minMbps: 1, maxMbps: 400 }) }),
      state: freshState(),
      history: { bandwidthOutBps: steadyMbps(250), cpuPercent: [] },
      periodSec: 300,
      prices,
      nowMs: T0,
    });
    expect(heavy.bandwidth).toMatchObject({ kind: 'recommendation', direction: 'up' });
    expect(heavy.bandwidth?.kind === 'recommendation' && heavy.bandwidth.targetMbps).toBeGreaterThan(300);
  });

  it('plans no billing change for it', () => {
    const a = assess(routed({ bandwidthOutMbps: 100 }));
    const planned = planChanges([a], { nowMs: T0, dryRun: false, readOnly: false });
    expect(planned.map((c) => c.kind)).toEqual(['bandwidth']);
  });
});

describe('chooseStrategy of a routed instance', () => {
  const inputOf = (inst: InstanceSnapshot, prices = PRICES, history = bursty()) => ({
    instance: inst,
    group: group({
      bandwidth: bandwidthPolicy({ minMbps: 1, maxMbps: 100 }),
      optimisation: {
        ...OPTIMISATION_DEFAULTS,
        strategy: { ...OPTIMISATION_DEFAULTS.strategy, mode: 'apply' as const },
      },
    }),
    evaluation: { periodSec: 60, lookbackSec: 3600 },
    history,
    historyPeriodSec: 300,
    prices,
    nowMs: NOW,
  });

  it('pay-by-bandwidth EIP: only pay-by-bandwidth candidates (no traffic), priced at the EIP prices', () => {
    // Bursty traffic: not routed, pay-by-traffic at the cap would win.
    const own = chooseStrategy(inputOf(instance()));
    expect(own.kind === 'choice' && own.choice.name).toBe('traffic');
    const v = chooseStrategy(inputOf(routed(), withEip(PRICES)));
    if (v.kind !== 'choice') throw new Error(`expected a choice, got ${v.message}`);
    expect(v.candidates.map((c) => c.name)).not.toContain('traffic');
    expect(v.candidates.map((c) => c.name)).toEqual(expect.arrayContaining(['static', 'reactive']));
    expect(v.choice.name).not.toBe('traffic');
    expect(v.choice.why).toContain('EIP eip-bp1 at its own prices, pay-by-bandwidth only (no billing switch)');
    // The EIP table costs more per Mbps-hour (1 CNY flat vs 0.063 / 0.248): every candidate is dearer.
    const cheap = chooseStrategy(inputOf(routed()));
    if (cheap.kind !== 'choice') throw new Error('expected a choice');
    const cost = (x: typeof v, name: string) => x.candidates.find((c) => c.name === name)?.costPerDay ?? 0;
    expect(cost(v, 'static')).toBeGreaterThan(cost(cheap, 'static'));
  });

  it('without a stored strategy the incumbent is the configured (reactive) policy, not traffic', () => {
    const base = inputOf(routed(), PRICES, flat(5));
    const strategy = { ...base.group.optimisation.strategy, minSavingFraction: 0.99 };
    const g = { ...base.group, optimisation: { ...base.group.optimisation, strategy } };
    const v = chooseStrategy({ ...base, group: g });
    if (v.kind !== 'choice') throw new Error('expected a choice');
    expect(v.choice.name).toBe('reactive');
    expect(v.choice.why).toMatch(/reactive stays: static would save less than 99%$/);
  });

  it('pay-by-traffic EIP: nothing to choose, unsupported, says why', () => {
    const v = chooseStrategy(inputOf(routed({ internetChargeType: 'PayByTraffic' })));
    expect(v).toEqual({
      kind: 'none',
      reason: 'unsupported',
      message: expect.stringMatching(
        /^no strategy switch: routed to EIP eip-bp1 \(PayByTraffic\).*stays pay-by-traffic/,
      ),
    });
  });
});

describe('changeDecider: a billing switch planned before the instance was routed', () => {
  const change: PlannedChange = {
    ...bandwidthChange,
    kind: 'billingMethod',
    reason: 'billing-method',
    before: { internetChargeType: 'PayByBandwidth' },
    after: { internetChargeType: 'PayByTraffic' },
    meanMbps: 4,
    byBandwidthMonthly: 1500,
  };
  it('is skipped unsupported, without an action', () => {
    const input: DecisionInput = {
      instance: routed({ bandwidthOutMbps: 50 }),
      group: optimisedGroup(),
      dryRun: false,
      killSwitch: false,
      paused: false,
      metrics: { bandwidthOutBps: [], cpuPercent: [] },
      signal: { source: 'timer', instanceId: 'i-web1', atMs: T0, dedupeKey: 'optimise:i-web1:billing:1' },
      state: freshState('i-web1', { version: 3 }),
      inMaintenanceWindow: true,
      periodSec: 60,
    };
    expect(changeDecider(change, shippedPrices())(input, T0)).toEqual({
      kind: 'skip',
      reason: 'unsupported',
      message: expect.stringMatching(/^no billing switch: routed to EIP eip-bp1/),
    });
  });
});
