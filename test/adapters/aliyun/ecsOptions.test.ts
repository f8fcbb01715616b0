// The ECS adapter's optional request fields, through the official SDK against the local ECS emulator: each one
// must reach the API (the emulator acts on it) and leaving it out must keep the API's default.
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import { NO_RETRY } from '../../../src/adapters/aliyun/retry.js';
import { endpointFromUrl } from '../../../src/adapters/aliyun/sdkConfig.js';
import { CloudApiError } from '../../../src/core/errors.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';

const CREDS = { accessKeyId: 'LTAI-options', accessKeySecret: 'options-secret' };
const TIMINGS = { stopMs: 10_000, startMs: 5_000, forceStopMs: 1_000 };

let ecs: EcsEmulator;
let clock: VirtualClock;
afterEach(() => ecs?.close());

async function setup(): Promise<EcsApi> {
  clock = new VirtualClock(Date.UTC(2025, 2, 10, 8));
  ecs = await startEcsEmulator({ clock, credentials: CREDS, timings: TIMINGS });
  return createEcsApi({
    ...endpointFromUrl(ecs.url),
    regionId: 'cn-hangzhou',
    credentials: CREDS,
    retry: NO_RETRY,
    readTimeoutMs: 5_000,
  });
}

const statusOf = async (api: EcsApi, id: string) => (await api.describeInstances([id]))[0]?.status;

describe('StopInstance ForceStop', () => {
  it('a forced stop is Stopped after the forced-stop time, a graceful one only after the full stop time', async () => {
    const api = await setup();
    await api.stopInstance({ instanceId: 'i-web-postpaid-bw', stoppedMode: 'KeepCharging', forceStop: true });
    await api.stopInstance({ instanceId: 'i-web-postpaid-traffic', stoppedMode: 'KeepCharging' });
    await clock.advance(TIMINGS.forceStopMs);
    expect(await statusOf(api, 'i-web-postpaid-bw')).toBe('Stopped');
    expect(await statusOf(api, 'i-web-postpaid-traffic')).toBe('Stopping');
  });
});

describe('ModifyPrepayInstanceSpec RebootWhenFinished', () => {
  it('restarts a Running subscription instance into its new type only when asked', async () => {
    const api = await setup();
    const rebooted = await api.modifyPrepayInstanceSpec({
      instanceId: 'i-batch-prepaid-bw',
      instanceType: 'ecs.c7.2xlarge',
      operatorType: 'upgrade',
      clientToken: 'reboot-1',
      rebootWhenFinished: true,
    });
    expect(rebooted.orderId).toMatch(/^\d+$/);
    await api.modifyPrepayInstanceSpec({
      instanceId: 'i-api-prepaid-traffic',
      instanceType: 'ecs.g7.4xlarge',
      operatorType: 'upgrade',
      clientToken: 'no-reboot-1',
      rebootWhenFinished: false,
    });
    expect(await statusOf(api, 'i-batch-prepaid-bw')).toBe('Stopping');
    expect(await statusOf(api, 'i-api-prepaid-traffic')).toBe('Running');
    await clock.advance(TIMINGS.stopMs + TIMINGS.startMs);
    expect((await api.describeInstances(['i-batch-prepaid-bw']))[0]).toMatchObject({
      status: 'Running',
      instanceType: 'ecs.c7.2xlarge',
    });
  });
});

describe('ModifyInstanceNetworkSpec inbound bandwidth and AllocatePublicIp', () => {
  it('gives an instance without an address a public IP, with the inbound bandwidth asked for', async () => {
    const api = await setup();
    const res = await api.modifyInstanceNetworkSpec({
      instanceId: 'i-no-public-ip',
      bandwidthOutMbps: 5,
      bandwidthInMbps: 8,
      allocatePublicIp: true,
      clientToken: 'alloc-1',
    });
    expect(res).not.toHaveProperty('orderId');
    const [snap] = await api.describeInstances(['i-no-public-ip']);
    expect(snap).toMatchObject({ bandwidthOutMbps: 5, bandwidthInMbps: 8 });
    expect(snap?.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('without AllocatePublicIp a PostPaid instance gets bandwidth but no address', async () => {
    const api = await setup();
    await api.modifyInstanceNetworkSpec({ instanceId: 'i-no-public-ip', bandwidthOutMbps: 5, clientToken: 'no-ip' });
    const [snap] = await api.describeInstances(['i-no-public-ip']);
    expect(snap).toMatchObject({ bandwidthOutMbps: 5 });
    expect(snap).not.toHaveProperty('publicIp');
  });
});

describe('DescribeInstanceTypes without a family', () => {
  it('lists the whole catalogue, every family', async () => {
    const api = await setup();
    const all = await api.describeInstanceTypes();
    const families = new Set(all.map((t) => t.family));
    expect(families.has('ecs.g7')).toBe(true);
    expect(families.has('ecs.c7')).toBe(true);
    expect(all.length).toBeGreaterThan((await api.describeInstanceTypes('ecs.c7')).length);
  });
});

describe('ModifyInstanceSpec DryRun', () => {
  it('a dry run that fails a check throws that check and changes nothing', async () => {
    const api = await setup();
    const err = await api
      .modifyInstanceSpec({
        instanceId: 'i-web-postpaid-bw',
        instanceType: 'ecs.g7.xlarge',
        clientToken: 'd',
        dryRun: true,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect((err as CloudApiError).code).toBe('InvalidInstanceStatus.NotStopped');
    expect(ecs.state.get('i-web-postpaid-bw')?.instanceType).toBe('ecs.g7.large');
  });
});
