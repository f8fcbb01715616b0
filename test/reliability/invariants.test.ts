// Scenario 6: 10,000 random schedules of signals, faults and crashes against the real app and decide.
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { runInvariants } from './scenarios/invariants.js';

describe('reliability: invariants under random schedules', () => {
  it('10,000 cases: never outside bounds, inside a cooldown, over the budget, or two in-flight actions', async () => {
    const r = await runInvariants({ cases: 10_000, seed: 2025 });
    await reportFigures('invariants', { ...r.figures }, r.wallMs);
    for (const e of r.examples) process.stdout.write(`invariants: unrecorded-change example: ${e}\n`);
    expect(r.result.failed ? String(r.result.errorInstance) : 'ok').toBe('ok');
    expect(r.figures.violations).toBe(0);
    // A change whose commit was lost is recorded by the next evaluation (src/app/recover.ts): no breach follows.
    expect(r.figures.unrecordedBreaches).toBe(0);
    expect(r.figures.unrecordedBandwidth).toBe(0);
    expect(r.figures.cases).toBe(10_000);
    expect(r.figures.crashes).toBeGreaterThan(100);
    // Every printed figure is asserted.
    expect(r.figures.events).toBeGreaterThan(r.figures.cases);
    expect(r.figures.changes).toBeGreaterThan(0);
    expect(r.figures.faults).toBeGreaterThan(0);
    expect(r.figures.unrecordedCases).toBe(0);
    expect(r.figures.unrecordedType).toBe(0);
    expect(r.examples).toEqual([]);
  });
});
