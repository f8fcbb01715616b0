import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy } from '../../../src/core/config/types.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import type { BandwidthAction, Decision, InstanceSnapshot, InstanceState } from '../../../src/core/types.js';
import { bandwidthPolicy, group, HOUR, input, instance, MIN, mbpsSeries, state, T0 } from '../builders.js';

interface Case {
  mbps?: number[];
  policy?: Partial<BandwidthPolicy>;
  inst?: Partial<InstanceSnapshot>;
  st?: Partial<InstanceState>;
  over?: Partial<DecisionInput>;
}

function run(c: Case): Decision {
  return decide(
    input({
      instance: instance({ instanceChargeType: 'PrePaid', ...c.inst }),
      group: group({ bandwidth: bandwidthPolicy(c.policy) }),
      metrics: { bandwidthOutBps: mbpsSeries(c.mbps ?? []), cpuPercent: [] },
      state: state(c.st),
      ...c.over,
    }),
    T0,
  );
}

/** kind, reason, target, and the temporary window (or 'permanent') of a decision. */
function view(d: Decision) {
  if (d.kind === 'skip') return { kind: d.kind, reason: d.reason, untilMs: d.untilMs };
  const a = d.action as BandwidthAction;
  return { kind: d.kind, reason: d.reason, from: a.fromMbps, to: a.toMbps, window: a.temporary ?? 'permanent' };
}

const WINDOW = { startTime: '2024-05-01T10:01Z', endTime: '2024-05-01T14:00Z' };
const five = (mbps: number) => [mbps, mbps, mbps, mbps, mbps];
const active = (endInMs: number, upgradedMbps = 20) => ({
  inst: { bandwidthOutMbps: upgradedMbps },
  st: { temporaryUpgrade: { baselineMbps: 10, upgradedMbps, endMs: T0 + endInMs, actionKey: 'bw-prev' } },
});

describe('decide: temporary upgrades for subscription instances', () => {
  it.each<[string, Case, ReturnType<typeof view>]>([
    [
      'a PayByTraffic cap is raised permanently (it costs nothing to keep)',
      { mbps: [9.6], inst: { internetChargeType: 'PayByTraffic' }, policy: { maxMbps: 50 } },
      { kind: 'scale', reason: 'traffic-cap', from: 10, to: 50, window: 'permanent' },
    ],
    [
      'a PayByTraffic cap above the maximum is not lowered permanently in temporary mode',
      { mbps: five(1), inst: { internetChargeType: 'PayByTraffic', bandwidthOutMbps: 80 }, policy: { maxMbps: 50 } },
      { kind: 'skip', reason: 'no-permanent-downgrade', untilMs: undefined },
    ],
    [
      'an up becomes a temporary upgrade',
      { mbps: [9.6] },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, window: WINDOW },
    ],
    [
      '`always` behaves the same while it fits',
      { mbps: [9.6], policy: { temporaryUpgrade: 'always' } },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, window: WINDOW },
    ],
    [
      'a longer window when configured',
      { mbps: [9.6], policy: { temporaryUpgradeHours: 5 } },
      {
        kind: 'scale',
        reason: 'saturated',
        from: 10,
        to: 20,
        window: { startTime: WINDOW.startTime, endTime: '2024-05-01T16:00Z' },
      },
    ],
    [
      'fits before the subscription expires',
      { mbps: [9.6], inst: { expiredTimeMs: T0 + 4 * HOUR } },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, window: WINDOW },
    ],
    [
      '`auto` falls back to a permanent upgrade near expiry',
      { mbps: [9.6], inst: { expiredTimeMs: T0 + 2 * HOUR } },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, window: 'permanent' },
    ],
    [
      '`always` refuses near expiry',
      { mbps: [9.6], policy: { temporaryUpgrade: 'always' }, inst: { expiredTimeMs: T0 + 2 * HOUR } },
      { kind: 'skip', reason: 'unsupported', untilMs: undefined },
    ],
    [
      '`never` upgrades permanently',
      { mbps: [9.6], policy: { temporaryUpgrade: 'never' } },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, window: 'permanent' },
    ],
    [
      'pay-as-you-go is never temporary',
      { mbps: [9.6], policy: { temporaryUpgrade: 'always' }, inst: { instanceChargeType: 'PostPaid' } },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, window: 'permanent' },
    ],
    [
      'no permanent downgrade under `auto`',
      { mbps: five(3) },
      { kind: 'skip', reason: 'no-permanent-downgrade', untilMs: undefined },
    ],
    [
      '`never` downgrades within the platform quota',
      { mbps: five(3), policy: { temporaryUpgrade: 'never' } },
      { kind: 'scale', reason: 'target-tracking', from: 10, to: 5, window: 'permanent' },
    ],
    [
      '`never` keeps the last platform downgrade in reserve',
      { mbps: five(3), policy: { temporaryUpgrade: 'never' }, st: { platformDowngrades: 2 } },
      { kind: 'skip', reason: 'quota', untilMs: undefined },
    ],
  ])('%s', (_name, c, expected) => {
    expect(view(run(c))).toEqual(expected);
  });
});

