// Scenario 2: ~20 % ECS faults (incl. timeouts, drop, drop-after), Tablestore 5xx/timeouts, CMS errors.
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { runFaults } from './scenarios/faults.js';

describe('reliability: faults', () => {
  it('120 planned actions under faults: each applied once or failed with its reason; nothing stuck after lease expiry', async () => {
    const r = await runFaults({ web: 100, batch: 20, seed: 2025, faultyTicks: 3, healTicks: 4 });
    const f = r.figures;
    await reportFigures(
      'faults',
      {
        ...f,
        ecsFaultRate: `${((100 * f.ecsFaults) / f.ecsCalls).toFixed(1)}%`,
        kinds: JSON.stringify(r.faultKinds),
        failures: JSON.stringify(r.failureCodes),
      },
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
    expect(Object.keys(r.faultKinds)).toEqual(
      expect.arrayContaining(['Throttling', 'InternalError', 'drop', 'drop-after', 'latency']),
    );
    expect(f.ecsFaults / f.ecsCalls).toBeGreaterThan(0.15);
    expect(f.otsFaults).toBeGreaterThan(0);
    expect(f.cmsFaults).toBeGreaterThan(0);
    // Every printed figure is asserted.
    expect(f.instances).toBe(f.planned);
    expect(f.planned).toBe(120);
    expect(f.ecsCalls).toBeGreaterThan(f.planned);
    expect(f.otsRequests).toBeGreaterThan(f.otsFaults);
    expect(Object.values(r.faultKinds).reduce((a, b) => a + b, 0)).toBe(f.ecsFaults);
    expect(Object.values(r.failureCodes).reduce((a, b) => a + b, 0)).toBe(f.failedRecorded);
    expect(r.leaks).toEqual([]);
  });
});
