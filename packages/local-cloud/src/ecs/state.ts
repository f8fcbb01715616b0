/**
 * The ECS emulator's state: instances, stock per (type, zone), the change log and API call counters.
 * Time-driven effects (Stopping → Stopped, temporary upgrades ending) are applied lazily from the clock
 * (`settle()` runs before every read and every API call), so any Clock works, virtual or real, and nothing
 * depends on timers firing.
 */
import type { AcsCall } from '../acs/server.js';
import type { Clock } from '../types.js';
import { INSTANCE_TYPES } from './catalog.js';
import { ClientTokenStore } from './idempotency.js';
import type {
  ChangeLogEntry,
  EcsTimings,
  EipDirectory,
  EmulatedInstance,
  FleetFile,
  FleetInstance,
  InstanceView,
} from './types.js';

export const DEFAULT_TIMINGS: EcsTimings = { stopMs: 15_000, startMs: 20_000, forceStopMs: 3_000 };
const YEAR_MS = 365 * 24 * 3_600_000;

/** One request as the emulator records it (the ACS server's shape). */
export type ApiCall = AcsCall;

export class EcsState {
  readonly regionId: string;
  readonly timings: EcsTimings;
  readonly tokens = new ClientTokenStore();
  private readonly instances = new Map<string, EmulatedInstance>();
  private readonly stockByKey = new Map<string, number>();
  private readonly log: ChangeLogEntry[] = [];
  private readonly calls: ApiCall[] = [];
  private ipCounter = 0;
  private orderCounter = 0;
  /** Set by the local cloud when this state is saved with the store's (packages/local-cloud/src/ecs/persist.ts). */
  persistence?: EcsPersistenceHook;
  /** Where EIP bandwidths live once linked (the VPC state): the fleet's values are only the seed. */
  private eipDirectory?: EipDirectory;

  constructor(
    fleet: FleetFile,
    readonly clock: Clock,
    opts: { regionId?: string; timings?: Partial<EcsTimings> } = {},
  ) {
    this.regionId = opts.regionId ?? fleet.regionId ?? 'cn-hangzhou';
    this.timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    for (const s of fleet.stock) this.setStock(s.instanceType, s.zoneId, s.available);
    fleet.instances.forEach((f, i) => {
      this.instances.set(f.instanceId, this.fromFleet(f, i));
    });
  }

