// Rows of VPC resources a group manages (docs/eip.md): an EIP or a shared bandwidth package is recognisable (its
// kind, no instance type, no "via EIP"), a resource the platform would refuse to change is blocked with the reason,
// and its chart reads the resource's own outbound rate (no CPU).
import { describe, expect, it } from 'vitest';
import type { InstanceSnapshot, InstanceState } from '../../src/core/types.js';
import { instanceView } from '../../src/dashboard/fleet.js';
import { fetchSeries } from '../../src/dashboard/timeline.js';
import type { MetricsApi } from '../../src/ports/MetricsApi.js';
import { statusTable } from '../../src/cli/status.js';
import { dashboardConfig, dashboardGroup, dashboardInstance, T0 } from './fakes.js';

const state = (instanceId: string): InstanceState => ({
  instanceId,
  version: 1,
  lastChange: {},
  downgradesMs: [],
  platformDowngrades: 0,
  paused: false,
});
const resource = (over: Partial<InstanceSnapshot>) =>
  dashboardInstance({
    instanceName: undefined,
    zoneId: '',
    instanceType: '',
    instanceTypeFamily: '',
    cpu: 0,
    memoryMiB: 0,
    bandwidthInMbps: 0,
    publicIp: undefined,
    ...over,
  });
const eip = resource({
  instanceId: 'eip-edge1',
  resource: 'eip',
  eipAllocationId: 'eip-edge1',
  bandwidthOutMbps: 5,
  internetChargeType: 'PayByBandwidth',
});
const pkg = resource({ instanceId: 'cbwp-1', resource: 'bandwidthPackage', bandwidthOutMbps: 20 });
const view = (instance: InstanceSnapshot) =>
  instanceView({
    instance,
    group: dashboardGroup(),
    state: state(instance.instanceId),
    orchestrations: [],
    controls: { killSwitch: false, pausedGroups: [] },
    config: dashboardConfig(),
    nowMs: T0,
  });

describe('instanceView of a VPC resource', () => {
  it('an EIP: resource eip, its own bandwidth and billing, not shown as routed to itself', () => {
    const v = view(eip);
    expect(v).toMatchObject({
      instanceId: 'eip-edge1',
      resource: 'eip',
      instanceType: '',
      bandwidthOutMbps: 5,
      internetChargeType: 'PayByBandwidth',
    });
    expect(v.eip).toBeUndefined();
    expect(v.activity).toMatchObject({ kind: 'idle', blocks: [] });
  });

  it('a refused package: blocked with the reason', () => {
    const reason = 'bandwidth package cbwp-1 is billed by enhanced 95th percentile: not changed automatically';
    const v = view({ ...pkg, linkRefusal: reason });
    expect(v.resource).toBe('bandwidthPackage');
    expect(v.activity).toMatchObject({
      kind: 'blocked',
      summary: `blocked: shared bandwidth package cbwp-1 cannot be changed: ${reason}`,
      blocks: [{ code: 'link-refused', scope: 'bandwidth' }],
    });
  });

  it('a refused EIP names the EIP; a group without a bandwidth policy shows no block', () => {
    const refused = { ...eip, linkRefusal: 'EIP eip-edge1 is a subscription' };
    expect(view(refused).activity.summary).toBe(
      'blocked: EIP eip-edge1 cannot be changed: EIP eip-edge1 is a subscription',
    );
    const noBandwidth = instanceView({
      instance: refused,
      group: dashboardGroup({ bandwidth: undefined }),
      state: state('eip-edge1'),
      orchestrations: [],
      controls: { killSwitch: false, pausedGroups: [] },
      config: dashboardConfig(),
      nowMs: T0,
    });
    expect(noBandwidth.activity.blocks).toEqual([]);
  });
});

describe('status: the LINK column of resources', () => {
  it('eip and package, type blank, their bandwidth and billing', () => {
    const table = statusTable([view(eip), view(pkg), view(dashboardInstance({}))]).split('\n');
    expect(table[0]).toMatch(/^INSTANCE\s+GROUP\s+TYPE\s+MBPS\s+BILLING\s+LINK/);
    expect(table[1]).toMatch(/^eip-edge1\s+web\s+5\s+payg\/bw\s+eip\s+/);
    expect(table[2]).toMatch(/^cbwp-1\s+web\s+20\s+payg\/bw\s+package\s+/);
    expect(table[3]).toMatch(/\s+own\s+/);
  });
});

describe('fetchSeries of a resource', () => {
  it.each([
    ['eip', 'acs_vpc_eip/net_tx.rate'],
    ['bandwidthPackage', 'acs_bandwidth_package/net_tx.rate'],
  ] as const)('%s: its own outbound rate in Mbps, no CPU', async (kind, metric) => {
    const asked: string[] = [];
    const metrics = {
      getSeries: async (q: { metric: string; instanceIds: string[] }) => {
        asked.push(q.metric);
        return new Map([[q.instanceIds[0], [{ timestampMs: T0, average: 4e6, maximum: 5e6 }]]]);
      },
    } as unknown as MetricsApi;
    const out = await fetchSeries(metrics, 'x-1', { fromMs: T0 - 3_600_000, toMs: T0, periodSec: 60 }, kind);
    expect(asked).toEqual([metric]);
    expect(out).toEqual({ outboundMbps: [{ atMs: T0, average: 4, maximum: 5 }], cpuPercent: [] });
  });
});
