// The per-instance strategy in decisions (optimisation.strategy.mode apply), through decide().
import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy, StrategyPolicy } from '../../../src/core/config/types.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import { applyStrategy, BILLING_SWITCH_SPACING_MS } from '../../../src/core/decide/strategyStage.js';
import type { ForecastProfile } from '../../../src/core/forecast/types.js';
import type { BillingMethodAction, Decision, InstanceSnapshot, StrategyChoice } from '../../../src/core/types.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import {
  bandwidthPolicy,
  bump,
  forecastProfile,
  group,
  HOUR,
  input,
  instance,
  MIN,
  mbpsSeries,
  state,
  T0,
} from '../builders.js';
import { type Summary, summary } from './summary.js';

interface Case {
  mode?: StrategyPolicy['mode'];
  strategy?: StrategyChoice;
  inst?: Partial<InstanceSnapshot>;
  policy?: Partial<BandwidthPolicy>;
  /** Outbound Mbps, one a minute, the newest a minute ago. */
  mbps?: number[];
  forecast?: ForecastProfile;
  lastBillingMs?: number;
  over?: Partial<DecisionInput>;
}

function build(c: Case): DecisionInput {
  const g = group({ bandwidth: bandwidthPolicy(c.policy) });
  g.optimisation = {
    ...OPTIMISATION_DEFAULTS,
    strategy: { ...OPTIMISATION_DEFAULTS.strategy, mode: c.mode ?? 'apply' },
  };
  return input({
    instance: instance(c.inst),
    group: g,
    metrics: { bandwidthOutBps: mbpsSeries(c.mbps ?? [], { newestMs: T0 - MIN }), cpuPercent: [] },
    state: state({
      ...(c.strategy ? { strategy: c.strategy } : {}),
      lastChange: c.lastBillingMs === undefined ? {} : { billingMs: c.lastBillingMs },
    }),
    ...(c.forecast ? { forecast: c.forecast } : {}),
    ...c.over,
  });
}

const run = (c: Case, nowMs = T0): Decision => decide(build(c), nowMs);

function strategy(name: StrategyChoice['name'], over: Partial<StrategyChoice> = {}): StrategyChoice {
  return { name, chosenAtMs: T0 - 6 * HOUR, why: `${name} won the backtest`, ...over };
}

function billing(d: Decision): BillingMethodAction {
  if (d.kind !== 'scale' || d.action.kind !== 'billingMethod') throw new Error(`no billing switch: ${d.message}`);
  return d.action;
}

const traffic = { internetChargeType: 'PayByTraffic' as const, bandwidthOutMbps: 100 };
const five = (mbps: number) => [mbps, mbps, mbps, mbps, mbps];
/** 60 Mbps expected 10:00–10:30 UTC (now), 5 elsewhere: needs ceil(60 / 0.7) = 86 Mbps. */
const rush = forecastProfile(bump('10:00', '10:30', 60, 5));

describe('strategy mode record / off: decisions as configured', () => {
  it.each(['record', 'off'] as const)('%s: no switch, with or without a stored strategy', (mode) => {
    for (const s of [undefined, strategy('traffic'), strategy('static', { staticMbps: 40 })]) {
      const c: Case = { mode, mbps: five(7), ...(s ? { strategy: s } : {}), forecast: rush };
      // The same decision as a group whose strategies are off and that has no strategy stored.
      expect(run(c)).toEqual(run({ mbps: five(7), mode: 'off', forecast: rush }));
      expect(summary(run(c))).toEqual({ kind: 'scale', reason: 'forecast', from: 10, to: 86, direction: 'up' });
    }
  });
});

