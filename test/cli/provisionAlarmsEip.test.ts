/**
 * `autoscaler provision-alarms` for an instance routed to its EIP (docs/eip.md), against the local cloud's ECS, VPC
 * and CMS emulators through the official SDKs: its bandwidth rules are on the absolute `VPC_PublicIP_InternetOutRate`
 * (bit/s) at the policy's percentages of the EIP's bandwidth (the `_Percent` metric divides by the instance's own
 * bandwidth, 0 behind an EIP); after the EIP's bandwidth changed, `--instance` re-provisions its two rules only; the
 * CMS emulator's alarm then fires on the EIP's traffic and its callback names the instance.
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
  env = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: cloud.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: cloud.credentials.accessKeySecret,
    AUTOSCALER_ECS_ENDPOINT: cloud.ecs.endpoint,
    AUTOSCALER_CMS_ENDPOINT: cloud.cms.endpoint,
    AUTOSCALER_VPC_ENDPOINT: cloud.vpc.endpoint,
    AUTOSCALER_PROTOCOL: 'http',
    AUTOSCALER_CONFIG: configPath,
    AUTOSCALER_WEBHOOK_URL: cloud.alarmWebhook,
  };
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
  it('its bandwidth rules watch the absolute rate at the percentages of the EIP’s 20 Mbps', async () => {
    capture();
    expect(await run([], env)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /create\s+autoscaler-i-routed-bw-up\s+VPC_PublicIP_InternetOutRate\s+critical Average GreaterThanOrEqualToThreshold 15400000 x/,
    );
    expect(text).toMatch(
      /create\s+autoscaler-i-routed-bw-down\s+VPC_PublicIP_InternetOutRate\s+info Average LessThanThreshold 12600000 x/,
    );
    // The instance without an EIP keeps the percent rules.
    expect(text).toMatch(
      /create\s+autoscaler-i-plain-bw-up\s+VPC_PublicIP_InternetOutRate_Percent\s+critical Average GreaterThanOrEqualToThreshold 77 x/,
    );
    const [up] = await rules().listRules({ ruleIds: ['autoscaler-i-routed-bw-up'] });
    expect(up).toMatchObject({
      namespace: 'acs_ecs_dashboard',
      metricName: 'VPC_PublicIP_InternetOutRate',
      resources: [{ instanceId: 'i-routed' }],
      ruleName: 'autoscaler web/i-routed: outbound ≥ 15.4 Mbps (77% of EIP eip-gw1 at 20 Mbps)',
    });
    expect(Number(up?.escalations.critical?.threshold)).toBe(15_400_000);
  });

  it('after the EIP’s bandwidth changed, --instance updates its two rules and leaves every other rule alone', async () => {
    // What the autoscaler's change of the routed instance is: ModifyEipAddressAttribute (through the VPC SDK).
    await createVpcApi({ ...common(), endpoint: cloud.vpc.endpoint }).modifyEipAddressAttribute({
      allocationId: 'eip-gw1',
      bandwidthMbps: 30,
    });
    capture();
    expect(await run(['--instance', 'i-routed', '--dry-run'], env)).toBe(0);
    expect(out.join('')).toContain('plan: create 0, update 2, delete 0, unchanged 0');
    capture();
    expect(await run(['--instance', 'i-routed'], env)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /update\s+autoscaler-i-routed-bw-up\s+VPC_PublicIP_InternetOutRate\s+critical Average GreaterThanOrEqualToThreshold 23100000 x\d+\s+changed: ruleName, escalations/,
    );
    expect(text).toContain('applied: 2 ok, 0 failed');
    expect(text).not.toContain('i-plain');
    // A full run afterwards: everything is in step.
    capture();
    expect(await run(['--dry-run'], env)).toBe(0);
    expect(out.join('')).toContain('plan: create 0, update 0, delete 0, unchanged 4');
  });

  it('the CMS emulator fires bw-up on the EIP’s traffic; the callback names the instance', async () => {
    const upAlerts = () => cloud.cms.callbacks().filter((c) => c.ruleId === 'autoscaler-i-routed-bw-up');
    demand.mbps = 20; // < 23.1 Mbps: no alarm (at the old 15.4 Mbps threshold it would fire)
    await clock.advanceTo(START + 5 * 60_000);
    await cloud.cms.idle();
    expect(upAlerts()).toEqual([]);
    demand.mbps = 28; // ≥ 23.1 Mbps = 77 % of the EIP's 30 Mbps
    await clock.advanceTo(START + 10 * 60_000);
    await cloud.cms.idle();
    const alerts = upAlerts();
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]?.fields).toMatchObject({ alertState: 'ALERT', rawMetricName: 'VPC_PublicIP_InternetOutRate' });
    // The product reads it as any ECS alarm on the instance (no mapping from an EIP back to an instance needed).
    const alarm = parseCmsAlarm(alerts[0]?.fields ?? {});
    expect(cmsAlarmIgnoredReason(alarm)).toBeUndefined();
    expect(cmsAlarmToSignal(alarm)).toMatchObject({ instanceId: 'i-routed', metric: 'VPC_PublicIP_InternetOutRate' });
    expect(alarm.dimensions).toMatchObject({ instanceId: 'i-routed', ip: '47.96.30.1' });
  }, 60_000);
});
