/**
 * Scenario 6: invariants under random schedules of signals, faults and crashes (property-based). Each case is
 * a fresh in-memory world in which the real app and the real decide run every alarm, tick and orchestration;
 * see test/support/schedules.ts for the events and the invariants.
 */
import fc from 'fast-check';
import { invariantConfig } from '../../support/config.js';
import { InvariantWorld } from '../../support/invariantWorld.js';
import { checkInvariants, runSchedule, schedule } from '../../support/schedules.js';

export interface InvariantFigures {
  cases: number;
  events: number;
  changes: number;
  crashes: number;
  faults: number;
  violations: number;
  /** Cooldown/budget breaches that follow a change whose record was lost (closed by src/app/recover.ts: 0). */
  unrecordedBreaches: number;
  /** Cases with such a breach. */
  unrecordedCases: number;
  /** Bandwidth changes never recorded by the end of a schedule (the gap itself, whether a breach followed or not). */
  unrecordedBandwidth: number;
  /** Type changes never recorded (an orchestration that ended `failed` after the modify: left to an operator). */
  unrecordedType: number;
}

export async function runInvariants(o: { cases: number; seed: number }) {
  const config = invariantConfig();
  const f: InvariantFigures = {
    cases: 0,
    events: 0,
    changes: 0,
    crashes: 0,
    faults: 0,
    violations: 0,
    unrecordedBreaches: 0,
    unrecordedCases: 0,
    unrecordedBandwidth: 0,
    unrecordedType: 0,
  };
  const examples: string[] = [];
  const started = Date.now();
  const result = await fc.check(
    fc.asyncProperty(schedule, async (events) => {
      const w = new InvariantWorld(config);
      await runSchedule(w, events);
      const report = checkInvariants(w);
      f.cases++;
      f.events += events.length;
      f.changes += w.ecs.changes.filter((c) => c.kind === 'bandwidth' || c.kind === 'type').length;
      f.crashes += w.crashes;
      f.faults += events.filter((e) => e.k === 'ecsFault' || e.k === 'storeFault').length;
      f.violations += report.violations.length;
      f.unrecordedBreaches += report.unrecorded.length;
      f.unrecordedBandwidth += report.unrecordedChanges.bandwidth;
      f.unrecordedType += report.unrecordedChanges.type;
      if (report.unrecorded.length > 0) {
        f.unrecordedCases++;
        if (examples.length < 3) examples.push(`${report.unrecorded.join('; ')} ← ${JSON.stringify(events)}`);
      }
      if (report.violations.length > 0) throw new Error(report.violations.join('\n'));
    }),
    { numRuns: o.cases, seed: o.seed },
  );
  return { figures: f, result, examples, wallMs: Date.now() - started };
}