describe('strategy mode apply: the billing method', () => {
  it('no strategy yet: a PostPaid pay-by-bandwidth link moves to pay-by-traffic at the cap', () => {
    const d = run({ policy: { maxMbps: 60 }, mbps: five(7) });
    expect(summary(d)).toEqual({
      kind: 'scale',
      reason: 'billing-method',
      from: 'PayByBandwidth',
      to: 'PayByTraffic',
      direction: 'down',
    });
    expect(billing(d).bandwidthMbps).toBe(60);
    expect(d.message).toContain('no strategy chosen yet (less than a day of history)');
    expect(d.message.endsWith(': PayByBandwidth → PayByTraffic at 60 Mbps')).toBe(true);
    // The cap is the platform's 100 Mbps for a policy allowing more.
    expect(billing(run({ policy: { maxMbps: 150 } })).bandwidthMbps).toBe(100);
  });

  it('no strategy yet and already on pay-by-traffic: the cap is held (the traffic stage)', () => {
    expect(summary(run({ inst: { ...traffic, bandwidthOutMbps: 40 } }))).toEqual({
      kind: 'scale',
      reason: 'traffic-cap',
      from: 40,
      to: 100,
      direction: 'up',
    });
    expect(summary(run({ inst: traffic }))).toEqual({ kind: 'skip', reason: 'at-traffic-cap' });
  });

  it.each<[string, StrategyChoice, Partial<BandwidthPolicy>, number]>([
    ['reactive at its start', strategy('reactive', { startMbps: 25 }), {}, 25],
    ['forecast at its start', strategy('forecast', { startMbps: 30 }), {}, 30],
    ['static at its level', strategy('static', { staticMbps: 44 }), {}, 44],
    ['a start above the maximum: the maximum', strategy('reactive', { startMbps: 150 }), { maxMbps: 80 }, 80],
    ['a start below the minimum: the minimum', strategy('reactive', { startMbps: 10 }), { minMbps: 30 }, 30],
    ['no start: the current cap', strategy('reactive'), {}, 100],
  ])('pay-by-traffic → pay-by-bandwidth: %s', (_label, s, policy, mbps) => {
    const d = run({ strategy: s, inst: traffic, policy, mbps: five(3) });
    expect(summary(d)).toEqual({
      kind: 'scale',
      reason: 'billing-method',
      from: 'PayByTraffic',
      to: 'PayByBandwidth',
      direction: 'up',
    });
    expect(billing(d).bandwidthMbps).toBe(mbps);
    expect(d.message).toContain(`strategy ${s.name} (chosen 2024-05-01T04:00:00Z): ${s.name} won the backtest`);
  });

  it('strategy traffic on pay-by-bandwidth: back to pay-by-traffic at the cap', () => {
    const d = run({ strategy: strategy('traffic'), mbps: five(3) });
    expect(billing(d)).toMatchObject({ from: 'PayByBandwidth', to: 'PayByTraffic', bandwidthMbps: 100 });
  });

  it('a second switch within the hour waits (cooldown), and the bandwidth stage decides meanwhile', () => {
    const c: Case = { strategy: strategy('traffic'), lastBillingMs: T0 - 30 * MIN };
    const view = applyStrategy(build(c), bandwidthPolicy(), T0);
    expect(view.plan).toMatchObject({ kind: 'skip', reason: 'cooldown', untilMs: T0 + 30 * MIN });
    expect(view.plan?.message).toContain('the last billing switch was less than an hour ago');
    // The link is saturated: the reactive policy still doubles it while the switch waits.
    expect(summary(run({ ...c, mbps: [9.6] }))).toEqual({
      kind: 'scale',
      reason: 'saturated',
      from: 10,
      to: 20,
      direction: 'up',
    });
    expect(summary(run({ ...c, mbps: five(7) }))).toEqual({ kind: 'skip', reason: 'within-tolerance' });
    // An hour after the last switch it goes ahead.
    const later = T0 - 30 * MIN + BILLING_SWITCH_SPACING_MS;
    expect(billing(run(c, later)).to).toBe('PayByTraffic');
    expect(summary(run(c, later - 1)).reason).not.toBe('billing-method');
  });

  it('an EIP-bound instance is left to the configured policy', () => {
    const inst = { eipBound: true };
    for (const s of [undefined, strategy('traffic'), strategy('static', { staticMbps: 40 })]) {
      const c: Case = { inst, mbps: five(9), ...(s ? { strategy: s } : {}), forecast: rush };
      expect(run(c)).toEqual(run({ inst, mbps: five(9), mode: 'off', forecast: rush }));
    }
    expect(run({ inst: { ...inst, ...traffic }, strategy: strategy('reactive', { startMbps: 20 }) }).kind).toBe('skip');
  });
  it('a dry run says what it would do', () => {
    const d = run({ over: { dryRun: true } });
    expect(d).toMatchObject({ kind: 'scale', reason: 'billing-method', dryRun: true });
    expect(d.message.startsWith('dry run, would do: no strategy chosen yet')).toBe(true);
  });

  it('a closed gate (kill switch) comes first', () => {
    expect(run({ over: { killSwitch: true } })).toMatchObject({ kind: 'skip', reason: 'kill-switch' });
  });
});

