/**
 * The fast backtest engine on the cpu series: a type change as the local cloud's worker makes it (the old type
 * while stopping, offline until it is back 50 s after the decision, the lease held until the change commits, three
 * ECS calls), and the capacity recorded as the type's vCPU.
 */
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/backtest/engine.js';
import type { DecideFn } from '../../../src/core/backtest/types.js';
import type { Decision } from '../../../src/core/types.js';
import { decide } from '../../../src/core/decide/index.js';
import { typeAction } from '../../app/builders.js';
import { bandwidthPolicy, group, MIN, T0, typePolicy } from '../builders.js';
import { backtestOptions, demandOf } from './fixtures.js';

/** 1.9 vCPU on an ecs.g7.large (2 vCPU) is 95 %: the cpu-up rule (≥ 80 % for 3 minutes) fires at T0 + 3 min. */
const cpuOptions = (over: Parameters<typeof backtestOptions>[0] = {}) =>
  backtestOptions({
    series: 'cpu',
    group: group({ instanceType: typePolicy({ allowDowntime: true }) }),
    demand: demandOf([1.9, 12]),
    ...over,
  });

/** `decide`, remembering every decision as [minutes after T0, kind, reason]. */
function watched(seen: [number, string, string][]): DecideFn {
  return (input, nowMs) => {
    const d = decide(input, nowMs);
    seen.push([(nowMs - T0) / MIN, d.kind, d.reason]);
    return d;
  };
}

