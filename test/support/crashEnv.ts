/**
 * The parent side of the crash tests: ECS, CloudMonitor and Tablestore emulators on a ScaledClock, served on
 * 127.0.0.1 for the lifetime of the test file, so the state a killed child left behind is still there when
 * the next invocation (a fresh child, or the parent itself) runs.
 */
import { randomBytes } from 'node:crypto';
import { createTablestoreStateStore } from '../../src/adapters/tablestore/stateStore.js';
import { type CmsEmulator, startCmsEmulator } from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import { type EcsEmulator, type FleetFile, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startTablestoreEmulator, type TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import type { AppEnvSpec } from './appEnv.js';
import { RELIABILITY_CONFIG_YAML } from './config.js';
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import { ScaledClock } from './scaledClock.js';

/**
 * Virtual time runs 50× wall time (parent and child compute it alike from the wall clock). Both leases are 600 s:
 * 12 s of wall time. Every mutating call is fenced by a renew that needs a live lease, and a running type change
 * renews every third of its TTL (4 s of wall time), so only an event-loop stall of 8 s or more (a real hang on a
 * loaded machine) costs a lease; the scenarios wait 610 s for a lease to lapse. A child process takes wall seconds
 * to start, so the callbacks' freshness window is an hour (72 s of wall time).
 */
export const SPEED = 50;
export const CRASH_LEASE_SEC = 600;
export const CRASH_CONFIG_YAML = `${RELIABILITY_CONFIG_YAML.replace(
  'leaseTtlSec: 120',
  `leaseTtlSec: ${CRASH_LEASE_SEC}`,
).replace(
  'orchestrationLeaseTtlSec: 600',
  `orchestrationLeaseTtlSec: ${CRASH_LEASE_SEC}`,
)}\nfreshness: { maxAgeSec: 3600 }\n`;

export interface CrashEnv {
  spec: AppEnvSpec;
  clock: ScaledClock;
  ecs: EcsEmulator;
  cms: CmsEmulator;
  ots: TablestoreEmulator;
  close(): Promise<void>;
}

const secret = (n: number) => randomBytes(n).toString('base64url');

/** What CloudMonitor needs to know about the emulated instances (as src/local/cloud wires it). */
export function cmsView(ecs: EcsEmulator) {
  return {
    get(id: string) {
      const v = ecs.state.get(id);
      if (!v) return undefined;
      const publicIp = v.eip?.ipAddress ?? v.publicIp;
      return {
        bandwidthOutMbps: v.effectiveBandwidthOutMbps,
        cpu: INSTANCE_TYPES.get(v.instanceType)?.cpu ?? 2,
        status: v.status,
        internetChargeType: v.internetChargeType,
        ...(publicIp ? { publicIp } : {}),
      };
    },
    list: () => ecs.state.list().map((i) => i.instanceId),
  };
}

export async function startCrashEnv(o: { fleet: FleetFile; workload: WorkloadSource }): Promise<CrashEnv> {
  const clock = new ScaledClock({ startMs: Date.UTC(2025, 0, 6, 3, 0, 30), wallStartMs: Date.now(), speed: SPEED });
  const credentials = { accessKeyId: `LTAI${secret(12)}`, accessKeySecret: secret(24) };
  const ecs = await startEcsEmulator({ clock, credentials, fleet: o.fleet });
  const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler' });
  const cms = await startCmsEmulator({
    clock,
    credentials,
    regionId: ecs.regionId,
    instances: cmsView(ecs),
    workload: o.workload,
  });
  await createTablestoreStateStore({
    endpoint: ots.url,
    instanceName: 'autoscaler',
    credentials,
    clock,
  }).ensureTables();
  const spec: AppEnvSpec = {
    clock: clock.spec,
    regionId: ecs.regionId,
    ecsEndpoint: ecs.endpoint,
    cmsEndpoint: cms.endpoint,
    ots: { endpoint: ots.url, instanceName: 'autoscaler' },
    credentials,
    token: `whk-${secret(18)}`,
    configYaml: CRASH_CONFIG_YAML,
  };
  return {
    spec,
    clock,
    ecs,
    cms,
    ots,
    async close() {
      await Promise.allSettled([cms.close(), ecs.close()]);
      await ots.close();
    },
  };
}

/** Wall time until `virtualMs` of virtual time has passed. */
export function waitVirtual(virtualMs: number): Promise<void> {
  return new Promise((r) => setTimeout(r, virtualMs / SPEED));
}
