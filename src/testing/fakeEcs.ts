/**
 * The one in-memory EcsApi for tests and the bench. It keeps the platform rules the product relies on, the same
 * rules the ECS emulator enforces (both pass test/contract/ecs.contract.ts):
 *
 * - ClientToken idempotence: the same token with the same action and parameters replays the first result without
 *   a second change; with another action or other parameters it is refused with the API's mismatch code
 *   (`IdempotentParameterMismatch` for ModifyInstanceNetworkSpec, `IdempotenceParamNotMatch` for the type
 *   changes). Only a successful call is remembered, so a retry after an error can still go through.
 * - Stop/Start go through Stopping/Starting (for `transitionPolls` describes, or until `finishTransitions`);
 *   a type change needs a Stopped instance; ModifyInstanceSpec is for PostPaid instances only.
 * - Unknown ids are absent from describes and `InvalidInstanceId.NotFound` for changes; a tag filter matches
 *   every given tag.
 *
 * And what tests need around them: call and change logs, per-action (`failNext`), queued (`faults`, including
 * `dropAfter`: applied, answer lost, retried) and persistent (`failWith`) failures, a mutation `observer` with
 * overlap detection, sold-out types, and a read-only mode for consumers that must never write.
 */
import { CloudApiError } from '../core/errors.js';
import type { InstanceSnapshot } from '../core/types.js';
import type { Clock } from '../ports/Clock.js';
import type { ApiResult, EcsApi, ModificationAvailability } from '../ports/EcsApi.js';

export type EcsAction =
  | 'DescribeInstances'
  | 'ListInstances'
  | 'DescribeInstanceTypes'
  | 'StopInstance'
  | 'StartInstance'
  | 'ModifyInstanceSpec'
  | 'ModifyPrepayInstanceSpec'
  | 'ModifyInstanceNetworkSpec'
  | 'DescribeResourcesModification';

/**
 * One applied change: the call, the instance, its `detail` (stopped mode, new type, start type or new Mbps), when
 * (`atMs`, by the clock given), what changed (`kind`, `from`, `to`) and the ClientToken of a token-carrying call.
 */
export interface AppliedChange {
  action: EcsAction;
  instanceId: string;
  detail: string;
  atMs: number;
  kind: 'bandwidth' | 'type' | 'stop' | 'start';
  from: string | number;
  to: string | number;
  clientToken?: string;
}

/** A queued answer for the next mutating call: an error, or `dropAfter` (applied, answer lost, retried as is). */
export type FakeFault = { code: string; retryable: boolean; dropAfter?: boolean };

/** Called when a mutating call starts, before it takes effect. */
export type MutationObserver = (instanceId: string, api: string) => Promise<void> | void;

export interface FakeEcsOptions {
  /** Stamps applied changes (default: 0). */
  clock?: Clock;
  /** Describes an instance stays Stopping/Starting before it settles (default 1; 0 = the next describe). */
  transitionPolls?: number;
  /** Every mutating call throws (a consumer that must never write). */
  readOnly?: boolean;
  /** Keep the call log (default true; the bench turns it off). */
  recordCalls?: boolean;
}

export const apiError = (code: string, retryable = false, httpStatus = 400) =>
  new CloudApiError({ code, message: `${code} (injected)`, httpStatus, requestId: `req-err-${code}`, retryable });

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

const copy = (i: InstanceSnapshot): InstanceSnapshot => ({ ...i, tags: { ...i.tags } });

