import { describe, expect, it } from 'vitest';
import { alarmBody } from '../../src/testing/callbacks.js';
import { benchStorm } from '../../src/bench/storm.js';

describe('benchmark (b): alarm storm through the local FC runtime', () => {
  it('makes exactly one mutating ECS call per saturated instance however often the callback is delivered', async () => {
    const r = await benchStorm({ instances: 6, copies: 3, concurrency: 4, seed: 7 });
    expect(r.deliveries).toBe(18);
    expect(r.actionsNeeded).toBe(6);
    expect(r.stormMutatingCalls).toBe(6);
    expect(r.missedByStorm).toBe(0);
    // The reconcile tick that follows finds every instance in cooldown: no further call.
    expect(r.tickEvaluations).toBe(6);
    expect(r.mutatingCalls).toBe(6);
    expect(r.changes).toBe(6);
    expect(r.healedByTick).toBe(0);
    expect(r.instancesChangedTwice).toBe(0);
    expect(r.notScaledUp).toBe(0);
    expect(r.answers).toEqual({ applied: 6, duplicate: 12 });
    expect(r.errors).toEqual({});
    expect(r.failures).toEqual([]);
    expect(r.decisionLines).toBe(18);
    expect(r.latencyMs.n).toBe(18);
    expect(r.ok).toBe(true);
  });
});

describe('storm callbacks', () => {
  it('are real-format CMS form bodies naming the instance', () => {
    const body = new URLSearchParams(
      alarmBody({
        instanceId: 'i-1',
        publicIp: '47.96.0.2',
        value: 1e7,
        transId: 't-1',
        timestampMs: 1736132400000,
      }),
    );
    expect(body.get('alertState')).toBe('ALERT');
    expect(body.get('dimensions')).toContain('instanceId=i-1');
    expect(body.get('timestamp')).toBe('1736132400000');
    expect(body.get('transId')).toBe('t-1');
    expect(body.get('namespace')).toBe('acs_ecs_dashboard');
  });
});
