/**
 * The ECS part of the local cloud (`autoscaler emulate`): starts the emulator and names the keys it adds to
 * the emulate JSON line. Other parts (CMS, Tablestore, FC) follow the same LocalCloudPart shape.
 */
import type { Logger } from '../../ports/Logger.js';
import type { TimerClock } from '../clock.js';
import type { FaultInjector } from '../faults.js';
import { type EcsEmulator, startEcsEmulator } from './server.js';
import type { FleetFile } from './types.js';

/** What every part of the local cloud receives. */
export interface LocalCloudContext {
  clock: TimerClock;
  regionId: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  logger: Logger;
  faults?: FaultInjector;
}

/** A started part: the keys it contributes to the emulate JSON line, and how to stop it. */
export interface LocalCloudPart {
  keys: Record<string, string>;
  close(): Promise<void>;
}

/** Start the local ECS as a local-cloud part (key `ecs` = its base URL). */
export async function startLocalCloudEcs(
  ctx: LocalCloudContext,
  opts: { port?: number; fleet?: FleetFile } = {},
): Promise<LocalCloudPart & { ecs: EcsEmulator }> {
  const ecs = await startEcsEmulator({
    clock: ctx.clock,
    credentials: ctx.credentials,
    regionId: ctx.regionId,
    logger: ctx.logger,
    ...(ctx.faults ? { faults: ctx.faults } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.fleet ? { fleet: opts.fleet } : {}),
  });
  return { ecs, keys: { ecs: ecs.url }, close: () => ecs.close() };
}
