/**
 * Drive the whole product through a trace on one virtual clock: the CMS emulator samples what the instance
 * serves (min(demand, capacity)) and raises alarms, the alarm and tick functions hosted by the local FC runtime
 * decide and call the ECS emulator through the official SDKs (the tick function also fires the daily `optimise`
 * sweep from its s.yaml timer). Every virtual minute is recorded: the capacity the instance had, whether it was
 * offline and its network charge type. No wall-clock sleeps: time only moves when this loop advances it.
 */
import { MemoryStateStore } from '../../adapters/memory/stateStore.js';
import { emptyRecord } from '../../core/backtest/engine.js';
import type { SweepNote } from '../../core/backtest/types.js';
import type { Config } from '../../core/config/types.js';
import type { PriceTable } from '../../core/cost.js';
import type { AuditEntry, InternetChargeType } from '../../core/types.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { provisionLocalAlarms } from '../cloud/alarms.js';
import { type LocalCloud, startLocalCloud } from '../cloud/index.js';
import { settle } from '../cloud/settle.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import { MUTATING_ACTIONS } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/types.js';
import type { Series, Trace } from './types.js';

export const SIM_INSTANCE = 'i-sim-0';
/** The EIP the simulated instance reaches the internet through under `link: 'eip'`. */
export const SIM_EIP = { allocationId: 'eip-sim-0', ipAddress: '47.96.0.2' } as const;
const MINUTE = 60_000;

export interface DriveOptions {
  trace: Trace;
  series: Series;
  config: Config;
  /** Starting spec: bandwidth (Mbps), instance type and network charge type (default PayByBandwidth). */
  initial: { bandwidthMbps: number; instanceType: string; internetChargeType?: InternetChargeType };
  /** Called after every simulated interval (for the progress bar). */
  onInterval?: (done: number, total: number) => void;
  /** The price table of the run (`--prices`): the product's optimiser decides on it too. */
  prices?: PriceTable;
  /**
   * Where the instance's public traffic goes: its own public IP (default) or a pay-as-you-go EIP bound to it
   * (`eip`: the EIP's bandwidth is the capacity, the instance has none of its own).
   */
  link?: 'publicIp' | 'eip';
}

export interface DriveRecord {
  /** Per virtual minute: provisioned capacity (Mbps or vCPU) and whether the instance was not Running. */
  capacity: number[];
  offline: boolean[];
  /** Instance type per minute (cpu series cost). */
  instanceType: string[];
  /** InternetChargeType per minute, as the ECS emulator reports it (bandwidth cost; the optimiser may switch it). */
  chargeType: InternetChargeType[];
  applied: AuditEntry[];
  /** The fast engine's strategy sweeps (the full engine audits them instead). */
  sweeps?: SweepNote[];
  /** The fast engine's stored forecast per minute, Mbps (NaN where none). */
  forecastMbps?: number[];
  apiCalls: number;
  duplicateApiCalls: number;
  alarms: number;
}

function fleetFor(o: DriveOptions): FleetFile {
  return {
    regionId: o.config.regionId,
    instances: [
      {
        instanceId: SIM_INSTANCE,
        instanceName: 'sim',
        zoneId: 'cn-hangzhou-h',
        instanceType: o.initial.instanceType,
        instanceChargeType: 'PostPaid',
        internetChargeType: o.initial.internetChargeType ?? 'PayByBandwidth',
        ...(o.link === 'eip'
          ? {
              bandwidthOutMbps: 0,
              eip: {
                ...SIM_EIP,
                bandwidthMbps: o.initial.bandwidthMbps,
                internetChargeType: o.initial.internetChargeType ?? 'PayByBandwidth',
              },
            }
          : { bandwidthOutMbps: o.initial.bandwidthMbps, publicIp: '47.96.0.1' }),
        tags: {},
      },
    ],
    // Ample stock of every type in the zone: the simulation measures policy, not sold-out luck.
    stock: [...INSTANCE_TYPES.keys()].map((instanceType) => ({
      instanceType,
      zoneId: 'cn-hangzhou-h',
      available: 1000,
    })),
  };
}

/** Demand of the trace interval containing tMs (the first interval before the trace starts). */
function demandLookup(trace: Trace): (tMs: number) => number {
  const start = trace.points[0]?.tMs ?? 0;
  const step = trace.stepSec * 1000;
  return (tMs) => {
    const i = Math.min(trace.points.length - 1, Math.max(0, Math.floor((tMs - start) / step)));
    return trace.points[i]?.value ?? 0;
  };
}

function sampleCapacity(cloud: LocalCloud, series: Series, rec: DriveRecord): void {
  const v = cloud.ecs.state.get(SIM_INSTANCE);
  const running = v?.status === 'Running';
  const type = v?.instanceType ?? '';
  rec.instanceType.push(type);
  // An EIP-bound instance's link is its EIP: the bandwidth and billing method the VPC holds (ECS reads them there).
  rec.chargeType.push(v?.eip?.internetChargeType ?? v?.internetChargeType ?? 'PayByBandwidth');
  rec.offline.push(!running);
  const bandwidth = v?.eip ? v.eip.bandwidthMbps : v?.effectiveBandwidthOutMbps;
  if (series === 'bandwidth') rec.capacity.push(running ? (bandwidth ?? 0) : 0);
  else rec.capacity.push(running ? (INSTANCE_TYPES.get(type)?.cpu ?? 0) : 0);
}

