// The decision function a planned change is applied with: fresh-state re-checks and deterministic tokens.
import { describe, expect, it } from 'vitest';
import { changeDecider, optimiseSignal } from '../../../src/app/optimise/apply.js';
import type { PlannedChange } from '../../../src/app/optimise/index.js';
import type { DecisionInput } from '../../../src/core/decide/index.js';
import type { InstanceState } from '../../../src/core/types.js';
import { instance, T0, typePolicy } from '../builders.js';
import { shippedPrices } from './emulators.js';
import { optimisedGroup } from './fixtures.js';

const prices = shippedPrices();
const g = optimisedGroup({ instanceType: typePolicy() });

const bandwidthChange: PlannedChange = {
  instanceId: 'i-web1',
  group: 'web',
  kind: 'bandwidth',
  reason: 'rightsizing',
  direction: 'down',
  before: { bandwidthOutMbps: 100 },
  after: { bandwidthOutMbps: 43 },
  monthlySaving: 10_000,
  confidence: 1,
  message: 'bandwidth 100 → 43 Mbps',
  verdict: 'apply',
  why: '',
};

function input(over: Partial<DecisionInput> = {}, st: Partial<InstanceState> = {}): DecisionInput {
  return {
    instance: instance({ bandwidthOutMbps: 100 }),
    group: g,
    dryRun: false,
    killSwitch: false,
    paused: false,
    metrics: { bandwidthOutBps: [], cpuPercent: [] },
    signal: optimiseSignal(bandwidthChange, T0),
    state: {
      instanceId: 'i-web1',
      version: 3,
      lastChange: {},
      downgradesMs: [],
      platformDowngrades: 0,
      paused: false,
      ...st,
    },
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
    expect(d.actions[0]).toMatchObject({ kind: 'bandwidth', direction: 'down', fromMbps: 100, toMbps: 43 });
    const again = decide(input(), T0 + 60_000);
    expect(again.kind === 'scale' && again.actions[0]?.clientToken).toBe(d.actions[0]?.clientToken);
  });

  it.each<[string, Partial<DecisionInput>, Partial<InstanceState>, string]>([
    ['kill switch', { killSwitch: true }, {}, 'kill-switch'],
    ['paused', { paused: true }, {}, 'paused'],
    ['live lease', {}, { lease: { holder: 'x', actionKey: 'k', expiresAtMs: T0 + 60_000 } }, 'in-progress'],
    ['stopped', { instance: instance({ bandwidthOutMbps: 100, status: 'Stopped' }) }, {}, 'not-running'],
    ['window closed meanwhile', { inMaintenanceWindow: false }, {}, 'maintenance-window'],
    [
      'bandwidth changed since the assessment',
      { instance: instance({ bandwidthOutMbps: 80 }) },
      {},
      'within-tolerance',
    ],
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
    expect(d.kind === 'scale' && d.actions[0]).toMatchObject({
      kind: 'instanceType',
      api: 'ModifyPrepayInstanceSpec',
      stoppedMode: 'KeepCharging',
      toType: 'ecs.g7.large',
    });
  });

  it('a billing switch re-checks the economics at the bandwidth the instance has now', () => {
    const change: PlannedChange = {
      ...bandwidthChange,
      kind: 'billingMethod',
      reason: 'billing-method',
      before: { internetChargeType: 'PayByBandwidth' },
      after: { internetChargeType: 'PayByTraffic' },
      meanMbps: 4,
    };
    const decideBilling = changeDecider(change, prices);
    const at50 = decideBilling(input({ instance: instance({ bandwidthOutMbps: 50 }) }), T0);
    expect(at50.kind === 'scale' && at50.actions[0]).toMatchObject({
      kind: 'billingMethod',
      to: 'PayByTraffic',
      bandwidthMbps: 50,
    });
    // At 2 Mbps pay-by-bandwidth costs less than 4 Mbps of traffic: no longer worth switching.
    const at2 = decideBilling(input({ instance: instance({ bandwidthOutMbps: 2 }) }), T0);
    expect(at2).toMatchObject({ kind: 'skip', reason: 'within-tolerance' });
  });
});
