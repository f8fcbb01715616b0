/**
 * The local VPC: the ACS shell plus the EIP and shared-bandwidth-package actions on a VpcState, on 127.0.0.1.
 * The official `@alicloud/vpc20160428` client talks to it with `endpoint: <endpoint>, protocol: 'http'`.
 */
import type { Clock } from '../types.js';
import type { Logger } from '../types.js';
import { guardActions } from '../acs/params.js';
import { emulatorServerOptions, startAcsServer } from '../acs/server.js';
import type { FaultInjector } from '../faults.js';
import { cbwpActions } from './actions/cbwp.js';
import { eipActions } from './actions/eip.js';
import type { FleetFile } from '../ecs/types.js';
import { defaultVpcFixture } from './fixture.js';
import { vpcFixtureFromFleet } from './fleet.js';
import { VPC_PARAMS } from './paramSpec.js';
import { VpcState } from './state.js';
import type { VpcFixture, VpcTimings } from './types.js';

export const VPC_API_VERSION = '2016-04-28';

export interface VpcEmulatorOptions {
  /** Default 0 = a free port. */
  port?: number;
  /** Drives the state (Modifying → Available, the EIP settle window). */
  clock: Clock;
  /** Default: the fleet's EIPs and packages when `fleet` is given, else defaultVpcFixture(). */
  fixture?: VpcFixture;
  /** Seed from a fleet file (its instances' `eip`, `eips`, `bandwidthPackages`): see ./fleet.ts. */
  fleet?: FleetFile;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** Default: the fixture's regionId, else cn-hangzhou. */
  regionId?: string;
  timings?: Partial<VpcTimings>;
  faults?: FaultInjector;
  logger?: Logger;
  /** Clock the SDK's signed request time is checked against (default: wall time). */
  signatureClock?: Clock;
}

export interface VpcEmulator {
  url: string;
  /** host:port for the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  regionId: string;
  state: VpcState;
  close(): Promise<void>;
}

/** Start the local VPC. */
export async function startVpcEmulator(o: VpcEmulatorOptions): Promise<VpcEmulator> {
  const fixture = o.fixture ?? (o.fleet ? vpcFixtureFromFleet(o.fleet) : defaultVpcFixture());
  const state = new VpcState(fixture, o.clock, {
    ...(o.regionId ? { regionId: o.regionId } : {}),
    ...(o.timings ? { timings: o.timings } : {}),
  });
  const server = await startAcsServer({
    product: 'vpc',
    version: VPC_API_VERSION,
    actions: guardActions(VPC_PARAMS, { ...eipActions(state), ...cbwpActions(state) }),
    ...emulatorServerOptions(o, { clock: o.clock, call: (c) => state.recordCall(c) }),
  });
  return { ...server, regionId: state.regionId, state };
}
