// Scenario 3: a real child process killed with SIGKILL at every point of the alarm path and the orchestration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reapChildren } from '../support/childRunner.js';
import { ALARM_POINTS, ORCHESTRATION_STEPS } from '../support/crashPoints.js';
import { batchId, webId } from '../support/fleet.js';
import { reportFigures } from '../support/logs.js';
import {
  appliedEntries,
  type CrashPointResult,
  type CrashWorld,
  crashAlarmPath,
  crashFigures,
  crashOrchestration,
  startCrashWorld,
} from './scenarios/crash.js';

const ORCHESTRATION_POINTS = [
  ...ORCHESTRATION_STEPS.map((s) => `after-step:${s}`),
  'after-ecs:StopInstance',
  'after-ecs:ModifyInstanceSpec',
  'after-ecs:StartInstance',
];
const alarmPoints = ALARM_POINTS.map((point, i) => ({ point, instanceId: webId(i + 1) }));
const typePoints = ORCHESTRATION_POINTS.map((point, i) => ({ point, instanceId: batchId(i + 1) }));
const rollbackPoint = { point: 'after-step:stopped', instanceId: batchId(ORCHESTRATION_POINTS.length + 1) };

describe('reliability: crash points (SIGKILL)', () => {
  let w: CrashWorld;
  const results = new Map<string, CrashPointResult>();
  const started = Date.now();
  beforeAll(async () => {
    w = await startCrashWorld({ web: alarmPoints.length, batch: typePoints.length + 1 });
    const [a, b] = await Promise.all([crashAlarmPath(w, alarmPoints), crashOrchestration(w, typePoints)]);
    // Last, alone: the target type is sold out when the interrupted change resumes.
    const c = await crashOrchestration(w, [rollbackPoint], { soldOutBeforeResume: true });
    for (const r of [...a, ...b]) results.set(r.point, r);
    results.set('rollback', c[0] as CrashPointResult);
    await reportFigures('crash', crashFigures([...results.values()]), Date.now() - started);
  });
  afterAll(async () => {
    await reapChildren();
    await w?.env.close();
  });

  it.each(ALARM_POINTS)(
    'alarm path killed %s → exactly one bandwidth change after the retry and the next tick, recorded, audited once',
    (point) => {
      const r = results.get(point) as CrashPointResult;
      expect(r.killedBy).toBe('SIGKILL');
      expect(r.changes).toEqual({ ModifyInstanceNetworkSpec: 1 });
      // Killed between the ECS call and the commit: the tick finds the change and records it (recover.ts).
      expect(r).toMatchObject({ finalBandwidthMbps: 20, leaseFree: true, recorded: true });
      // Killed before the audit write: recovery writes the entry; after it: recovery finds it, writes none.
      expect(appliedEntries(r)).toBe(1);
    },
  );

  it.each(ORCHESTRATION_POINTS)(
    'type change killed %s → the next tick finishes it with one stop, one modify, one start',
    (point) => {
      const r = results.get(point);
      expect(r?.killedBy).toBe('SIGKILL');
      expect(r?.changes).toEqual({ StopInstance: 1, ModifyInstanceSpec: 1, StartInstance: 1 });
      expect(r).toMatchObject({
        finalType: 'ecs.g7.xlarge',
        finalStatus: 'Running',
        step: 'verified',
        leaseFree: true,
        recorded: true,
      });
      expect(appliedEntries(r as CrashPointResult)).toBe(1);
    },
  );

  it('type change killed after "stopped", target sold out meanwhile → rolled back to the old type, running, reason audited', () => {
    const r = results.get('rollback');
    expect(r?.killedBy).toBe('SIGKILL');
    expect(r?.changes).toEqual({ StopInstance: 1, StartInstance: 1 });
    expect(r).toMatchObject({
      finalType: 'ecs.g7.large',
      finalStatus: 'Running',
      step: 'rolled-back',
      leaseFree: true,
    });
    expect(r?.audit).toContain('rolled-back');
  });

  it('the printed figures: every point killed, none duplicated, lost, stuck, unrecorded or audited twice', () => {
    expect(crashFigures([...results.values()])).toEqual({
      points: alarmPoints.length + typePoints.length + 1,
      killed: alarmPoints.length + typePoints.length + 1,
      duplicates: 0,
      lost: 0,
      rolledBack: 1,
      stuckLeases: 0,
      unrecorded: 0,
      auditGaps: 0,
      auditDuplicates: 0,
    });
  });

  it('no secret in any log line of the parent or the killed children', () => {
    const secrets = [w.env.spec.token, w.env.spec.credentials.accessKeySecret];
    expect(w.logs.leaks(secrets)).toEqual([]);
    expect(w.childLines.filter((l) => secrets.some((s) => l.includes(s)))).toEqual([]);
  });
});
