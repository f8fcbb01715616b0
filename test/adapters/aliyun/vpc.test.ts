// The VPC adapter (official @alicloud/vpc20160428 SDK) against the local VPC emulator: mapping, every port method,
// error mapping (busy codes retryable, the rest final), reads retried, modifications sent exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../src/adapters/aliyun/retry.js';
import { endpointFromUrl } from '../../../src/adapters/aliyun/sdkConfig.js';
import { createVpcApi } from '../../../src/adapters/aliyun/vpc.js';
import { CloudApiError } from '../../../src/core/errors.js';
import type { VpcApi } from '../../../src/ports/VpcApi.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { FaultInjector, type FaultRule } from '@ecs-autoscaler/local-cloud/faults.js';
import { startVpcEmulator, type VpcEmulator, type VpcFixture } from '@ecs-autoscaler/local-cloud/vpc/index.js';

const CREDS = { accessKeyId: 'LTAI-vpc-adapter', accessKeySecret: 'vpc-adapter-secret' };
const T0 = Date.UTC(2025, 2, 10, 8, 0, 0);
const FAST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 60_000 };

let vpc: VpcEmulator;
let clock: VirtualClock;
afterEach(() => vpc?.close());

async function setup(opts: { rules?: FaultRule[]; fixture?: VpcFixture } = {}): Promise<VpcApi> {
  clock = new VirtualClock(T0);
  vpc = await startVpcEmulator({
    clock,
    credentials: CREDS,
    timings: { cbwpModifyMs: 30_000, eipSettleMs: 1_000 },
    ...(opts.fixture ? { fixture: opts.fixture } : {}),
    ...(opts.rules ? { faults: new FaultInjector({ seed: 5, rules: opts.rules }) } : {}),
  });
  let retryNowMs = 0;
  return createVpcApi({
    ...endpointFromUrl(vpc.url),
    regionId: 'cn-hangzhou',
    credentials: CREDS,
    retry: FAST_RETRY,
    clock: {
      now: () => retryNowMs,
      sleep: async (ms) => {
        retryNowMs += ms;
      },
    },
    random: () => 0.5,
    readTimeoutMs: 2_000,
  });
}

async function failure(p: Promise<unknown>): Promise<CloudApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudApiError);
  return err as CloudApiError;
}

