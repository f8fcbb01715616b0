/**
 * The bandwidth rules of an EIP group and a shared-bandwidth-package group (docs/eip.md), put through the official
 * CMS SDK into the local cloud's CMS emulator: the emulator accepts them (`net_out.rate_percentage` with Average,
 * `net_tx.ratePercent` with its only statistic Value), fires them on the resource's own percentage, and its
 * callback names the resource, which the alarm endpoint turns into a signal for that id.
 */
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlarmRulesApi } from '../../../src/adapters/aliyun/cmsRules.js';
import { loadConfigText } from '../../../src/adapters/config/file.js';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import { applyRuleDiff, diffRules, planAlarmRules, provisionAlarms } from '../../../src/app/alarms/index.js';
import { parseAlarmRequest } from '../../../src/core/events/index.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local/cloud/index.js';
import { bandwidthPolicy, config, group, instance } from '../builders.js';
import { fleetInstance } from '../optimise/emulators.js';

const START = Date.UTC(2026, 11, 7, 10, 0, 30);
// No group of the local cloud's own config manages these: the rules are put by the test.
const YAML = `version: 1
regionId: cn-hangzhou
groups:
  - name: none
    match: { tags: { autoscaler-group: none } }
    bandwidth: { minMbps: 1, maxMbps: 100 }
`;
const bound = (id: string, eip: { allocationId: string; ipAddress: string; bandwidthPackageId?: string }) =>
  fleetInstance({
    instanceId: id,
    internetChargeType: 'PayByTraffic',
    bandwidthOutMbps: 0,
    publicIp: undefined,
    tags: {},
    eip: { bandwidthMbps: 10, internetChargeType: 'PayByBandwidth', ...eip },
  });

let cloud: LocalCloud;
let clock: VirtualClock;
const demand: Record<string, number> = { 'i-edge': 5, 'i-s1': 4, 'i-s2': 4 };

beforeAll(async () => {
  clock = new VirtualClock(START);
  cloud = await startLocalCloud({
    clock,
    config: loadConfigText(YAML, '/tmp/resource-rules.yaml'),
    fleet: {
      instances: [
        bound('i-edge', { allocationId: 'eip-edge1', ipAddress: '47.96.40.1' }),
        bound('i-s1', { allocationId: 'eip-s1', ipAddress: '47.96.40.2', bandwidthPackageId: 'cbwp-t1' }),
        bound('i-s2', { allocationId: 'eip-s2', ipAddress: '47.96.40.3', bandwidthPackageId: 'cbwp-t1' }),
      ],
      bandwidthPackages: [{ bandwidthPackageId: 'cbwp-t1', bandwidthMbps: 20 }],
      stock: [],
    },
    workload: { demandAt: (id) => ({ outboundMbps: demand[id] ?? 0 }) },
    logger: { log: () => undefined },
  });
}, 120_000);

afterAll(async () => {
  await cloud?.close();
});

// target 0.5, tolerance 0.2: bw-up at ≥ 60 %, bw-down below 40 %, each after one minute.
const g = group({
  name: 'edge',
  bandwidth: bandwidthPolicy({
    targetUtilization: 0.5,
    tolerance: 0.2,
    scaleUpStabilizationSec: 60,
    scaleDownStabilizationSec: 60,
  }),
});
const targets = [
  {
    instance: instance({
      instanceId: 'eip-edge1',
      resource: 'eip',
      eipAllocationId: 'eip-edge1',
      bandwidthOutMbps: 10,
    }),
  },
  { instance: instance({ instanceId: 'cbwp-t1', resource: 'bandwidthPackage', bandwidthOutMbps: 20 }) },
].map((t) => ({ ...t, group: g }));

describe('resource rules in the CMS emulator, through the SDK', () => {
  it('are accepted as planned and listed back equal (a second run changes nothing)', async () => {
    const api = createAlarmRulesApi({
      regionId: cloud.regionId,
      credentials: cloud.credentials,
      protocol: 'http',
      endpoint: cloud.cms.endpoint,
    });
    const desired = planAlarmRules(config([g]), targets, cloud.alarmWebhook);
    const results = await applyRuleDiff(api, diffRules(desired, []));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const listed = [
      ...(await api.listRules({ namespace: 'acs_vpc_eip' })),
      ...(await api.listRules({ namespace: 'acs_bandwidth_package' })),
    ];
    expect(listed.map((r) => r.ruleId).sort()).toEqual([
      'autoscaler-cbwp-t1-bw-down',
      'autoscaler-cbwp-t1-bw-up',
      'autoscaler-eip-edge1-bw-down',
      'autoscaler-eip-edge1-bw-up',
    ]);
    expect(diffRules(desired, listed)).toMatchObject({ create: [], update: [], delete: [] });
  });

  it('fire on the resource’s own percentage with a callback the alarm endpoint reads as a signal for it', async () => {
    const fired = (ruleId: string) => cloud.cms.callbacks().filter((c) => c.ruleId === ruleId);
    // 5 of 10 Mbps and 8 of 20 Mbps: 50 % and 40 %, neither rule fires.
    await clock.advanceTo(START + 4 * 60_000);
    await cloud.cms.idle();
    expect(fired('autoscaler-eip-edge1-bw-up')).toEqual([]);
    expect(fired('autoscaler-cbwp-t1-bw-up')).toEqual([]);
    demand['i-edge'] = 7; // 70 % of the EIP's 10 Mbps
    demand['i-s1'] = 8; // 16 of the package's 20 Mbps: 80 %
    demand['i-s2'] = 8;
    await clock.advanceTo(START + 8 * 60_000);
    await cloud.cms.idle();
    for (const [ruleId, namespace, metric, id] of [
      ['autoscaler-eip-edge1-bw-up', 'acs_vpc_eip', 'net_out.rate_percentage', 'eip-edge1'],
      ['autoscaler-cbwp-t1-bw-up', 'acs_bandwidth_package', 'net_tx.ratePercent', 'cbwp-t1'],
    ] as const) {
      const [first] = fired(ruleId);
      expect(first?.fields).toMatchObject({ alertState: 'ALERT', namespace, rawMetricName: metric });
      const body = new TextEncoder().encode(new URLSearchParams(first?.fields ?? {}).toString());
      const parsed = parseAlarmRequest({
        method: 'POST',
        path: '/cms',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        query: {},
        body,
        sourceIp: '127.0.0.1',
      });
      expect(parsed).toMatchObject({ kind: 'signal', signal: { instanceId: id, metric, state: 'ALERT', ruleId } });
    }
  }, 60_000);

  it('provision-alarms reads the resource namespaces: rules of resources no group manages any more are deleted', async () => {
    const common = { regionId: cloud.regionId, credentials: cloud.credentials, protocol: 'http' as const };
    const alarms = createAlarmRulesApi({ ...common, endpoint: cloud.cms.endpoint });
    const report = await provisionAlarms(
      { config: cloud.container.config, ecs: createEcsApi({ ...common, endpoint: cloud.ecs.endpoint }), alarms },
      { webhookUrl: cloud.alarmWebhook, dryRun: false },
    );
    expect(report.diff.delete.map((r) => r.ruleId).sort()).toEqual([
      'autoscaler-cbwp-t1-bw-down',
      'autoscaler-cbwp-t1-bw-up',
      'autoscaler-eip-edge1-bw-down',
      'autoscaler-eip-edge1-bw-up',
    ]);
    expect(report.failed).toBe(0);
    expect(await alarms.listRules({ namespace: 'acs_vpc_eip' })).toEqual([]);
  });
});
