// Scenario 4: store unavailable → fail closed (503, no ECS change); retries act once when it returns.
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { runStoreFailure, runStoreOutage, STORE_FAILURES } from './scenarios/failClosed.js';

describe('reliability: store unavailable → fail closed', () => {
  it('Tablestore down for 20 instances: 20 × 503 and no ECS call; after the restart each retry acts once', async () => {
    const r = await runStoreOutage({ instances: 20 });
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
    expect(r.during).toEqual(Array(20).fill(503));
    expect(r.changes.length - new Set(r.changes).size).toBe(0);
    expect(r.changes).toHaveLength(20);
    expect(r.mutatingDuring).toBe(0);
    expect(r.after).toEqual(Array(20).fill('applied'));
    expect(r.again).toEqual(Array(20).fill('duplicate'));
    expect([...r.changes].sort()).toEqual([...r.expected].sort());
    expect(r.leaks).toEqual([]);
  });

  it.each(STORE_FAILURES)(
    '$op fails once → 503, no unclaimed change, retry $retry, one change after the tick',
    async (c) => {
      const r = await runStoreFailure(c);
      expect(r).toEqual({
        firstStatus: 503,
        changesAfterFailure: c.changesAfterFailure,
        retry: c.retry,
        tickErrors: 0,
        changes: 1,
        unclaimed: [],
      });
    },
  );
});