describe('VpcApi on the official SDK', () => {
  it('describes EIPs by id and by bound instance, with the package view of an EIP in a package', async () => {
    const api = await setup();
    const eips = await api.describeEipAddresses({ allocationIds: ['eip-web-traffic', 'eip-in-cbwp', 'eip-unknown'] });
    expect(eips.map((e) => e.allocationId).sort()).toEqual(['eip-in-cbwp', 'eip-web-traffic']);
    expect(eips.find((e) => e.allocationId === 'eip-web-traffic')).toEqual({
      allocationId: 'eip-web-traffic',
      ipAddress: '47.96.10.1',
      bandwidthMbps: 10,
      eipBandwidthMbps: 10,
      internetChargeType: 'PayByTraffic',
      chargeType: 'PostPaid',
      status: 'InUse',
      instanceId: 'i-web-eip',
      instanceType: 'EcsInstance',
      lockReasons: [],
      tags: {},
    });
    expect(eips.find((e) => e.allocationId === 'eip-in-cbwp')).toMatchObject({
      bandwidthMbps: 100,
      eipBandwidthMbps: 5,
      bandwidthPackageId: 'cbwp-shared',
    });
    const bound = await api.describeEipAddresses({ associatedInstanceId: 'i-api-eip' });
    expect(bound.map((e) => [e.allocationId, e.internetChargeType, e.bandwidthMbps])).toEqual([
      ['eip-api-bandwidth', 'PayByBandwidth', 20],
    ]);
    const locked = await api.describeEipAddresses({ allocationIds: ['eip-locked'] });
    expect(locked[0]?.lockReasons).toEqual(['financial']);
  });

  it('asks 50 ids per call and follows pages', async () => {
    const eips = Array.from({ length: 120 }, (_, i) => ({
      allocationId: `eip-${String(i).padStart(3, '0')}`,
      ipAddress: `47.96.11.${i}`,
      bandwidth: 5,
    }));
    const api = await setup({ fixture: { regionId: 'cn-hangzhou', eips } });
    const got = await api.describeEipAddresses({ allocationIds: eips.map((e) => e.allocationId) });
    expect(got).toHaveLength(120);
    const calls = vpc.state.apiCalls().filter((c) => c.action === 'DescribeEipAddresses');
    expect(calls).toHaveLength(3);
    expect(await api.describeEipAddresses({})).toHaveLength(120);
  });

  it('sets an EIP bandwidth with one call, and maps the EIP refusals to final errors', async () => {
    const api = await setup();
    const ok = await api.modifyEipAddressAttribute({ allocationId: 'eip-web-traffic', bandwidthMbps: 25 });
    expect(ok.requestId).not.toBe('');
    expect(vpc.state.eip('eip-web-traffic')?.bandwidth).toBe(25);
    const inPackage = await failure(api.modifyEipAddressAttribute({ allocationId: 'eip-in-cbwp', bandwidthMbps: 9 }));
    expect(inPackage).toMatchObject({ code: 'Forbidden.InCommonBandwidthPackage', retryable: false });
    const prepaid = await failure(api.modifyEipAddressAttribute({ allocationId: 'eip-prepaid', bandwidthMbps: 9 }));
    expect(prepaid).toMatchObject({ code: 'Forbidden.ChargeTypeIsPrepaid', retryable: false });
    const status = await failure(api.modifyEipAddressAttribute({ allocationId: 'eip-associating', bandwidthMbps: 9 }));
    expect(status).toMatchObject({ code: 'IncorrectEipStatus', retryable: false });
    const range = await failure(
      api.modifyEipAddressAttribute({ allocationId: 'eip-api-bandwidth', bandwidthMbps: 501 }),
    );
    expect(range).toMatchObject({ code: 'InvalidParameter', retryable: false });
  });

  it('a concurrent change is retryable and NOT retried by the adapter (no ClientToken: the caller reads first)', async () => {
    const api = await setup();
    await api.modifyEipAddressAttribute({ allocationId: 'eip-web-traffic', bandwidthMbps: 12 });
    const busy = await failure(api.modifyEipAddressAttribute({ allocationId: 'eip-web-traffic', bandwidthMbps: 14 }));
    expect(busy).toMatchObject({ code: 'OperationFailed.ConcurrentRequest', retryable: true });
    expect(busy.message).toMatch(/ConcurrentRequest: VPC ModifyEipAddressAttribute/);
    const modifies = vpc.state.apiCalls().filter((c) => c.action === 'ModifyEipAddressAttribute');
    expect(modifies).toHaveLength(2);
    expect(vpc.state.eip('eip-web-traffic')?.bandwidth).toBe(12);
  });

  it('a throttled modification is not resent; a throttled read is', async () => {
    const api = await setup({
      rules: [
        { action: 'ModifyEipAddressAttribute', kind: 'Throttling', maxCount: 1 },
        { action: 'DescribeEipAddresses', kind: 'ServiceUnavailable', maxCount: 2 },
      ],
    });
    const throttled = await failure(
      api.modifyEipAddressAttribute({ allocationId: 'eip-web-traffic', bandwidthMbps: 30 }),
    );
    expect(throttled).toMatchObject({ code: 'Throttling', retryable: true });
    expect(vpc.state.eip('eip-web-traffic')?.bandwidth).toBe(10);
    const eips = await api.describeEipAddresses({ allocationIds: ['eip-web-traffic'] });
    expect(eips).toHaveLength(1);
    expect(vpc.state.apiCalls().filter((c) => c.action === 'DescribeEipAddresses')).toHaveLength(3);
  });

  it('describes and modifies shared bandwidth packages (asynchronous, busy while Modifying)', async () => {
    const api = await setup();
    const pkgs = await api.describeCommonBandwidthPackages({ bandwidthPackageIds: ['cbwp-shared', 'cbwp-95'] });
    expect(pkgs.find((p) => p.bandwidthPackageId === 'cbwp-shared')).toEqual({
      bandwidthPackageId: 'cbwp-shared',
      bandwidthMbps: 100,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PostPaid',
      status: 'Available',
      allocationIds: ['eip-in-cbwp'],
      tags: {},
    });
    expect(pkgs.find((p) => p.bandwidthPackageId === 'cbwp-95')).toMatchObject({
      internetChargeType: 'PayBy95',
      ratioPercent: 20,
    });
    expect((await api.describeCommonBandwidthPackages({})).length).toBe(4);
    await api.modifyCommonBandwidthPackageSpec({ bandwidthPackageId: 'cbwp-shared', bandwidthMbps: 150 });
    const [modifying] = await api.describeCommonBandwidthPackages({ bandwidthPackageIds: ['cbwp-shared'] });
    expect(modifying).toMatchObject({ status: 'Modifying', bandwidthMbps: 100 });
    const busy = await failure(
      api.modifyCommonBandwidthPackageSpec({ bandwidthPackageId: 'cbwp-shared', bandwidthMbps: 160 }),
    );
    expect(busy).toMatchObject({ code: 'IncorrectStatus.CbwpModifying', retryable: true });
    await clock.advance(30_000);
    const [done] = await api.describeCommonBandwidthPackages({ bandwidthPackageIds: ['cbwp-shared'] });
    expect(done).toMatchObject({ status: 'Available', bandwidthMbps: 150 });
    const prepaid = await failure(
      api.modifyCommonBandwidthPackageSpec({ bandwidthPackageId: 'cbwp-prepaid', bandwidthMbps: 150 }),
    );
    expect(prepaid).toMatchObject({ code: 'Forbidden.ChargeTypeIsPrepaid', retryable: false });
  });

  it('lists EIPs and packages by tag (every given tag), following the pages, with their tags', async () => {
    const eips = Array.from({ length: 260 }, (_, i) => ({
      allocationId: `eip-${String(i).padStart(3, '0')}`,
      ipAddress: `47.96.${12 + Math.floor(i / 200)}.${i % 200}`,
      bandwidth: 5,
      tags: (i % 2 === 0 ? { team: 'edge', tier: i < 60 ? 'gold' : 'silver' } : { team: 'core' }) as Record<
        string,
        string
      >,
    }));
    const packages = [
      { bandwidthPackageId: 'cbwp-a', bandwidth: 50, tags: { team: 'edge' } },
      { bandwidthPackageId: 'cbwp-b', bandwidth: 50, tags: { team: 'core' } },
    ];
    const api = await setup({ fixture: { regionId: 'cn-hangzhou', eips, packages } });
    const edge = await api.describeEipAddresses({ tags: { team: 'edge' } });
    expect(edge).toHaveLength(130);
    expect(edge[0]?.tags).toEqual({ team: 'edge', tier: 'gold' });
    const calls = () => vpc.state.apiCalls().filter((c) => c.action === 'DescribeEipAddresses').length;
    // 130 EIPs by tag: two pages of 100.
    expect(calls()).toBe(2);
    expect(await api.describeEipAddresses({ tags: { team: 'core' } })).toHaveLength(130);
    expect(calls()).toBe(4);
    const gold = await api.describeEipAddresses({ tags: { team: 'edge', tier: 'gold' } });
    expect(gold.map((e) => e.allocationId)).toHaveLength(30);
    const goldOfTwo = await api.describeEipAddresses({ allocationIds: ['eip-000', 'eip-001'], tags: { tier: 'gold' } });
    expect(goldOfTwo.map((e) => e.allocationId)).toEqual(['eip-000']);
    const byTag = await api.describeCommonBandwidthPackages({ tags: { team: 'core' } });
    expect(byTag.map((p) => [p.bandwidthPackageId, p.tags])).toEqual([['cbwp-b', { team: 'core' }]]);
    const none = await api.describeCommonBandwidthPackages({ bandwidthPackageIds: ['cbwp-a'], tags: { team: 'core' } });
    expect(none).toEqual([]);
    expect(await api.describeCommonBandwidthPackages({ tags: {} })).toHaveLength(2);
  });
});
