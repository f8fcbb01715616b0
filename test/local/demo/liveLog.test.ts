// The console log of `npm start` and the trace-replay workload of its demo, in this process (the start tests run
// them in a child): alarm callbacks the CMS emulator delivered and the audit trail, one readable line each, each
// printed once; skips only when verbose; a store failure reported as a line, not a crash. The workload replays a
// trace from its origin with a phase, loops, scales, and gives unassigned instances no demand.
import { PutResourceMetricRuleRequest } from '@alicloud/cms20190101';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import type { AuditEntry } from '../../../src/core/types.js';
import { formatAudit, startLiveLog } from '../../../src/local/demo/liveLog.js';
import { auditEntry } from '../../../src/testing/builders.js';
import { traceWorkload } from '../../../src/local/demo/workload.js';
import type { Trace } from '../../../src/local/sim/types.js';
import { startHarness, startWebhook, T0 } from '../cms/harness.js';

const MIN = 60_000;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

/** An applied alarm-driven entry of `i-1`, no group and no change recorded unless given, with the seq each test gives. */
function entry(seq: string, over: Partial<AuditEntry> = {}): AuditEntry {
  return auditEntry({
    instanceId: 'i-1',
    atMs: T0 + MIN,
    group: undefined,
    signal: { source: 'cms-alarm', dedupeKey: 'k' },
    reason: 'alarm-up',
    message: 'bandwidth up',
    before: undefined,
    after: undefined,
    ...over,
    seq,
  });
}

describe('formatAudit', () => {
  it('shows the bandwidth change of an applied entry', () => {
    const line = formatAudit(entry('0', { before: { bandwidthOutMbps: 10 }, after: { bandwidthOutMbps: 20 } }));
    expect(line).toMatch(/^01-01 00:01 {2}✔ i-1 +applied +10 → 20 Mbps {2}alarm-up: bandwidth up$/);
  });

  it('shows a type change, the error code of a failure, and no change when nothing differs', () => {
    const failed = formatAudit(
      entry('0', {
        result: 'failed',
        before: { instanceType: 'ecs.g7.large', bandwidthOutMbps: 10 },
        after: { instanceType: 'ecs.g7.xlarge', bandwidthOutMbps: 10 },
        error: { code: 'Throttling', message: 'slow down' },
      }),
    );
    expect(failed).toContain('✖ i-1');
    expect(failed).toContain('ecs.g7.large → ecs.g7.xlarge');
    expect(failed).toMatch(/\[Throttling\]$/);
    const same = formatAudit(
      entry('1', {
        result: 'would-do',
        before: { instanceType: 'ecs.g7.large' },
        after: { instanceType: 'ecs.g7.large' },
      }),
    );
    expect(same).toContain('… i-1');
    expect(same).not.toContain('→');
    expect(formatAudit(entry('2', { result: 'skipped', reason: 'cooldown' }))).toContain('· i-1');
  });
});