  private fromFleet(f: FleetInstance, index: number): EmulatedInstance {
    const nowMs = this.clock.now();
    const status = f.status ?? 'Running';
    const inst: EmulatedInstance = {
      instanceId: f.instanceId,
      instanceName: f.instanceName ?? f.instanceId,
      regionId: this.regionId,
      zoneId: f.zoneId,
      instanceType: f.instanceType,
      instanceChargeType: f.instanceChargeType,
      internetChargeType: f.internetChargeType,
      bandwidthOutMbps: f.bandwidthOutMbps,
      bandwidthInMbps: f.bandwidthInMbps ?? defaultBandwidthIn(f.bandwidthOutMbps),
      status,
      schedule: [],
      stoppedMode: status === 'Stopped' ? 'KeepCharging' : 'Not-applicable',
      lockReasons: [...(f.lockReasons ?? [])],
      tags: { ...(f.tags ?? {}) },
      creationTimeMs: nowMs - 30 * 24 * 3_600_000,
      privateIp: `172.16.${Math.floor(index / 250)}.${(index % 250) + 2}`,
      vpcId: 'vpc-local0001',
      vSwitchId: `vsw-${f.zoneId.slice(-1)}local01`,
      downgradeCount: f.platformDowngrades ?? 0,
    };
    if (f.instanceChargeType === 'PrePaid')
      inst.expiredTimeMs = f.expiredTime ? Date.parse(f.expiredTime) : nowMs + YEAR_MS;
    if (f.eip) inst.eip = { ...f.eip };
    else if (f.publicIp) inst.publicIp = f.publicIp;
    else if (f.bandwidthOutMbps > 0) inst.publicIp = this.nextPublicIp();
    return inst;
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Read EIP bandwidths and charge types from `directory` (the VPC emulator's state) from now on, so that
   * DescribeInstances' `EipAddress.Bandwidth` is what ModifyEipAddressAttribute last set.
   */
  linkEips(directory: EipDirectory): void {
    this.eipDirectory = directory;
  }

  /** Apply every time-driven effect due by now. Idempotent. */
  settle(): void {
    const nowMs = this.clock.now();
    for (const inst of this.instances.values()) this.settleInstance(inst, nowMs);
    this.tokens.prune(nowMs);
  }

  private settleInstance(inst: EmulatedInstance, nowMs: number): void {
    while (inst.schedule[0] && inst.schedule[0].atMs <= nowMs) {
      const next = inst.schedule.shift()!;
      inst.status = next.status;
      if (next.status === 'Running') inst.stoppedMode = 'Not-applicable';
    }
    const tb = inst.temporaryBandwidth;
    if (tb && tb.endMs <= nowMs) {
      delete inst.temporaryBandwidth;
      this.record({
        atMs: tb.endMs,
        action: 'TemporaryBandwidthRevert',
        instanceId: inst.instanceId,
        params: {},
        summary: `temporary bandwidth ${tb.bandwidthOutMbps} → ${inst.bandwidthOutMbps} Mbps`,
      });
    }
    const tt = inst.temporaryType;
    if (tt && tt.endMs <= nowMs) {
      delete inst.temporaryType;
      this.takeStock(tt.baselineType, inst.zoneId, inst.instanceType);
      const from = inst.instanceType;
      inst.instanceType = tt.baselineType;
      this.record({
        atMs: tt.endMs,
        action: 'TemporaryTypeRevert',
        instanceId: inst.instanceId,
        params: {},
        summary: `temporary type ${from} → ${tt.baselineType}`,
      });
    }
  }

  /** A copy of one instance (settled), or undefined. */
  get(instanceId: string): InstanceView | undefined {
    this.settle();
    const inst = this.instances.get(instanceId);
    return inst ? view(inst, this.clock.now(), this.eipDirectory) : undefined;
  }

  /** Copies of every instance, in fleet order. */
  list(): InstanceView[] {
    this.settle();
    const nowMs = this.clock.now();
    return [...this.instances.values()].map((i) => view(i, nowMs, this.eipDirectory));
  }

  /** The live record, for action handlers only (call `settle()` first). */
  mutable(instanceId: string): EmulatedInstance | undefined {
    return this.instances.get(instanceId);
  }

  /** Every applied mutation so far, oldest first (copies). */
  changes(filter: { instanceId?: string; action?: string } = {}): ChangeLogEntry[] {
    this.settle();
    return this.log
      .filter(
        (c) =>
          (!filter.instanceId || c.instanceId === filter.instanceId) && (!filter.action || c.action === filter.action),
      )
      .map((c) => ({ ...c, params: { ...c.params } }));
  }

  record(entry: ChangeLogEntry): void {
    this.log.push(entry);
  }

  /** Count of authenticated API requests that reached the emulator (including injected faults). */
  apiCallCount(action?: string): number {
    return action ? this.calls.filter((c) => c.action === action).length : this.calls.length;
  }

  apiCalls(): ApiCall[] {
    return this.calls.map((c) => ({ ...c }));
  }

  recordCall(call: ApiCall): void {
    this.calls.push(call);
  }

  /** Set how many instances of `type` can still be placed in `zone` (0 = sold out). */
  setStock(type: string, zone: string, available: number): void {
    if (!INSTANCE_TYPES.has(type)) throw new RangeError(`setStock: unknown instance type '${type}'`);
    if (!Number.isInteger(available) || available < 0)
      throw new RangeError(`setStock: available must be an integer ≥ 0 (got ${available})`);
    this.stockByKey.set(`${type}|${zone}`, available);
  }

  /** Available count, or undefined when the zone does not offer the type at all. */
  stock(type: string, zone: string): number | undefined {
    return this.stockByKey.get(`${type}|${zone}`);
  }

  /** Zones that offer `type`. */
  zonesFor(type: string): string[] {
    return [...this.stockByKey.keys()].filter((k) => k.startsWith(`${type}|`)).map((k) => k.split('|')[1] ?? '');
  }

  /** Move one unit of capacity: take `type` in `zone`, give back `released` (if any). */
  takeStock(type: string, zone: string, released?: string): void {
    const key = `${type}|${zone}`;
    this.stockByKey.set(key, Math.max(0, (this.stockByKey.get(key) ?? 0) - 1));
    if (released) this.releaseStock(released, zone);
  }

  releaseStock(type: string, zone: string): void {
    const key = `${type}|${zone}`;
    if (this.stockByKey.has(key)) this.stockByKey.set(key, (this.stockByKey.get(key) ?? 0) + 1);
  }

  /** Add or replace an `OperationLocks` reason (tests: `lock(id, 'security')`). */
  lock(instanceId: string, reason: string): void {
    const inst = this.instances.get(instanceId);
    if (!inst) throw new RangeError(`lock: unknown instance '${instanceId}'`);
    if (!inst.lockReasons.includes(reason)) inst.lockReasons.push(reason);
  }

  nextPublicIp(): string {
    const n = ++this.ipCounter;
    return `47.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }

  nextOrderId(): string {
    return String(202500000000 + ++this.orderCounter);
  }

  /** `body` once every change so far is saved (`changed`: this call made one); at once without persistence. */
  afterCall<T>(body: T, changed: boolean): T | Promise<T> {
    if (!this.persistence) return body;
    if (changed) this.persistence.changed();
    return this.persistence.saved().then(() => body);
  }

  /** The live internals, for packages/local-cloud/src/ecs/persist.ts only. */
  internals() {
    return {
      instances: this.instances,
      stock: this.stockByKey,
      log: this.log,
      counters: () => ({ ip: this.ipCounter, order: this.orderCounter }),
      setCounters: (c: { ip: number; order: number }) => {
        this.ipCounter = c.ip;
        this.orderCounter = c.order;
      },
    };
  }
}

/** How the state's owner saves it: `changed()` marks it, `saved()` resolves once everything so far is on disk. */
export interface EcsPersistenceHook {
  changed(): void;
  saved(): Promise<void>;
}

/** InternetMaxBandwidthIn default: 10 when out ≤ 10, else out. */
export function defaultBandwidthIn(outMbps: number): number {
  return Math.max(10, outMbps);
}

/** Outbound bandwidth in force at `nowMs` (a temporary upgrade counts between its start and end). */
export function effectiveBandwidthOut(inst: EmulatedInstance, nowMs: number): number {
  const t = inst.temporaryBandwidth;
  return t && t.startMs <= nowMs && nowMs < t.endMs ? t.bandwidthOutMbps : inst.bandwidthOutMbps;
}

function view(inst: EmulatedInstance, nowMs: number, eips: EipDirectory | undefined): InstanceView {
  const copy: EmulatedInstance = structuredClone(inst);
  const live = copy.eip && eips?.liveEip(copy.eip.allocationId);
  if (copy.eip && live) Object.assign(copy.eip, live);
  return Object.freeze({ ...copy, effectiveBandwidthOutMbps: effectiveBandwidthOut(inst, nowMs) });
}
