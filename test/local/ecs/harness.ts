// Test harness: a fresh ECS emulator on a VirtualClock per test, and an official SDK client for it.
import type Ecs from '@alicloud/ecs20140526';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import type { EcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { expect } from 'vitest';
import { ECS_ERRORS } from '@ecs-autoscaler/local-cloud/ecs/paramSpec.js';
import { AK, ecsClient, SECRET } from '../acs/sdk.js';
import { callProblems } from '../conformance/spec.js';

export const T0 = Date.UTC(2025, 2, 10, 8, 0, 0);
export const TIMINGS = { stopMs: 10_000, startMs: 20_000, forceStopMs: 2_000 };

export interface Harness {
  ecs: EcsEmulator;
  clock: VirtualClock;
  client: InstanceType<typeof Ecs.default>;
  close(): Promise<void>;
}

export async function startHarness(opts: { faults?: FaultInjector } = {}): Promise<Harness> {
  const clock = new VirtualClock(T0);
  const ecs = await startEcsEmulator({
    clock,
    credentials: { accessKeyId: AK, accessKeySecret: SECRET },
    timings: TIMINGS,
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  const close = async () => {
    await ecs.close();
    // Every answer of every ECS test is checked against the metadata: a code the action's table does not list
    // (nor the common list of test/local/conformance/spec.ts) fails the test that provoked it.
    expect(callProblems(ecs.state.apiCalls(), ECS_ERRORS)).toEqual([]);
  };
  return { ecs, clock, client: ecsClient(ecs.endpoint), close };
}

/** `yyyy-MM-ddTHH:mmZ` of T0 + offset. */
export function minuteAt(offsetMs: number): string {
  return `${new Date(T0 + offsetMs).toISOString().slice(0, 16)}Z`;
}

/** `yyyy-MM-ddTHHZ` of T0 + offset. */
export function hourAt(offsetMs: number): string {
  return `${new Date(T0 + offsetMs).toISOString().slice(0, 13)}Z`;
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
