// The decision function a planned change is applied with: fresh-state re-checks and deterministic tokens.
import { describe, expect, it } from 'vitest';
import type { DecisionInput } from '../../../src/core/decide/index.js';
import { changeDecider } from '../../../src/core/optimise/decider.js';
import type { PlannedChange } from '../../../src/core/optimise/types.js';
import type { InstanceState } from '../../../src/core/types.js';
import { instance, T0, typePolicy } from '../../app/builders.js';
import { shippedPrices } from '../../app/optimise/emulators.js';
import { bandwidthChange, freshState, optimisedGroup } from '../../app/optimise/fixtures.js';

const prices = shippedPrices();
const g = optimisedGroup({ instanceType: typePolicy() });

function input(over: Partial<DecisionInput> = {}, st: Partial<InstanceState> = {}): DecisionInput {
  return {
    instance: instance({ bandwidthOutMbps: 100 }),
    group: g,
    dryRun: false,
    killSwitch: false,
    paused: false,
    metrics: { bandwidthOutBps: [], cpuPercent: [] },
    signal: { source: 'timer', instanceId: 'i-web1', atMs: T0, dedupeKey: 'optimise:i-web1:bandwidth:1' },
    state: freshState('i-web1', { version: 3, ...st }),
    inMaintenanceWindow: true,
    periodSec: 60,
    ...over,
  };
}

