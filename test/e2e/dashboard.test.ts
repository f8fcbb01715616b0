/**
 * End to end, in a real browser: the local ECS emulator (official SDK, signed requests), a state store, the
 * app deciding with the real `decide`, and the dashboard server. The page is opened BEFORE the scaling action,
 * so the new bandwidth must arrive through the live feed (server-sent events), not through a reload.
 * Debian's Chromium runs headless and offline; screenshots are saved to test-artifacts/dashboard.png, with the
 * optimiser's advice (strategy, forecast band) on an instance to test-artifacts/dashboard-forecast.png, a CPU-scaled
 * instance to test-artifacts/dashboard-cpu.png and the fleet with blocked instances to
 * test-artifacts/dashboard-blocked.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type OpenBrowser, openChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../src/adapters/aliyun/ecs.js';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import { handleSignal } from '../../src/app/index.js';
import type { AppDeps } from '../../src/app/types.js';
import { parseConfig } from '../../src/core/config/index.js';
import { buildForecast } from '../../src/core/forecast/index.js';
import type { MetricPoint, Signal } from '../../src/core/types.js';
import { createDashboardApi } from '../../src/dashboard/api.js';
import { formatRecommendationMessage } from '../../src/dashboard/recommendations.js';
import { type DashboardServer, startDashboardServer } from '../../src/dashboard/server.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { systemClock } from '../../src/ports/Clock.js';
import { flatSeries, inShanghai } from '../dashboard/browserHelpers.js';
import type { MetricName, MetricsApi } from '../../src/ports/MetricsApi.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CREDENTIALS = { accessKeyId: 'LTAIdashboarde2e', accessKeySecret: 'dashboard-e2e-secret' };
const WEB = 'i-web-postpaid-bw'; // 10 Mbps PostPaid PayByBandwidth in the default fleet
const API = 'i-api-prepaid-traffic';
const BATCH = 'i-batch-prepaid-bw'; // ecs.c7.xlarge, tagged autoscaler-group: batch
const LOCKED = 'i-security-locked'; // tagged autoscaler-group: web, security lock
const EIP = 'i-eip-bound'; // tagged app: gateway, an EIP bound
/** A CPU percentage with float noise (43.47500000000001), as sums of CloudMonitor averages produce them. */
const BATCH_CPU = 14.175 * 3 + 0.95;

const config = parseConfig(
  {
    version: 1,
    regionId: 'cn-hangzhou',
    groups: [
      {
        name: 'web',
        match: { tags: { 'autoscaler-group': 'web' } },
        bandwidth: { minMbps: 5, maxMbps: 100, targetUtilization: 0.7, cooldownUpSec: 60, cooldownDownSec: 600 },
      },
      {
        name: 'api',
        match: { tags: { 'autoscaler-group': 'api' } },
        bandwidth: { minMbps: 10, maxMbps: 200 },
        // The page shows times in the config's zone: this window's.
        maintenanceWindows: [{ cron: 'CRON_TZ=Asia/Shanghai 0 0 2 * * *', durationMin: 60 }],
      },
      {
        name: 'batch',
        match: { tags: { 'autoscaler-group': 'batch' } },
        instanceType: {
          ladder: ['ecs.c7.large', 'ecs.c7.xlarge', 'ecs.c7.2xlarge'],
          scaleUpCpuPercent: 80,
          scaleDownCpuPercent: 30,
          scaleUpStabilizationSec: 300,
          scaleDownStabilizationSec: 3600,
          allowDowntime: true,
        },
      },
      { name: 'gateway', match: { tags: { app: 'gateway' } }, bandwidth: { minMbps: 5, maxMbps: 100 } },
    ],
  },
  'e2e config',
);

/**
 * CloudMonitor stand-in: a daily wave of outbound traffic that climbs to 9.7 Mbps over the last half hour
 * (the 10 Mbps link is saturated), and a CPU curve, at whatever period is asked for.
 */
const metrics: MetricsApi = {
  async getSeries(req) {
    const points = (id: string, metric: MetricName): MetricPoint[] => {
      if (id === BATCH && metric === 'CPUUtilization')
        return flatSeries(req.startMs, req.endMs, req.periodSec, BATCH_CPU);
      if (id !== WEB) return [];
      const out: MetricPoint[] = [];
      const step = req.periodSec * 1000;
      for (let t = Math.ceil((req.startMs + 1) / step) * step; t <= req.endMs; t += step) {
        const minutesAgo = (req.endMs - t) / 60_000;
        const wave = 5 + 2.5 * Math.sin((t / 86_400_000) * 2 * Math.PI);
        const mbps = minutesAgo <= 30 ? 9.7 : Math.min(9.9, wave + (minutesAgo < 90 ? (90 - minutesAgo) / 30 : 0));
        const value = metric === 'CPUUtilization' ? 20 + mbps * 4 : mbps * 1e6;
        out.push({ timestampMs: t, average: value, maximum: value * 1.04, minimum: value * 0.9 });
      }
      return out;
    };
    return new Map(req.instanceIds.map((id) => [id, points(id, req.metric)]));
  },
  async getLast() {
    return new Map();
  },
};

