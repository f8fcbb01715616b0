import { describe, expect, it } from 'vitest';
import type { InstanceTypePolicy } from '../../../src/core/config/types.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import type { InstanceSnapshot, InstanceState, InstanceTypeAction } from '../../../src/core/types.js';
import { group, HOUR, input, instance, MIN, series, state, T0, typePolicy } from '../builders.js';
import { type Summary, summary } from './summary.js';

interface Case {
  cpu?: number[];
  max?: number[];
  type?: string;
  policy?: Partial<InstanceTypePolicy>;
  inst?: Partial<InstanceSnapshot>;
  st?: Partial<InstanceState>;
  over?: Partial<DecisionInput>;
}

function build(c: Case): DecisionInput {
  return input({
    instance: instance({ instanceType: c.type ?? 'ecs.g7.large', ...c.inst }),
    group: group({ instanceType: typePolicy(c.policy) }),
    metrics: { bandwidthOutBps: [], cpuPercent: series(c.cpu ?? [], c.max === undefined ? {} : { max: c.max }) },
    state: state(c.st),
    inMaintenanceWindow: true,
    ...c.over,
  });
}

const L = 'ecs.g7.large';
const XL = 'ecs.g7.xlarge';
const XXL = 'ecs.g7.2xlarge';
const ten = (v: number) => Array.from({ length: 10 }, () => v);
const scale = (reason: string, from: string, to: string, direction: 'up' | 'down'): Summary => ({
  kind: 'scale',
  reason,
  from,
  to,
  direction,
});
const skipped = (reason: string, untilMs?: number): Summary =>
  untilMs === undefined ? { kind: 'skip', reason } : { kind: 'skip', reason, untilMs };

describe('decide: instance-type ladder (up: avg ≥ 80 % over 180 s; down: max ≤ 30 % over 600 s)', () => {
  it.each<[string, Case, Summary]>([
    ['busy CPU climbs one rung', { cpu: [90, 90, 90] }, scale('cpu-high', L, XL, 'up')],
    [
      'outside a maintenance window',
      { cpu: [90, 90, 90], over: { inMaintenanceWindow: false } },
      skipped('maintenance-window'),
    ],
    [
      'allowDowntime ignores maintenance windows',
      { cpu: [90, 90, 90], policy: { allowDowntime: true }, over: { inMaintenanceWindow: false } },
      scale('cpu-high', L, XL, 'up'),
    ],
    ['top of the ladder', { cpu: [90, 90, 90], type: XXL }, skipped('at-bound')],
    ['not on the ladder', { cpu: [90, 90, 90], type: 'ecs.c7.large' }, skipped('unsupported')],
    ['a spike is not sustained', { cpu: [60, 70, 90] }, skipped('stabilizing')],
    ['the up window is not covered yet', { cpu: [90, 90] }, skipped('stabilizing')],
    ['average counts, not the latest point', { cpu: [95, 95, 79] }, scale('cpu-high', L, XL, 'up')],
    ['idle CPU descends one rung', { cpu: ten(20), type: XL }, scale('cpu-low', XL, L, 'down')],
    ['down window not covered yet', { cpu: [20, 20, 20, 20, 20], type: XL }, skipped('stabilizing')],
    [
      'one busy point in the down window holds',
      { cpu: [...ten(20).slice(1), 20], max: [40, ...ten(20).slice(1)], type: XL },
      skipped('stabilizing'),
    ],
    ['bottom of the ladder', { cpu: ten(20) }, skipped('at-bound')],
    [
      'maximum, not average, decides a downgrade',
      { cpu: ten(20), max: ten(50), type: XL },
      skipped('within-tolerance'),
    ],
    ['between the thresholds', { cpu: ten(50), type: XL }, skipped('within-tolerance')],
    ['no CPU metrics', {}, skipped('insufficient-data')],
    [
      'up inside the up cooldown',
      { cpu: [90, 90, 90], st: { lastChange: { typeUpMs: T0 - 5 * MIN } } },
      skipped('cooldown', T0 + 5 * MIN),
    ],
    [
      'CPU from before the last type change is ignored',
      { cpu: [90, 90, 90], policy: { cooldownUpSec: 0 }, st: { lastChange: { typeUpMs: T0 - 2 * MIN } } },
      skipped('stabilizing'),
    ],
    [
      'down with the budget spent',
      { cpu: ten(20), type: XL, st: { downgradesMs: [T0 - 2 * HOUR, T0 - HOUR] } },
      skipped('quota', T0 + 22 * HOUR),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });
});

describe('decide: schedule floors on the ladder', () => {
  const floor = (instanceType: string) => ({ schedule: { name: 'batch-night', set: { instanceType } } });
  it.each<[string, Case, Summary]>([
    ['straight to the floor, without metrics', { over: floor(XXL) }, scale('schedule', L, XXL, 'up')],
    ['the floor blocks a step down', { cpu: ten(20), type: XL, over: floor(XL) }, skipped('at-bound')],
    [
      'above the floor CPU still rules',
      { cpu: ten(20), type: XXL, over: floor(XL) },
      scale('cpu-low', XXL, XL, 'down'),
    ],
    [
      'an unknown floor type is ignored',
      { cpu: ten(20), type: XL, over: floor('ecs.c7.large') },
      scale('cpu-low', XL, L, 'down'),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build({ ...c, over: { ...c.over } }), T0))).toEqual(expected);
  });
});

