// The action builders: the same action (and byte-identical ClientToken) as the reactive stages of `decide` build
// for the same inputs, and the tokens they have always had (pinned), so that a retry across a deployment reuses them.
import { describe, expect, it } from 'vitest';
import { actionKeyFor } from '../../src/core/actionKey.js';
import { bandwidthAction, billingAction, instanceTypeAction } from '../../src/core/actions.js';
import { type DecisionInput, decide } from '../../src/core/decide/index.js';
import type { Action, BandwidthAction, InstanceTypeAction } from '../../src/core/types.js';
import {
  bandwidthPolicy,
  group,
  HOUR,
  input,
  instance,
  MIN,
  mbpsSeries,
  series,
  state,
  T0,
  typePolicy,
} from './builders.js';

function reactive(inp: DecisionInput): Action {
  const d = decide(inp, T0);
  if (d.kind !== 'scale') throw new Error(`expected scale, got ${d.reason}: ${d.message}`);
  return d.action;
}

const five = (mbps: number) => [mbps, mbps, mbps, mbps, mbps];

describe('bandwidthAction: what the bandwidth stage builds', () => {
  it.each<[string, Partial<DecisionInput>, Partial<BandwidthAction>]>([
    [
      'a permanent upgrade after an earlier change (the epoch)',
      {
        metrics: { bandwidthOutBps: mbpsSeries([9.6]), cpuPercent: [] },
        state: state({ lastChange: { bandwidthUpMs: T0 - 2 * HOUR } }),
      },
      { direction: 'up', fromMbps: 10, toMbps: 20 },
    ],
    [
      'a downgrade',
      { metrics: { bandwidthOutBps: mbpsSeries(five(1)), cpuPercent: [] } },
      { direction: 'down', fromMbps: 10 },
    ],
    [
      'a temporary upgrade of a subscription instance',
      {
        instance: instance({ instanceChargeType: 'PrePaid' }),
        metrics: { bandwidthOutBps: mbpsSeries([9.6]), cpuPercent: [] },
      },
      { direction: 'up', toMbps: 20, temporary: { startTime: '2024-05-01T10:01Z', endTime: '2024-05-01T14:00Z' } },
    ],
    [
      'the extension of a temporary upgrade (same level, up)',
      {
        instance: instance({ instanceChargeType: 'PrePaid', bandwidthOutMbps: 20 }),
        metrics: { bandwidthOutBps: mbpsSeries(five(14)), cpuPercent: [] },
        state: state({
          temporaryUpgrade: { baselineMbps: 10, upgradedMbps: 20, endMs: T0 + 30 * MIN, actionKey: 'bw-prev' },
        }),
      },
      { direction: 'up', fromMbps: 20, toMbps: 20 },
    ],
    [
      'a public IP allocated with the first bandwidth of a pay-as-you-go instance',
      {
        instance: instance({ bandwidthOutMbps: 0, internetChargeType: 'PayByTraffic' }),
        group: group({ bandwidth: bandwidthPolicy({ maxMbps: 50, allocatePublicIp: true }) }),
      },
      { direction: 'up', fromMbps: 0, toMbps: 50, allocatePublicIp: true },
    ],
  ])('%s', (_label, over, shape) => {
    const inp = input(over);
    const action = reactive(inp) as BandwidthAction;
    expect(action).toMatchObject(shape);
    const built = bandwidthAction({
      instance: inp.instance,
      state: inp.state,
      toMbps: action.toMbps,
      ...(action.temporary ? { temporary: action.temporary } : {}),
      allocatePublicIp: action.allocatePublicIp,
      nowMs: T0,
    });
    expect(built).toEqual(action);
  });

  it('pins the tokens of today', () => {
    const built = bandwidthAction({
      instance: { instanceId: 'i-web1', bandwidthOutMbps: 100 },
      state: { lastChange: { bandwidthDownMs: T0 - HOUR } },
      toMbps: 43,
      allocatePublicIp: false,
      nowMs: T0,
    });
    expect(built).toEqual({
      kind: 'bandwidth',
      instanceId: 'i-web1',
      direction: 'down',
      fromMbps: 100,
      toMbps: 43,
      allocatePublicIp: false,
      ...actionKeyFor({
        instanceId: 'i-web1',
        kind: 'bandwidth',
        params: [100, 43, false, null, null],
        epochMs: T0 - HOUR,
        nowMs: T0,
      }),
    });
    expect(built.clientToken).toBe('as-5b3fdab97ffc630ed1c8146a24e332261c26e35e');
    const temporary = { startTime: '2024-05-01T10:01Z', endTime: '2024-05-01T14:00Z' };
    const up = bandwidthAction({
      ...built,
      instance: { instanceId: 'i-web1', bandwidthOutMbps: 10 },
      state: { lastChange: {} },
      toMbps: 20,
      temporary,
      nowMs: T0,
    });
    expect(up).toMatchObject({
      direction: 'up',
      temporary,
      clientToken: 'as-49bc7f76235d84967eee12c9e41030db85852d64',
    });
  });
});

