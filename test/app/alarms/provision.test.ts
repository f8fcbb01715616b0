// provision-alarms through the official CMS SDK (the product's adapter) against the CMS emulator, with the fleet
// listed from the ECS emulator: idempotence, deletion of unmanaged instances' rules, failures with CMS codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionAlarms, RULE_ID_PREFIX } from '../../../src/app/alarms/index.js';
import type { AlarmRule } from '../../../src/ports/AlarmRulesApi.js';
import { bandwidthPolicy, config, group, typePolicy } from '../builders.js';
import { type Emulators, fleetInstance, startEmulators } from '../optimise/emulators.js';

const T0 = Date.UTC(2025, 0, 6, 3, 0, 0);
const HOOK = 'http://127.0.0.1:9/cms?token=s3cret-token';

const web = group({ bandwidth: bandwidthPolicy(), match: { instanceIds: [], tags: { 'autoscaler-group': 'web' } } });
const batch = group({
  name: 'batch',
  instanceType: typePolicy(),
  match: { instanceIds: ['i-batch1'], tags: {} },
});
const full = config([web, batch]);

let emu: Emulators;

beforeAll(async () => {
  emu = await startEmulators({
    startMs: T0,
    instances: [
      fleetInstance({ instanceId: 'i-web1' }),
      fleetInstance({ instanceId: 'i-web2' }),
      fleetInstance({ instanceId: 'i-batch1', tags: {} }),
      fleetInstance({ instanceId: 'i-other', tags: { app: 'db' } }),
    ],
  });
});

afterAll(async () => {
  await emu.close();
});

const deps = (cfg = full) => ({ config: cfg, ecs: emu.ecsApi, alarms: emu.alarms });

function ours(rules: AlarmRule[]): string[] {
  return rules
    .map((r) => r.ruleId)
    .filter((id) => id.startsWith(RULE_ID_PREFIX))
    .sort();
}

describe('provisionAlarms against the CMS emulator (official SDK)', () => {
  it('a dry run plans the rules and changes nothing', async () => {
    const report = await provisionAlarms(deps(), { webhookUrl: HOOK, dryRun: true });
    expect(report.diff.create.map((r) => r.ruleId)).toEqual([
      'autoscaler-i-batch1-cpu-up',
      'autoscaler-i-web1-bw-down',
      'autoscaler-i-web1-bw-up',
      'autoscaler-i-web2-bw-down',
      'autoscaler-i-web2-bw-up',
    ]);
    expect(report.results).toEqual([]);
    expect(emu.cms.metricRules()).toEqual([]);
  });

  it('the first run creates them with the documented parameters; the second run changes nothing', async () => {
    const first = await provisionAlarms(deps(), { webhookUrl: HOOK, dryRun: false });
    expect(first.failed).toBe(0);
    expect(first.results.map((r) => r.op)).toEqual(['create', 'create', 'create', 'create', 'create']);
    const stored = emu.cms.metricRules().find((r) => r.ruleId === 'autoscaler-i-web1-bw-up');
    expect(stored).toMatchObject({
      metricName: 'VPC_PublicIP_InternetOutRate_Percent',
      periodSec: 60,
      silenceTimeSec: 3600,
      webhook: HOOK,
      resources: [{ instanceId: 'i-web1' }],
    });
    expect(stored?.escalations.Critical).toMatchObject({ statistics: 'Average', threshold: 77, times: 1 });
    const second = await provisionAlarms(deps(), { webhookUrl: HOOK, dryRun: false });
    expect(second.diff.unchanged).toHaveLength(5);
    expect([second.diff.create, second.diff.update, second.diff.delete]).toEqual([[], [], []]);
    expect(second.results).toEqual([]);
  });

  it('a changed policy updates only the affected rules', async () => {
    const tighter = config([group({ ...web, bandwidth: bandwidthPolicy({ targetUtilization: 0.6 }) }), batch]);
    const report = await provisionAlarms(deps(tighter), { webhookUrl: HOOK, dryRun: false });
    expect(report.diff.update.map((u) => [u.desired.ruleId, u.changed])).toEqual([
      ['autoscaler-i-web1-bw-down', ['ruleName', 'escalations']],
      ['autoscaler-i-web1-bw-up', ['ruleName', 'escalations']],
      ['autoscaler-i-web2-bw-down', ['ruleName', 'escalations']],
      ['autoscaler-i-web2-bw-up', ['ruleName', 'escalations']],
    ]);
    expect(report.diff.unchanged.map((r) => r.ruleId)).toEqual(['autoscaler-i-batch1-cpu-up']);
    expect(report.failed).toBe(0);
    const again = await provisionAlarms(deps(tighter), { webhookUrl: HOOK, dryRun: false });
    expect(again.diff.unchanged).toHaveLength(5);
  });

  it('an instance removed from the config loses its rules; foreign rules survive', async () => {
    await emu.alarms.putRule({
      ruleId: 'ops-cpu',
      ruleName: 'operators own rule',
      namespace: 'acs_ecs_dashboard',
      metricName: 'CPUUtilization',
      resources: [{ instanceId: 'i-other' }],
      escalations: {
        warn: { statistics: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: 90, times: 3 },
      },
      periodSec: 60,
      silenceTimeSec: 86_400,
      contactGroups: 'ops',
      labels: {},
    });
    const withoutBatch = config([web]);
    const report = await provisionAlarms(deps(withoutBatch), { webhookUrl: HOOK, dryRun: false });
    expect(report.diff.delete.map((r) => r.ruleId)).toEqual(['autoscaler-i-batch1-cpu-up']);
    const listed = await emu.alarms.listRules({ namespace: 'acs_ecs_dashboard' });
    expect(ours(listed)).not.toContain('autoscaler-i-batch1-cpu-up');
    expect(listed.map((r) => r.ruleId)).toContain('ops-cpu');
  });

  it('each refused rule is reported with the CMS code and message, and nothing is half-applied', async () => {
    const before = emu.cms.metricRules().map((r) => [r.ruleId, r.webhook]);
    const report = await provisionAlarms(deps(), { webhookUrl: 'ftp://not-a-webhook/cms', dryRun: false });
    // The web rules differ only by their webhook (update), the batch rule was deleted above (create).
    expect(report.results.map((r) => [r.op, r.ruleId])).toEqual([
      ['create', 'autoscaler-i-batch1-cpu-up'],
      ['update', 'autoscaler-i-web1-bw-down'],
      ['update', 'autoscaler-i-web1-bw-up'],
      ['update', 'autoscaler-i-web2-bw-down'],
      ['update', 'autoscaler-i-web2-bw-up'],
    ]);
    expect(report.failed).toBe(5);
    for (const r of report.results) {
      expect(r).toMatchObject({ ok: false, code: '400' });
      expect(r.message).toContain('Webhook');
    }
    expect(emu.cms.metricRules().map((r) => [r.ruleId, r.webhook])).toEqual(before);
  });
});
