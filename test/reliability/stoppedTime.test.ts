// Scenario 7: bounded stopped time under a killed driver, and fenced takeovers (issue 14, findings 4 and 5).
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { KILL_POINTS, PHASES_SEC, runFencedTakeovers, runStoppedTime } from './scenarios/stoppedTime.js';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

describe('reliability: a type change whose driver is killed at any point', () => {
  it('no instance stays stopped more than 10 minutes beyond its planned change; each ends changed once', async () => {
    const r = await runStoppedTime();
    const beyond = r.results.map((p) => p.beyondSec);
    const stopped = r.results.map((p) => p.stoppedSec);
    const figures = {
      points: r.results.length,
      plannedStoppedSec: r.baselineSec,
      worstStoppedSec: Math.max(...stopped),
      medianStoppedSec: median(stopped),
      worstBeyondSec: Math.max(...beyond),
      medianBeyondSec: median(beyond),
      verified: r.results.filter((p) => p.step === 'verified').length,
      maxTicks: Math.max(...r.results.map((p) => p.ticks)),
      extraCalls: r.results.reduce((n, p) => n + p.stops + p.modifies + p.starts - 3, 0),
    };
    await reportFigures('stopped-time', figures, r.wallMs);
    const points = KILL_POINTS.length * PHASES_SEC.length;
    expect(figures.points).toBe(points);
    expect(figures.verified).toBe(points);
    expect(figures.extraCalls).toBe(0);
    expect(r.results.every((p) => p.stops === 1 && p.modifies === 1 && p.starts === 1)).toBe(true);
    expect(figures.worstBeyondSec).toBeLessThanOrEqual(600);
    expect(figures.medianBeyondSec).toBeLessThanOrEqual(figures.worstBeyondSec);
    expect(figures.worstStoppedSec).toBeLessThanOrEqual(figures.plannedStoppedSec + 600);
    expect(figures.medianStoppedSec).toBeLessThanOrEqual(figures.worstStoppedSec);
    expect(figures.plannedStoppedSec).toBeGreaterThan(0);
    expect(figures.plannedStoppedSec).toBeLessThan(120);
    expect(figures.maxTicks).toBeLessThanOrEqual(2);
  });
});

describe('reliability: fenced takeovers', () => {
  it('a lease that expires before the call and is taken over: the first holder never mutates again', async () => {
    const n = 10;
    const r = await runFencedTakeovers(n);
    const figures = {
      takeovers: r.takeovers,
      doubleMutations: r.doubleMutations,
      inlineRefused: r.inlineRefused,
      orchestrationsVerified: r.orchestrationsVerified,
    };
    await reportFigures('fenced', figures, r.wallMs);
    expect(figures).toEqual({ takeovers: 2 * n, doubleMutations: 0, inlineRefused: n, orchestrationsVerified: n });
  });
});
