/**
 * The VPC emulator's in-memory state: EIPs and shared bandwidth packages seeded from a fixture, a change log and
 * a call log. A package's Modifying → Available transition is applied lazily from the clock (`settle()` runs
 * before every read), like the ECS emulator's transitions, so any Clock works, virtual or real.
 */
import type { Clock } from '../types.js';
import {
  DEFAULT_VPC_TIMINGS,
  type EipRecord,
  type PackageRecord,
  type VpcApiCall,
  type VpcChange,
  type VpcFixture,
  type VpcTimings,
} from './types.js';

export class VpcState {
  readonly regionId: string;
  readonly timings: VpcTimings;
  private readonly eips = new Map<string, EipRecord>();
  private readonly packages = new Map<string, PackageRecord>();
  private readonly log: VpcChange[] = [];
  private readonly calls: VpcApiCall[] = [];
  /** Set when the state is saved with the store's (./persist.ts): a change is answered once it is on disk. */
  persistence?: { changed(): void; saved(): Promise<void> };

  constructor(
    fixture: VpcFixture,
    readonly clock: Clock,
    opts: { regionId?: string; timings?: Partial<VpcTimings> } = {},
  ) {
    this.regionId = opts.regionId ?? fixture.regionId ?? 'cn-hangzhou';
    this.timings = { ...DEFAULT_VPC_TIMINGS, ...opts.timings };
    const nowMs = clock.now();
    for (const p of fixture.packages ?? []) {
      if (this.packages.has(p.bandwidthPackageId)) throw new Error(`duplicate package ${p.bandwidthPackageId}`);
      this.packages.set(p.bandwidthPackageId, {
        bandwidthPackageId: p.bandwidthPackageId,
        bandwidth: p.bandwidth,
        internetChargeType: p.internetChargeType ?? 'PayByBandwidth',
        chargeType: p.chargeType ?? 'PostPaid',
        name: p.name ?? '',
        tags: { ...p.tags },
        createdAtMs: nowMs,
        pending:
          p.status === 'Modifying' ? { bandwidth: p.bandwidth, untilMs: nowMs + this.timings.cbwpModifyMs } : undefined,
      });
    }
    for (const f of fixture.eips) {
      if (this.eips.has(f.allocationId)) throw new Error(`duplicate EIP ${f.allocationId}`);
      if (f.bandwidthPackageId && !this.packages.has(f.bandwidthPackageId))
        throw new Error(`EIP ${f.allocationId}: unknown package ${f.bandwidthPackageId}`);
      this.eips.set(f.allocationId, {
        allocationId: f.allocationId,
        ipAddress: f.ipAddress,
        bandwidth: f.bandwidth,
        internetChargeType: f.internetChargeType ?? 'PayByTraffic',
        chargeType: f.chargeType ?? 'PostPaid',
        status: f.status ?? (f.instanceId ? 'InUse' : 'Available'),
        instanceId: f.instanceId,
        bandwidthPackageId: f.bandwidthPackageId,
        name: f.name ?? '',
        description: '',
        lockReason: f.lockReason,
        tags: { ...f.tags },
        allocatedAtMs: nowMs,
        busyUntilMs: Number.NEGATIVE_INFINITY,
      });
    }
  }

  /** Finish every package modification that is due. */
  settle(): void {
    const nowMs = this.clock.now();
    for (const p of this.packages.values()) {
      if (p.pending && p.pending.untilMs <= nowMs) {
        this.log.push({
          atMs: p.pending.untilMs,
          action: 'CbwpModifyDone',
          resourceId: p.bandwidthPackageId,
          from: p.bandwidth,
          to: p.pending.bandwidth,
        });
        p.bandwidth = p.pending.bandwidth;
        p.pending = undefined;
      }
    }
  }

  /** Copies of the EIPs, in fixture order. */
  listEips(): EipRecord[] {
    this.settle();
    return [...this.eips.values()].map((e) => ({ ...e, tags: { ...e.tags } }));
  }