/** The request minus its token, keys sorted, undefined dropped: what a replay must repeat. */
function fingerprint(action: string, req: object): string {
  const entries = Object.entries(req)
    .filter(([k, v]) => k !== 'clientToken' && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([action, entries]);
}

export class FakeEcs implements EcsApi {
  readonly instances = new Map<string, InstanceSnapshot>();
  readonly calls: { action: EcsAction; params: unknown }[] = [];
  /** Applied mutations only (a token replay, a dry run or a refused call is not a change). */
  readonly changes: AppliedChange[] = [];
  /** Answers for the next mutating calls, whatever their action. */
  readonly faults: FakeFault[] = [];
  readonly inFlight = new Map<string, number>();
  /** One message per mutating call that started while another was in flight on the same instance. */
  readonly overlaps: string[] = [];
  soldOut = new Set<string>();
  transitionPolls: number;
  readOnly: boolean;
  /** Every call (read or write) throws this while set. */
  failWith: Error | undefined;
  mutatingCalls = 0;
  observer: MutationObserver = () => {};
  private readonly clock: Clock | undefined;
  private readonly recordCalls: boolean;
  private readonly pending = new Map<string, { to: 'Running' | 'Stopped'; polls: number }>();
  private readonly byAction = new Map<EcsAction, Error[]>();
  private readonly tokens = new Map<string, { fingerprint: string; requestId: string }>();
  private seq = 0;

  constructor(instances: Iterable<InstanceSnapshot> = [], opts: FakeEcsOptions = {}) {
    for (const i of instances) this.instances.set(i.instanceId, copy(i));
    this.clock = opts.clock;
    this.transitionPolls = opts.transitionPolls ?? 1;
    this.readOnly = opts.readOnly ?? false;
    this.recordCalls = opts.recordCalls ?? true;
  }

  /** The next calls of `action` throw these errors, in order (nothing is applied). */
  failNext(action: EcsAction, ...errors: Error[]): void {
    this.byAction.set(action, [...(this.byAction.get(action) ?? []), ...errors]);
  }
  /** Let every Stopping/Starting instance settle on its next describe. */
  finishTransitions(): void {
    for (const p of this.pending.values()) p.polls = 0;
  }
  count(action: EcsAction): number {
    return this.calls.filter((c) => c.action === action).length;
  }
  changeCount(action?: EcsAction): number {
    return this.changes.filter((c) => !action || c.action === action).length;
  }

  /** Log the call, throw an injected failure, else the call's requestId (`req-<n>`, n counting answered calls). */
  private enter(action: EcsAction, params: unknown): string {
    if (this.recordCalls) this.calls.push({ action, params });
    if (this.failWith) throw this.failWith;
    const fault = this.byAction.get(action)?.shift();
    if (fault) throw fault;
    return `req-${++this.seq}`;
  }

  /** A mutating call: log, observe, detect overlap, yield once so concurrent calls interleave, then apply. */
  private async mutate<T>(action: EcsAction, req: { instanceId: string }, apply: (requestId: string) => T): Promise<T> {
    if (this.readOnly) throw new Error(`${action} called on a read-only FakeEcs: this consumer must never write`);
    const requestId = this.enter(action, req);
    this.mutatingCalls++;
    await this.observer(req.instanceId, action);
    const n = (this.inFlight.get(req.instanceId) ?? 0) + 1;
    this.inFlight.set(req.instanceId, n);
    if (n > 1) this.overlaps.push(`${action} on ${req.instanceId} while ${n - 1} other call(s) in flight`);
    try {
      await Promise.resolve();
      const fault = this.faults.shift();
      if (fault && !fault.dropAfter)
        throw new CloudApiError({
          code: fault.code,
          message: `${fault.code} (injected)`,
          httpStatus: fault.retryable ? 503 : 400,
          requestId,
          retryable: fault.retryable,
        });
      if (!fault?.dropAfter) return apply(requestId);
      // Applied, answer lost: the adapter retries the SAME request. A ClientToken call replays the first result;
      // Stop/Start carry no token and meet the status they already changed (IncorrectInstanceStatus).
      apply(requestId);
      return apply(requestId);
    } finally {
      this.inFlight.set(req.instanceId, (this.inFlight.get(req.instanceId) ?? 1) - 1);
    }
  }

  private get(instanceId: string): InstanceSnapshot {
    const i = this.instances.get(instanceId);
    if (!i) throw apiError('InvalidInstanceId.NotFound', false, 404);
    this.settle(i, false);
    return i;
  }

  /** Move a Stopping/Starting instance on: `poll` counts a describe, otherwise only a due transition settles. */
  private settle(i: InstanceSnapshot, poll: boolean): void {
    const p = this.pending.get(i.instanceId);
    if (!p) return;
    if (p.polls <= 0) {
      i.status = p.to;
      this.pending.delete(i.instanceId);
    } else if (poll) p.polls--;
  }

  /** The earlier requestId of a replay (undefined when the token is new); throws on a mismatch. */
  private replay(token: string, action: EcsAction, req: object, mismatch: string): string | undefined {
    const seen = this.tokens.get(token);
    if (!seen) return undefined;
    if (seen.fingerprint !== fingerprint(action, req)) throw apiError(mismatch);
    return seen.requestId;
  }

  private applied(
    requestId: string,
    action: EcsAction,
    c: { instanceId: string; detail: string; kind: AppliedChange['kind']; from: string | number; to: string | number },
    clientToken?: string,
  ): ApiResult {
    const change: AppliedChange = { action, atMs: this.clock?.now() ?? 0, ...c };
    if (clientToken !== undefined) change.clientToken = clientToken;
    this.changes.push(change);
    return { requestId };
  }

  async describeInstances(ids: readonly string[]): Promise<InstanceSnapshot[]> {
    this.enter('DescribeInstances', { ids: [...ids] });
    return ids.flatMap((id) => {
      const i = this.instances.get(id);
      if (!i) return [];
      this.settle(i, true);
      return [copy(i)];
    });
  }

  async listInstances(filter: Parameters<EcsApi['listInstances']>[0]): Promise<InstanceSnapshot[]> {
    this.enter('ListInstances', filter);
    if (filter.resource !== undefined) return [];
    const tags = Object.entries(filter.tags ?? {});
    return [...this.instances.values()]
      .filter((i) => tags.every(([k, v]) => i.tags[k] === v))
      .map((i) => {
        this.settle(i, false);
        return copy(i);
      });
  }

  async describeInstanceTypes() {
    this.enter('DescribeInstanceTypes', {});
    return [];
  }

  stopInstance(req: Parameters<EcsApi['stopInstance']>[0]): Promise<ApiResult> {
    return this.mutate('StopInstance', req, (requestId) => {
      const i = this.get(req.instanceId);
      if (i.status !== 'Running') throw apiError('IncorrectInstanceStatus', false, 403);
      i.status = 'Stopping';
      this.pending.set(i.instanceId, { to: 'Stopped', polls: this.transitionPolls });
      const detail = req.stoppedMode;
      return this.applied(requestId, 'StopInstance', {
        instanceId: i.instanceId,
        detail,
        kind: 'stop',
        from: 'Running',
        to: 'Stopped',
      });
    });
  }

  startInstance(req: { instanceId: string }): Promise<ApiResult> {
    return this.mutate('StartInstance', req, (requestId) => {
      const i = this.get(req.instanceId);
      if (i.status !== 'Stopped') throw apiError('IncorrectInstanceStatus', false, 403);
      i.status = 'Starting';
      this.pending.set(i.instanceId, { to: 'Running', polls: this.transitionPolls });
      const c = {
        instanceId: i.instanceId,
        detail: i.instanceType,
        kind: 'start' as const,
        from: 'Stopped',
        to: 'Running',
      };
      return this.applied(requestId, 'StartInstance', c);
    });
  }

  private changeType(
    action: 'ModifyInstanceSpec' | 'ModifyPrepayInstanceSpec',
    req: { instanceId: string; instanceType: string; clientToken: string; dryRun?: boolean; operatorType?: string },
  ): Promise<ApiResult> {
    const operatorType = req.operatorType;
    return this.mutate(action, req, (requestId) => {
      const replayed = this.replay(req.clientToken, action, req, 'IdempotenceParamNotMatch');
      if (replayed) return { requestId: replayed };
      const i = this.get(req.instanceId);
      if (action === 'ModifyInstanceSpec') {
        if (i.instanceChargeType === 'PrePaid') throw apiError('ChargeTypeViolation', false, 403);
        if (i.status !== 'Stopped') throw apiError('InvalidInstanceStatus.NotStopped');
      } else {
        if (i.instanceChargeType !== 'PrePaid') throw apiError('InvalidInstanceChargeType.ValueNotSupported');
        // A subscription upgrades Running or Stopped; a downgrade needs Stopped.
        const ok = operatorType === 'downgrade' ? ['Stopped'] : ['Running', 'Stopped'];
        if (!ok.includes(i.status)) throw apiError('IncorrectInstanceStatus', false, 403);
      }
      if (this.soldOut.has(req.instanceType)) throw apiError('OperationDenied.NoStock', false, 403);
      if (req.dryRun) return { requestId };
      const from = i.instanceType;
      i.instanceType = req.instanceType;
      i.cpu = cpuOf(req.instanceType);
      const c = {
        instanceId: i.instanceId,
        detail: req.instanceType,
        kind: 'type' as const,
        from,
        to: req.instanceType,
      };
      const result = this.applied(requestId, action, c, req.clientToken);
      this.tokens.set(req.clientToken, { fingerprint: fingerprint(action, req), requestId });
      return result;
    });
  }

  modifyInstanceSpec(req: Parameters<EcsApi['modifyInstanceSpec']>[0]): Promise<ApiResult> {
    return this.changeType('ModifyInstanceSpec', req);
  }

  modifyPrepayInstanceSpec(req: Parameters<EcsApi['modifyPrepayInstanceSpec']>[0]): Promise<ApiResult> {
    return this.changeType('ModifyPrepayInstanceSpec', req);
  }

  modifyInstanceNetworkSpec(req: Parameters<EcsApi['modifyInstanceNetworkSpec']>[0]): Promise<ApiResult> {
    const action = 'ModifyInstanceNetworkSpec';
    return this.mutate(action, req, (requestId) => {
      const replayed = this.replay(req.clientToken, action, req, 'IdempotentParameterMismatch');
      if (replayed) return { requestId: replayed };
      const i = this.get(req.instanceId);
      const from = i.bandwidthOutMbps;
      i.bandwidthOutMbps = req.bandwidthOutMbps;
      if (req.networkChargeType) i.internetChargeType = req.networkChargeType;
      const detail = String(req.bandwidthOutMbps);
      const c = { instanceId: i.instanceId, detail, kind: 'bandwidth' as const, from, to: req.bandwidthOutMbps };
      const result = this.applied(requestId, action, c, req.clientToken);
      this.tokens.set(req.clientToken, { fingerprint: fingerprint(action, req), requestId });
      return result;
    });
  }

  async describeResourcesModification(req: {
    instanceId: string;
    targetType: string;
  }): Promise<ModificationAvailability> {
    const requestId = this.enter('DescribeResourcesModification', req);
    return this.soldOut.has(req.targetType)
      ? { available: false, status: 'SoldOut', statusCategory: 'WithoutStock', requestId }
      : { available: true, status: 'Available', statusCategory: 'WithStock', requestId };
  }
}
