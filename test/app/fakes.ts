/**
 * Hand-written fakes of the ports for fast app tests. FakeEcs keeps instances in memory with the status
 * rules that matter to the orchestration (type changes need Stopped; Stop/Start go through Stopping/Starting
 * for a number of describes), ClientToken idempotence, and per-call fault injection.
 */
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { AppDeps } from '../../src/app/types.js';
import type { Config } from '../../src/core/config/types.js';
import { CloudApiError } from '../../src/core/errors.js';
import type { InstanceSnapshot, MetricPoint } from '../../src/core/types.js';
import type { Clock } from '../../src/ports/Clock.js';
import { type Dispatcher, type WorkerTask, workerTaskId } from '../../src/ports/Dispatcher.js';
import type { ApiResult, EcsApi, ModificationAvailability } from '../../src/ports/EcsApi.js';
import type { LogFields, Logger, LogLevel } from '../../src/ports/Logger.js';
import type { MetricName, MetricsApi } from '../../src/ports/MetricsApi.js';
import { T0 } from './builders.js';

/** A clock whose sleep advances time at once: polling loops finish instantly and deterministically. */
export class FakeClock implements Clock {
  slept = 0;
  constructor(public ms = T0) {}
  now(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.slept += ms;
    this.ms += ms;
  }
}

export interface LogLine extends LogFields {
  level: LogLevel;
  msg: string;
}

export class CaptureLogger implements Logger {
  readonly lines: LogLine[] = [];
  log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    this.lines.push({ ...fields, level, msg });
  }
  decisions(): LogLine[] {
    return this.lines.filter((l) => l.msg === 'decision');
  }
}

export class FakeMetrics implements MetricsApi {
  readonly calls: { metric: MetricName; instanceIds: readonly string[]; startMs: number; endMs: number }[] = [];
  readonly series = new Map<MetricName, Map<string, MetricPoint[]>>();
  failWith: Error | undefined;
  /** How many of the next calls throw `failWith` (Infinity = all). */
  failures = Number.POSITIVE_INFINITY;
  set(metric: MetricName, instanceId: string, points: MetricPoint[]): void {
    const byId = this.series.get(metric) ?? new Map<string, MetricPoint[]>();
    byId.set(instanceId, points);
    this.series.set(metric, byId);
  }
  async getSeries(req: Parameters<MetricsApi['getSeries']>[0]): Promise<Map<string, MetricPoint[]>> {
    this.calls.push({ metric: req.metric, instanceIds: [...req.instanceIds], startMs: req.startMs, endMs: req.endMs });
    if (this.failWith && this.failures > 0) {
      this.failures--;
      throw this.failWith;
    }
    const byId = this.series.get(req.metric);
    return new Map(
      req.instanceIds.map((id) => [
        id,
        (byId?.get(id) ?? []).filter((p) => p.timestampMs > req.startMs && p.timestampMs <= req.endMs),
      ]),
    );
  }
  async getLast(): Promise<Map<string, MetricPoint>> {
    return new Map();
  }
}

export type EcsAction =
  | 'DescribeInstances'
  | 'ListInstances'
  | 'StopInstance'
  | 'StartInstance'
  | 'ModifyInstanceSpec'
  | 'ModifyPrepayInstanceSpec'
  | 'ModifyInstanceNetworkSpec'
  | 'DescribeResourcesModification';

export const apiError = (code: string, retryable = false, httpStatus = 400) =>
  new CloudApiError({ code, message: `${code} (injected)`, httpStatus, requestId: `req-err-${code}`, retryable });

export class FakeEcs implements EcsApi {
  readonly instances = new Map<string, InstanceSnapshot>();
  readonly calls: { action: EcsAction; params: unknown }[] = [];
  /** Applied mutations only (a token replay is not a change). */
  readonly changes: { action: EcsAction; instanceId: string; detail: string }[] = [];
  readonly soldOut = new Set<string>();
  /** Describes an instance stays Stopping/Starting before it settles. */
  transitionPolls = 1;
  private readonly pending = new Map<string, { to: 'Running' | 'Stopped'; polls: number }>();
  private readonly faults = new Map<EcsAction, Error[]>();
  private readonly tokens = new Map<string, { params: string; requestId: string }>();
  private seq = 0;

