/**
 * `autoscaler provision-alarms` for an instance routed to its EIP (docs/eip.md), against the local cloud's ECS, VPC
 * and CMS emulators through the official SDKs: its bandwidth rules watch the EIP's own percentage (`acs_vpc_eip`
 * `net_out.rate_percentage` on the allocation id; the instance's `_Percent` metric divides by its own bandwidth, 0
 * behind an EIP), under RuleIds naming the instance; after the EIP's bandwidth changed nothing needs re-provisioning;
 * the CMS emulator's alarm fires on the EIP's share of its NEW bandwidth, and the alarm endpoint reads the instance
 * from the RuleId.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAlarmRulesApi } from '../../src/adapters/aliyun/cmsRules.js';
import { createVpcApi } from '../../src/adapters/aliyun/vpc.js';
import { loadConfigText } from '../../src/adapters/config/file.js';
import { run } from '../../src/cli/provisionAlarms.js';
import { cmsAlarmIgnoredReason, cmsAlarmToSignal, parseCmsAlarm } from '../../src/core/events/cmsAlarm.js';
import { type LocalCloud, startLocalCloud } from '../../src/local/cloud/index.js';
import { fleetInstance } from '../app/optimise/emulators.js';
import { localCloudEnv } from './localCloudEnv.js';

const START = Date.UTC(2026, 11, 7, 10, 0, 30);
// target 0.7, tolerance 0.1: bw-up at 77 %, bw-down below 63 %.
const YAML = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 1, maxMbps: 100, targetUtilization: 0.7, tolerance: 0.1 }
`;
const dir = mkdtempSync(join(tmpdir(), 'provision-eip-'));
const configPath = join(dir, 'autoscaler.yaml');
writeFileSync(configPath, YAML);

let cloud: LocalCloud;
let clock: VirtualClock;
let env: Record<string, string>;
let out: string[];
const demand = { mbps: 10 };

beforeAll(async () => {
  clock = new VirtualClock(START);
  cloud = await startLocalCloud({
    clock,
    config: loadConfigText(YAML, configPath),
    fleet: {
      instances: [
        fleetInstance({ instanceId: 'i-plain', bandwidthOutMbps: 10 }),
        fleetInstance({
          instanceId: 'i-routed',
          internetChargeType: 'PayByTraffic',
          bandwidthOutMbps: 0,
          publicIp: undefined,
          eip: {
            allocationId: 'eip-gw1',
            ipAddress: '47.96.30.1',
            bandwidthMbps: 20,
            internetChargeType: 'PayByBandwidth',
          },
        }),
      ],
      stock: [],
    },
    workload: { demandAt: (id) => ({ outboundMbps: id === 'i-routed' ? demand.mbps : 1 }) },
    logger: { log: () => undefined },
  });
  env = localCloudEnv(cloud, configPath, { webhook: true });
}, 120_000);

afterAll(async () => {
  await cloud?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function capture(): void {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => out.push(String(c)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => out.push(String(c)) > 0);
}

const common = () => ({ regionId: cloud.regionId, credentials: cloud.credentials, protocol: 'http' as const });
const rules = () => createAlarmRulesApi({ ...common(), endpoint: cloud.cms.endpoint });

describe('provision-alarms for an instance routed to its EIP', () => {
  it('its bandwidth rules watch the EIP’s own percentage, under the instance’s RuleIds', async () => {
    capture();
    expect(await run([], env)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /create\s+autoscaler-i-routed-bw-up\s+net_out.rate_percentage\s+critical Average GreaterThanOrEqualToThreshold 77 x/,
    );
    expect(text).toMatch(
      /create\s+autoscaler-i-routed-bw-down\s+net_out.rate_percentage\s+info Average LessThanThreshold 63 x/,
    );
    // The instance without an EIP keeps its own percent rules.
    expect(text).toMatch(
      /create\s+autoscaler-i-plain-bw-up\s+VPC_PublicIP_InternetOutRate_Percent\s+critical Average GreaterThanOrEqualToThreshold 77 x/,
    );
    const [up] = await rules().listRules({ ruleIds: ['autoscaler-i-routed-bw-up'] });
    expect(up).toMatchObject({
      namespace: 'acs_vpc_eip',
      metricName: 'net_out.rate_percentage',
      resources: [{ instanceId: 'eip-gw1' }],
      ruleName: 'autoscaler web/i-routed: outbound ≥ 77% of EIP eip-gw1',
    });
  });

  it('after the EIP’s bandwidth changed, every rule is still in step (nothing to re-provision)', async () => {
    // What the autoscaler's change of the routed instance is: ModifyEipAddressAttribute (through the VPC SDK).
    await createVpcApi({ ...common(), endpoint: cloud.vpc.endpoint }).modifyEipAddressAttribute({
      allocationId: 'eip-gw1',
      bandwidthMbps: 30,
    });
    capture();
    expect(await run(['--dry-run'], env)).toBe(0);
    expect(out.join('')).toContain('plan: create 0, update 0, delete 0, unchanged 4');
  });

  it('the CMS emulator fires bw-up on the EIP’s share of its new bandwidth; the endpoint reads the instance', async () => {
    const upAlerts = () => cloud.cms.callbacks().filter((c) => c.ruleId === 'autoscaler-i-routed-bw-up');
    demand.mbps = 20; // 67 % of the EIP's 30 Mbps: no alarm (at the old 20 Mbps it would be 100 %)
    await clock.advanceTo(START + 5 * 60_000);
    await cloud.cms.idle();
    expect(upAlerts()).toEqual([]);
    demand.mbps = 28; // 93 % ≥ 77 % of the EIP's 30 Mbps
    await clock.advanceTo(START + 10 * 60_000);
    await cloud.cms.idle();
    const alerts = upAlerts();
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]?.fields).toMatchObject({ alertState: 'ALERT', rawMetricName: 'net_out.rate_percentage' });
    // The callback names the EIP; the signal is for the instance the RuleId names.
    const alarm = parseCmsAlarm(alerts[0]?.fields ?? {});
    expect(alarm.dimensions).toMatchObject({ instanceId: 'eip-gw1' });
    expect(cmsAlarmIgnoredReason(alarm)).toBeUndefined();
    expect(cmsAlarmToSignal(alarm)).toMatchObject({ instanceId: 'i-routed', metric: 'net_out.rate_percentage' });
  }, 60_000);
});
