// The ECS adapter (official SDK) against the local ECS emulator: mapping, every port method, error mapping,
// and fault injection healed by retries that reuse the ClientToken with exactly one change applied.
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import type { RetryPolicy } from '../../../src/adapters/aliyun/retry.js';
import { endpointFromUrl } from '../../../src/adapters/aliyun/sdkConfig.js';
import { CloudApiError } from '../../../src/core/errors.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  defaultFleet,
  type EcsEmulator,
  type FleetFile,
  startEcsEmulator,
} from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { FaultInjector, type FaultRule } from '@ecs-autoscaler/local-cloud/faults.js';

const CREDS = { accessKeyId: 'LTAI-adapter', accessKeySecret: 'adapter-secret' };
const T0 = Date.UTC(2025, 2, 10, 8, 0, 0);
const FAST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 60_000 };

let ecs: EcsEmulator;
let sleeps: number[];
afterEach(() => ecs?.close());

async function setup(
  opts: {
    rules?: FaultRule[];
    fleet?: FleetFile;
    retry?: RetryPolicy;
    securityToken?: string;
    readTimeoutMs?: number;
  } = {},
): Promise<EcsApi> {
  const clock = new VirtualClock(T0);
  ecs = await startEcsEmulator({
    clock,
    credentials: CREDS,
    timings: { stopMs: 1_000, startMs: 1_000 },
    ...(opts.fleet ? { fleet: opts.fleet } : {}),
    ...(opts.rules ? { faults: new FaultInjector({ seed: 3, rules: opts.rules }) } : {}),
  });
  sleeps = [];
  let retryNowMs = 0;
  return createEcsApi({
    ...endpointFromUrl(ecs.url),
    regionId: 'cn-hangzhou',
    credentials: { ...CREDS, ...(opts.securityToken ? { securityToken: opts.securityToken } : {}) },
    retry: opts.retry ?? FAST_RETRY,
    clock: {
      now: () => retryNowMs,
      sleep: async (ms) => {
        sleeps.push(ms);
        retryNowMs += ms;
      },
    },
    random: () => 0.5,
    readTimeoutMs: opts.readTimeoutMs ?? 2_000,
  });
}

describe('EcsApi on the official SDK: reads', () => {
  it('maps DescribeInstances into InstanceSnapshot', async () => {
    const api = await setup({ securityToken: 'STS.token/with+chars=' });
    const snaps = await api.describeInstances([
      'i-web-postpaid-bw',
      'i-eip-bound',
      'i-security-locked',
      'i-batch-prepaid-bw',
    ]);
    const byId = new Map(snaps.map((s) => [s.instanceId, s]));
    const [web, eip, locked, prepaid] = [
      'i-web-postpaid-bw',
      'i-eip-bound',
      'i-security-locked',
      'i-batch-prepaid-bw',
    ].map((id) => byId.get(id));
    expect(web).toEqual({
      instanceId: 'i-web-postpaid-bw',
      instanceName: 'web-1',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-h',
      status: 'Running',
      instanceType: 'ecs.g7.large',
      instanceTypeFamily: 'ecs.g7',
      cpu: 2,
      memoryMiB: 8192,
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByBandwidth',
      bandwidthOutMbps: 10,
      bandwidthInMbps: 10,
      publicIp: '47.96.10.11',
      eipBound: false,
      securityLocked: false,
      tags: { app: 'web', autoscale: 'on', 'autoscaler-group': 'web' },
    });
    expect(eip).toMatchObject({ eipBound: true, publicIp: '47.96.20.1' });
    expect(locked).toMatchObject({ securityLocked: true });
    expect(prepaid).toMatchObject({ instanceChargeType: 'PrePaid', expiredTimeMs: Date.parse('2099-12-31T15:59Z') });
  });

  it('pages through more than 100 instances and 100 ids', async () => {
    const base = defaultFleet();
    const template = base.instances[0]!;
    const instances = Array.from({ length: 230 }, (_, i) => ({
      ...template,
      instanceId: `i-bulk-${i}`,
      publicIp: undefined,
      tags: { tier: i % 2 ? 'odd' : 'even' },
    }));
    const api = await setup({ fleet: { ...base, instances } });
    expect(await api.listInstances({})).toHaveLength(230);
    expect(await api.listInstances({ tags: { tier: 'odd' } })).toHaveLength(115);
    const ids = instances.slice(0, 150).map((i) => i.instanceId);
    expect((await api.describeInstances([...ids, 'i-missing'])).map((s) => s.instanceId)).toEqual(ids);
  });

  it('lists instance types of a family', async () => {
    const api = await setup();
    const types = await api.describeInstanceTypes('ecs.c7');
    expect(types[0]).toEqual({ instanceTypeId: 'ecs.c7.large', family: 'ecs.c7', cpu: 2, memoryGiB: 4 });
    expect(types).toHaveLength(5);
  });

  it.each([
    { target: 'ecs.g7.2xlarge', available: true, status: 'Available', statusCategory: 'WithStock' },
    { target: 'ecs.g7.4xlarge', available: true, status: 'Available', statusCategory: 'ClosedWithStock' },
    { target: 'ecs.g7.8xlarge', available: false, status: 'SoldOut', statusCategory: 'WithoutStock' },
  ])('describeResourcesModification reports $target as $status', async ({ target, ...expected }) => {
    const api = await setup();
    const res = await api.describeResourcesModification({
      instanceId: 'i-web-postpaid-bw',
      targetType: target,
      operationType: 'Upgrade',
    });
    expect(res).toMatchObject(expected);
    expect(res.requestId).not.toBe('');
  });
});