  constructor(instances: InstanceSnapshot[] = []) {
    for (const i of instances) this.instances.set(i.instanceId, structuredClone(i));
  }
  failNext(action: EcsAction, ...errors: Error[]): void {
    this.faults.set(action, [...(this.faults.get(action) ?? []), ...errors]);
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
  private enter(action: EcsAction, params: unknown): string {
    this.calls.push({ action, params });
    const fault = this.faults.get(action)?.shift();
    if (fault) throw fault;
    return `req-${++this.seq}`;
  }
  private get(instanceId: string): InstanceSnapshot {
    const i = this.instances.get(instanceId);
    if (!i) throw apiError('InvalidInstanceId.NotFound', false, 404);
    return i;
  }
  private settle(i: InstanceSnapshot): void {
    const p = this.pending.get(i.instanceId);
    if (!p) return;
    if (p.polls <= 0) {
      i.status = p.to;
      this.pending.delete(i.instanceId);
    } else p.polls--;
  }
  /** Replay with the same token: same params → first result, other params → mismatch. */
  private idempotent(token: string, params: object, requestId: string): string | undefined {
    const key = JSON.stringify(params);
    const seen = this.tokens.get(token);
    if (seen && seen.params !== key) throw apiError('IdempotentParameterMismatch');
    if (seen) return seen.requestId;
    this.tokens.set(token, { params: key, requestId });
    return undefined;
  }
  async describeInstances(ids: readonly string[]): Promise<InstanceSnapshot[]> {
    this.enter('DescribeInstances', { ids: [...ids] });
    const out: InstanceSnapshot[] = [];
    for (const id of ids) {
      const i = this.instances.get(id);
      if (!i) continue;
      this.settle(i);
      out.push(structuredClone(i));
    }
    return out;
  }
  async listInstances(filter: { tags?: Record<string, string> }): Promise<InstanceSnapshot[]> {
    this.enter('ListInstances', filter);
    const tags = Object.entries(filter.tags ?? {});
    return [...this.instances.values()]
      .filter((i) => tags.every(([k, v]) => i.tags[k] === v))
      .map((i) => structuredClone(i));
  }
  async describeInstanceTypes() {
    return [];
  }
  async stopInstance(req: Parameters<EcsApi['stopInstance']>[0]): Promise<ApiResult> {
    const requestId = this.enter('StopInstance', req);
    const i = this.get(req.instanceId);
    if (i.status !== 'Running') throw apiError('IncorrectInstanceStatus', false, 403);
    i.status = 'Stopping';
    this.pending.set(i.instanceId, { to: 'Stopped', polls: this.transitionPolls });
    this.changes.push({ action: 'StopInstance', instanceId: i.instanceId, detail: req.stoppedMode });
    return { requestId };
  }
  async startInstance(req: { instanceId: string }): Promise<ApiResult> {
    const requestId = this.enter('StartInstance', req);
    const i = this.get(req.instanceId);
    if (i.status !== 'Stopped') throw apiError('IncorrectInstanceStatus', false, 403);
    i.status = 'Starting';
    this.pending.set(i.instanceId, { to: 'Running', polls: this.transitionPolls });
    this.changes.push({ action: 'StartInstance', instanceId: i.instanceId, detail: i.instanceType });
    return { requestId };
  }
  private changeType(
    action: EcsAction,
    req: { instanceId: string; instanceType: string; clientToken: string },
    requestId: string,
  ): ApiResult {
    const replay = this.idempotent(req.clientToken, { action, ...req }, requestId);
    if (replay) return { requestId: replay };
    const i = this.get(req.instanceId);
    if (i.status !== 'Stopped') throw apiError('IncorrectInstanceStatus', false, 403);
    if (this.soldOut.has(req.instanceType)) throw apiError('OperationDenied.NoStock', false, 403);
    i.instanceType = req.instanceType;
    this.changes.push({ action, instanceId: i.instanceId, detail: req.instanceType });
    return { requestId };
  }
  async modifyInstanceSpec(req: Parameters<EcsApi['modifyInstanceSpec']>[0]): Promise<ApiResult> {
    return this.changeType('ModifyInstanceSpec', req, this.enter('ModifyInstanceSpec', req));
  }
  async modifyPrepayInstanceSpec(req: Parameters<EcsApi['modifyPrepayInstanceSpec']>[0]): Promise<ApiResult> {
    return this.changeType('ModifyPrepayInstanceSpec', req, this.enter('ModifyPrepayInstanceSpec', req));
  }
  async modifyInstanceNetworkSpec(req: Parameters<EcsApi['modifyInstanceNetworkSpec']>[0]): Promise<ApiResult> {
    const requestId = this.enter('ModifyInstanceNetworkSpec', req);
    const replay = this.idempotent(req.clientToken, { action: 'net', ...req }, requestId);
    if (replay) return { requestId: replay };
    const i = this.get(req.instanceId);
    i.bandwidthOutMbps = req.bandwidthOutMbps;
    if (req.networkChargeType) i.internetChargeType = req.networkChargeType;
    this.changes.push({
      action: 'ModifyInstanceNetworkSpec',
      instanceId: i.instanceId,
      detail: String(req.bandwidthOutMbps),
    });
    return { requestId };
  }
  async describeResourcesModification(req: {
    instanceId: string;
    targetType: string;
  }): Promise<ModificationAvailability> {
    const requestId = this.enter('DescribeResourcesModification', req);
    const available = !this.soldOut.has(req.targetType);
    return available
      ? { available, status: 'Available', statusCategory: 'WithStock', requestId }
      : { available, status: 'SoldOut', statusCategory: 'WithoutStock', requestId };
  }
}

/** Records dispatched tasks without running them. */
export class RecordingDispatcher implements Dispatcher {
  readonly tasks: WorkerTask[] = [];
  failWith: Error | undefined;
  async dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'> {
    if (this.failWith) throw this.failWith;
    const seen = this.tasks.some((t) => workerTaskId(t) === workerTaskId(task));
    this.tasks.push(task);
    return seen ? 'already-queued' : 'queued';
  }
}

export interface Harness {
  deps: AppDeps;
  ecs: FakeEcs;
  metrics: FakeMetrics;
  store: MemoryStateStore;
  clock: FakeClock;
  logger: CaptureLogger;
  dispatcher: RecordingDispatcher;
}

export function harness(cfg: Config, instances: InstanceSnapshot[], over: Partial<AppDeps> = {}): Harness {
  const ecs = new FakeEcs(instances);
  const metrics = new FakeMetrics();
  const store = new MemoryStateStore();
  const clock = new FakeClock();
  const logger = new CaptureLogger();
  const dispatcher = new RecordingDispatcher();
  let n = 0;
  const deps: AppDeps = {
    config: cfg,
    ecs,
    metrics,
    store,
    dispatcher,
    clock,
    logger,
    holderId: 'inv-1',
    random: () => {
      n = (n * 9301 + 49297) % 233280;
      return n / 233280;
    },
    ...over,
  };
  return { deps, ecs, metrics, store, clock, logger, dispatcher };
}
