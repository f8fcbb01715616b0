/**
 * `autoscaler provision-alarms` for groups of EIPs and of shared bandwidth packages (docs/eip.md), against the local
 * cloud's ECS, VPC and CMS emulators through the official SDKs: each resource gets its `bw-up` / `bw-down` on its own
 * percentage (`acs_vpc_eip` `net_out.rate_percentage`, `acs_bandwidth_package` `net_tx.ratePercent` with Value), on
 * the resource id; relative, so a changed bandwidth changes no rule; the instances behind them get none.
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
import { type LocalCloud, startLocalCloud } from '../../src/local/cloud/index.js';
import { fleetInstance } from '../app/optimise/emulators.js';
import { localCloudEnv } from './localCloudEnv.js';

const START = Date.UTC(2026, 11, 7, 10, 0, 30);
const YAML = `version: 1
regionId: cn-hangzhou
groups:
  - name: edge
    match: { resource: eip, tags: { autoscaler-group: edge } }
    bandwidth: { minMbps: 1, maxMbps: 100, targetUtilization: 0.7, tolerance: 0.1 }
  - name: shared
    match: { resource: bandwidthPackage, bandwidthPackageIds: [cbwp-s1] }
    bandwidth: { minMbps: 10, maxMbps: 200, targetUtilization: 0.5, tolerance: 0.2 }
`;
const dir = mkdtempSync(join(tmpdir(), 'provision-resources-'));
const configPath = join(dir, 'autoscaler.yaml');
writeFileSync(configPath, YAML);
const own = { internetChargeType: 'PayByTraffic' as const, bandwidthOutMbps: 0, publicIp: undefined, tags: {} };

let cloud: LocalCloud;
let env: Record<string, string>;
let out: string[];

beforeAll(async () => {
  cloud = await startLocalCloud({
    clock: new VirtualClock(START),
    config: loadConfigText(YAML, configPath),
    fleet: {
      instances: [
        fleetInstance({
          instanceId: 'i-edge',
          ...own,
          eip: {
            allocationId: 'eip-edge1',
            ipAddress: '47.96.60.1',
            bandwidthMbps: 10,
            internetChargeType: 'PayByBandwidth',
            tags: { 'autoscaler-group': 'edge' },
          },
        }),
        fleetInstance({
          instanceId: 'i-s1',
          ...own,
          eip: { allocationId: 'eip-s1', ipAddress: '47.96.60.2', bandwidthMbps: 5, bandwidthPackageId: 'cbwp-s1' },
        }),
      ],
      bandwidthPackages: [{ bandwidthPackageId: 'cbwp-s1', bandwidthMbps: 40 }],
      stock: [],
    },
    workload: { demandAt: () => ({ outboundMbps: 1 }) },
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

describe('provision-alarms for groups of EIPs and packages', () => {
  it('puts each resource’s two rules on its own percentage; the instances behind get none', async () => {
    capture();
    expect(await run([], env)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /create\s+autoscaler-eip-edge1-bw-up\s+net_out\.rate_percentage\s+critical Average GreaterThanOrEqualToThreshold 77 x/,
    );
    expect(text).toMatch(
      /create\s+autoscaler-eip-edge1-bw-down\s+net_out\.rate_percentage\s+info Average LessThanThreshold 63 x/,
    );
    expect(text).toMatch(
      /create\s+autoscaler-cbwp-s1-bw-up\s+net_tx\.ratePercent\s+critical Value GreaterThanOrEqualToThreshold 60 x/,
    );
    expect(text).toMatch(
      /create\s+autoscaler-cbwp-s1-bw-down\s+net_tx\.ratePercent\s+info Value LessThanThreshold 40 x/,
    );
    expect(text).not.toContain('i-edge');
    expect(text).not.toContain('i-s1');
    const rules = createAlarmRulesApi({ ...common(), endpoint: cloud.cms.endpoint });
    const [up] = await rules.listRules({ ruleIds: ['autoscaler-cbwp-s1-bw-up'] });
    expect(up).toMatchObject({
      namespace: 'acs_bandwidth_package',
      resources: [{ instanceId: 'cbwp-s1' }],
      ruleName: 'autoscaler shared/cbwp-s1: outbound ≥ 60%',
    });
  });

  it('relative: after the EIP and the package changed through VPC, the next run changes nothing', async () => {
    const vpc = createVpcApi({ ...common(), endpoint: cloud.vpc.endpoint });
    await vpc.modifyEipAddressAttribute({ allocationId: 'eip-edge1', bandwidthMbps: 30 });
    await vpc.modifyCommonBandwidthPackageSpec({ bandwidthPackageId: 'cbwp-s1', bandwidthMbps: 80 });
    capture();
    expect(await run(['--dry-run'], env)).toBe(0);
    expect(out.join('')).toContain('plan: create 0, update 0, delete 0, unchanged 4');
    capture();
    expect(await run(['--instance', 'eip-edge1', '--dry-run'], env)).toBe(0);
    expect(out.join('')).toContain('plan: create 0, update 0, delete 0, unchanged 2');
  });
});
