// The bandwidth rules of an instance routed to its EIP (docs/eip.md): the EIP's own percentage, on the EIP, named
// after the instance (the alarm endpoint reads the instance from the RuleId); an EIP-bound instance that is not
// routed gets none (its link is not scaled).
import { describe, expect, it } from 'vitest';
import { planAlarmRules } from '../../../src/app/alarms/plan.js';
import { bandwidthPolicy, config, group, instance, typePolicy } from '../builders.js';

const HOOK = 'https://alarm.example.fcapp.run/cms?token=s3cret';
const g = group({
  bandwidth: bandwidthPolicy({ targetUtilization: 0.6, tolerance: 0.2 }),
  instanceType: typePolicy({ scaleUpCpuPercent: 85 }),
});
const plan = (over: Parameters<typeof instance>[0]) =>
  planAlarmRules(config([g]), [{ instance: instance(over), group: g }], HOOK);

describe('planAlarmRules for EIP-bound instances', () => {
  it('routed: 72 % / 48 % of the EIP (acs_vpc_eip net_out.rate_percentage on the EIP), RuleIds of the instance; cpu-up unchanged', () => {
    const rules = plan({ eipAllocationId: 'eip-1', bandwidthOutMbps: 5 });
    const byKind = Object.fromEntries(rules.map((r) => [r.kind, r]));
    expect(byKind['bw-up']).toMatchObject({
      ruleId: 'autoscaler-i-web1-bw-up',
      namespace: 'acs_vpc_eip',
      metricName: 'net_out.rate_percentage',
      resources: [{ instanceId: 'eip-1' }],
      escalations: {
        critical: { statistics: 'Average', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 72 },
      },
      ruleName: 'autoscaler web/i-web1: outbound ≥ 72% of EIP eip-1',
    });
    expect(byKind['bw-down']).toMatchObject({
      ruleId: 'autoscaler-i-web1-bw-down',
      namespace: 'acs_vpc_eip',
      resources: [{ instanceId: 'eip-1' }],
      escalations: { info: { comparisonOperator: 'LessThanThreshold', threshold: 48 } },
    });
    expect(byKind['cpu-up']).toMatchObject({
      namespace: 'acs_ecs_dashboard',
      metricName: 'CPUUtilization',
      resources: [{ instanceId: 'i-web1' }],
    });
  });

  it('relative: a new EIP bandwidth leaves the rules as they are (nothing to re-provision)', () => {
    const at = (mbps: number) => plan({ eipAllocationId: 'eip-1', bandwidthOutMbps: mbps });
    expect(at(5)).toEqual(at(7));
  });

  it('EIP-bound, not routed: no bandwidth rules (only cpu-up)', () => {
    const rules = plan({ eipBound: true, eipAllocationId: 'eip-1', bandwidthOutMbps: 0 });
    expect(rules.map((r) => r.kind)).toEqual(['cpu-up']);
  });
});
