// Scenario 7 at a small size for `npm test`: a killed type-change driver at every point (one phase), and fenced
// takeovers. The full sizes run in test/reliability/stoppedTime.test.ts.
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { KILL_POINTS, runFencedTakeovers, runStoppedTime } from '../reliability/scenarios/stoppedTime.js';

describe('reliability (fast): stopped time and fenced takeovers', () => {
  it('a driver killed at any point: stopped at most 10 minutes beyond the plan, changed once', async () => {
    const r = await runStoppedTime(KILL_POINTS, [200]);
    const worstBeyondSec = Math.max(...r.results.map((p) => p.beyondSec));
    await reportFigures('stopped-time', { points: r.results.length, worstBeyondSec }, r.wallMs);
    expect(r.results).toHaveLength(KILL_POINTS.length);
    for (const p of r.results) expect(p).toMatchObject({ step: 'verified', stops: 1, modifies: 1, starts: 1 });
    expect(worstBeyondSec).toBeLessThanOrEqual(600);
  }, 120_000);

  it('a lease that expires mid-call and is taken over: 0 double mutations', async () => {
    const r = await runFencedTakeovers(2);
    await reportFigures('fenced', { takeovers: r.takeovers, doubleMutations: r.doubleMutations }, r.wallMs);
    expect(r).toMatchObject({ takeovers: 4, doubleMutations: 0, inlineRefused: 2, orchestrationsVerified: 2 });
  }, 120_000);
});
