// The fast subset (in `npm test`), scenarios 1, 2 and 4: deliveries over HTTP to the local cloud, faults, and
// an unavailable store. One file on purpose: vitest starts one process per file, and each would load the SDKs.
import { describe, expect, it } from 'vitest';
import { runStoreFailure, runStoreOutage, STORE_FAILURES } from '../reliability/scenarios/failClosed.js';
import { runFaults } from '../reliability/scenarios/faults.js';
import { runStorm } from '../reliability/scenarios/storm.js';
import { reportFigures } from '../support/logs.js';

describe('reliability (fast): duplicate and concurrent delivery storm', () => {
  it('1,000 deliveries for 100 instances: one change per instance that needs one, none twice, none lost', async () => {
    const r = await runStorm({ instances: 100, copies: 10, inFlight: 32, ticks: 1, seed: 7 });
    const { wallMs, ...f } = r.figures;
    await reportFigures('storm', { ...f }, wallMs);
    expect(f.deliveries).toBe(1000);
    expect(f.actions).toBe(f.needed);
    expect(f.apiCalls).toBe(f.needed);
    expect(f).toMatchObject({ duplicates: 0, lost: 0, spurious: 0, failedDeliveries: 0 });
    // Each alarm was evaluated exactly once, however many copies and CMS retries arrived.
    expect(f.alarmEvaluations).toBe(r.alarms);
    expect(f.tickEvaluations).toBe((1 + (f.healedByLaterTick > 0 ? 1 : 0)) * f.instances);
    expect(r.bandwidths.every((b) => b === 20)).toBe(true);
    expect(r.leaks).toEqual([]);
  }, 120_000);
});

describe('reliability (fast): faults', () => {
  it('~20 % ECS faults, Tablestore 5xx/timeouts, CMS errors: applied once or failed with a reason, nothing stuck', async () => {
    const r = await runFaults({ web: 16, batch: 4, seed: 7, faultyTicks: 1, healTicks: 3 });
    const f = r.figures;
    await reportFigures(
      'faults',
      { ...f, ecsFaultRate: `${((100 * f.ecsFaults) / f.ecsCalls).toFixed(1)}%` },
      r.wallMs,
    );
    expect(r.notes).toEqual([]);
    expect(f.applied + f.failedRecorded).toBe(f.planned);
    expect({ duplicates: f.duplicates, lost: f.lost, stuck: f.stuck, unexplained: f.unexplainedFailures }).toEqual({
      duplicates: 0,
      lost: 0,
      stuck: 0,
      unexplained: 0,
    });
    expect(f.ecsFaults).toBeGreaterThan(0);
    expect(f.otsFaults).toBeGreaterThan(0);
    expect(r.leaks).toEqual([]);
  }, 180_000);
});

describe('reliability (fast): store unavailable → fail closed', () => {
  it('Tablestore down: every alarm answered 503 with no ECS call; after the restart each retry acts once', async () => {
    const r = await runStoreOutage({ instances: 3 });
    await reportFigures(
      'fail-closed',
      {
        deliveries: r.during.length * 3,
        answered503: r.during.filter((s) => s === 503).length,
        ecsCallsDuringOutage: r.mutatingDuring,
        changes: r.changes.length,
        duplicates: r.changes.length - new Set(r.changes).size,
      },
      r.wallMs,
    );
    expect(r.during).toEqual([503, 503, 503]);
    expect(r.mutatingDuring).toBe(0);
    expect(r.after).toEqual(['applied', 'applied', 'applied']);
    expect(r.again).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(r.changes.sort()).toEqual(r.expected.sort());
    expect(r.leaks).toEqual([]);
  });

  it.each(STORE_FAILURES)(
    '$op fails once → 503, no unclaimed change, retry $retry, exactly one change after the next tick',
    async (c) => {
      const r = await runStoreFailure(c);
      expect(r.firstStatus).toBe(503);
      expect(r.changesAfterFailure).toBe(c.changesAfterFailure);
      expect(r.retry).toBe(c.retry);
      expect(r.tickErrors).toBe(0);
      expect(r.changes).toBe(1);
      expect(r.unclaimed).toEqual([]);
    },
  );
});
