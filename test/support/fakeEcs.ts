/**
 * A fast in-memory EcsApi for the property-based invariant runs (thousands of schedules per second), with
 * the platform rules the invariants depend on: ClientToken idempotence (same token + same parameters is a
 * replay, other parameters a mismatch), type changes only when Stopped, Stopping/Starting transitions, and
 * injected faults including `drop-after` (applied, answer lost, retried with the same request). Every applied change is logged with the
 * clock time, and every mutating call is checked by an `observer` BEFORE it takes effect (the place where
 * "never two in-flight actions" and "no change without a claim" are asserted).
 */
import { CloudApiError } from '../../src/core/errors.js';
import type { InstanceSnapshot } from '../../src/core/types.js';
import type { Clock } from '../../src/ports/Clock.js';
import type { ApiResult, EcsApi, ModificationAvailability } from '../../src/ports/EcsApi.js';

export interface AppliedChange {
  atMs: number;
  instanceId: string;
  kind: 'bandwidth' | 'type' | 'stop' | 'start';
  from: string | number;
  to: string | number;
  clientToken?: string;
}

/**
 * An injected answer for the next mutating call: an error (nothing applied), or `dropAfter`: applied, the
 * answer lost, and the call retried as the ECS adapter does (same request, same ClientToken).
 */
export type FakeFault = { code: string; retryable: boolean; dropAfter?: boolean };

/** Called when a mutating call starts; may record violations. */
export type MutationObserver = (instanceId: string, api: string) => Promise<void> | void;

const SIZES: Record<string, number> = { large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16 };

const cpuByType = new Map<string, number>();

/** vCPUs of an `ecs.<family>.<size>` type (memoised: the invariant runs ask millions of times). */
export function cpuOf(type: string): number {
  let cpu = cpuByType.get(type);
  if (cpu === undefined) {
    cpu = SIZES[type.slice(type.lastIndexOf('.') + 1)] ?? 2;
    cpuByType.set(type, cpu);
  }
  return cpu;
}

