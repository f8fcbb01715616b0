/**
 * The dashboard in headless Chromium with groups of VPC resources (docs/eip.md): the ECS and VPC emulators through
 * the official SDKs, ECS wrapped by the EIP routing and the VPC resource decorator as the functions wrap it. An EIP
 * row says `EIP`, a package row `shared bandwidth package`, each with its own bandwidth and billing and no type; a
 * package the product refuses to change (enhanced 95th percentile) is blocked with the reason.
 * Screenshot: test-artifacts/dashboard-resources.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startVpcEmulator, type VpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import type { Page } from 'playwright-core';
import { type OpenBrowser, openChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../src/adapters/aliyun/ecs.js';
import { createVpcApi } from '../../src/adapters/aliyun/vpc.js';
import { withVpcLinks } from '../../src/adapters/aliyun/vpcResources.js';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import { parseConfig } from '../../src/core/config/index.js';
import { createDashboardApi } from '../../src/dashboard/api.js';
import { type DashboardServer, startDashboardServer } from '../../src/dashboard/server.js';
import { systemClock } from '../../src/ports/Clock.js';
import type { MetricsApi } from '../../src/ports/MetricsApi.js';
import { fleetInstance } from '../app/optimise/emulators.js';

const ARTIFACTS = join(resolve(import.meta.dirname, '../..'), 'test-artifacts');
const CREDENTIALS = { accessKeyId: 'LTAIdashboardres', accessKeySecret: 'dashboard-resource-secret' };
const config = parseConfig(
  {
    version: 1,
    regionId: 'cn-hangzhou',
    groups: [
      { name: 'web', match: { tags: { 'autoscaler-group': 'web' } }, bandwidth: { minMbps: 5, maxMbps: 100 } },
      {
        name: 'edge-eips',
        match: { resource: 'eip', tags: { 'autoscaler-group': 'edge-eips' } },
        bandwidth: { minMbps: 2, maxMbps: 50 },
      },
      {
        name: 'shared-bw',
        match: { resource: 'bandwidthPackage', bandwidthPackageIds: ['cbwp-s1', 'cbwp-p95'] },
        bandwidth: { minMbps: 10, maxMbps: 200 },
      },
    ],
  },
  'resource dashboard config',
);
const own = { internetChargeType: 'PayByTraffic' as const, bandwidthOutMbps: 0, publicIp: undefined, tags: {} };
const fleet = {
  instances: [
    fleetInstance({ instanceId: 'i-plain', instanceName: 'web-1', bandwidthOutMbps: 10 }),
    fleetInstance({
      instanceId: 'i-edge',
      instanceName: 'edge-1',
      ...own,
      eip: {
        allocationId: 'eip-edge1',
        ipAddress: '47.96.50.1',
        bandwidthMbps: 6,
        internetChargeType: 'PayByBandwidth' as const,
        name: 'edge-eip',
        tags: { 'autoscaler-group': 'edge-eips' },
      },
    }),
    fleetInstance({
      instanceId: 'i-shared',
      instanceName: 'shared-1',
      ...own,
      eip: { allocationId: 'eip-s1', ipAddress: '47.96.50.2', bandwidthMbps: 5, bandwidthPackageId: 'cbwp-s1' },
    }),
  ],
  bandwidthPackages: [
    { bandwidthPackageId: 'cbwp-s1', bandwidthMbps: 40, name: 'shared-1' },
    { bandwidthPackageId: 'cbwp-p95', bandwidthMbps: 300, internetChargeType: 'PayBy95' as const },
  ],
  stock: [],
};
const metrics: MetricsApi = {
  getSeries: async (req) => new Map(req.instanceIds.map((id) => [id, []])),
  getLast: async () => new Map(),
};

let ecs: EcsEmulator;
let vpc: VpcEmulator;
let server: DashboardServer;
let browser: OpenBrowser;
let page: Page;

beforeAll(async () => {
  ecs = await startEcsEmulator({ clock: systemClock, credentials: CREDENTIALS, fleet });
  vpc = await startVpcEmulator({ clock: systemClock, credentials: CREDENTIALS, fleet });
  ecs.state.linkEips(vpc.state);
  const common = { protocol: 'http' as const, regionId: 'cn-hangzhou', credentials: CREDENTIALS };
  const vpcApi = createVpcApi({ ...common, endpoint: vpc.endpoint });
  const ecsApi = withVpcLinks(createEcsApi({ ...common, endpoint: ecs.endpoint }), vpcApi, { regionId: 'cn-hangzhou' });
  const api = createDashboardApi({ store: new MemoryStateStore(), ecs: ecsApi, metrics, config, clock: systemClock });
  server = await startDashboardServer({ api, pollMs: 200 });
  browser = await openChromium('dashboard-resources-', 700);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.allSettled([ecs?.close(), vpc?.close()]);
});

describe('the fleet view of EIP and package groups in Chromium', () => {
  it('resource rows say what they are, with their own bandwidth; a refused package is blocked with the reason', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(server.url);
    const row = (id: string) => page.locator(`#fleet tr[data-instance-id="${id}"]`);
    await expect.poll(() => row('eip-edge1').locator('td.bandwidth').textContent()).toContain('6 Mbps');
    expect(await row('eip-edge1').getAttribute('data-resource')).toBe('eip');
    expect(await row('eip-edge1').locator('td.type').textContent()).toBe('EIP');
    expect(await row('eip-edge1').locator('td').nth(0).textContent()).toBe('edge-eips');
    expect(await row('eip-edge1').locator('td').nth(3).textContent()).toBe('pay-as-you-go, by bandwidth');
    expect(await row('eip-edge1').locator('td.bandwidth .eip').count()).toBe(0);
    expect(await row('eip-edge1').locator('td.activity .badge').textContent()).toBe('idle');

    expect(await row('cbwp-s1').locator('td.type').textContent()).toBe('shared bandwidth package');
    expect(await row('cbwp-s1').locator('td.bandwidth').textContent()).toBe('40 Mbps');
    expect(await row('cbwp-s1').locator('td.activity .badge').textContent()).toBe('idle');
    expect(await row('cbwp-p95').locator('td.activity .badge').textContent()).toBe('blocked');
    expect(await row('cbwp-p95').locator('td.activity .sub').textContent()).toMatch(
      /^shared bandwidth package cbwp-p95 cannot be changed: .*95/,
    );
    // The instance behind the EIP a group of EIPs owns is not routed to it.
    expect(await row('i-edge').count()).toBe(0);
    expect(await row('i-plain').locator('td.type').textContent()).toContain('ecs.g7.large');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#fleet').screenshot({ path: join(ARTIFACTS, 'dashboard-resources.png') });

    await row('eip-edge1').locator('button.link').click();
    const facts = page.locator('#detail-facts');
    await expect.poll(() => facts.textContent()).toContain('ResourceEIP');
    expect(await facts.textContent()).toContain('eip-edge1: its own bandwidth and billing');
    await row('cbwp-s1').locator('button.link').click();
    await expect.poll(() => facts.textContent()).toContain('Resourceshared bandwidth package');
    expect(errors).toEqual([]);
  }, 60_000);
});