describe('changeDecider', () => {
  const decide = changeDecider(bandwidthChange, prices);

  it('builds the bandwidth action with a deterministic token and the optimiser reason', () => {
    const d = decide(input(), T0);
    expect(d).toMatchObject({ kind: 'scale', reason: 'rightsizing', dryRun: false });
    if (d.kind !== 'scale') throw new Error('expected scale');
    expect(d.action).toMatchObject({ kind: 'bandwidth', direction: 'down', fromMbps: 100, toMbps: 43 });
    const again = decide(input(), T0 + 60_000);
    expect(again.kind === 'scale' && again.action.clientToken).toBe(d.action.clientToken);
  });

  it.each<[string, Partial<DecisionInput>, Partial<InstanceState>, string]>([
    ['kill switch', { killSwitch: true }, {}, 'kill-switch'],
    ['paused', { paused: true }, {}, 'paused'],
    ['live lease', {}, { lease: { holder: 'x', actionKey: 'k', expiresAtMs: T0 + 60_000 } }, 'in-progress'],
    ['stopped', { instance: instance({ bandwidthOutMbps: 100, status: 'Stopped' }) }, {}, 'not-running'],
    ['window closed meanwhile', { inMaintenanceWindow: false }, {}, 'maintenance-window'],
    ['bandwidth changed since the assessment', { instance: instance({ bandwidthOutMbps: 80 }) }, {}, 'plan-outdated'],
    ['down cooldown after a recent up', {}, { lastChange: { bandwidthUpMs: T0 - 60_000 } }, 'cooldown'],
    ['budget: 5 minutes since the last downgrade', {}, { downgradesMs: [T0 - 120_000], lastChange: {} }, 'quota'],
    [
      'temporary upgrade active',
      {},
      { temporaryUpgrade: { baselineMbps: 100, upgradedMbps: 150, endMs: T0 + 3_600_000, actionKey: 'bw-x' } },
      'in-progress',
    ],
  ])('%s → skip %s', (_label, over, st, reason) => {
    expect(decide(input(over, st), T0)).toMatchObject({ kind: 'skip', reason });
  });

  it('a group that lost the policy of the dimension since the plan → skip no-policy', () => {
    const typeOnly = optimisedGroup({ bandwidth: undefined, instanceType: typePolicy() });
    expect(decide(input({ group: typeOnly }), T0)).toMatchObject({ kind: 'skip', reason: 'no-policy' });
  });

  describe('a type change is re-checked on the fresh instance and state', () => {
    const change: PlannedChange = {
      ...bandwidthChange,
      kind: 'instanceType',
      before: { instanceType: 'ecs.g7.2xlarge' },
      after: { instanceType: 'ecs.g7.large' },
    };
    it.each<[string, Partial<DecisionInput>, Partial<InstanceState>, string, string]>([
      [
        'type changed since the assessment',
        { instance: instance({ instanceType: 'ecs.g7.xlarge' }) },
        {},
        'plan-outdated',
        'type is ecs.g7.xlarge now, not the assessed ecs.g7.2xlarge',
      ],
      [
        'down cooldown after a recent type change',
        { instance: instance({ instanceType: 'ecs.g7.2xlarge' }) },
        { lastChange: { typeUpMs: T0 - 60_000 } },
        'cooldown',
        'instanceType cooldown after the last change',
      ],
    ])('%s → skip %s', (_label, over, st, reason, message) => {
      const d = changeDecider(change, prices)(input(over, st), T0);
      expect(d).toMatchObject({ kind: 'skip', reason, message });
    });
  });

  it('a type change uses the API of the charge type and the policy’s stopped mode', () => {
    const change: PlannedChange = {
      ...bandwidthChange,
      kind: 'instanceType',
      before: { instanceType: 'ecs.g7.2xlarge' },
      after: { instanceType: 'ecs.g7.large' },
    };
    const d = changeDecider(change, prices)(
      input({ instance: instance({ instanceType: 'ecs.g7.2xlarge', instanceChargeType: 'PrePaid' }) }),
      T0,
    );
    expect(d.kind === 'scale' && d.action).toMatchObject({
      kind: 'instanceType',
      api: 'ModifyPrepayInstanceSpec',
      stoppedMode: 'KeepCharging',
      toType: 'ecs.g7.large',
    });
  });

  describe('a billing switch keeps the plan’s economics', () => {
    // Planned on a mean of 4 Mbps (1.44 CNY/h of traffic, 1051.20 CNY/month) against a link that cost
    // 1500 CNY/month as provisioned.
    const change: PlannedChange = {
      ...bandwidthChange,
      kind: 'billingMethod',
      reason: 'billing-method',
      before: { internetChargeType: 'PayByBandwidth' },
      after: { internetChargeType: 'PayByTraffic' },
      meanMbps: 4,
      byBandwidthMonthly: 1500,
      byBandwidthPricing: 'provisioned',
    };

    it.each([50, 2])('applied at %d Mbps now: never re-priced at the bandwidth of the moment', (mbps) => {
      // At 2 Mbps a static re-price (0.126 CNY/h = 91.98/month) would have called pay-by-bandwidth cheaper.
      const d = changeDecider(change, prices)(input({ instance: instance({ bandwidthOutMbps: mbps }) }), T0);
      expect(d.kind === 'scale' && d.action).toMatchObject({
        kind: 'billingMethod',
        from: 'PayByBandwidth',
        to: 'PayByTraffic',
        bandwidthMbps: mbps,
      });
    });

    it.each<[string, Partial<PlannedChange>, Partial<DecisionInput>, string, string]>([
      [
        'the charge type changed since the plan',
        {},
        { instance: instance({ bandwidthOutMbps: 50, internetChargeType: 'PayByTraffic' }) },
        'plan-outdated',
        'billing is PayByTraffic now',
      ],
      ['kill switch', {}, { killSwitch: true }, 'kill-switch', ''],
      [
        'a temporary upgrade active',
        {},
        {
          state: freshState('i-web1', {
            temporaryUpgrade: { baselineMbps: 50, upgradedMbps: 100, endMs: T0 + 3_600_000, actionKey: 'bw-x' },
          }),
        },
        'in-progress',
        'a temporary upgrade is active',
      ],
      [
        'above the 100 Mbps limit of pay-by-traffic now',
        {},
        { instance: instance({ bandwidthOutMbps: 150 }) },
        'unsupported',
        'capped at 100 Mbps',
      ],
      [
        'a plan without its pay-by-bandwidth cost',
        { byBandwidthMonthly: undefined },
        {},
        'not-cheaper',
        'do not make PayByTraffic the cheaper',
      ],
      [
        'the plan’s own prices favour the other method',
        { byBandwidthMonthly: 1000 },
        {},
        'not-cheaper',
        'do not make PayByTraffic the cheaper',
      ],
    ])('%s → skip %s', (_label, over, inp, reason, message) => {
      const d = changeDecider({ ...change, ...over }, prices)(input(inp), T0);
      expect(d).toMatchObject({ kind: 'skip', reason });
      expect(d.kind === 'skip' && d.message).toContain(message);
    });

    it('a switch back to pay-by-bandwidth is checked the same way', () => {
      const back: PlannedChange = {
        ...change,
        before: { internetChargeType: 'PayByTraffic' },
        after: { internetChargeType: 'PayByBandwidth' },
        byBandwidthPricing: 'static',
        byBandwidthMonthly: 900,
      };
      const inp = input({ instance: instance({ bandwidthOutMbps: 20, internetChargeType: 'PayByTraffic' }) });
      expect(changeDecider(back, prices)(inp, T0)).toMatchObject({ kind: 'scale' });
      expect(changeDecider({ ...back, byBandwidthMonthly: 1100 }, prices)(inp, T0)).toMatchObject({ kind: 'skip' });
    });

    it.each<[string, number | undefined, number, number]>([
      ['at the planned bandwidth, leaving the traffic cap', 42, 100, 42],
      ['never above the current cap', 42, 30, 30],
      ['as it is when the plan has no bandwidth', undefined, 100, 100],
    ])('a switch back to pay-by-bandwidth goes %s', (_label, plannedMbps, capMbps, expected) => {
      const back: PlannedChange = {
        ...change,
        before: { internetChargeType: 'PayByTraffic' },
        after: {
          internetChargeType: 'PayByBandwidth',
          ...(plannedMbps === undefined ? {} : { bandwidthOutMbps: plannedMbps }),
        },
        byBandwidthMonthly: 900,
      };
      const inp = input({ instance: instance({ bandwidthOutMbps: capMbps, internetChargeType: 'PayByTraffic' }) });
      const d = changeDecider(back, prices)(inp, T0);
      expect(d.kind === 'scale' && d.action).toMatchObject({ to: 'PayByBandwidth', bandwidthMbps: expected });
    });
  });
});
