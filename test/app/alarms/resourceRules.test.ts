// The bandwidth rules of a VPC resource a group targets (docs/eip.md): on the resource's own percentage, relative,
// so no threshold goes stale; the callback names the resource.
import { describe, expect, it } from 'vitest';
import { planAlarmRules, RULE_NAMESPACES } from '../../../src/app/alarms/plan.js';
import { diffRules } from '../../../src/app/alarms/diff.js';
import { bandwidthPolicy, config, group, instance, typePolicy } from '../builders.js';

const HOOK = 'https://alarm.example.fcapp.run/cms?token=s3cret';
const g = group({
  name: 'edge',
  bandwidth: bandwidthPolicy({ targetUtilization: 0.7, tolerance: 0.1 }),
  instanceType: typePolicy({ scaleUpCpuPercent: 85 }),
});
const plan = (over: Parameters<typeof instance>[0]) =>
  planAlarmRules(config([g]), [{ instance: instance(over), group: g }], HOOK);
const eip = { instanceId: 'eip-1', resource: 'eip' as const, eipAllocationId: 'eip-1', bandwidthOutMbps: 5 };
const pkg = { instanceId: 'cbwp-1', resource: 'bandwidthPackage' as const, bandwidthOutMbps: 50 };

describe('planAlarmRules for EIP and shared bandwidth package resources', () => {
  it('an EIP: acs_vpc_eip net_out.rate_percentage at the policy percentages, on the EIP, no cpu-up', () => {
    const rules = plan(eip);
    expect(rules.map((r) => r.ruleId)).toEqual(['autoscaler-eip-1-bw-down', 'autoscaler-eip-1-bw-up']);
    const byKind = Object.fromEntries(rules.map((r) => [r.kind, r]));
    expect(byKind['bw-up']).toMatchObject({
      namespace: 'acs_vpc_eip',
      metricName: 'net_out.rate_percentage',
      resources: [{ instanceId: 'eip-1' }],
      escalations: {
        critical: { statistics: 'Average', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 77 },
      },
      ruleName: 'autoscaler edge/eip-1: outbound ≥ 77%',
    });
    expect(byKind['bw-down']).toMatchObject({
      namespace: 'acs_vpc_eip',
      escalations: { info: { statistics: 'Average', comparisonOperator: 'LessThanThreshold', threshold: 63 } },
    });
  });

  it('a package: acs_bandwidth_package net_tx.ratePercent with its only statistic Value', () => {
    const rules = plan(pkg);
    expect(rules).toHaveLength(2);
    for (const r of rules) {
      expect(r).toMatchObject({
        namespace: 'acs_bandwidth_package',
        metricName: 'net_tx.ratePercent',
        resources: [{ instanceId: 'cbwp-1' }],
      });
      expect(Object.values(r.escalations)[0]?.statistics).toBe('Value');
    }
  });

  it('relative: a new bandwidth is no new rule (the diff leaves it unchanged)', () => {
    const before = plan(eip);
    const after = plan({ ...eip, bandwidthOutMbps: 9 });
    expect(diffRules(after, before)).toMatchObject({ create: [], update: [], delete: [] });
  });

  it('a refused resource (a subscription package) gets no rule', () => {
    expect(plan({ ...pkg, linkRefusal: 'subscription: needs an order' })).toEqual([]);
  });

  it('provision-alarms reads the three namespaces its rules live in', () => {
    expect(RULE_NAMESPACES).toEqual(['acs_ecs_dashboard', 'acs_vpc_eip', 'acs_bandwidth_package']);
  });
});
