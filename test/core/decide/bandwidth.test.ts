import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy } from '../../../src/core/config/types.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import type { BandwidthAction, InstanceSnapshot, Signal } from '../../../src/core/types.js';
import { bandwidthPolicy, group, HOUR, input, instance, MIN, mbpsSeries, signal, state, T0 } from '../builders.js';
import { type Summary, summary } from './summary.js';

const M = 'VPC_PublicIP_InternetOutRate';

interface Case {
  mbps?: number[];
  newestMs?: number;
  policy?: Partial<BandwidthPolicy>;
  inst?: Partial<InstanceSnapshot>;
  over?: Partial<DecisionInput>;
  sig?: Partial<Signal>;
}

function build(c: Case): DecisionInput {
  return input({
    instance: instance(c.inst),
    group: group({ bandwidth: bandwidthPolicy(c.policy) }),
    metrics: {
      bandwidthOutBps: mbpsSeries(c.mbps ?? [], c.newestMs === undefined ? {} : { newestMs: c.newestMs }),
      cpuPercent: [],
    },
    signal: signal(c.sig),
    ...c.over,
  });
}

const scale = (reason: string, from: number, to: number): Summary => ({
  kind: 'scale',
  reason,
  from,
  to,
  direction: to > from ? 'up' : 'down',
});
const skipped = (reason: string, untilMs?: number): Summary =>
  untilMs === undefined ? { kind: 'skip', reason } : { kind: 'skip', reason, untilMs };
const five = (mbps: number) => [mbps, mbps, mbps, mbps, mbps];

