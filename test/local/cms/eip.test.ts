// EIP and shared-bandwidth-package metrics (acs_vpc_eip, acs_bandwidth_package) from the same demand model as
// instances, read through the official CMS SDK, and alarm rules on them firing callbacks like instance rules.
import { DescribeMetricListRequest, PutResourceMetricRuleRequest } from '@alicloud/cms20190101';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterEach, describe, expect, it } from 'vitest';
import { DROP_PACKET_BITS } from '@ecs-autoscaler/local-cloud/cms/eipSampler.js';
import type { EipFacts, EipView, PackageFacts } from '@ecs-autoscaler/local-cloud/cms/types.js';
import { defaultFleet } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { cmsEipView, startVpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { vpcClient } from '../vpc/harness.js';
import { AK as VPC_AK, SECRET as VPC_SECRET } from '../acs/sdk.js';
import { type Harness, points, startHarness, startWebhook, T0, USER_ID } from './harness.js';

const MIN = 60_000;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

/** EIPs and packages the test can change between samples. */
class FakeEips implements EipView {
  list: EipFacts[] = [];
  pkgs: PackageFacts[] = [];
  eips(): EipFacts[] {
    return this.list.map((e) => ({ ...e }));
  }
  packages(): PackageFacts[] {
    return this.pkgs.map((p) => ({ ...p }));
  }
}

/**
 * i-eip: EIP-bound (no public bandwidth of its own), 5 Mbps PayByTraffic EIP eip-a, demand 8 Mbps.
 * i-s1, i-s2: EIPs eip-s1 / eip-s2 in package cbwp-1 (20 Mbps), demands 15 and 10 Mbps (together 25).
 * eip-free: unbound, in no package.
 */
async function setup(): Promise<{ h: Harness; eips: FakeEips }> {
  const eips = new FakeEips();
  const h = await startHarness({ eips });
  cleanup.push(() => h.cms.close());
  for (const [id, ip] of [
    ['i-eip', '47.0.1.1'],
    ['i-s1', '47.0.1.2'],
    ['i-s2', '47.0.1.3'],
  ] as const)
    h.fleet.set(id, { bandwidthOutMbps: 0, publicIp: ip, internetChargeType: 'PayByTraffic' });
  eips.list = [
    { allocationId: 'eip-a', ipAddress: '47.0.1.1', bandwidthMbps: 5, instanceId: 'i-eip' },
    {
      allocationId: 'eip-s1',
      ipAddress: '47.0.1.2',
      bandwidthMbps: 5,
      instanceId: 'i-s1',
      bandwidthPackageId: 'cbwp-1',
    },
    {
      allocationId: 'eip-s2',
      ipAddress: '47.0.1.3',
      bandwidthMbps: 5,
      instanceId: 'i-s2',
      bandwidthPackageId: 'cbwp-1',
    },
    { allocationId: 'eip-free', ipAddress: '47.0.1.9', bandwidthMbps: 5 },
  ];
  eips.pkgs = [{ bandwidthPackageId: 'cbwp-1', bandwidthMbps: 20 }];
  h.workload.demand.set('i-eip', 8);
  h.workload.demand.set('i-s1', 15);
  h.workload.demand.set('i-s2', 10);
  return { h, eips };
}

async function list(h: Harness, namespace: string, metricName: string, instanceId: string) {
  const res = await h.client.describeMetricList(
    new DescribeMetricListRequest({
      namespace,
      metricName,
      dimensions: JSON.stringify([{ instanceId }]),
      startTime: String(T0 - 1),
      endTime: String(h.clock.now()),
      period: '60',
    }),
  );
  return points(res.body);
}

const value = (p: Record<string, number | string>[] | undefined) => p?.map((x) => x.Value ?? x.Average);
/** CMS reports 4 decimals. */
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

describe('EIP and shared bandwidth package metrics', () => {
  it('an EIP serves its instance up to its bandwidth; the instance reports the same rate under the EIP address', async () => {
    const { h } = await setup();
    await h.clock.advance(2 * MIN);
    const tx = await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-a');
    expect(tx).toEqual([
      { timestamp: T0, userId: USER_ID, instanceId: 'eip-a', Value: 5e6 },
      { timestamp: T0 + MIN, userId: USER_ID, instanceId: 'eip-a', Value: 5e6 },
    ]);
    // 3 Mbps asked for and not served: 3e6 / 12 000 bits = 250 full-size packets per second.
    expect(value(await list(h, 'acs_vpc_eip', 'out_ratelimit_drop_speed', 'eip-a'))).toEqual([
      3e6 / DROP_PACKET_BITS,
      3e6 / DROP_PACKET_BITS,
    ]);
    expect(value(await list(h, 'acs_vpc_eip', 'net_out.rate_percentage', 'eip-a'))).toEqual([100, 100]);
    const inst = await list(h, 'acs_ecs_dashboard', 'VPC_PublicIP_InternetOutRate', 'i-eip');
    expect(inst.map((p) => [p.ip, p.Average])).toEqual([
      ['47.0.1.1', 5e6],
      ['47.0.1.1', 5e6],
    ]);
    const pct = await list(h, 'acs_ecs_dashboard', 'VPC_PublicIP_InternetOutRate_Percent', 'i-eip');
    expect(value(pct)).toEqual([100, 100]);
    // An unbound EIP carries nothing; a metric of one namespace is not answered under another.
    expect(value(await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-free'))).toEqual([0, 0]);
    expect(await list(h, 'acs_bandwidth_package', 'net_tx.rate', 'eip-a')).toEqual([]);
  });

  it('a package caps the sum of its EIPs, shared in proportion to demand, and counts the drops', async () => {
    const { h, eips } = await setup();
    await h.clock.advance(MIN);
    // 25 Mbps asked of a 20 Mbps package: each EIP gets 20/25 of its demand.
    expect(value(await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-s1'))).toEqual([12e6]);
    expect(value(await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-s2'))).toEqual([8e6]);
    expect(value(await list(h, 'acs_bandwidth_package', 'net_tx.rate', 'cbwp-1'))).toEqual([20e6]);
    expect(value(await list(h, 'acs_bandwidth_package', 'net_tx.ratePercent', 'cbwp-1'))).toEqual([100]);
    // 5 Mbps dropped: 5e6 / 12 000 bits ≈ 416.67 full-size packets per second.
    expect(value(await list(h, 'acs_bandwidth_package', 'out_ratelimit_drop_speed', 'cbwp-1'))).toEqual([
      r4(5e6 / DROP_PACKET_BITS),
    ]);
    // A bigger package serves everything (the EIP's own 5 Mbps does not apply inside a package).
    eips.pkgs = [{ bandwidthPackageId: 'cbwp-1', bandwidthMbps: 50 }];
    await h.clock.advance(MIN);
    expect(value(await list(h, 'acs_bandwidth_package', 'net_tx.rate', 'cbwp-1'))).toEqual([20e6, 25e6]);
    expect(value(await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-s1'))).toEqual([12e6, 15e6]);
    expect(value(await list(h, 'acs_bandwidth_package', 'out_ratelimit_drop_speed', 'cbwp-1'))).toEqual([
      r4(5e6 / DROP_PACKET_BITS),
      0,
    ]);
    // A stopped instance sends nothing through its EIP.
    h.fleet.set('i-s1', { status: 'Stopped' });
    await h.clock.advance(MIN);
    expect(value(await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-s1'))?.at(-1)).toBe(0);
  });

  it('alarm rules on acs_vpc_eip and acs_bandwidth_package fire callbacks like instance rules', async () => {
    const { h } = await setup();
    const hook = await startWebhook();
    cleanup.push(() => hook.close());
    const put = (ruleId: string, namespace: string, metricName: string, instanceId: string, threshold: string) =>
      h.client.putResourceMetricRule(
        new PutResourceMetricRuleRequest({
          ruleId,
          ruleName: ruleId,
          namespace,
          metricName,
          resources: JSON.stringify([{ instanceId }]),
          contactGroups: 'autoscaler',
          webhook: hook.url,
          period: '60',
          escalations: {
            critical: { statistics: 'Value', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold, times: 2 },
          },
        }),
      );
    expect((await put('eip-up', 'acs_vpc_eip', 'net_tx.rate', 'eip-a', '4000000')).body?.success).toBe(true);
    expect((await put('pkg-up', 'acs_bandwidth_package', 'net_tx.ratePercent', 'cbwp-1', '90')).body?.success).toBe(
      true,
    );
    await h.clock.advance(2 * MIN);
    const byRule = new Map(hook.received.map((r) => [r.fields.ruleId, r.fields]));
    expect(byRule.get('eip-up')).toMatchObject({
      alertState: 'ALERT',
      namespace: 'acs_vpc_eip',
      metricProject: 'acs_vpc_eip',
      metricName: 'net_tx.rate',
      dimensions: `{userId=${USER_ID}, instanceId=eip-a}`,
      expression: '$Value>=4000000',
      curValue: '5000000',
      unit: 'bit/s',
    });
    expect(byRule.get('pkg-up')).toMatchObject({
      alertState: 'ALERT',
      namespace: 'acs_bandwidth_package',
      dimensions: `{userId=${USER_ID}, instanceId=cbwp-1}`,
      curValue: '100',
      unit: '%',
    });
    // Their metrics take only their own statistics, and unknown metrics of these namespaces are refused.
    const refused = await put('bad', 'acs_vpc_eip', 'net_tx.rate_nope', 'eip-a', '1');
    expect(refused.body).toMatchObject({ success: false, code: '400' });
    expect(refused.body?.message).toMatch(/net_tx.rate_nope is not found in namespace acs_vpc_eip/);
    const wrongStat = await h.client.putResourceMetricRule(
      new PutResourceMetricRuleRequest({
        ruleId: 'avg',
        ruleName: 'avg',
        namespace: 'acs_vpc_eip',
        metricName: 'net_tx.rate',
        resources: '[{"instanceId":"eip-a"}]',
        contactGroups: 'autoscaler',
        escalations: {
          critical: { statistics: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: '1', times: 1 },
        },
      }),
    );
    expect(wrongStat.body?.success).toBe(false);
    expect(wrongStat.body?.message).toMatch(/not valid for net_tx.rate \(allowed: Value\)/);
    expect(h.cms.metricRules().map((r) => r.ruleId)).toEqual(['eip-up', 'pkg-up']);
  });

  it("reads the VPC emulator's live state: a ModifyEipAddressAttribute changes the next sample's cap", async () => {
    const eips = { eips: () => view.eips(), packages: () => view.packages() };
    const h = await startHarness({ eips });
    const vpc = await startVpcEmulator({
      clock: h.clock,
      credentials: { accessKeyId: VPC_AK, accessKeySecret: VPC_SECRET },
      fleet: defaultFleet(),
    });
    const view = cmsEipView(vpc.state);
    cleanup.push(
      () => h.cms.close(),
      () => vpc.close(),
    );
    h.fleet.set('i-eip-bound', { bandwidthOutMbps: 0, publicIp: '47.96.20.1', internetChargeType: 'PayByTraffic' });
    h.workload.demand.set('i-eip-bound', 8);
    await h.clock.advance(MIN);
    await vpcClient(vpc.endpoint).modifyEipAddressAttribute(
      new $Vpc.ModifyEipAddressAttributeRequest({ allocationId: 'eip-local0001', bandwidth: '10' }),
    );
    await h.clock.advance(MIN);
    expect(value(await list(h, 'acs_vpc_eip', 'net_tx.rate', 'eip-local0001'))).toEqual([5e6, 8e6]);
    expect(value(await list(h, 'acs_vpc_eip', 'net_out.rate_percentage', 'eip-local0001'))).toEqual([100, 80]);
    // The fleet's package: its unbound EIP carries nothing.
    expect(value(await list(h, 'acs_bandwidth_package', 'net_tx.rate', 'cbwp-local0001'))).toEqual([0, 0]);
  });
});