let ecs: EcsEmulator;
let server: DashboardServer;
let browser: OpenBrowser;
let page: Page;
const store = new MemoryStateStore();

beforeAll(async () => {
  ecs = await startEcsEmulator({ clock: systemClock, credentials: CREDENTIALS });
  const ecsApi = createEcsApi({
    endpoint: ecs.endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    credentials: CREDENTIALS,
  });
  deps = {
    config,
    ecs: ecsApi,
    metrics,
    store,
    clock: systemClock,
    dispatcher: { dispatch: async () => 'queued' },
    logger: { log: () => {} },
    holderId: 'e2e-invocation',
  };
  const api = createDashboardApi({ store, ecs: ecsApi, metrics, config, clock: systemClock });
  server = await startDashboardServer({ api, pollMs: 200 });
  browser = await openChromium('dashboard-e2e-', 1000);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ecs?.close();
});

let deps: AppDeps;
const pageErrors: string[] = [];

describe('dashboard in Chromium', () => {
  it('shows a scaling action arrive live, then its audit entry with the reason sentence', async () => {
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && pageErrors.push(msg.text()));
    // Nothing may leave 127.0.0.1: the dashboard must work offline.
    const external: string[] = [];
    page.on('request', (r) => !r.url().startsWith(server.url) && external.push(r.url()));

    await page.goto(server.url);
    const row = page.locator(`#fleet tr[data-instance-id="${WEB}"]`);
    await expect.poll(() => row.locator('td.bandwidth').textContent()).toContain('10 Mbps');
    await expect.poll(() => page.locator('#live').textContent()).toContain('live');

    // An optimiser recommendation for another instance, recorded as the optimiser will record it.
    const now = Date.now();
    await store.appendAudit({
      instanceId: API,
      atMs: now,
      seq: 'e2e0',
      group: 'api',
      signal: { source: 'timer', dedupeKey: 'optimise:e2e' },
      decision: 'scale',
      reason: 'billing-method',
      message: formatRecommendationMessage(
        'mean outbound 62 Mbps over 7 days: paying by bandwidth is cheaper than by traffic',
        {
          recommendedChargeType: 'PayByBandwidth',
          monthlySaving: 1234.5,
          currency: 'CNY',
          confidence: 0.9,
        },
      ),
      before: { internetChargeType: 'PayByTraffic' },
      after: { internetChargeType: 'PayByBandwidth' },
      result: 'would-do',
    });

    const alarm: Signal = {
      source: 'cms-alarm',
      instanceId: WEB,
      metric: 'VPC_PublicIP_InternetOutRate',
      value: 9_700_000,
      state: 'ALERT',
      level: 'CRITICAL',
      atMs: now,
      dedupeKey: `cms:e2e:ALERT:${now}`,
    };
    const outcome = await handleSignal(deps, alarm);
    expect(outcome, outcome.message).toMatchObject({ status: 'applied', instanceId: WEB });
    const newMbps = ecs.state.get(WEB)?.effectiveBandwidthOutMbps ?? 0;
    expect(newMbps).toBeGreaterThan(10);
    const [auditEntry] = await store.listAudit(WEB, { limit: 1 });
    expect(auditEntry).toMatchObject({ result: 'applied', after: { bandwidthOutMbps: newMbps } });

    // The fleet row updates through the event stream, without a reload.
    await expect.poll(() => row.locator('td.bandwidth').textContent(), { timeout: 10_000 }).toBe(`${newMbps} Mbps`);
    await expect.poll(() => row.locator('td.activity').textContent()).toMatch(/cooling down.*bandwidth up until/);
    await expect.poll(() => page.locator('#recommendations').textContent()).toContain('1234.50 CNY / month');

    await row.getByRole('button', { name: WEB }).click();
    await expect.poll(() => page.locator('#detail-title').textContent()).toContain(WEB);
    const auditRow = page.locator('#audit tbody tr').first();
    await expect.poll(() => auditRow.locator('td.reason').textContent()).toContain(auditEntry?.message ?? '?');
    expect(await auditRow.textContent()).toContain('applied');
    expect(await auditRow.locator('td.change').textContent()).toBe(`10 → ${newMbps} Mbps`);
    expect(await auditRow.locator('td.ids').textContent()).toContain(auditEntry?.clientToken ?? '?');
    await expect.poll(() => page.locator('#chart svg .mark').count()).toBe(1);
    expect(await page.locator('#chart svg path.capacity').count()).toBe(1);

    // A second alarm right after the change (no metrics measured on the new link yet, and in cooldown):
    // the skip and its reason sentence reach the open instance view live.
    const again = await handleSignal(deps, { ...alarm, atMs: Date.now(), dedupeKey: `cms:e2e:ALERT:${now}:2` });
    expect(again).toMatchObject({ status: 'skipped', instanceId: WEB });
    const [skip] = await store.listAudit(WEB, { limit: 1 });
    await expect.poll(() => page.locator('#audit tbody tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('#audit tbody tr').first().locator('td.reason').textContent()).toContain(
      skip?.message ?? '?',
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    await page.getByLabel('Actions only (hide skips)').check();
    await expect.poll(() => page.locator('#audit tbody tr').count()).toBe(1);
    expect(await page.locator('#audit tbody tr td.change').textContent()).toBe(`10 → ${newMbps} Mbps`);
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  }, 60_000);

  it('shows the optimiser advice: the strategy, the forecast message and the forecast band on the chart', async () => {
    const now = Date.now();
    const builtAtMs = now - 20 * 3_600_000;
    // Nine days of the same daily wave the CloudMonitor stand-in serves, as the optimiser would read them.
    const history = [];
    for (let t = builtAtMs - 9 * 86_400_000; t <= builtAtMs; t += 300_000) {
      history.push({ timestampMs: t, value: (5 + 2.5 * Math.sin((t / 86_400_000) * 2 * Math.PI)) * 1.04 });
    }
    const forecast = buildForecast(history, { nowMs: builtAtMs, horizonMs: 2 * 86_400_000 });
    expect(forecast.kind, forecast.message).toBe('profile');
    if (forecast.kind !== 'profile') return;
    const why =
      'backtest over 14 days: forecast 41.20 CNY, 0.2 % unmet; reactive 45.50 CNY, 0.6 % unmet; ' +
      'traffic 61.00 CNY, 0 % unmet; static 12 Mbps 52.00 CNY, 1.9 % unmet → forecast is the cheapest within 0.5 % unmet';
    await store.setAdvice(WEB, { forecast, strategy: { name: 'forecast', chosenAtMs: builtAtMs, why } });

    const url = new URL(server.url);
    url.hash = `instance=${WEB}`;
    url.searchParams.set('view', 'advice');
    await page.goto(url.toString());
    await expect.poll(() => page.locator('#detail-title').textContent()).toContain(WEB);
    const facts = page.locator('#detail-facts');
    await expect.poll(() => facts.locator('dd[data-strategy]').textContent()).toContain('forecast — pay by bandwidth');
    expect(await facts.locator('dd[data-strategy] .why').textContent()).toBe(why);
    expect(await facts.locator('dd[data-forecast]').textContent()).toContain('daily profile');
    expect(await facts.locator('dd[data-forecast] .forecast-message').textContent()).toBe(forecast.message);
    await expect.poll(() => page.locator('#chart svg path.series.forecast').count()).toBe(1);
    expect(await page.locator('#chart svg path.area.forecast').count()).toBe(1);
    expect(await page.locator('#legend-forecast').isVisible()).toBe(true);
    expect(await page.locator('#legend-forecast').textContent()).toBe('forecast (daily profile)');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-forecast.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);
  it('leads a CPU-scaled instance with CPU and its thresholds; the reason is labelled, exact and rounded', async () => {
    const now = Date.now();
    const outcome = await handleSignal(deps, {
      source: 'timer',
      instanceId: BATCH,
      atMs: now,
      dedupeKey: `e2e:${now}`,
    });
    expect(outcome).toMatchObject({ status: 'skipped', instanceId: BATCH });
    const [entry] = await store.listAudit(BATCH, { limit: 1 });
    // 43.47500000000001 % and its maximum (4 % above) are rounded where the sentence is built.
    expect(entry).toMatchObject({
      reason: 'within-tolerance',
      message: 'CPU 43.5% average, 45.2% max: between 30% and 80%',
    });

    const url = new URL(server.url);
    url.hash = `instance=${BATCH}`;
    await page.goto(url.toString());
    await expect.poll(() => page.locator('#detail-title').textContent()).toContain(BATCH);
    await expect.poll(() => page.locator('#charts').getAttribute('data-lead')).toBe('cpu');
    expect(await page.locator('#charts > .panel').evaluateAll((els) => els.map((e) => e.id))).toEqual([
      'cpu-panel',
      'bw-panel',
    ]);
    expect(await page.locator('#cpu-title').textContent()).toBe(
      'CPU utilisation vs the thresholds of the type ladder (ecs.c7.large → ecs.c7.xlarge → ecs.c7.2xlarge)',
    );
    expect(await page.locator('#bw-title').textContent()).toBe('Outbound bandwidth (not scaled by this group)');
    await expect.poll(() => page.locator('#cpu-chart svg path.series.cpu').count()).toBe(1);
    expect(await page.locator('#cpu-chart svg g.threshold text').allTextContents()).toEqual([
      'scale up: average ≥ 80 % over 300 s',
      'scale down: max ≤ 30 % over 3600 s',
    ]);
    expect(await page.locator('#cpu-chart svg text.segment').allTextContents()).toEqual(['ecs.c7.xlarge']);
    expect(await page.locator('#legend-thresholds').isVisible()).toBe(true);
    expect(await page.locator('#detail-facts').textContent()).toContain(
      'up when the average ≥ 80 % over 300 s, down when the max ≤ 30 % over 3600 s',
    );

    const row = page.locator('#audit tbody tr').first();
    await expect.poll(() => row.locator('td.reason .reason-code').textContent()).toBe('within-tolerance');
    expect(await row.locator('td.reason .reason-label').textContent()).toBe('within tolerance');
    expect(await row.locator('td.reason .message').textContent()).toBe(entry?.message);
    expect(await row.locator('td.reason').textContent()).not.toMatch(/\d\.\d{3,}/);

    // Times in the config's zone, named, with ISO dates; the axis too.
    expect(await page.locator('#meta').textContent()).toContain('times in Asia/Shanghai');
    expect(await page.locator('#zone-note').textContent()).toBe('(times in Asia/Shanghai)');
    expect(await row.locator('td').first().textContent()).toBe(inShanghai(entry?.atMs ?? 0));
    expect(await row.locator('td time').getAttribute('title')).toBe(
      `${new Date(entry?.atMs ?? 0).toISOString()} (UTC), shown in Asia/Shanghai`,
    );
    const ticks = await page.locator('#cpu-chart svg text.tick').allTextContents();
    expect(ticks.filter((t) => /^\d\d:\d\d$|^\d{4}-\d{2}-\d{2}$/.test(t)).length).toBeGreaterThan(2);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-cpu.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('says why a blocked instance does not scale (security lock, EIP, quota), never idle', async () => {
    // The subscription instance has spent 2 of its 3 lifetime downgrades: the last is kept back.
    const { version } = await store.getInstanceState(API);
    const claim = { instanceId: API, holder: 'e2e', actionKey: 'e2e-downgrades' };
    await store.claimLease({ ...claim, expectedVersion: version, nowMs: Date.now(), ttlMs: 1_000 });
    await store.commit({ ...claim, update: { platformDowngradesIncrement: 2 } });
    await page.goto(server.url);
    const quota = page.locator(`#fleet tr[data-instance-id="${API}"] td.activity`);
    await expect.poll(() => quota.locator('.badge').textContent()).toBe('blocked');
    expect(await quota.locator('.sub').textContent()).toBe(
      'quota exhausted: subscription downgrade limit, 2 of 3 used, the last one is kept for the optimiser or an operator',
    );
    const locked = page.locator(`#fleet tr[data-instance-id="${LOCKED}"] td.activity`);
    expect(await locked.locator('.badge').textContent()).toBe('blocked');
    expect(await locked.locator('.sub').textContent()).toBe(
      'security lock: the platform refuses every change to this instance',
    );
    const eip = page.locator(`#fleet tr[data-instance-id="${EIP}"] td.activity`);
    expect(await eip.locator('.badge').textContent()).toBe('blocked');
    expect(await eip.locator('.sub').textContent()).toBe(
      'EIP bound: the EIP’s own bandwidth limits traffic (change it through VPC)',
    );
    // The decision gives the same exact code.
    const now = Date.now();
    const outcome = await handleSignal(deps, {
      source: 'timer',
      instanceId: LOCKED,
      atMs: now,
      dedupeKey: `e2e:${now}`,
    });
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'security-locked' });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#fleet').screenshot({ path: join(ARTIFACTS, 'dashboard-blocked.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
