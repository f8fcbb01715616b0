// Test harness: a fresh VPC emulator on a VirtualClock per test, and an official @alicloud/vpc20160428 client.
import Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { expect } from 'vitest';
import { sdkClass } from '../../../src/adapters/aliyun/interop.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  startVpcEmulator,
  VPC_ERRORS,
  type VpcEmulator,
  type VpcFixture,
} from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { AK, SECRET } from '../acs/sdk.js';
import { callProblems } from '../conformance/spec.js';

export const T0 = Date.UTC(2025, 2, 10, 8, 0, 0);
export const TIMINGS = { cbwpModifyMs: 30_000, eipSettleMs: 1_000 };

export type VpcClient = InstanceType<typeof Vpc.default>;

export function vpcClient(endpoint: string): VpcClient {
  return new (sdkClass(Vpc))(
    new $OpenApiUtil.Config({
      accessKeyId: AK,
      accessKeySecret: SECRET,
      readTimeout: 3000,
      endpoint,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
}

export interface VpcHarness {
  vpc: VpcEmulator;
  clock: VirtualClock;
  client: VpcClient;
  close(): Promise<void>;
}

export async function startVpcHarness(opts: { fixture?: VpcFixture } = {}): Promise<VpcHarness> {
  const clock = new VirtualClock(T0);
  const vpc = await startVpcEmulator({
    clock,
    credentials: { accessKeyId: AK, accessKeySecret: SECRET },
    timings: TIMINGS,
    ...(opts.fixture ? { fixture: opts.fixture } : {}),
  });
  const close = async () => {
    await vpc.close();
    // Every answer of every VPC test is checked against vpc.json: a code the action's table does not list at that
    // status (nor the common list of test/local/conformance/spec.ts), or one the emulator does not declare, fails.
    expect(callProblems(vpc.state.apiCalls(), VPC_ERRORS, 'vpc')).toEqual([]);
  };
  return { vpc, clock, client: vpcClient(vpc.endpoint), close };
}