describe('decide: the instance-type action', () => {
  it.each([
    ['PostPaid', 'ModifyInstanceSpec', 'KeepCharging'],
    ['PrePaid', 'ModifyPrepayInstanceSpec', 'StopCharging'],
  ] as const)('%s uses %s with the policy stopped mode', (charge, api, stoppedMode) => {
    const inst = { instanceId: 'i-test0001', instanceChargeType: charge };
    const d = decide(build({ cpu: [90, 90, 90], policy: { stoppedMode }, inst }), T0);
    const action = (d.kind === 'scale' ? d.action : undefined) as InstanceTypeAction;
    expect(action).toMatchObject({ kind: 'instanceType', api, stoppedMode, fromType: L, toType: XL });
    expect(action.actionKey).toMatch(/^type-i-test0001-[0-9a-f]{16}$/);
    expect(d.message).toBe(`CPU average 90% over 180 s ≥ 80%: ${L} → ${XL} (${api}, stop/start)`);
  });

  it.each([
    [
      'maintenance',
      { cpu: [90, 90, 90], over: { inMaintenanceWindow: false } },
      /stops the instance; waiting for a maintenance window$/,
    ],
    ['top', { cpu: [90, 90, 90], type: XXL }, /is the top of the ladder$/],
    ['bottom', { cpu: ten(20) }, /is the bottom of the ladder$/],
    [
      'floor',
      { cpu: ten(20), type: XL, over: { schedule: { name: 'n', set: { instanceType: XL } } } },
      /schedule n keeps at least ecs\.g7\.xlarge$/,
    ],
    ['spike', { cpu: [60, 70, 90] }, /^CPU 90% ≥ 80%, not sustained over 180 s$/],
    ['waiting', { cpu: ten(20).slice(0, 5), type: XL }, /^CPU max 20% ≤ 30%, waiting for enough data over 600 s$/],
    ['between', { cpu: ten(50) }, /^CPU 50% average, 50% max: between 30% and 80%$/],
    [
      'with rounded numbers, not float noise',
      { cpu: ten(23.474999999999998 + 20), max: ten(46.949999999999996), type: XL },
      /^CPU 43\.5% average, 46\.9% max: between 30% and 80%$/,
    ],
  ])('explains %s', (_name, c, pattern) => {
    expect(decide(build(c), T0).message).toMatch(pattern);
  });
});
