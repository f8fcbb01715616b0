import { describe, expect, it } from 'vitest';
import { type AlarmTarget, planAlarmRules, ruleIdFor, timesFor } from '../../../src/app/alarms/index.js';
import { bandwidthPolicy, config, group, instance, typePolicy } from '../builders.js';

const HOOK = 'https://alarm.example.fcapp.run/cms?token=s3cret';

describe('planAlarmRules: thresholds from the bandwidth policy', () => {
  it.each([
    // target, tolerance, up threshold %, down threshold %
    [0.7, 0.1, 77, 63],
    [0.6, 0.2, 72, 48],
    [0.5, 0, 50, 50],
    [0.8, 0.15, 92, 68],
  ])('target %s ± %s → up ≥ %s %%, down < %s %%', (target, tolerance, up, down) => {
    const g = group({ bandwidth: bandwidthPolicy({ targetUtilization: target, tolerance }) });
    const rules = planAlarmRules(config([g]), [{ instance: instance(), group: g }], HOOK);
    const byKind = Object.fromEntries(rules.map((r) => [r.kind, r]));
    expect(byKind['bw-up']?.escalations.critical).toMatchObject({
      statistics: 'Average',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: up,
    });
    expect(byKind['bw-down']?.escalations.info).toMatchObject({
      statistics: 'Average',
      comparisonOperator: 'LessThanThreshold',
      threshold: down,
    });
  });

  it.each([
    [0, 1],
    [60, 1],
    [61, 2],
    [180, 3],
    [900, 15],
  ])('a %s s stabilisation window is %s consecutive 60 s periods', (sec, times) => {
    expect(timesFor(sec)).toBe(times);
  });

  it('up and down Times follow their windows; Period 60, SilenceTime 3600, webhook with the token', () => {
    const g = group({ bandwidth: bandwidthPolicy({ scaleUpStabilizationSec: 120, scaleDownStabilizationSec: 600 }) });
    const [down, up] = planAlarmRules(config([g]), [{ instance: instance(), group: g }], HOOK);
    expect(up).toMatchObject({ ruleId: 'autoscaler-i-web1-bw-up', periodSec: 60, silenceTimeSec: 3600, webhook: HOOK });
    expect(up?.escalations.critical?.times).toBe(2);
    expect(down?.escalations.info?.times).toBe(10);
    expect(up?.resources).toEqual([{ instanceId: 'i-web1' }]);
    expect(up?.labels).toEqual({ 'managed-by': 'ecs-vertical-autoscaler', 'autoscaler-group': 'web' });
  });
});

describe('planAlarmRules: which metric, which instances', () => {
  const g = group({
    bandwidth: bandwidthPolicy(),
    instanceType: typePolicy({ scaleUpCpuPercent: 85, scaleUpStabilizationSec: 300 }),
  });
  const cfg = config([g]);

  it.each<[string, AlarmTarget['instance'], string[]]>([
    [
      'VPC',
      instance(),
      ['VPC_PublicIP_InternetOutRate_Percent', 'VPC_PublicIP_InternetOutRate_Percent', 'CPUUtilization'],
    ],
    [
      'classic',
      { ...instance(), networkType: 'classic' },
      ['InternetOutRate_Percent', 'InternetOutRate_Percent', 'CPUUtilization'],
    ],
    ['EIP bound (bandwidth not ours)', instance({ eipBound: true }), ['CPUUtilization']],
    ['no public bandwidth', instance({ bandwidthOutMbps: 0 }), ['CPUUtilization']],
  ])('%s instance → %j', (_label, inst, metrics) => {
    const rules = planAlarmRules(cfg, [{ instance: inst, group: g }], HOOK);
    expect(rules.map((r) => r.metricName)).toEqual(metrics);
  });

  it('the CPU rule uses scaleUpCpuPercent and the type policy stabilisation', () => {
    const rules = planAlarmRules(cfg, [{ instance: instance(), group: g }], HOOK);
    const cpu = rules.find((r) => r.kind === 'cpu-up');
    expect(cpu?.ruleId).toBe(ruleIdFor('i-web1', 'cpu-up'));
    expect(cpu?.escalations.critical).toEqual({
      statistics: 'Average',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 85,
      times: 5,
    });
  });

  it('resolves the group from the config when absent and skips unmanaged instances; sorted by rule id', () => {
    const targets = [
      { instance: instance({ instanceId: 'i-b' }) },
      { instance: instance({ instanceId: 'i-x', tags: {} }) },
      { instance: instance({ instanceId: 'i-a' }) },
    ];
    const ids = planAlarmRules(cfg, targets, HOOK).map((r) => r.ruleId);
    expect(ids).toEqual([
      'autoscaler-i-a-bw-down',
      'autoscaler-i-a-bw-up',
      'autoscaler-i-a-cpu-up',
      'autoscaler-i-b-bw-down',
      'autoscaler-i-b-bw-up',
      'autoscaler-i-b-cpu-up',
    ]);
  });

  it('a group without policies implies no rules; contact groups are configurable', () => {
    const bare = group({ name: 'bare' });
    expect(planAlarmRules(config([bare]), [{ instance: instance(), group: bare }], HOOK)).toEqual([]);
    const rules = planAlarmRules(cfg, [{ instance: instance(), group: g }], HOOK, { contactGroups: 'ops' });
    expect(new Set(rules.map((r) => r.contactGroups))).toEqual(new Set(['ops']));
  });
});