describe('EcsApi on the official SDK: changes', () => {
  it('stops, modifies and starts a PostPaid instance', async () => {
    const api = await setup();
    await api.stopInstance({ instanceId: 'i-web-postpaid-bw', stoppedMode: 'KeepCharging' });
    await (ecs.state.clock as VirtualClock).advance(1_000);
    const dry = await api.modifyInstanceSpec({
      instanceId: 'i-web-postpaid-bw',
      instanceType: 'ecs.g7.xlarge',
      clientToken: 'dry',
      dryRun: true,
    });
    expect(dry.requestId).not.toBe('');
    expect(ecs.state.get('i-web-postpaid-bw')?.instanceType).toBe('ecs.g7.large');
    await api.modifyInstanceSpec({
      instanceId: 'i-web-postpaid-bw',
      instanceType: 'ecs.g7.xlarge',
      clientToken: 'type-1',
    });
    await api.startInstance({ instanceId: 'i-web-postpaid-bw' });
    await (ecs.state.clock as VirtualClock).advance(1_000);
    expect((await api.describeInstances(['i-web-postpaid-bw']))[0]).toMatchObject({
      status: 'Running',
      instanceType: 'ecs.g7.xlarge',
    });
  });

  it('modifies a subscription and a temporary bandwidth window, returning order ids', async () => {
    const api = await setup();
    const prepay = await api.modifyPrepayInstanceSpec({
      instanceId: 'i-batch-prepaid-bw',
      instanceType: 'ecs.c7.2xlarge',
      operatorType: 'upgrade',
      clientToken: 'pp-1',
    });
    expect(prepay.orderId).toMatch(/^\d+$/);
    const temp = await api.modifyInstanceNetworkSpec({
      instanceId: 'i-batch-prepaid-bw',
      bandwidthOutMbps: 80,
      startTime: '2025-03-10T08:00Z',
      endTime: '2025-03-10T12Z',
      clientToken: 'tmp-1',
    });
    expect(temp.orderId).toMatch(/^\d+$/);
    expect(ecs.state.get('i-batch-prepaid-bw')?.effectiveBandwidthOutMbps).toBe(80);
  });

  it('throws a final CloudApiError without retrying', async () => {
    const api = await setup();
    const err = await api
      .modifyInstanceNetworkSpec({ instanceId: 'i-eip-bound', bandwidthOutMbps: 10, clientToken: 'eip' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: 'InvalidInstance.InstanceNotSupported', httpStatus: 403, retryable: false });
    expect((err as CloudApiError).requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(ecs.state.apiCallCount('ModifyInstanceNetworkSpec')).toBe(1);
  });
});

describe('EcsApi retries against injected faults', () => {
  it.each([
    { kind: 'Throttling' as const },
    { kind: 'ServiceUnavailable' as const },
    { kind: 'InternalError' as const },
    { kind: 'LastOrderProcessing' as const },
    { kind: 'TaskConflict' as const },
    { kind: 'drop' as const },
    { kind: 'drop-after' as const },
  ])('heals two $kind faults with the same ClientToken and exactly one change', async ({ kind }) => {
    const api = await setup({ rules: [{ action: 'ModifyInstanceNetworkSpec', kind, maxCount: 2 }] });
    await api.modifyInstanceNetworkSpec({
      instanceId: 'i-web-postpaid-bw',
      bandwidthOutMbps: 40,
      clientToken: `heal-${kind}`,
    });
    expect(ecs.state.apiCallCount('ModifyInstanceNetworkSpec')).toBe(3);
    const changes = ecs.state.changes({ action: 'ModifyInstanceNetworkSpec' });
    expect(changes).toHaveLength(1);
    expect(changes[0]?.clientToken).toBe(`heal-${kind}`);
    expect(ecs.state.get('i-web-postpaid-bw')?.bandwidthOutMbps).toBe(40);
    expect(sleeps).toEqual([5, 10]);
  });

  it('gives up after maxAttempts with the last retryable error', async () => {
    const api = await setup({ rules: [{ action: '*', kind: 'ServiceUnavailable' }] });
    await expect(api.startInstance({ instanceId: 'i-stopped-postpaid' })).rejects.toMatchObject({
      code: 'ServiceUnavailable',
      httpStatus: 503,
      retryable: true,
    });
    expect(ecs.state.apiCallCount('StartInstance')).toBe(4);
    expect(ecs.state.changes()).toEqual([]);
  });

  it('turns a slow answer into a retryable RequestTimeout', async () => {
    const api = await setup({
      rules: [{ action: 'DescribeInstances', kind: 'latency', latencyMs: 600, maxCount: 1 }],
      readTimeoutMs: 300,
    });
    const [snap] = await api.describeInstances(['i-web-postpaid-bw']);
    expect(snap?.instanceId).toBe('i-web-postpaid-bw');
    expect(sleeps).toEqual([5]);
  });
});