describe('decide: bandwidth target tracking (PostPaid, 10 Mbps, target 70 %)', () => {
  it.each<[string, Case, Summary]>([
    ['inside the tolerance band', { mbps: [7] }, skipped('within-tolerance')],
    ['above the band', { mbps: [8] }, scale('target-tracking', 10, 12)],
    ['saturated link doubles', { mbps: [9.6] }, scale('saturated', 10, 20)],
    [
      'up not sustained over the up window',
      { mbps: [6, 9, 9], policy: { scaleUpStabilizationSec: 180 } },
      skipped('stabilizing'),
    ],
    ['up window not yet covered', { mbps: [9, 9], policy: { scaleUpStabilizationSec: 180 } }, skipped('stabilizing')],
    [
      'up on the LOWEST of the up window',
      { mbps: [9.6, 8, 9.6], policy: { scaleUpStabilizationSec: 180 } },
      scale('target-tracking', 10, 12),
    ],
    ['down on the HIGHEST of the down window', { mbps: [3, 4, 3, 3, 3] }, scale('target-tracking', 10, 6)],
    ['down not sustained', { mbps: [8, 3, 3, 3, 3] }, skipped('stabilizing')],
    ['down window not yet covered', { mbps: [3, 3, 3, 3] }, skipped('stabilizing')],
    ['no metrics', {}, skipped('insufficient-data')],
    ['stale metrics', { mbps: [9.6], newestMs: T0 - 10 * MIN }, skipped('insufficient-data')],
    [
      'points from before the last change are ignored',
      {
        mbps: [9.6],
        policy: { cooldownUpSec: 0 },
        over: { state: state({ lastChange: { bandwidthUpMs: T0 - 30_000 } }) },
      },
      skipped('insufficient-data'),
    ],
    [
      'points from before a temporary upgrade reverted are ignored',
      {
        mbps: [3],
        over: {
          state: state({
            temporaryUpgrade: { baselineMbps: 10, upgradedMbps: 20, endMs: T0 - 30_000, actionKey: 'k' },
          }),
        },
      },
      skipped('insufficient-data'),
    ],
    ['at the max', { mbps: [9.6], policy: { maxMbps: 10 } }, skipped('at-bound')],
    ['at the min', { mbps: five(3), policy: { minMbps: 10 } }, skipped('at-bound')],
    [
      'PayByTraffic: the cap goes to the platform maximum 100 whatever the load',
      { mbps: [76], inst: { bandwidthOutMbps: 80, internetChargeType: 'PayByTraffic' }, policy: { maxMbps: 200 } },
      scale('traffic-cap', 80, 100),
    ],
    [
      'PayByTraffic: the cap goes to the policy maximum even when idle',
      { mbps: five(0.5), inst: { bandwidthOutMbps: 10, internetChargeType: 'PayByTraffic' }, policy: { maxMbps: 60 } },
      scale('traffic-cap', 10, 60),
    ],
    [
      'PayByTraffic: a cap above a lowered maximum comes down to it',
      { mbps: five(50), inst: { bandwidthOutMbps: 80, internetChargeType: 'PayByTraffic' }, policy: { maxMbps: 60 } },
      scale('traffic-cap', 80, 60),
    ],
    [
      'PayByTraffic: at the maximum nothing changes, even saturated',
      { mbps: five(59.9), inst: { bandwidthOutMbps: 60, internetChargeType: 'PayByTraffic' }, policy: { maxMbps: 60 } },
      skipped('at-traffic-cap'),
    ],
    [
      'PrePaid by bandwidth may go to 200',
      {
        mbps: [76],
        inst: { bandwidthOutMbps: 80, instanceChargeType: 'PrePaid' },
        policy: { maxMbps: 200, temporaryUpgrade: 'never' },
      },
      scale('saturated', 80, 160),
    ],
    ['step limit up', { mbps: [9.6], policy: { maxStepUpMbps: 5 } }, scale('saturated', 10, 15)],
    ['step limit down', { mbps: five(1), policy: { maxStepDownMbps: 3 } }, scale('target-tracking', 10, 7)],
    [
      'policy min above the current bandwidth',
      { mbps: [7], policy: { minMbps: 20 } },
      scale('target-tracking', 10, 20),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });
});

describe('decide: schedules', () => {
  const biz = (set: NonNullable<DecisionInput['schedule']>['set']) => ({
    over: { schedule: { name: 'business-hours', set } },
  });
  it.each<[string, Case, Summary]>([
    ['a floor scales up without metrics', { ...biz({ bandwidthMbps: 50 }) }, scale('schedule', 10, 50)],
    [
      'bounds win over step limits',
      { ...biz({ bandwidthMbps: 50 }), policy: { maxStepUpMbps: 5 } },
      scale('schedule', 10, 50),
    ],
    [
      'the floor holds a scale-down',
      { mbps: five(3), inst: { bandwidthOutMbps: 20 }, ...biz({ bandwidthMbps: 20 }) },
      skipped('at-bound'),
    ],
    [
      'demand above the floor still tracks',
      { mbps: [19.2], inst: { bandwidthOutMbps: 20 }, ...biz({ bandwidthMbps: 20 }) },
      scale('saturated', 20, 40),
    ],
    ['its maxMbps replaces the policy max', { mbps: [7], ...biz({ maxMbps: 5 }) }, scale('schedule', 10, 5)],
    ['its minMbps replaces the policy min', { mbps: [7], ...biz({ minMbps: 30 }) }, scale('schedule', 10, 30)],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });
});

describe('decide: step rules on alarms', () => {
  const rules: BandwidthPolicy['stepRules'] = [
    { metric: M, level: 'CRITICAL', adjustment: { type: 'percent', value: 100 } },
    { metric: M, lowerBound: 0, upperBound: 1e6, adjustment: { type: 'absolute', value: 2 } },
    { metric: M, adjustment: { type: 'relative', value: 20 } },
  ];
  const alarm = (value: number, level: Signal['level'] = 'WARN'): Partial<Signal> => ({
    source: 'cms-alarm',
    metric: M,
    value,
    level,
    state: 'ALERT',
  });
  it.each<[string, Case, Summary]>([
    [
      'a matching band wins over tracking',
      { mbps: [7], policy: { stepRules: rules }, sig: alarm(8e6) },
      scale('step-rule', 10, 30),
    ],
    [
      'critical doubles',
      { mbps: [7], policy: { stepRules: rules }, sig: alarm(8e6, 'CRITICAL') },
      scale('step-rule', 10, 20),
    ],
    [
      'a low band sets an absolute value',
      { mbps: [7], policy: { stepRules: rules }, sig: alarm(5e5) },
      scale('step-rule', 10, 2),
    ],
    [
      'still clamped',
      { mbps: [7], policy: { stepRules: rules, maxMbps: 25 }, sig: alarm(8e6) },
      scale('step-rule', 10, 25),
    ],
    [
      'still cooled down',
      {
        mbps: [7],
        policy: { stepRules: rules },
        sig: alarm(8e6),
        over: { state: state({ lastChange: { bandwidthUpMs: T0 - 60_000 } }) },
      },
      skipped('cooldown', T0 + 60_000),
    ],
    ['a timer ignores step rules', { mbps: [7], policy: { stepRules: rules } }, skipped('within-tolerance')],
    [
      'already at the rule target',
      { mbps: [1], inst: { bandwidthOutMbps: 2 }, policy: { stepRules: rules }, sig: alarm(5e5) },
      skipped('within-tolerance'),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });
});

describe('decide: bandwidth guards and platform rules', () => {
  const lastUp = (ago: number) => ({ over: { state: state({ lastChange: { bandwidthUpMs: T0 - ago } }) } });
  it.each<[string, Case, Summary]>([
    ['up inside the up cooldown', { mbps: [9.6], ...lastUp(60_000) }, skipped('cooldown', T0 + 60_000)],
    ['up after the up cooldown', { mbps: [9.6], ...lastUp(120_000) }, scale('saturated', 10, 20)],
    ['down inside the down cooldown', { mbps: five(3), ...lastUp(5 * MIN) }, skipped('cooldown', T0 + 5 * MIN)],
    [
      'down with the budget spent (reserve kept)',
      { mbps: five(3), over: { state: state({ downgradesMs: [T0 - 2 * HOUR, T0 - HOUR] }) } },
      skipped('quota', T0 + 22 * HOUR),
    ],
    [
      'down too soon after the last downgrade',
      { mbps: five(3), over: { state: state({ downgradesMs: [T0 - 2 * MIN] }) } },
      skipped('quota', T0 + 3 * MIN),
    ],
    [
      'an up never needs budget',
      { mbps: [9.6], over: { state: state({ downgradesMs: [T0 - 2 * MIN, T0 - 3 * MIN, T0 - 4 * MIN] }) } },
      scale('saturated', 10, 20),
    ],
    ['an EIP-bound instance', { mbps: [9.6], inst: { eipBound: true } }, skipped('eip-bound')],
    [
      'PostPaid 0 → N without allocatePublicIp',
      { policy: { minMbps: 5 }, inst: { bandwidthOutMbps: 0 } },
      skipped('unsupported'),
    ],
    [
      'PostPaid 0 → N with allocatePublicIp',
      { policy: { minMbps: 5, allocatePublicIp: true }, inst: { bandwidthOutMbps: 0 } },
      scale('target-tracking', 0, 5),
    ],
    [
      'PrePaid 0 → N gets an IP anyway',
      {
        policy: { minMbps: 5, temporaryUpgrade: 'never' },
        inst: { bandwidthOutMbps: 0, instanceChargeType: 'PrePaid' },
      },
      scale('target-tracking', 0, 5),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });

  it.each([
    ['PostPaid', true],
    ['PrePaid', false],
  ] as const)('allocatePublicIp on %s 0 → 5 is %s', (charge, allocate) => {
    const c = {
      policy: { minMbps: 5, allocatePublicIp: true, temporaryUpgrade: 'never' as const },
      inst: { bandwidthOutMbps: 0, instanceChargeType: charge },
    };
    const d = decide(build(c), T0);
    expect(d.kind === 'scale' && (d.action as BandwidthAction).allocatePublicIp).toBe(allocate);
    expect(d.message.endsWith(', allocating a public IP')).toBe(allocate);
  });

  it('dry run still decides, flagged', () => {
    const d = decide(build({ mbps: [9.6], over: { dryRun: true } }), T0);
    expect(d).toMatchObject({ kind: 'scale', reason: 'saturated', dryRun: true });
    expect(d.message).toBe(
      'dry run, would do: outbound 9.6 Mbps is 96% of 10 Mbps (target 70%, saturated): 10 → 20 Mbps',
    );
  });

  it('a full scale decision, field by field', () => {
    const d = decide(build({ mbps: [8], inst: { instanceId: 'i-test0001' } }), T0);
    expect(d).toEqual({
      kind: 'scale',
      reason: 'target-tracking',
      message: 'outbound 8 Mbps is 80% of 10 Mbps (target 70%): 10 → 12 Mbps',
      dryRun: false,
      action: {
        kind: 'bandwidth',
        instanceId: 'i-test0001',
        direction: 'up',
        fromMbps: 10,
        toMbps: 12,
        allocatePublicIp: false,
        actionKey: expect.stringMatching(/^bw-i-test0001-[0-9a-f]{16}$/),
        clientToken: expect.stringMatching(/^as-[0-9a-f]{40}$/),
      },
    });
  });

  it.each([
    [
      'the cooldown',
      { mbps: [9.6], ...lastUp(60_000) },
      /^outbound 9\.6 Mbps .*; cooldown: up bandwidth changes wait 120 s after the last change, until 2024-05-01T10:01:00Z$/,
    ],
    [
      'the budget',
      { mbps: five(3), over: { state: state({ downgradesMs: [T0 - 2 * MIN] }) } },
      /downgrade budget: last downgrade less than 300 s ago until 2024-05-01T10:03:00Z$/,
    ],
    [
      'a schedule floor',
      { over: { schedule: { name: 'biz', set: { bandwidthMbps: 50 } } } },
      /bounds \[50, 100\] Mbps \(schedule biz, floor 50 Mbps\): 10 → 50 Mbps$/,
    ],
    [
      'a step rule',
      {
        mbps: [7],
        policy: { stepRules: [{ adjustment: { type: 'relative' as const, value: 5 } }] },
        sig: { source: 'cms-alarm' as const, metric: M, value: 9e6 },
      },
      /^alarm VPC_PublicIP_InternetOutRate = 9000000 matched step rule .*: 10 → 15 Mbps$/,
    ],
  ])('explains %s in the message', (_name, c, pattern) => {
    expect(decide(build(c), T0).message).toMatch(pattern);
  });
});
