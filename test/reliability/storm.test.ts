// Scenario 1: 10,000 real-format CMS callbacks for 1,000 instances (each delivered 10 times), with ticks racing.
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { runStorm } from './scenarios/storm.js';

describe('reliability: duplicate and concurrent delivery storm', () => {
  it('10,000 deliveries, 64 in flight, two reconcile ticks racing: API calls = actions needed, 0 duplicates, 0 lost', async () => {
    const r = await runStorm({ instances: 1000, copies: 10, inFlight: 64, ticks: 2, seed: 2025 });
    const { wallMs, ...f } = r.figures;
    await reportFigures('storm', { ...f }, wallMs);
    expect(f.deliveries).toBe(10_000);
    expect(f.actions).toBe(f.needed);
    expect(f.apiCalls).toBe(f.needed);
    expect(f).toMatchObject({ duplicates: 0, lost: 0, spurious: 0 });
    const failedStatuses = JSON.parse(f.failedStatuses) as Record<string, number>;
    expect(Object.values(failedStatuses).reduce((a, b) => a + b, 0)).toBe(f.failedDeliveries);
    // The function answered 200 to every request it answered. A delivery CMS gave up on after four 5 s timeouts
    // (status 0) measures the machine's load, not the product: lost = 0 above says the tick covered each one.
    expect(Object.keys(failedStatuses).filter((k) => !k.startsWith('0:'))).toEqual([]);
    // Each alarm was evaluated exactly once, however many copies and CMS retries arrived.
    expect(f.alarmEvaluations).toBe(r.alarms);
    // The ticks fan out to the worker in batches keyed by tick slot: two ticks in one slot evaluate each
    // instance once (FC refuses the second tick's batches), ticks in two slots twice.
    expect(f.tickEvaluations % f.instances).toBe(0);
    expect(f.tickEvaluations).toBeGreaterThanOrEqual(f.instances);
    expect(f.tickEvaluations).toBeLessThanOrEqual((2 + (f.healedByLaterTick > 0 ? 1 : 0)) * f.instances);
    // Every printed figure is asserted: the path split adds up, retries are CMS's (≤ 3 per delivery).
    expect(f.instances).toBe(1000);
    expect(f.needed).toBeGreaterThan(0);
    expect(f.viaAlarm + f.viaTick).toBe(f.needed);
    expect(f.healedByLaterTick).toBe(0);
    expect(f.cmsRetries).toBeGreaterThanOrEqual(0);
    expect(f.cmsRetries).toBeLessThanOrEqual(3 * f.deliveries);
    expect(r.bandwidths.every((b) => b === 20)).toBe(true);
    expect(r.leaks).toEqual([]);
  });
});