describe('runBacktest: an instance-type change', () => {
  it('steps up through the cpu-up alarm; the capacity is the vCPU of the type', () => {
    const rec = runBacktest(cpuOptions());
    expect(rec.applied).toHaveLength(1);
    expect(rec.applied[0]).toMatchObject({
      signal: { source: 'cms-alarm', dedupeKey: `cms:cpu-up:${T0}:ALERT:${T0 + 3 * MIN}` },
      reason: 'cpu-high',
      before: { instanceType: 'ecs.g7.large' },
      after: { instanceType: 'ecs.g7.xlarge' },
    });
    expect(rec.capacity).toEqual([2, 2, 2, 0, 4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('is offline until it is back 50 s later, shows the old type while stopping, and commits then', () => {
    const seen: [number, string, string][] = [];
    const rec = runBacktest(cpuOptions({ decide: watched(seen) }));
    // Decided at T0 + 3 min: minute 3 is offline and still the old type (stopping); back at T0 + 3 min 50 s.
    expect(rec.offline.slice(2, 6)).toEqual([false, true, false, false]);
    expect(rec.instanceType.slice(2, 6)).toEqual(['ecs.g7.large', 'ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.xlarge']);
    const [change] = rec.applied;
    expect(change?.atMs).toBe(T0 + 3 * MIN + 50_000);
    expect(change?.message).toMatch(/^type changed ecs\.g7\.large → ecs\.g7\.xlarge \(CPU .+\)$/);
    // Stop, modify, start.
    expect(rec.apiCalls).toBe(3);
    // The tick at T0 + 5 min decides on a free instance again.
    expect(seen).toContainEqual([5, 'skip', expect.not.stringMatching(/^in-progress$/)]);
  });

  it('the orchestration holds the lease until the change commits: evaluations meanwhile skip in-progress', () => {
    const seen: [number, string, string][] = [];
    // A slower change (back after 150 s) spans the tick at T0 + 5 min.
    const rec = runBacktest(cpuOptions({ decide: watched(seen), typeChange: { modifiedSec: 18, backSec: 150 } }));
    expect(seen).toContainEqual([5, 'skip', 'in-progress']);
    expect(rec.offline.slice(2, 7)).toEqual([false, true, true, true, false]);
    expect(rec.applied[0]?.atMs).toBe(T0 + 5 * MIN + 30_000);
    // The tick at T0 + 10 min decides on a free instance again.
    expect(seen.at(-1)?.[0]).toBe(10);
    expect(seen.at(-1)?.[2]).not.toBe('in-progress');
  });

  it('the cooldown starts at the commit, not at the decision', () => {
    // Saturated on xlarge too (3.9 of 4 vCPU): the next step up waits cooldownUpSec (600 s) after the commit.
    const rec = runBacktest(cpuOptions({ demand: demandOf([3.9, 30]) }));
    const at = rec.applied.map((e) => (e.atMs - T0) / 1000);
    // First: decided at 3 min, committed 50 s later. Second: the first tick at or after 3:50 + 10 min, at 15 min.
    expect(at).toEqual([230, 950]);
    expect(rec.applied[1]).toMatchObject({ after: { instanceType: 'ecs.g7.2xlarge' }, signal: { source: 'timer' } });
    expect(rec.capacity.slice(14, 19)).toEqual([4, 0, 8, 8, 8]);
  });

  it('typeChange sets when the new type shows and when the instance is back', () => {
    const rec = runBacktest(cpuOptions({ typeChange: { modifiedSec: 60, backSec: 120 } }));
    expect(rec.capacity.slice(2, 6)).toEqual([2, 0, 0, 4]);
    expect(rec.instanceType.slice(3, 5)).toEqual(['ecs.g7.large', 'ecs.g7.xlarge']);
    expect(rec.applied[0]?.atMs).toBe(T0 + 5 * MIN);
  });

  it('a change still in flight when the run ends is not recorded as applied', () => {
    // Decided at T0 + 3 min, the last minute recorded.
    const rec = runBacktest(cpuOptions({ demand: demandOf([1.9, 4]) }));
    expect(rec.offline).toEqual([false, false, false, true]);
    expect(rec.applied).toEqual([]);
    expect(rec.apiCalls).toBe(3);
  });

  it('CMS samples the instance as it is when the minute ends: a change back within it is not seen stopped', () => {
    // 1.9 vCPU is 95 % of large; 3.5 vCPU is 87.5 % of xlarge and 43.75 % of 2xlarge.
    const alarms: [number, string | undefined][] = [];
    const rec = runBacktest(
      cpuOptions({
        demand: demandOf([1.9, 3], [3.5, 17]),
        decide: (input, nowMs) => {
          if (input.signal.source === 'cms-alarm') alarms.push([(nowMs - T0) / MIN, input.signal.state]);
          return decide(input, nowMs);
        },
      }),
    );
    // ALERT at 3; minute 3 (stopped for 50 s of it) is sampled at T0 + 4 min on the running xlarge at 87.5 %: the
    // alarm stays raised (silenced), and clears at 16 once 2xlarge carries the load.
    expect(alarms).toEqual([
      [3, 'ALERT'],
      [16, 'OK'],
    ]);
    // The second change waits for the up cooldown (600 s after the commit at T0 + 3:50): the tick at T0 + 15.
    expect(rec.applied.map((e) => [(e.atMs - T0) / 1000, e.signal.source])).toEqual([
      [230, 'cms-alarm'],
      [950, 'timer'],
    ]);
  });

  it('an instance type the catalog does not know keeps the old vCPU and records 0 capacity', () => {
    const rec = runBacktest(
      cpuOptions({
        group: group({ instanceType: typePolicy({ allowDowntime: true, ladder: ['ecs.g7.large', 'ecs.x9.odd'] }) }),
      }),
    );
    expect(rec.applied[0]?.after).toEqual({ instanceType: 'ecs.x9.odd' });
    expect(rec.capacity.slice(5)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('on the bandwidth series, a type change takes the link offline too: nothing is served', () => {
    const views: number[][] = [];
    const action = typeAction({ instanceId: 'i-test0001' });
    const up: Decision = { kind: 'scale', reason: 'cpu-high', message: 'up', action, dryRun: false };
    const rec = runBacktest(
      backtestOptions({
        group: group({ bandwidth: bandwidthPolicy(), instanceType: typePolicy() }),
        // 7 Mbps is 70 % of 10 Mbps: no alarm, only the ticks evaluate.
        demand: demandOf([7, 12]),
        decide: (input, nowMs) => (nowMs === T0 + 5 * MIN ? up : decide(input, nowMs)),
        extras: (_nowMs, view) => {
          views.push([...view.servedMbps]);
          return {};
        },
      }),
    );
    expect(rec.capacity).toEqual([10, 10, 10, 10, 10, 0, 10, 10, 10, 10, 10, 10]);
    expect(rec.instanceType.slice(4, 7)).toEqual(['ecs.g7.large', 'ecs.g7.large', 'ecs.g7.xlarge']);
    expect(rec.applied.map((e) => e.atMs)).toEqual([T0 + 5 * MIN + 50_000]);
    // What CMS measured by the tick at T0 + 10 min: the instance was back before minute 5 was sampled.
    expect(views.at(-1)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
  });
});