export async function drive(o: DriveOptions): Promise<DriveRecord> {
  const start = o.trace.points[0]?.tMs ?? 0;
  const clock = new VirtualClock(start);
  const demandAt = demandLookup(o.trace);
  const cloud = await startLocalCloud({
    clock,
    config: o.config,
    fleet: fleetFor(o),
    store: new MemoryStateStore(),
    awaitCallbacks: true,
    logger: { log: () => undefined },
    ...(o.prices ? { prices: o.prices } : {}),
    workload: {
      demandAt: (id, tMs) =>
        id !== SIM_INSTANCE
          ? { outboundMbps: 0 }
          : o.series === 'bandwidth'
            ? { outboundMbps: demandAt(tMs) }
            : { outboundMbps: 0, cpuVcpu: demandAt(tMs) },
    },
  });
  const rec: DriveRecord = emptyRecord();
  try {
    await provisionLocalAlarms(cloud);
    const perInterval = Math.round((o.trace.stepSec * 1000) / MINUTE);
    const total = o.trace.points.length;
    for (let i = 0; i < total; i++) {
      for (let m = 0; m < perInterval; m++) {
        sampleCapacity(cloud, o.series, rec);
        await step(cloud, clock, clock.now() + MINUTE);
      }
      o.onInterval?.(i + 1, total);
    }
    await finishInFlight(cloud, clock);
    await summarise(cloud, rec);
  } finally {
    await cloud.close();
  }
  return rec;
}

/** Wall time an invocation that woke from a virtual sleep gets to reach its next one (its ECS call, say). */
const WAKE_MS = 250;

/**
 * Move the clock to `targetMs` one due timer at a time, letting what each timer woke run before the next: a worker
 * polling DescribeInstances after a virtual sleep gets its answer and sleeps again at the virtual time it would in
 * the cloud, wherever the trace's minute steps fall (with whole steps, a poll that fell at a step's end was handled
 * one step late on traces stamped on whole minutes).
 */
async function step(cloud: LocalCloud, clock: VirtualClock, targetMs: number): Promise<void> {
  for (let next = clock.nextTimerAtMs(); next !== undefined && next <= targetMs; next = clock.nextTimerAtMs()) {
    await clock.advanceTo(next);
    await woken(cloud, clock);
  }
  await clock.advanceTo(targetMs);
  await settle(cloud);
}

/**
 * Until every invocation has finished, or one has gone (back) to sleep on the virtual clock (a timer is set), at most
 * WAKE_MS of wall time: an asynchronous invocation the timer queued (the tick's dispatch to the worker) starts and
 * makes its first call at the virtual time it was queued.
 */
async function woken(cloud: LocalCloud, clock: VirtualClock): Promise<void> {
  const after = clock.pendingTimers();
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  await Promise.race([
    cloud.fc.drain(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WAKE_MS);
      const check = () => {
        if (clock.pendingTimers() > after) resolve();
        else poll = setTimeout(check, 1);
      };
      poll = setTimeout(check, 1);
    }),
  ]);
  clearTimeout(timer);
  clearTimeout(poll);
}

/** After the trace: let an orchestration in flight (a type change) finish, so that closing the cloud never waits on a
 * worker asleep on a clock that no longer moves. At most an hour of virtual time. */
async function finishInFlight(cloud: LocalCloud, clock: VirtualClock): Promise<void> {
  const endMs = clock.now() + 3_600_000;
  while (clock.now() < endMs) {
    let idle = false;
    await Promise.race([
      cloud.fc.drain().then(() => {
        idle = true;
      }),
      new Promise<void>((resolve) => setTimeout(resolve, 50)),
    ]);
    if (idle) return;
    await step(cloud, clock, clock.now() + MINUTE);
  }
}

async function summarise(cloud: LocalCloud, rec: DriveRecord): Promise<void> {
  const calls = cloud.ecs.state.apiCalls().filter((c) => MUTATING_ACTIONS.has(c.action));
  const changes = cloud.ecs.state.changes({ instanceId: SIM_INSTANCE }).filter((c) => MUTATING_ACTIONS.has(c.action));
  // The EIP's bandwidth changes (ModifyEipAddressAttribute has no ClientToken: a call that changed nothing is one
  // too many).
  const eipCalls = cloud.vpc.state.apiCalls().filter((c) => c.action === 'ModifyEipAddressAttribute');
  const eipChanges = cloud.vpc.state.changes().filter((c) => c.resourceId === SIM_EIP.allocationId);
  rec.apiCalls = calls.length + eipCalls.length;
  // A successful mutating call that changed nothing is a replay (same ClientToken) or a redundant call.
  const ok = [...calls, ...eipCalls].filter((c) => c.httpStatus === 200).length;
  rec.duplicateApiCalls = Math.max(0, ok - changes.length - eipChanges.length);
  rec.alarms = cloud.cms.callbacks().length;
  const audit: AuditEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await cloud.store.listAudit(SIM_INSTANCE, {
      limit: 500,
      ...(before !== undefined ? { beforeMs: before } : {}),
    });
    audit.push(...page);
    if (page.length < 500) break;
    before = page[page.length - 1]?.atMs;
  }
  // Changes only: the sweep's `strategy` verdicts are audited `applied` too, with decision `skip`.
  rec.applied = audit.filter((e) => e.result === 'applied' && e.decision === 'scale').reverse();
}
