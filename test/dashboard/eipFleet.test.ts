// The fleet view of instances with an EIP (docs/eip.md): routed → the EIP's id (bandwidth and billing are the EIP's,
// as the routing shows them); not routed → `eip-bound`, blocked with the routing's reason.
import { describe, expect, it } from 'vitest';
import { withEipRouting } from '../../src/adapters/aliyun/eipRouting.js';
import type { InstanceSnapshot, InstanceState } from '../../src/core/types.js';
import { typePolicy } from '../../src/testing/builders.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import type { VpcApi } from '../../src/ports/VpcApi.js';
import { instanceView } from '../../src/dashboard/fleet.js';
import { dashboardConfig, dashboardGroup, dashboardInstance, T0 } from './fakes.js';

const state: InstanceState = {
  instanceId: 'i-web1',
  version: 1,
  lastChange: {},
  downgradesMs: [],
  platformDowngrades: 0,
  paused: false,
};
const view = (over: Partial<InstanceSnapshot>) =>
  instanceView({
    instance: dashboardInstance(over),
    group: dashboardGroup(),
    state,
    orchestrations: [],
    controls: { killSwitch: false, pausedGroups: [] },
    config: dashboardConfig(),
    nowMs: T0,
  });

describe('instanceView of an instance with an EIP', () => {
  it('routed: the EIP id, not blocked', () => {
    const v = view({ eipAllocationId: 'eip-1', bandwidthOutMbps: 20, internetChargeType: 'PayByBandwidth' });
    expect(v.eip).toEqual({ allocationId: 'eip-1', routed: true });
    expect(v.bandwidthOutMbps).toBe(20);
    expect(v.activity.blocks).toEqual([]);
  });

  it.each([
    ['a shared bandwidth package', 'EIP eip-1 is in shared bandwidth package cbwp-1: its bandwidth is the package’s'],
    ['a subscription EIP', 'EIP eip-1 is a subscription: its bandwidth changes through an order'],
    ['VPC unreadable', 'VPC unreadable: DescribeEipAddresses failed (Forbidden.RAM: not granted)'],
  ])('not routed (%s): eip-bound, blocked with the reason', (_label, reason) => {
    const v = view({ eipBound: true, eipAllocationId: 'eip-1', eipNotRoutedReason: reason, bandwidthOutMbps: 0 });
    expect(v.eip).toEqual({ allocationId: 'eip-1', routed: false, reason });
    expect(v.activity).toMatchObject({
      kind: 'blocked',
      summary: `blocked: eip-bound, not routed to its EIP: ${reason}`,
      blocks: [{ code: 'eip-bound', scope: 'bandwidth', message: `eip-bound, not routed to its EIP: ${reason}` }],
    });
  });

  it('a routed subscription instance: its bandwidth link is pay-as-you-go, no subscription quota block', () => {
    const routed = { instanceChargeType: 'PrePaid' as const, eipAllocationId: 'eip-1', bandwidthOutMbps: 20 };
    const at = (group: ReturnType<typeof dashboardGroup>) =>
      instanceView({
        instance: dashboardInstance(routed),
        group,
        state: { ...state, platformDowngrades: 2 },
        orchestrations: [],
        controls: { killSwitch: false, pausedGroups: [] },
        config: dashboardConfig(),
        nowMs: T0,
      });
    const bandwidthOnly = at(dashboardGroup());
    expect(bandwidthOnly.activity.blocks).toEqual([]);
    expect(bandwidthOnly.budget.platform).toBeUndefined();
    // The same instance in a group that also changes its type: type downgrades spend the subscription's quota.
    const withType = at(dashboardGroup({ instanceType: typePolicy() }));
    expect(withType.budget.platform).toEqual({ used: 2, limit: 3 });
    expect(withType.activity.blocks.map((b) => b.code)).toContain('quota');
  });

  it('no EIP: no eip field', () => {
    expect(view({}).eip).toBeUndefined();
  });
});

describe('VPC unreadable: the routing keeps the instance eip-bound and says why', () => {
  it('the reason reaches the fleet row', async () => {
    const bound = dashboardInstance({ eipBound: true, eipAllocationId: 'eip-1', bandwidthOutMbps: 0 });
    const ecs = { describeInstances: async () => [bound], listInstances: async () => [bound] } as unknown as EcsApi;
    const vpc = {
      describeEipAddresses: async () => {
        throw new Error('Forbidden.RAM: not granted');
      },
    } as unknown as VpcApi;
    const [seen] = await withEipRouting(ecs, vpc).listInstances({ tags: {} });
    expect(seen?.eipNotRoutedReason).toBe('VPC unreadable: DescribeEipAddresses failed (Forbidden.RAM: not granted)');
    const v = view(seen as InstanceSnapshot);
    expect(v.activity.summary).toBe(
      'blocked: eip-bound, not routed to its EIP: VPC unreadable: DescribeEipAddresses failed (Forbidden.RAM: not granted)',
    );
  });
});