describe('strategy mode apply: a subscription (base paid for the term, temporary upgrades)', () => {
  const inst = { instanceChargeType: 'PrePaid' as const };
  const asConfigured = (forecast?: ForecastProfile) =>
    run({ inst, mbps: five(9), mode: 'off', ...(forecast ? { forecast } : {}) });

  it('no strategy yet, or forecast: the configured policy (no cold-start switch to pay-by-traffic)', () => {
    // The forecast asks for 86 Mbps now: a temporary upgrade, never a billing switch.
    const configured = asConfigured(rush);
    expect(configured).toMatchObject({ kind: 'scale', reason: 'forecast' });
    expect(run({ inst, mbps: five(9), forecast: rush })).toEqual(configured);
    expect(run({ inst, mbps: five(9), forecast: rush, strategy: strategy('forecast') })).toEqual(configured);
  });

  it('reactive (or a stored traffic, which a subscription cannot switch to): the policy without the forecast', () => {
    const reactive = asConfigured();
    expect(summary(reactive)).toMatchObject({ kind: 'scale', reason: 'target-tracking', from: 10, to: 13 });
    for (const name of ['reactive', 'traffic'] as const) {
      expect(run({ inst, mbps: five(9), forecast: rush, strategy: strategy(name) })).toEqual(reactive);
    }
  });

  it('static at the base: no new temporary upgrade or extension unless saturated; an upgrade in force runs out', () => {
    const s = strategy('static', { staticMbps: 10 });
    // 9 of 10 Mbps would take a temporary upgrade to 13; held at the base instead.
    const held = run({ inst, mbps: five(9), strategy: s, forecast: rush });
    expect(held.kind).toBe('skip');
    expect(held.message).toContain('strategy static: base 10 Mbps');
    // Upgraded to 30 until 20 minutes from now, 20 Mbps used: the policy extends it; static neither extends nor cuts.
    const upgrade = { baselineMbps: 10, upgradedMbps: 30, endMs: T0 + 20 * MIN, actionKey: 'bw-up' };
    const upgraded: Case = { inst: { ...inst, bandwidthOutMbps: 30 }, mbps: five(20) };
    const withUpgrade = (c: Case) =>
      decide({ ...build(c), state: { ...build(c).state, temporaryUpgrade: upgrade } }, T0);
    expect(summary(withUpgrade({ ...upgraded, mode: 'off' }))).toMatchObject({ reason: 'temporary-extend' });
    const kept = withUpgrade({ ...upgraded, strategy: s });
    expect(kept).toMatchObject({ kind: 'skip', reason: 'no-permanent-downgrade' });
    expect(kept.message).toContain('the temporary upgrade reverts to 10 Mbps');
    // Saturated: the base no longer serves, so the policy decides (an escape), as without a strategy.
    const saturated = { ...upgraded, mbps: five(29.5) };
    expect(withUpgrade({ ...saturated, strategy: s })).toEqual(withUpgrade({ ...saturated, mode: 'off' }));
    expect(withUpgrade({ ...saturated, strategy: s })).toMatchObject({ kind: 'scale', reason: 'saturated' });
    // A little traffic: scaling down is the configured policy's call, as without a strategy.
    const low = { inst, mbps: five(1) };
    expect(summary(run({ ...low, strategy: s }))).toEqual(summary(run({ ...low, mode: 'off' })));
    // An operator's schedule wins over the strategy.
    const schedule = { name: 'evening', set: { bandwidthMbps: 20 } };
    expect(summary(run({ inst, mbps: five(9), strategy: s, over: { schedule } }))).toMatchObject({ to: 20 });
  });
});