describe('instanceTypeAction: what the type stage builds', () => {
  it.each<[string, Partial<DecisionInput>, Parameters<typeof typePolicy>[0], Partial<InstanceTypeAction>]>([
    ['up a rung on pay-as-you-go', {}, {}, { direction: 'up', api: 'ModifyInstanceSpec' }],
    [
      'a subscription instance, stopped without charging, after an earlier change',
      {
        instance: instance({ instanceChargeType: 'PrePaid' }),
        state: state({ lastChange: { typeDownMs: T0 - 3 * HOUR } }),
      },
      { stoppedMode: 'StopCharging' },
      { direction: 'up', api: 'ModifyPrepayInstanceSpec', stoppedMode: 'StopCharging' },
    ],
    [
      'down a rung',
      {
        instance: instance({ instanceType: 'ecs.g7.xlarge' }),
        metrics: { bandwidthOutBps: [], cpuPercent: series(Array.from({ length: 10 }, () => 10)) },
      },
      {},
      { direction: 'down', fromType: 'ecs.g7.xlarge', toType: 'ecs.g7.large' },
    ],
  ])('%s', (_label, over, policy, shape) => {
    const policyOf = typePolicy(policy);
    const inp = input({
      group: group({ instanceType: policyOf }),
      metrics: { bandwidthOutBps: [], cpuPercent: series([90, 90, 90]) },
      inMaintenanceWindow: true,
      ...over,
    });
    const action = reactive(inp) as InstanceTypeAction;
    expect(action).toMatchObject(shape);
    const built = instanceTypeAction({
      instance: inp.instance,
      state: inp.state,
      toType: action.toType,
      direction: action.direction,
      stoppedMode: policyOf.stoppedMode,
      nowMs: T0,
    });
    expect(built).toEqual(action);
  });

  it('pins the tokens of today', () => {
    const built = instanceTypeAction({
      instance: { instanceId: 'i-web1', instanceType: 'ecs.g7.2xlarge', instanceChargeType: 'PrePaid' },
      state: { lastChange: {} },
      toType: 'ecs.g7.large',
      direction: 'down',
      stoppedMode: 'KeepCharging',
      nowMs: T0,
    });
    expect(built).toMatchObject({
      kind: 'instanceType',
      api: 'ModifyPrepayInstanceSpec',
      fromType: 'ecs.g7.2xlarge',
      clientToken: 'as-b35218bfa2fba40ab610dab944376db0a65330bd',
    });
  });
});

describe('billingAction: the optimiser’s network billing switch', () => {
  it.each<['PayByTraffic' | 'PayByBandwidth', 'up' | 'down']>([
    ['PayByTraffic', 'down'],
    ['PayByBandwidth', 'up'],
  ])('to %s is %s, keyed on the charge types, the bandwidth and the last switch', (to, direction) => {
    const from = to === 'PayByTraffic' ? 'PayByBandwidth' : 'PayByTraffic';
    const built = billingAction({
      instance: { instanceId: 'i-web1', internetChargeType: from },
      state: { lastChange: { billingMs: T0 - 5 * HOUR } },
      to,
      bandwidthMbps: 42,
      nowMs: T0,
    });
    expect(built).toEqual({
      kind: 'billingMethod',
      instanceId: 'i-web1',
      direction,
      from,
      to,
      bandwidthMbps: 42,
      ...actionKeyFor({
        instanceId: 'i-web1',
        kind: 'billingMethod',
        params: [from, to, 42],
        epochMs: T0 - 5 * HOUR,
        nowMs: T0,
      }),
    });
  });

  it('pins the tokens of today', () => {
    const built = billingAction({
      instance: { instanceId: 'i-web1', internetChargeType: 'PayByBandwidth' },
      state: { lastChange: {} },
      to: 'PayByTraffic',
      bandwidthMbps: 50,
      nowMs: T0,
    });
    expect(built.clientToken).toBe('as-af2f78ecb56a4d26f075a764e38c7d47426d250a');
  });
});
