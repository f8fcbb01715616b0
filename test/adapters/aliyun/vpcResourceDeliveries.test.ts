// A group's EIP and a group's shared bandwidth package through the real app path (handleSignal, decide, lease,
// audit) and the official ECS and VPC SDKs against their emulators, wired as src/runtime/compose.ts wires them
// (withVpcLinks: withVpcResources over withEipRouting over ECS): duplicate and concurrent deliveries of alarms make ONE change
// although neither ModifyEipAddressAttribute nor ModifyCommonBandwidthPackageSpec takes a ClientToken (docs/eip.md).
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { startVpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import type { RetryPolicy } from '../../../src/adapters/aliyun/retry.js';
import { createVpcApi } from '../../../src/adapters/aliyun/vpc.js';
import { withVpcLinks } from '../../../src/adapters/aliyun/vpcResources.js';
import { InProcessDispatcher } from '../../../src/adapters/inprocess/dispatcher.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { handleSignal } from '../../../src/app/handleSignal.js';
import type { MetricName } from '../../../src/ports/MetricsApi.js';
import * as b from '../../app/builders.js';
import { CaptureLogger, FakeMetrics } from '../../../src/testing/index.js';
import { fleet, fleetInstance } from '../../integration/app/harness.js';

const CREDS = { accessKeyId: 'LTAI-vpc-res', accessKeySecret: 'vpc-res-secret' };
const RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 2_000, maxElapsedMs: 60_000 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start(vpcFaults?: FaultInjector) {
  const clock = new VirtualClock(b.T0);
  const ecsEmulator = await startEcsEmulator({ clock, credentials: CREDS, fleet: fleet([fleetInstance('i-plain')]) });
  const vpcEmulator = await startVpcEmulator({
    clock,
    credentials: CREDS,
    fixture: {
      regionId: 'cn-hangzhou',
      eips: [
        { allocationId: 'eip-edge', ipAddress: '47.96.40.1', bandwidth: 10, internetChargeType: 'PayByBandwidth' },
      ],
      packages: [{ bandwidthPackageId: 'cbwp-edge', bandwidth: 100 }],
    },
    timings: { cbwpModifyMs: 30_000, eipSettleMs: 1_000 },
    ...(vpcFaults ? { faults: vpcFaults } : {}),
  });
  closers.push(ecsEmulator.close, vpcEmulator.close);
  const common = { protocol: 'http' as const, regionId: 'cn-hangzhou', credentials: CREDS, retry: RETRY, clock };
  const vpc = createVpcApi({ ...common, endpoint: vpcEmulator.endpoint, readTimeoutMs: 5_000 });
  const ecs = withVpcLinks(createEcsApi({ ...common, endpoint: ecsEmulator.endpoint, readTimeoutMs: 5_000 }), vpc, {
    regionId: 'cn-hangzhou',
    retry: RETRY,
    clock,
  });
  const bandwidth = b.bandwidthPolicy({ minMbps: 1, maxMbps: 500, cooldownUpSec: 300, cooldownDownSec: 900 });
  const config = b.config([
    b.group({ name: 'eips', match: { instanceIds: [], tags: {}, resource: 'eip', eipIds: ['eip-edge'] }, bandwidth }),
    b.group({
      name: 'packages',
      match: { instanceIds: [], tags: {}, resource: 'bandwidthPackage', bandwidthPackageIds: ['cbwp-edge'] },
      bandwidth,
    }),
  ]);
  const metrics = new FakeMetrics();
  const store = new MemoryStateStore();
  const deps = {
    config,
    ecs,
    metrics,
    store,
    dispatcher: new InProcessDispatcher({ maxRetries: 0 }),
    clock,
    logger: new CaptureLogger(),
    holderId: 'vpc-res-it',
  };
  /** Outbound Mbps at full use for the last 30 minutes, on the resource's own series. */
  const load = (metric: MetricName, id: string, mbps: number) => {
    const nowMs = clock.now();
    const at = mbps * 1e6;
    const points = Array.from({ length: 30 }, (_, i) => ({
      timestampMs: nowMs - (29 - i) * 60_000,
      average: at,
      maximum: at,
      minimum: at,
    }));
    metrics.set(metric, id, points);
  };
  async function drive<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 200_000 && !settled; i++) {
      const next = clock.nextTimerAtMs();
      if (next !== undefined) await clock.advanceTo(next);
      else await new Promise((r) => setTimeout(r, 1));
    }
    return p;
  }
  const calls = (action: string) => vpcEmulator.state.apiCalls().filter((c) => c.action === action);
  const alarm = (instanceId: string, dedupeKey: string) => b.signal({ instanceId, dedupeKey, atMs: clock.now() });
  return { clock, deps, store, vpcEmulator, load, drive, calls, alarm };
}

const CASES = [
  ['a group’s EIP', 'eip-edge', 'acs_vpc_eip/net_tx.rate', 9.6, 'ModifyEipAddressAttribute'],
  ['a group’s package', 'cbwp-edge', 'acs_bandwidth_package/net_tx.rate', 96, 'ModifyCommonBandwidthPackageSpec'],
] as const;

describe.each(CASES)('%s through handleSignal', (_label, id, metric, mbps, action) => {
  it('duplicate deliveries of one alarm, then a second alarm on the same load: one change, audited', async () => {
    const h = await start();
    h.load(metric, id, mbps);
    const outs = await Promise.all([1, 2, 3].map(() => h.drive(handleSignal(h.deps, h.alarm(id, `cms:${id}:1`)))));
    expect(outs.map((o) => o.status).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    await h.clock.advance(60_000);
    const later = await h.drive(handleSignal(h.deps, h.alarm(id, `cms:${id}:2`)));
    expect(later.status).toBe('skipped');
    expect(h.calls(action)).toHaveLength(1);
    const applied = (await h.store.listAudit(id, { limit: 10 })).filter((e) => e.result === 'applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]?.before?.bandwidthOutMbps).toBeLessThan(applied[0]?.after?.bandwidthOutMbps ?? 0);
  });

  it('10 concurrent evaluations: one change, the rest skip in-progress', async () => {
    const h = await start(new FaultInjector({ rules: [{ action, kind: 'latency', latencyMs: 300 }] }));
    h.load(metric, id, mbps);
    const outs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.drive(handleSignal(h.deps, h.alarm(id, `cms:${id}:c-${i}`)))),
    );
    expect(outs.filter((o) => o.status === 'applied')).toHaveLength(1);
    expect(outs.filter((o) => o.status === 'skipped').map((o) => o.reason)).toEqual(Array(9).fill('in-progress'));
    expect(h.calls(action)).toHaveLength(1);
  });
});