describe('startLiveLog', () => {
  it('prints each delivered alarm and each audit entry once, hiding skips unless verbose', async () => {
    const h = await startHarness();
    const hook = await startWebhook();
    cleanup.push(
      () => h.cms.close(),
      () => hook.close(),
    );
    h.fleet.set('i-1', { bandwidthOutMbps: 10, publicIp: '47.0.0.1' });
    h.workload.demand.set('i-1', 9);
    await h.client.putResourceMetricRule(
      new PutResourceMetricRuleRequest({
        ruleId: 'bw-up-i-1',
        ruleName: 'bandwidth up i-1',
        namespace: 'acs_ecs_dashboard',
        metricName: 'VPC_PublicIP_InternetOutRate',
        resources: '[{"instanceId":"i-1"}]',
        contactGroups: 'autoscaler',
        webhook: hook.url,
        period: '60',
        silenceTime: 3600,
        escalations: {
          critical: {
            statistics: 'Average',
            comparisonOperator: 'GreaterThanOrEqualToThreshold',
            threshold: '8000000',
            times: 1,
          },
        },
      }),
    );
    const store = new MemoryStateStore();
    const lines: string[] = [];
    const quiet = await startLiveLogFor(store, h, lines, false);
    const verboseLines: string[] = [];
    const verbose = await startLiveLogFor(store, h, verboseLines, true);
    cleanup.push(quiet, verbose);

    await h.clock.advance(MIN);
    await store.appendAudit(
      entry('0', { atMs: T0 + MIN, before: { bandwidthOutMbps: 10 }, after: { bandwidthOutMbps: 20 } }),
    );
    await store.appendAudit(entry('1', { atMs: T0 + MIN, result: 'skipped', reason: 'cooldown' }));
    await expect.poll(() => lines.length).toBe(2);
    await expect.poll(() => verboseLines.length).toBe(3);
    expect(lines[0]).toBe(
      '01-01 00:01  ⚑ ALERT bandwidth up i-1 (VPC_PublicIP_InternetOutRate $Average>=8000000, now 9000000)',
    );
    expect(lines[1]).toContain('10 → 20 Mbps');
    expect(verboseLines.some((l) => l.includes('· i-1') && l.includes('cooldown'))).toBe(true);

    // A later entry is printed; the earlier ones and the same callback are not printed again.
    await store.appendAudit(entry('0', { atMs: T0 + 2 * MIN, message: 'second change' }));
    await expect.poll(() => lines.length).toBe(3);
    expect(lines[2]).toContain('second change');
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toHaveLength(3);
  });

  it('reports a store failure as a line and keeps polling', async () => {
    const h = await startHarness();
    cleanup.push(() => h.cms.close());
    const store = new MemoryStateStore();
    store.failNext('listRecentAudit');
    const lines: string[] = [];
    cleanup.push(await startLiveLogFor(store, h, lines, false));
    await expect.poll(() => lines[0]).toBe('live log: injected fault in listRecentAudit');
    await store.appendAudit(entry('0', { atMs: T0 + MIN }));
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toContain('✔ i-1');
  });
});

async function startLiveLogFor(
  store: MemoryStateStore,
  h: Awaited<ReturnType<typeof startHarness>>,
  lines: string[],
  verbose: boolean,
): Promise<() => void> {
  return startLiveLog({ store, cms: h.cms, now: () => h.clock.now(), write: (l) => lines.push(l), pollMs: 5, verbose });
}

describe('traceWorkload', () => {
  const trace = (values: number[]): Trace =>
    ({ name: 't.csv', stepSec: 60, points: values.map((value, i) => ({ tSec: i * 60, value })) }) as unknown as Trace;

  it('replays the trace from the origin with its phase and scale, looping, CPU only when assigned', () => {
    const w = traceWorkload(T0, (id) =>
      id === 'i-1'
        ? {
            bandwidth: { trace: trace([1, 2, 3]), scale: 10, phaseSec: 60 },
            cpu: { trace: trace([0.5]), scale: 2, phaseSec: 0 },
          }
        : id === 'i-2'
          ? { bandwidth: { trace: trace([4, 5]), scale: 1, phaseSec: 0 } }
          : undefined,
    );
    expect([0, 1, 2, 3].map((m) => w.demandAt('i-1', T0 + m * MIN).outboundMbps)).toEqual([20, 30, 10, 20]);
    expect(w.demandAt('i-1', T0)).toEqual({ outboundMbps: 20, cpuVcpu: 1 });
    expect(w.demandAt('i-2', T0 - MIN)).toEqual({ outboundMbps: 5 });
    expect(w.demandAt('i-unknown', T0)).toEqual({ outboundMbps: 0 });
  });

  it('gives no demand for an empty trace', () => {
    const w = traceWorkload(T0, () => ({ bandwidth: { trace: trace([]), scale: 5, phaseSec: 0 } }));
    expect(w.demandAt('i-1', T0 + MIN)).toEqual({ outboundMbps: 0 });
  });
});