export class FakeEcs implements EcsApi {
  readonly instances = new Map<string, InstanceSnapshot>();
  readonly changes: AppliedChange[] = [];
  readonly faults: FakeFault[] = [];
  readonly inFlight = new Map<string, number>();
  readonly overlaps: string[] = [];
  soldOut = new Set<string>();
  mutatingCalls = 0;
  observer: MutationObserver = () => {};
  private readonly tokens = new Map<string, string>();
  private readonly pending = new Map<string, 'Running' | 'Stopped'>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    instances: InstanceSnapshot[],
  ) {
    for (const i of instances) this.instances.set(i.instanceId, structuredClone(i));
  }

  private settle(i: InstanceSnapshot): void {
    const to = this.pending.get(i.instanceId);
    if (to) {
      i.status = to;
      this.pending.delete(i.instanceId);
    }
  }

  private error(code: string, retryable: boolean, httpStatus = 400): CloudApiError {
    return new CloudApiError({
      code,
      message: `${code} (fake)`,
      httpStatus,
      requestId: `fake-${++this.seq}`,
      retryable,
    });
  }

  /** Enter a mutating call: observe, detect overlap, yield once so concurrent calls can interleave. */
  private async mutate<T>(instanceId: string, api: string, apply: () => T): Promise<T> {
    this.mutatingCalls++;
    await this.observer(instanceId, api);
    const n = (this.inFlight.get(instanceId) ?? 0) + 1;
    this.inFlight.set(instanceId, n);
    if (n > 1) this.overlaps.push(`${api} on ${instanceId} while ${n - 1} other call(s) in flight`);
    try {
      await Promise.resolve();
      const fault = this.faults.shift();
      if (fault && !fault.dropAfter) throw this.error(fault.code, fault.retryable, fault.retryable ? 503 : 400);
      if (!fault?.dropAfter) return apply();
      // Applied, answer lost: the adapter retries the SAME request. A ClientToken call replays the first result;
      // Stop/Start carry no token and meet the status they already changed (IncorrectInstanceStatus).
      apply();
      return apply();
    } finally {
      this.inFlight.set(instanceId, (this.inFlight.get(instanceId) ?? 1) - 1);
    }
  }

  private get(instanceId: string): InstanceSnapshot {
    const i = this.instances.get(instanceId);
    if (!i) throw this.error('InvalidInstanceId.NotFound', false, 404);
    this.settle(i);
    return i;
  }

  /** True when this token was seen with these params (a replay); throws on a mismatch. */
  private replay(token: string, params: unknown): boolean {
    const key = JSON.stringify(params);
    const seen = this.tokens.get(token);
    if (seen === undefined) return false;
    if (seen !== key) throw this.error('IdempotentParameterMismatch', false);
    return true;
  }

  private log(c: Omit<AppliedChange, 'atMs'>): ApiResult {
    this.changes.push({ atMs: this.clock.now(), ...c });
    return { requestId: `fake-${++this.seq}` };
  }

  async describeInstances(ids: readonly string[]): Promise<InstanceSnapshot[]> {
    return ids.flatMap((id) => {
      const i = this.instances.get(id);
      if (!i) return [];
      this.settle(i);
      return [structuredClone(i)];
    });
  }

  async listInstances(filter: { tags?: Record<string, string> }): Promise<InstanceSnapshot[]> {
    const tags = Object.entries(filter.tags ?? {});
    return [...this.instances.values()]
      .filter((i) => tags.every(([k, v]) => i.tags[k] === v))
      .map((i) => {
        this.settle(i);
        return structuredClone(i);
      });
  }

  async describeInstanceTypes() {
    return [];
  }

  stopInstance(req: { instanceId: string }): Promise<ApiResult> {
    return this.mutate(req.instanceId, 'StopInstance', () => {
      const i = this.get(req.instanceId);
      if (i.status !== 'Running') throw this.error('IncorrectInstanceStatus', false, 403);
      i.status = 'Stopping';
      this.pending.set(i.instanceId, 'Stopped');
      return this.log({ instanceId: i.instanceId, kind: 'stop', from: 'Running', to: 'Stopped' });
    });
  }

  startInstance(req: { instanceId: string }): Promise<ApiResult> {
    return this.mutate(req.instanceId, 'StartInstance', () => {
      const i = this.get(req.instanceId);
      if (i.status !== 'Stopped') throw this.error('IncorrectInstanceStatus', false, 403);
      i.status = 'Starting';
      this.pending.set(i.instanceId, 'Running');
      return this.log({ instanceId: i.instanceId, kind: 'start', from: 'Stopped', to: 'Running' });
    });
  }

  private changeType(api: string, req: { instanceId: string; instanceType: string; clientToken: string }) {
    return this.mutate(req.instanceId, api, () => {
      if (this.replay(req.clientToken, { api, ...req })) return { requestId: `fake-${++this.seq}` };
      const i = this.get(req.instanceId);
      if (i.status !== 'Stopped') throw this.error('InvalidInstanceStatus.NotStopped', false);
      if (this.soldOut.has(req.instanceType)) throw this.error('OperationDenied.NoStock', false, 403);
      this.tokens.set(req.clientToken, JSON.stringify({ api, ...req }));
      const from = i.instanceType;
      i.instanceType = req.instanceType;
      i.cpu = cpuOf(req.instanceType);
      return this.log({
        instanceId: i.instanceId,
        kind: 'type',
        from,
        to: req.instanceType,
        clientToken: req.clientToken,
      });
    });
  }

  modifyInstanceSpec(req: { instanceId: string; instanceType: string; clientToken: string }): Promise<ApiResult> {
    return this.changeType('ModifyInstanceSpec', req);
  }

  modifyPrepayInstanceSpec(req: { instanceId: string; instanceType: string; clientToken: string }) {
    return this.changeType('ModifyPrepayInstanceSpec', req);
  }

  modifyInstanceNetworkSpec(req: Parameters<EcsApi['modifyInstanceNetworkSpec']>[0]): Promise<ApiResult> {
    return this.mutate(req.instanceId, 'ModifyInstanceNetworkSpec', () => {
      if (this.replay(req.clientToken, req)) return { requestId: `fake-${++this.seq}` };
      const i = this.get(req.instanceId);
      this.tokens.set(req.clientToken, JSON.stringify(req));
      const from = i.bandwidthOutMbps;
      i.bandwidthOutMbps = req.bandwidthOutMbps;
      if (req.networkChargeType) i.internetChargeType = req.networkChargeType;
      return this.log({
        instanceId: i.instanceId,
        kind: 'bandwidth',
        from,
        to: req.bandwidthOutMbps,
        clientToken: req.clientToken,
      });
    });
  }

  async describeResourcesModification(req: { targetType: string }): Promise<ModificationAvailability> {
    const available = !this.soldOut.has(req.targetType);
    const requestId = `fake-${++this.seq}`;
    return available
      ? { available, status: 'Available', statusCategory: 'WithStock', requestId }
      : { available, status: 'SoldOut', statusCategory: 'WithoutStock', requestId };
  }
}
