import { describe, expect, it } from 'vitest';
import { benchDecision, demandMetrics } from '../../src/bench/decision.js';
import { benchSnapshot } from '../../src/bench/fleet.js';
import { FakeClock, FakeEcs } from '../../src/testing/index.js';

// Tiny sizes: the benchmark must keep running the real alarm path (no timing assertions).
describe('benchmark (a): decision overhead', () => {
  it('runs handleSignal once per signal and applies exactly the actions needed', async () => {
    const r = await benchDecision({ signals: 30, decideCalls: 40, warmup: 3 });
    expect(r.handleSignalMs.n).toBe(30);
    expect(r.decideUs.n).toBe(40);
    expect(r.decideCalls).toBe(40);
    // Instances 4…33: two in three are saturated.
    expect(r.actionsNeeded).toBe(20);
    expect(r.mutatingCalls).toBe(r.actionsNeeded);
    expect(r.byStatusMs.applied?.n).toBe(20);
    expect(r.byStatusMs.skipped?.n).toBe(10);
    expect(r.logBytesPerSignal).toBeGreaterThan(0);
    expect(r.handleSignalMs.median).toBeGreaterThan(0);
  });
});

describe('bench fakes', () => {
  it('serve min(demand, link) per period and apply bandwidth changes', async () => {
    const snap = benchSnapshot(1);
    const ecs = new FakeEcs([snap]);
    const metrics = demandMetrics(ecs, new Map([[snap.instanceId, 15]]));
    const series = await metrics.getSeries({
      instanceIds: [snap.instanceId, 'i-unknown'],
      metric: 'VPC_PublicIP_InternetOutRate',
      periodSec: 60,
      startMs: 0,
      endMs: 300_000,
    });
    expect(series.get(snap.instanceId)?.map((p) => [p.timestampMs, p.average])).toEqual(
      [60_000, 120_000, 180_000, 240_000, 300_000].map((t) => [t, 10e6]),
    );
    expect(series.get('i-unknown')?.every((p) => p.average === 0)).toBe(true);
    await ecs.modifyInstanceNetworkSpec({ instanceId: snap.instanceId, bandwidthOutMbps: 20, clientToken: 't' });
    expect((await ecs.describeInstances([snap.instanceId]))[0]?.bandwidthOutMbps).toBe(20);
    expect(ecs.mutatingCalls).toBe(1);
    const last = await metrics.getLast({
      instanceIds: [snap.instanceId],
      metric: 'VPC_PublicIP_InternetOutRate',
      periodSec: 60,
    });
    expect(last.get(snap.instanceId)?.average).toBe(15e6);
  });

  it('the clock only moves when told or slept on', async () => {
    const clock = new FakeClock(1000);
    await clock.sleep(500);
    clock.advance(10);
    expect(clock.now()).toBe(1510);
  });
});