describe('strategy mode apply: the policy on the strategy’s billing method', () => {
  it('static: the level is held; target tracking never raises it', () => {
    const s = strategy('static', { staticMbps: 20 });
    // 3 Mbps on 10 would scale down to 5; the strategy holds 20.
    const d = run({ strategy: s, mbps: five(3) });
    expect(summary(d)).toEqual({ kind: 'scale', reason: 'schedule', from: 10, to: 20, direction: 'up' });
    expect(d.message).toContain('schedule strategy static 20 Mbps');
    // 16 of 20 Mbps (80 %) would take target tracking to 23: held.
    expect(summary(run({ strategy: s, inst: { bandwidthOutMbps: 20 }, mbps: five(16) }))).toEqual({
      kind: 'skip',
      reason: 'at-bound',
    });
  });

  it('static: saturated, the link may rise (an escape), and comes back to the level by the scale-down rules', () => {
    const s = strategy('static', { staticMbps: 20 });
    const saturated = run({ strategy: s, inst: { bandwidthOutMbps: 20 }, mbps: [19.6] });
    expect(summary(saturated)).toEqual({ kind: 'scale', reason: 'saturated', from: 20, to: 40, direction: 'up' });
    expect(saturated.message).not.toContain('bounds');
    // Above the level after an escape: 30 of 40 Mbps (75 %) is not saturated, so not raised further.
    expect(run({ strategy: s, inst: { bandwidthOutMbps: 40 }, mbps: five(30) }).kind).toBe('skip');
    // The demand has gone: down to the level, not below it.
    const back = run({ strategy: s, inst: { bandwidthOutMbps: 40 }, mbps: five(3) });
    expect(summary(back)).toEqual({ kind: 'scale', reason: 'schedule', from: 40, to: 20, direction: 'down' });
  });

  it('static: an open operator schedule still wins', () => {
    const schedule = { name: 'campaign', set: { minMbps: 50, maxMbps: 80 } };
    const d = run({ strategy: strategy('static', { staticMbps: 20 }), mbps: five(3), over: { schedule } });
    expect(summary(d)).toEqual({ kind: 'scale', reason: 'schedule', from: 10, to: 50, direction: 'up' });
  });

  it('static: a level outside the policy’s bounds (lowered since the sweep) is cut to them', () => {
    const s = strategy('static', { staticMbps: 44 });
    const high = run({ strategy: s, policy: { maxMbps: 20 }, inst: { bandwidthOutMbps: 20 }, mbps: five(14) });
    expect(summary(high)).toEqual({ kind: 'skip', reason: 'within-tolerance' });
    // 3 Mbps wants 5; the level 5 is below the policy's 15: held at 15 (the policy's own bound, so not `schedule`).
    const low = run({ strategy: strategy('static', { staticMbps: 5 }), policy: { minMbps: 15 }, mbps: five(3) });
    expect(summary(low)).toEqual({ kind: 'scale', reason: 'target-tracking', from: 10, to: 15, direction: 'up' });
    expect(low.message).toContain('bounds [15, 15] Mbps (schedule strategy static 15 Mbps)');
  });

  it.each<[string, StrategyChoice, Summary]>([
    ['reactive: the forecast is dropped', strategy('reactive'), { kind: 'skip', reason: 'within-tolerance' }],
    [
      'static: the forecast is dropped',
      strategy('static', { staticMbps: 10 }),
      { kind: 'skip', reason: 'within-tolerance' },
    ],
    [
      'forecast: the forecast is used',
      strategy('forecast'),
      { kind: 'scale', reason: 'forecast', from: 10, to: 86, direction: 'up' },
    ],
  ])('%s', (_label, s, expected) => {
    expect(summary(run({ strategy: s, mbps: five(7), forecast: rush }))).toEqual(expected);
  });

  it('the view handed to the bandwidth stage: forecast dropped, the caller’s input untouched', () => {
    const i = build({ strategy: strategy('reactive'), forecast: rush });
    const before = structuredClone(i);
    const view = applyStrategy(i, bandwidthPolicy(), T0);
    expect(view.plan).toBeUndefined();
    expect('forecast' in view.input).toBe(false);
    expect(i).toEqual(before);
    const kept = build({ strategy: strategy('forecast'), forecast: rush });
    expect(applyStrategy(kept, bandwidthPolicy(), T0).input).toBe(kept);
  });
});
