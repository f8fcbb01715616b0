// The bandwidth rules of an instance routed to its EIP (docs/eip.md): the absolute outbound rate at the policy's
// percentages of the EIP's bandwidth; an EIP-bound instance that is not routed gets none (its link is not scaled).
import { describe, expect, it } from 'vitest';
import { EIP_RATE_METRIC, planAlarmRules } from '../../../src/app/alarms/plan.js';
import { bandwidthPolicy, config, group, instance, typePolicy } from '../builders.js';

const HOOK = 'https://alarm.example.fcapp.run/cms?token=s3cret';
const g = group({
  bandwidth: bandwidthPolicy({ targetUtilization: 0.6, tolerance: 0.2 }),
  instanceType: typePolicy({ scaleUpCpuPercent: 85 }),
});
const plan = (over: Parameters<typeof instance>[0]) =>
  planAlarmRules(config([g]), [{ instance: instance(over), group: g }], HOOK);

describe('planAlarmRules for EIP-bound instances', () => {
  it('routed (5 Mbps EIP): bit/s thresholds = 72 % / 48 % of 5 Mbps, named after the EIP; cpu-up unchanged', () => {
    const rules = plan({ eipAllocationId: 'eip-1', bandwidthOutMbps: 5 });
    const byKind = Object.fromEntries(rules.map((r) => [r.kind, r]));
    expect(byKind['bw-up']).toMatchObject({
      metricName: EIP_RATE_METRIC,
      resources: [{ instanceId: 'i-web1' }],
      escalations: { critical: { comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 3_600_000 } },
      ruleName: 'autoscaler web/i-web1: outbound ≥ 3.6 Mbps (72% of EIP eip-1 at 5 Mbps)',
    });
    expect(byKind['bw-down']).toMatchObject({
      metricName: EIP_RATE_METRIC,
      escalations: { info: { comparisonOperator: 'LessThanThreshold', threshold: 2_400_000 } },
      ruleName: 'autoscaler web/i-web1: outbound < 2.4 Mbps (48% of EIP eip-1 at 5 Mbps)',
    });
    expect(byKind['cpu-up']).toMatchObject({ metricName: 'CPUUtilization' });
  });

  it('a new EIP bandwidth is a new threshold (the diff updates the rule)', () => {
    const at = (mbps: number) => plan({ eipAllocationId: 'eip-1', bandwidthOutMbps: mbps })[0]?.escalations;
    expect(at(5)).not.toEqual(at(7));
  });

  it('EIP-bound, not routed: no bandwidth rules (only cpu-up)', () => {
    const rules = plan({ eipBound: true, eipAllocationId: 'eip-1', bandwidthOutMbps: 0 });
    expect(rules.map((r) => r.kind)).toEqual(['cpu-up']);
  });
});
