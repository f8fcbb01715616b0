/**
 * The local ECS: the ACS shell plus the ECS actions on an EcsState, listening on 127.0.0.1.
 * The official `@alicloud/ecs20140526` client talks to it with `endpoint: <endpoint>, protocol: 'http'`.
 */
import type { Clock } from '../types.js';
import type { Logger } from '../types.js';
import { guardActions } from '../acs/params.js';
import { emulatorServerOptions, startAcsServer } from '../acs/server.js';
import type { FaultInjector } from '../faults.js';
import { describeActions } from './actions/describe.js';
import { networkActions } from './actions/network.js';
import { powerActions } from './actions/power.js';
import { prepayActions } from './actions/prepay.js';
import { resourceActions } from './actions/resources.js';
import { specActions } from './actions/spec.js';
import { defaultFleet } from './fleet.js';
import { ECS_PARAMS } from './paramSpec.js';
import { EcsState } from './state.js';
import type { EcsTimings, FleetFile } from './types.js';

export const ECS_API_VERSION = '2014-05-26';

export interface EcsEmulatorOptions {
  /** Default 0 = a free port. */
  port?: number;
  /** Drives the emulator's state (transitions, temporary upgrades, ClientToken retention). */
  clock: Clock;
  /** Default: packages/local-cloud/fleet.json. */
  fleet?: FleetFile;
  faults?: FaultInjector;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** Default: the fleet's regionId, else cn-hangzhou. */
  regionId?: string;
  timings?: Partial<EcsTimings>;
  logger?: Logger;
  /** Clock the SDK's signed request time is checked against (default: wall time). */
  signatureClock?: Clock;
}

export interface EcsEmulator {
  url: string;
  /** host:port for the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  regionId: string;
  state: EcsState;
  close(): Promise<void>;
}

/** Start the local ECS. */
export async function startEcsEmulator(o: EcsEmulatorOptions): Promise<EcsEmulator> {
  const state = new EcsState(o.fleet ?? defaultFleet(), o.clock, {
    ...(o.regionId ? { regionId: o.regionId } : {}),
    ...(o.timings ? { timings: o.timings } : {}),
  });
  const server = await startAcsServer({
    product: 'ecs',
    version: ECS_API_VERSION,
    actions: guardActions(ECS_PARAMS, {
      ...describeActions(state),
      ...resourceActions(state),
      ...powerActions(state),
      ...specActions(state),
      ...prepayActions(state),
      ...networkActions(state),
    }),
    ...emulatorServerOptions(o, { clock: o.clock, call: (c) => state.recordCall(c) }),
  });
  return { ...server, regionId: state.regionId, state };
}