describe('decide: while a temporary upgrade is active', () => {
  it.each<[string, Case, ReturnType<typeof view>]>([
    [
      'low demand waits for the revert',
      { mbps: five(3), ...active(2 * HOUR) },
      { kind: 'skip', reason: 'no-permanent-downgrade', untilMs: T0 + 2 * HOUR },
    ],
    [
      'still needed with > 1 h left: nothing to do',
      { mbps: five(14), ...active(2 * HOUR) },
      { kind: 'skip', reason: 'within-tolerance', untilMs: undefined },
    ],
    [
      'still needed with < 1 h left: extend',
      { mbps: five(14), ...active(30 * MIN) },
      { kind: 'scale', reason: 'temporary-extend', from: 20, to: 20, window: WINDOW },
    ],
    [
      'partly needed (above the baseline): extend at the current level',
      { mbps: five(9), ...active(30 * MIN) },
      { kind: 'scale', reason: 'temporary-extend', from: 20, to: 20, window: WINDOW },
    ],
    [
      'no longer needed with < 1 h left: let it revert',
      { mbps: five(3), ...active(30 * MIN) },
      { kind: 'skip', reason: 'no-permanent-downgrade', untilMs: T0 + 30 * MIN },
    ],
    [
      'a schedule floor above the baseline keeps it',
      { ...active(30 * MIN, 30), over: { schedule: { name: 'biz', set: { bandwidthMbps: 30 } } } },
      { kind: 'scale', reason: 'temporary-extend', from: 30, to: 30, window: WINDOW },
    ],
    [
      'more demand: a bigger temporary upgrade',
      { mbps: [19.2], ...active(2 * HOUR) },
      { kind: 'scale', reason: 'saturated', from: 20, to: 40, window: WINDOW },
    ],
    [
      'no extension past the subscription expiry',
      { mbps: five(14), inst: { ...active(30 * MIN).inst, expiredTimeMs: T0 + 2 * HOUR }, st: active(30 * MIN).st },
      { kind: 'skip', reason: 'unsupported', untilMs: undefined },
    ],
    [
      'no extension of an upgrade not in effect',
      { mbps: five(7), inst: { bandwidthOutMbps: 10 }, st: active(30 * MIN).st },
      { kind: 'skip', reason: 'within-tolerance', untilMs: undefined },
    ],
    [
      'no extension above a lowered max: it reverts',
      { mbps: five(14), ...active(30 * MIN), policy: { maxMbps: 15 } },
      { kind: 'skip', reason: 'no-permanent-downgrade', untilMs: T0 + 30 * MIN },
    ],
    [
      'an extension respects the up cooldown',
      {
        mbps: five(14),
        inst: active(30 * MIN).inst,
        st: { ...active(30 * MIN).st, lastChange: { bandwidthUpMs: T0 - MIN } },
      },
      { kind: 'skip', reason: 'cooldown', untilMs: T0 + MIN },
    ],
  ])('%s', (_name, c, expected) => {
    expect(view(run(c))).toEqual(expected);
  });

  it('says why it extends', () => {
    expect(run({ mbps: five(14), ...active(30 * MIN) }).message).toBe(
      'temporary upgrade ends at 2024-05-01T10:30:00Z and 20 Mbps is still needed (baseline 10 Mbps): 20 → 20 Mbps (temporary 2024-05-01T10:01Z – 2024-05-01T14:00Z)',
    );
  });

  it('says why it does not downgrade', () => {
    expect(run({ mbps: five(3), ...active(2 * HOUR) }).message).toMatch(
      /no permanent downgrade of a subscription instance .*; the temporary upgrade reverts to 10 Mbps until 2024-05-01T12:00:00Z$/,
    );
  });
});
