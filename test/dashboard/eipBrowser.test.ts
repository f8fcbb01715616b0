/**
 * The dashboard in headless Chromium with instances behind EIPs (docs/eip.md): the ECS and VPC emulators through the
 * official SDKs, ECS wrapped by the EIP routing as the functions wrap it. A routed instance shows its EIP's bandwidth
 * and id; EIP-bound instances that are not routed (EIP in a shared bandwidth package, subscription EIP) are blocked
 * `eip-bound` with the reason. Screenshot: test-artifacts/dashboard-eip.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startVpcEmulator, type VpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import type { Page } from 'playwright-core';
import { type OpenBrowser, openChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../src/adapters/aliyun/ecs.js';
import { withEipRouting } from '../../src/adapters/aliyun/eipRouting.js';
import { createVpcApi } from '../../src/adapters/aliyun/vpc.js';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import { parseConfig } from '../../src/core/config/index.js';
import { createDashboardApi } from '../../src/dashboard/api.js';
import { type DashboardServer, startDashboardServer } from '../../src/dashboard/server.js';
import { systemClock } from '../../src/ports/Clock.js';
import type { MetricsApi } from '../../src/ports/MetricsApi.js';
import { fleetInstance } from '../app/optimise/emulators.js';

const ARTIFACTS = join(resolve(import.meta.dirname, '../..'), 'test-artifacts');
const CREDENTIALS = { accessKeyId: 'LTAIdashboardeip', accessKeySecret: 'dashboard-eip-secret' };
const config = parseConfig(
  {
    version: 1,
    regionId: 'cn-hangzhou',
    groups: [{ name: 'web', match: { tags: { 'autoscaler-group': 'web' } }, bandwidth: { minMbps: 5, maxMbps: 100 } }],
  },
  'eip dashboard config',
);
const own = { internetChargeType: 'PayByTraffic' as const, bandwidthOutMbps: 0, publicIp: undefined };
const fleet = {
  instances: [
    fleetInstance({ instanceId: 'i-plain', instanceName: 'web-1', bandwidthOutMbps: 10 }),
    fleetInstance({
      instanceId: 'i-routed',
      instanceName: 'gateway-1',
      ...own,
      eip: {
        allocationId: 'eip-gw1',
        ipAddress: '47.96.30.1',
        bandwidthMbps: 20,
        internetChargeType: 'PayByBandwidth' as const,
      },
    }),
    fleetInstance({
      instanceId: 'i-shared',
      instanceName: 'gateway-2',
      ...own,
      eip: { allocationId: 'eip-gw2', ipAddress: '47.96.30.2', bandwidthMbps: 5, bandwidthPackageId: 'cbwp-s1' },
    }),
    fleetInstance({
      instanceId: 'i-prepaid-eip',
      instanceName: 'gateway-3',
      ...own,
      eip: { allocationId: 'eip-gw3', ipAddress: '47.96.30.3', bandwidthMbps: 8, chargeType: 'PrePaid' as const },
    }),
  ],
  bandwidthPackages: [{ bandwidthPackageId: 'cbwp-s1', bandwidthMbps: 50 }],
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
  const routed = withEipRouting(
    createEcsApi({ ...common, endpoint: ecs.endpoint }),
    createVpcApi({ ...common, endpoint: vpc.endpoint }),
  );
  const api = createDashboardApi({ store: new MemoryStateStore(), ecs: routed, metrics, config, clock: systemClock });
  server = await startDashboardServer({ api, pollMs: 200 });
  browser = await openChromium('dashboard-eip-', 700);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.allSettled([ecs?.close(), vpc?.close()]);
});

describe('the fleet view of EIP-bound instances in Chromium', () => {
  it('routed: the EIP’s bandwidth and id; not routed: blocked eip-bound with the reason', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(server.url);
    const row = (id: string) => page.locator(`#fleet tr[data-instance-id="${id}"]`);
    await expect.poll(() => row('i-routed').locator('td.bandwidth').textContent()).toContain('20 Mbps');
    expect(await row('i-routed').locator('td.bandwidth .eip').textContent()).toBe('via EIP eip-gw1');
    expect(await row('i-routed').locator('td').nth(3).textContent()).toBe('pay-as-you-go, by bandwidth');
    expect(await row('i-routed').locator('td.activity .badge').textContent()).toBe('idle');

    expect(await row('i-shared').locator('td.bandwidth .eip').textContent()).toBe('EIP eip-gw2, not routed');
    expect(await row('i-shared').locator('td.activity .badge').textContent()).toBe('blocked');
    expect(await row('i-shared').locator('td.activity .sub').textContent()).toMatch(
      /^eip-bound, not routed to its EIP: EIP eip-gw2 is in shared bandwidth package cbwp-s1/,
    );
    expect(await row('i-prepaid-eip').locator('td.activity .sub').textContent()).toMatch(
      /^eip-bound, not routed to its EIP: EIP eip-gw3 is a subscription/,
    );
    expect(await row('i-plain').locator('td.bandwidth .eip').count()).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#fleet').screenshot({ path: join(ARTIFACTS, 'dashboard-eip.png') });

    // The instance's detail names its link.
    await row('i-routed').locator('button.link').click();
    const facts = page.locator('#detail-facts');
    await expect
      .poll(() => facts.textContent())
      .toContain('EIP eip-gw1: the bandwidth and billing above are the EIP’s');
    await row('i-shared').locator('button.link').click();
    await expect
      .poll(() => facts.textContent())
      .toContain('EIP eip-gw2, not routed: EIP eip-gw2 is in shared bandwidth package');
    expect(errors).toEqual([]);
  }, 60_000);
});
