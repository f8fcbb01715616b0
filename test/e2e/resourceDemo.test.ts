/**
 * The demo as `npm start` runs it (the shipped example config and fleet, the demo traces, alarms provisioned in
 * the CMS emulator, the hosted functions on an accelerated clock), watched for its first virtual hour: the group
 * of EIPs (`edge-eips`, by tag) scales its EIP and the group of packages (`shared-bw`, by id) its shared bandwidth
 * package, both through VPC; read back with the official VPC SDK. The instances behind them are managed by no group.
 */
import { resolve } from 'node:path';
import { AcceleratedClock } from '@ecs-autoscaler/local-cloud/acceleratedClock.js';
import { loadFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVpcApi } from '../../src/adapters/aliyun/vpc.js';
import { loadConfigFile } from '../../src/adapters/config/file.js';
import { demoStartMs, demoWorkload } from '../../src/cli/start.js';
import { provisionLocalAlarms } from '../../src/local/cloud/alarms.js';
import { type LocalCloud, startLocalCloud } from '../../src/local/cloud/index.js';

const root = resolve(import.meta.dirname, '../..');
const SPEED = 240; // virtual seconds per real second
const HOUR = 3_600_000;
const EIP = 'eip-local0003';
const PACKAGE = 'cbwp-local0001';

let cloud: LocalCloud;
let clock: AcceleratedClock;
let startMs: number;

beforeAll(async () => {
  const config = await loadConfigFile(resolve(root, 'config/autoscaler.example.yaml'));
  const fleet = loadFleet();
  startMs = demoStartMs();
  clock = new AcceleratedClock({ speed: SPEED, startMs });
  cloud = await startLocalCloud({
    clock,
    config,
    fleet,
    workload: demoWorkload(config, fleet, startMs),
    logger: { log: () => undefined },
  });
  await provisionLocalAlarms(cloud);
  clock.start();
}, 120_000);

afterAll(async () => {
  clock?.stop();
  await cloud?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('npm start: the demo’s groups of EIPs and of packages', () => {
  it('scale the EIP and the package through VPC within the first virtual hour', async () => {
    const vpc = createVpcApi({
      regionId: cloud.regionId,
      credentials: cloud.credentials,
      protocol: 'http',
      endpoint: cloud.vpc.endpoint,
    });
    const read = async () => {
      const [eip] = await vpc.describeEipAddresses({ allocationIds: [EIP] });
      const [pkg] = await vpc.describeCommonBandwidthPackages({ bandwidthPackageIds: [PACKAGE] });
      return { eip: eip?.eipBandwidthMbps, pkg: pkg?.bandwidthMbps };
    };
    expect(await read()).toEqual({ eip: 5, pkg: 20 });
    // Bounded by virtual time: the first hour, as a newcomer watching `npm start` would see it.
    let now = await read();
    while (clock.now() < startMs + HOUR && !(now.eip !== 5 && now.pkg !== 20)) {
      await sleep(250);
      now = await read();
    }
    expect(now.eip, 'the EIP of group edge-eips').toBeGreaterThan(5);
    expect(now.pkg, 'the package of group shared-bw').toBeGreaterThan(20);
    // The changes are the groups' own, audited under the resource ids; the instances behind them have no trail.
    const [eipEntry] = (await cloud.store.listAudit(EIP, { limit: 50 })).filter((e) => e.result === 'applied');
    const [pkgEntry] = (await cloud.store.listAudit(PACKAGE, { limit: 50 })).filter((e) => e.result === 'applied');
    expect(eipEntry).toMatchObject({ group: 'edge-eips' });
    expect(pkgEntry).toMatchObject({ group: 'shared-bw' });
    expect(await cloud.store.listAudit('i-edge-eip', { limit: 1 })).toEqual([]);
    // Only the VPC changed them: ModifyEipAddressAttribute and ModifyCommonBandwidthPackageSpec.
    const actions = new Set(cloud.vpc.state.changes().map((c) => c.action));
    // The dashboard shows both as resources, charted from their own namespaces.
    const api = async <T>(path: string) => (await (await fetch(new URL(path, cloud.dashboard.url))).json()) as T;
    const { instances: rows } = await api<{ instances: { instanceId: string; resource?: string }[] }>('api/instances');
    expect(rows.filter((r) => r.resource).map((r) => [r.instanceId, r.resource])).toEqual(
      expect.arrayContaining([
        [EIP, 'eip'],
        [PACKAGE, 'bandwidthPackage'],
      ]),
    );
    expect(rows.map((r) => r.instanceId)).not.toContain('i-edge-eip');
    const chart = await api<{ warnings: string[]; outboundMbps: unknown[]; cpuPercent: unknown[] }>(
      `api/instances/${EIP}/metrics?hours=1`,
    );
    expect(chart.warnings).toEqual([]);
    expect(chart.outboundMbps.length).toBeGreaterThan(0);
    expect(chart.cpuPercent).toEqual([]);
    expect([...actions]).toEqual(
      expect.arrayContaining(['ModifyEipAddressAttribute', 'ModifyCommonBandwidthPackageSpec']),
    );
  }, 120_000);
});
