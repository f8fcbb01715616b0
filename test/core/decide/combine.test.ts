import { describe, expect, it } from 'vitest';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import { bandwidthPolicy, group, input, instance, mbpsSeries, series, state, T0, typePolicy } from '../builders.js';
import { type Summary, summary } from './summary.js';

interface Case {
  mbps?: number[];
  cpu?: number[];
  over?: Partial<DecisionInput>;
}

function build(c: Case): DecisionInput {
  return input({
    group: group({ bandwidth: bandwidthPolicy(), instanceType: typePolicy() }),
    metrics: { bandwidthOutBps: mbpsSeries(c.mbps ?? []), cpuPercent: series(c.cpu ?? []) },
    inMaintenanceWindow: true,
    ...c.over,
  });
}

const busyCpu = [90, 90, 90];

describe('decide: bandwidth and instance type together', () => {
  it.each<[string, Case, Summary]>([
    [
      'both want to scale: bandwidth first (no downtime)',
      { mbps: [9.6], cpu: busyCpu },
      { kind: 'scale', reason: 'saturated', from: 10, to: 20, direction: 'up' },
    ],
    [
      'bandwidth content, type acts',
      { mbps: [7], cpu: busyCpu },
      { kind: 'scale', reason: 'cpu-high', from: 'ecs.g7.large', to: 'ecs.g7.xlarge', direction: 'up' },
    ],
    [
      'EIP-bound bandwidth does not stop the type',
      { mbps: [9.6], cpu: busyCpu, over: { instance: instance({ eipBound: true }) } },
      { kind: 'scale', reason: 'cpu-high', from: 'ecs.g7.large', to: 'ecs.g7.xlarge', direction: 'up' },
    ],
    [
      'a blocked type change explains more than a content link',
      { mbps: [7], cpu: busyCpu, over: { inMaintenanceWindow: false } },
      { kind: 'skip', reason: 'maintenance-window' },
    ],
    [
      'a bandwidth cooldown explains more than calm CPU',
      { mbps: [9.6], cpu: [50], over: { state: state({ lastChange: { bandwidthUpMs: T0 - 60_000 } }) } },
      { kind: 'skip', reason: 'cooldown', untilMs: T0 + 60_000 },
    ],
    ['nothing known about either', {}, { kind: 'skip', reason: 'insufficient-data' }],
    ['stabilizing beats no data', { mbps: [3, 3] }, { kind: 'skip', reason: 'stabilizing' }],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });

  it('labels each dimension in a combined skip message', () => {
    expect(decide(build({ mbps: [7], cpu: [50] }), T0).message).toBe(
      'bandwidth: outbound 7 Mbps is 70% of 10 Mbps (target 70%): within tolerance ±10% of target; instance type: CPU 50% average, 50% max: between 30% and 80%',
    );
  });

  it('an instance-type-only group ignores bandwidth entirely', () => {
    const d = decide(build({ mbps: [9.6], cpu: [50], over: { group: group({ instanceType: typePolicy() }) } }), T0);
    expect(d).toEqual({
      kind: 'skip',
      reason: 'within-tolerance',
      message: 'CPU 50% average, 50% max: between 30% and 80%',
    });
  });
});
