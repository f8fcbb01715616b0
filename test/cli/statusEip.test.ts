/**
 * `status` (and every CLI read) sees an EIP-bound instance as the functions do (docs/eip.md): ECS through the EIP
 * routing, against the local cloud's ECS and VPC emulators through the official SDKs. A routed instance shows its
 * EIP's bandwidth, billing and id; one not routed shows `eip-bound` with the routing's reason; without a VPC
 * endpoint next to a local ECS nothing is routed (never a real VPC behind a local ECS).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfigText } from '../../src/adapters/config/file.js';
import { connectionFrom, ecsFor, UsageError } from '../../src/cli/deps.js';
import { run as statusRun } from '../../src/cli/status.js';
import type { InstanceView } from '../../src/dashboard/types.js';
import { type LocalCloud, startLocalCloud } from '../../src/local/cloud/index.js';
import { fleetInstance } from '../app/optimise/emulators.js';
import { localCloudEnv } from './localCloudEnv.js';

const START = Date.UTC(2026, 11, 7, 2, 0, 30);
const YAML = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 5, maxMbps: 100 }
`;
const dir = mkdtempSync(join(tmpdir(), 'status-eip-'));
const configPath = join(dir, 'autoscaler.yaml');
writeFileSync(configPath, YAML);

let cloud: LocalCloud;
let env: Record<string, string>;
let out: string[];

beforeAll(async () => {
  const clock = new VirtualClock(START);
  const own = { internetChargeType: 'PayByTraffic' as const, bandwidthOutMbps: 0, publicIp: undefined };
  cloud = await startLocalCloud({
    clock,
    config: loadConfigText(YAML, configPath),
    fleet: {
      instances: [
        fleetInstance({ instanceId: 'i-plain', bandwidthOutMbps: 10 }),
        fleetInstance({
          instanceId: 'i-routed',
          ...own,
          eip: {
            allocationId: 'eip-gw1',
            ipAddress: '47.96.30.1',
            bandwidthMbps: 20,
            internetChargeType: 'PayByBandwidth',
          },
        }),
        fleetInstance({
          instanceId: 'i-shared',
          ...own,
          eip: { allocationId: 'eip-gw2', ipAddress: '47.96.30.2', bandwidthMbps: 5, bandwidthPackageId: 'cbwp-s1' },
        }),
        fleetInstance({
          instanceId: 'i-prepaid-eip',
          ...own,
          eip: { allocationId: 'eip-gw3', ipAddress: '47.96.30.3', bandwidthMbps: 8, chargeType: 'PrePaid' },
        }),
      ],
      bandwidthPackages: [{ bandwidthPackageId: 'cbwp-s1', bandwidthMbps: 50 }],
      stock: [],
    },
    workload: { demandAt: () => ({ outboundMbps: 1 }) },
    logger: { log: () => undefined },
  });
  env = localCloudEnv(cloud, configPath, { store: true });
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
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
}

async function statusJson(e: Record<string, string>): Promise<Map<string, InstanceView>> {
  capture();
  expect(await statusRun(['--json'], e)).toBe(0);
  const doc = JSON.parse(out.join('')) as { instances: InstanceView[] };
  return new Map(doc.instances.map((i) => [i.instanceId, i]));
}

describe('status of EIP-bound instances, through the routing', () => {
  it('--json: the routed instance has its EIP’s bandwidth, billing and id; the others say why they are not routed', async () => {
    const fleet = await statusJson(env);
    expect(fleet.get('i-routed')).toMatchObject({
      bandwidthOutMbps: 20,
      internetChargeType: 'PayByBandwidth',
      eip: { allocationId: 'eip-gw1', routed: true },
      activity: { kind: 'idle', blocks: [] },
    });
    expect(fleet.get('i-shared')).toMatchObject({
      eip: {
        allocationId: 'eip-gw2',
        routed: false,
        reason: expect.stringContaining('shared bandwidth package cbwp-s1'),
      },
      activity: {
        kind: 'blocked',
        blocks: [
          { code: 'eip-bound', message: expect.stringMatching(/^eip-bound, not routed to its EIP: EIP eip-gw2/) },
        ],
      },
    });
    expect(fleet.get('i-prepaid-eip')?.eip).toEqual({
      allocationId: 'eip-gw3',
      routed: false,
      reason: expect.stringContaining('is a subscription'),
    });
    expect(fleet.get('i-plain')?.eip).toBeUndefined();
  });

  it('the table: MBPS and BILLING are the EIP’s, LINK names it; eip-bound rows give the reason', async () => {
    capture();
    expect(await statusRun([], env)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/INSTANCE\s+GROUP\s+TYPE\s+MBPS\s+BILLING\s+LINK\s+DOWNGRADES LEFT\s+STATE/);
    expect(text).toMatch(/i-routed\s+web\s+ecs\.g7\.large\s+20\s+payg\/bw\s+eip-gw1\s/);
    expect(text).toMatch(
      /i-shared\s+.*eip-gw2 \(eip-bound\)\s+.*blocked: eip-bound, not routed to its EIP: EIP eip-gw2 is in shared bandwidth package cbwp-s1/,
    );
    expect(text).toMatch(/i-plain\s+web\s+ecs\.g7\.large\s+10\s+payg\/bw\s+own\s/);
  });

  it('a local ECS without AUTOSCALER_VPC_ENDPOINT: nothing is routed (the instance’s own 0 Mbps, eip-bound)', async () => {
    const { AUTOSCALER_VPC_ENDPOINT: _vpc, ...noVpc } = env;
    const fleet = await statusJson(noVpc);
    expect(fleet.get('i-routed')).toMatchObject({
      bandwidthOutMbps: 0,
      eip: { allocationId: 'eip-gw1', routed: false },
      activity: { kind: 'blocked', blocks: [{ code: 'eip-bound' }] },
    });
  });
});

describe('the CLI connection', () => {
  const config = loadConfigText(YAML, configPath);
  it('ecsFor routes: describeInstances of a routed instance is its EIP’s (through the VPC SDK)', async () => {
    const [i] = await ecsFor(connectionFrom(env, config)).describeInstances(['i-routed']);
    expect(i).toMatchObject({
      eipBound: false,
      eipAllocationId: 'eip-gw1',
      bandwidthOutMbps: 20,
      publicIp: '47.96.30.1',
    });
  });

  it('AUTOSCALER_VPC_ENDPOINT is checked like the other endpoints', () => {
    expect(() => connectionFrom({ ...env, AUTOSCALER_VPC_ENDPOINT: 'ftp://x' }, config)).toThrow(UsageError);
    expect(() => connectionFrom({ ...env, AUTOSCALER_VPC_ENDPOINT: 'vpc.aliyuncs.com' }, config)).toThrow(
      /AUTOSCALER_VPC_ENDPOINT is not local \(vpc\.aliyuncs\.com\)/,
    );
  });
});
