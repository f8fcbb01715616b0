// The fast subset (in `npm test`), scenarios 3, 5 and 6: SIGKILLed child processes, hostile input, and
// invariants under random schedules. One file on purpose: vitest starts one process per file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { CONFIG_ERROR_CASES, loadOutcome, runConfigFuzz } from '../reliability/scenarios/configs.js';
import {
  appliedEntries,
  type CrashPointResult,
  type CrashWorld,
  crashAlarmPath,
  crashFigures,
  crashOrchestration,
  startCrashWorld,
} from '../reliability/scenarios/crash.js';
import { runHostileInProcess } from '../reliability/scenarios/hostile.js';
import { NAMED_ATTACKS, runHostileHttp, sendAttack, startHostileCloud } from '../reliability/scenarios/hostileHttp.js';
import { runInvariants } from '../reliability/scenarios/invariants.js';
import { reapChildren } from '../support/childRunner.js';
import type { TestCloud } from '../support/cloud.js';
import { batchId, webId } from '../support/fleet.js';
import { reportFigures } from '../support/logs.js';

describe('reliability (fast): crash points (SIGKILL)', () => {
  let w: CrashWorld;
  let alarm: CrashPointResult[] = [];
  let orchestration: CrashPointResult[] = [];
  const started = Date.now();
  beforeAll(async () => {
    w = await startCrashWorld({ web: 3, batch: 1 });
    // Both phases at once: each point has its own instance, and the parent heals each with one tick.
    [alarm, orchestration] = await Promise.all([
      crashAlarmPath(w, [
        { point: 'after-claim', instanceId: webId(1) },
        { point: 'after-ecs:ModifyInstanceNetworkSpec', instanceId: webId(2) },
        { point: 'after-audit', instanceId: webId(3) },
      ]),
      crashOrchestration(w, [{ point: 'after-step:stopped', instanceId: batchId(1) }]),
    ]);
    await reportFigures('crash', crashFigures([...alarm, ...orchestration]), Date.now() - started);
  }, 120_000);
  afterAll(async () => {
    await reapChildren();
    await w?.env.close();
  });

  it('alarm path: killed after the claim / the ECS call / the audit → exactly one change once the lease lapses, recorded, audited once', () => {
    expect(alarm).toHaveLength(3);
    for (const r of alarm) {
      expect(r.killedBy).toBe('SIGKILL');
      expect(r.changes).toEqual({ ModifyInstanceNetworkSpec: 1 });
      expect(r.finalBandwidthMbps).toBe(20);
      expect(r.leaseFree).toBe(true);
      expect(r.recorded).toBe(true);
      expect(appliedEntries(r)).toBe(1);
    }
  });

  it('orchestration: killed after "stopped" was persisted → the next tick finishes the type change once', () => {
    const [r] = orchestration;
    expect(r?.killedBy).toBe('SIGKILL');
    expect(r?.changes).toEqual({ StopInstance: 1, ModifyInstanceSpec: 1, StartInstance: 1 });
    expect(r).toMatchObject({ finalType: 'ecs.g7.xlarge', finalStatus: 'Running', step: 'verified', leaseFree: true });
  });

  it('no secret in any log line of the parent or the killed children', () => {
    const secrets = [w.env.spec.token, w.env.spec.credentials.accessKeySecret];
    expect(w.logs.leaks(secrets)).toEqual([]);
    expect(w.childLines.filter((l) => secrets.some((s) => l.includes(s)))).toEqual([]);
  });
});

describe('reliability (fast): hostile input', () => {
  it('1,000 fuzzed requests through the alarm endpoint: 4xx or ignored, never a 5xx, an action or a leak', async () => {
    const r = await runHostileInProcess({ cases: 1000, seed: 11 });
    await reportFigures(
      'hostile-inprocess',
      {
        cases: r.tally.cases,
        server5xx: r.tally.server5xx,
        actions: r.ecsMutations,
        leaks: r.leaks.length,
        statuses: JSON.stringify(r.tally.byStatus),
      },
      r.wallMs,
    );
    expect(r.tally.unexpected).toEqual([]);
    expect({ server5xx: r.tally.server5xx, ecsMutations: r.ecsMutations, leaks: r.leaks }).toEqual({
      server5xx: 0,
      ecsMutations: 0,
      leaks: [],
    });
    // The fuzz reaches every layer: refused, malformed, ignored and evaluated requests all occur.
    expect(Object.keys(r.tally.byOutcome)).toEqual(
      expect.arrayContaining(['refused', 'invalid', 'ignored:not-managed', 'skipped:within-tolerance']),
    );
  });

  describe('over HTTP', () => {
    let t: TestCloud;
    beforeAll(async () => {
      t = await startHostileCloud();
    });
    afterAll(() => t?.close());

    it.each(NAMED_ATTACKS)('$name → $expect', async (a) => {
      const r = await sendAttack(t, a);
      expect(a.expect).toContain(r.status);
      expect(t.cloud.ecs.state.changes()).toEqual([]);
    });

    it('100 fuzzed requests: no 5xx, no change, no secret in any log line', async () => {
      const tl = await runHostileHttp(t, { cases: 100, seed: 5 });
      expect(tl.unexpected).toEqual([]);
      expect(t.cloud.ecs.state.changes()).toEqual([]);
      expect(t.logs.leaks([t.cloud.webhookToken, t.cloud.credentials.accessKeySecret])).toEqual([]);
    });
  });

  it.each(CONFIG_ERROR_CASES)('config with $kind → one ConfigError naming the key and the rule', (c) => {
    const r = loadOutcome(c.text, c.source);
    expect(r).toBeInstanceOf(ConfigError);
    const problems = (r as ConfigError).problems;
    expect(problems.some((p) => p.path.includes(c.path) && c.rule.test(p.rule))).toBe(true);
  });

  it('1,000 fuzzed and mutated config files: a Config or a ConfigError, nothing else', () => {
    const f = runConfigFuzz({ cases: 1000, seed: 3 });
    expect(f.other).toEqual([]);
    expect(f.configErrors).toBeGreaterThan(0);
  });
});

describe('reliability (fast): invariants under random schedules', () => {
  it('never outside bounds, inside a cooldown, over the budget, or two in-flight actions on one instance', async () => {
    const r = await runInvariants({ cases: 1000, seed: 42 });
    await reportFigures('invariants', { ...r.figures }, r.wallMs);
    expect(r.result.failed ? String(r.result.errorInstance) : 'ok').toBe('ok');
    expect(r.figures.violations).toBe(0);
    expect(r.figures.unrecordedBreaches).toBe(0);
    expect(r.figures.unrecordedBandwidth).toBe(0);
    expect(r.figures.cases).toBe(1000);
    expect(r.figures.crashes).toBeGreaterThan(0);
  }, 120_000);
});