  eip(allocationId: string): EipRecord | undefined {
    this.settle();
    const e = this.eips.get(allocationId);
    return e ? { ...e, tags: { ...e.tags } } : undefined;
  }

  /** Copies of the packages, in fixture order. */
  listPackages(): PackageRecord[] {
    this.settle();
    return [...this.packages.values()].map((p) => ({
      ...p,
      tags: { ...p.tags },
      ...(p.pending ? { pending: { ...p.pending } } : {}),
    }));
  }

  pkg(id: string): PackageRecord | undefined {
    return this.listPackages().find((p) => p.bandwidthPackageId === id);
  }

  /**
   * The bandwidth in force of an EIP and its billing method, as DescribeEipAddresses' `Bandwidth` shows it (in a
   * package: the package's). The ECS emulator reads its `EipAddress.Bandwidth` from here (EcsState.linkEips).
   */
  liveEip(
    allocationId: string,
  ): { bandwidthMbps: number; internetChargeType: EipRecord['internetChargeType'] } | undefined {
    this.settle();
    const e = this.eips.get(allocationId);
    if (!e) return undefined;
    const p = e.bandwidthPackageId ? this.packages.get(e.bandwidthPackageId) : undefined;
    return { bandwidthMbps: p ? p.bandwidth : e.bandwidth, internetChargeType: e.internetChargeType };
  }

  /** Apply a checked EIP change; the EIP is busy for `eipSettleMs`. */
  modifyEip(allocationId: string, change: { bandwidth?: number; name?: string; description?: string }): void {
    const e = this.eips.get(allocationId);
    if (!e) throw new Error(`unknown EIP ${allocationId}`);
    const nowMs = this.clock.now();
    if (change.bandwidth !== undefined && change.bandwidth !== e.bandwidth) {
      this.log.push({
        atMs: nowMs,
        action: 'ModifyEipAddressAttribute',
        resourceId: allocationId,
        from: e.bandwidth,
        to: change.bandwidth,
      });
      e.bandwidth = change.bandwidth;
    }
    if (change.name !== undefined) e.name = change.name;
    if (change.description !== undefined) e.description = change.description;
    e.busyUntilMs = nowMs + this.timings.eipSettleMs;
  }

  /** Start a checked package change: Modifying now, the new bandwidth after `cbwpModifyMs`. */
  modifyPackage(id: string, bandwidth: number): void {
    const p = this.packages.get(id);
    if (!p) throw new Error(`unknown package ${id}`);
    const nowMs = this.clock.now();
    this.log.push({
      atMs: nowMs,
      action: 'ModifyCommonBandwidthPackageSpec',
      resourceId: id,
      from: p.bandwidth,
      to: bandwidth,
    });
    p.pending = { bandwidth, untilMs: nowMs + this.timings.cbwpModifyMs };
  }

  /** Set an EIP's status (tests and the admin: Associating, Releasing …). */
  setEipStatus(allocationId: string, status: EipRecord['status']): void {
    const e = this.eips.get(allocationId);
    if (!e) throw new RangeError(`setEipStatus: unknown EIP '${allocationId}'`);
    e.status = status;
  }

  changes(): VpcChange[] {
    this.settle();
    return this.log.map((c) => ({ ...c }));
  }

  apiCalls(): VpcApiCall[] {
    return this.calls.map((c) => ({ ...c }));
  }

  recordCall(call: VpcApiCall): void {
    this.calls.push(call);
  }

  /** `body` once every change so far is saved (`changed`: this call made one); at once without persistence. */
  afterCall<T>(body: T, changed: boolean): T | Promise<T> {
    if (!this.persistence) return body;
    if (changed) this.persistence.changed();
    return this.persistence.saved().then(() => body);
  }

  /** The live records, for ./persist.ts only. */
  internals() {
    return { eips: this.eips, packages: this.packages, log: this.log };
  }
}
