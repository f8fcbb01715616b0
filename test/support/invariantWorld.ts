/**
 * One small, fast world for property-based schedules: the real app (handleSignal, reconcile,
 * runOrchestration, the real decide) over MemoryStateStore, the in-memory FakeEcs and SimMetrics on a
 * stepping clock. Faults and crashes are armed by schedule events; a crash abandons the invocation at a named
 * point (leases stay until they expire, as after a killed process). Every mutating ECS call is checked at the
 * moment it is made: the instance's lease must be live, and no type change may own an instance whose
 * bandwidth is being changed.
 */
import { MemoryStateStore, type StateStoreOp } from '../../src/adapters/memory/stateStore.js';
import { handleSignal, reconcile, runOrchestration } from '../../src/app/index.js';
import type { AppDeps } from '../../src/app/types.js';
import type { Config } from '../../src/core/config/types.js';
import type { InstanceSnapshot, Signal } from '../../src/core/types.js';
import { type Dispatcher, type WorkerTask, workerTaskId } from '../../src/ports/Dispatcher.js';
import { freezable, instrumentEcs, instrumentStore, never, type PointHandler, stepHooks } from './crashPoints.js';
import { cpuOf, FakeEcs, type FakeFault } from '../../src/testing/index.js';
import { SimMetrics, SteppingClock } from './simMetrics.js';

export const WEB_IDS = ['i-web-1', 'i-web-2'] as const;
export const BATCH_IDS = ['i-batch-1'] as const;
export const START_MS = Date.UTC(2025, 0, 6, 3, 0, 0);

function snapshot(instanceId: string, over: Partial<InstanceSnapshot>): InstanceSnapshot {
  return {
    instanceId,
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-h',
    status: 'Running',
    instanceType: 'ecs.g7.large',
    instanceTypeFamily: 'ecs.g7',
    cpu: cpuOf('ecs.g7.large'),
    memoryMiB: 8192,
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: 10,
    bandwidthInMbps: 10,
    publicIp: '47.96.0.1',
    eipBound: false,
    securityLocked: false,
    tags: {},
    ...over,
  };
}

class QueueDispatcher implements Dispatcher {
  readonly queue: WorkerTask[] = [];
  private readonly seen = new Set<string>();
  async dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'> {
    if (this.seen.has(workerTaskId(task))) return 'already-queued';
    this.seen.add(workerTaskId(task));
    this.queue.push(task);
    return 'queued';
  }
}

export class InvariantWorld {
  readonly clock = new SteppingClock(START_MS);
  readonly memory = new MemoryStateStore();
  readonly ecs: FakeEcs;
  readonly metrics: SimMetrics;
  readonly dispatcher = new QueueDispatcher();
  readonly violations: string[] = [];
  /** The point (prefix) at which the next invocation that reaches it is killed. */
  armed: string | undefined;
  crashes = 0;
  /** Action keys whose change was recorded (commit succeeded). */
  readonly committed = new Set<string>();
  /** The lease (action key) under which each mutating call was sent, in call order. */
  readonly calls: { instanceId: string; atMs: number; actionKey: string }[] = [];
  private seq = 0;

  constructor(readonly config: Config) {
    const instances = [
      ...WEB_IDS.map((id) => snapshot(id, { tags: { 'autoscaler-group': 'web' } })),
      ...BATCH_IDS.map((id) => snapshot(id, { tags: { 'autoscaler-group': 'batch' } })),
    ];
    this.ecs = new FakeEcs(instances, { clock: this.clock, transitionPolls: 0 });
    this.metrics = new SimMetrics(this.ecs, this.clock);
    this.ecs.observer = (id, api) => this.checkMutation(id, api);
    const commit = this.memory.commit.bind(this.memory);
    this.memory.commit = async (req) => {
      const r = await commit(req);
      if (r.ok) this.committed.add(req.actionKey);
      return r;
    };
  }

  /** Whether the change was recorded: the lease it was made under was committed later. */
  recorded(change: { instanceId: string; atMs: number }): boolean {
    const call = this.calls.findLast((c) => c.instanceId === change.instanceId && c.atMs <= change.atMs);
    return call !== undefined && this.committed.has(call.actionKey);
  }

  /**
   * Dependencies for one invocation. Reaching the armed point kills it: the point never returns and every
   * later port call of this invocation hangs, as after SIGKILL; `crashed` resolves so the caller moves on.
   */
  deps(): { deps: AppDeps; crashed: Promise<'crashed'> } {
    let dead = false;
    let markCrashed: (v: 'crashed') => void = () => {};
    const crashed = new Promise<'crashed'>((r) => {
      markCrashed = r;
    });
    const at: PointHandler = (point) => {
      if (dead || !this.armed || !point.startsWith(this.armed)) return;
      this.armed = undefined;
      this.crashes++;
      dead = true;
      markCrashed('crashed');
      return never();
    };
    const isDead = () => dead;
    const holderId = `inv-${++this.seq}`;
    const owned = new Set<string>();
    const store = instrumentStore(this.memory, at);
    // The orchestrations this invocation drives: it may act under their run lease `orchestration:<key>@<holder>`.
    const advance = store.advanceOrchestration;
    store.advanceOrchestration = async (key, version, patch) => {
      owned.add(`orchestration:${key}@${holderId}`);
      return advance(key, version, patch);
    };
    const deps: AppDeps = {
      config: this.config,
      ecs: freezable(
        instrumentEcs(this.ecs, at, (api, id) => this.checkOwner(api, id, [holderId, ...owned])),
        isDead,
      ),
      metrics: freezable(this.metrics, isDead),
      store: freezable(store, isDead),
      dispatcher: freezable(this.dispatcher, isDead),
      clock: this.clock,
      logger: { log: () => {} },
      holderId,
      random: () => 0.5,
      hooks: stepHooks(at),
      timing: { pollInitialMs: 1000, pollMaxMs: 4000, statusTimeoutMs: 120_000, maxAttempts: 6 },
    };
    return { deps, crashed };
  }

  /** Before a mutating call is sent: the calling invocation holds the instance's live lease. */
  private async checkOwner(api: string, instanceId: string, holders: string[]): Promise<void> {
    const nowMs = this.clock.now();
    const { lease } = await this.memory.getInstanceState(instanceId);
    if (!lease || lease.expiresAtMs <= nowMs) {
      this.violations.push(`${api} on ${instanceId} at ${nowMs} without a live lease`);
    } else if (!holders.includes(lease.holder)) {
      this.violations.push(`${api} on ${instanceId} by ${holders[0]} while ${lease.holder} holds the lease`);
    }
    if (lease) this.calls.push({ instanceId, atMs: nowMs, actionKey: lease.actionKey });
  }

  /** At each mutating call reaching ECS: no type change owns an instance whose bandwidth is changed. */
  private async checkMutation(instanceId: string, api: string): Promise<void> {
    if (api === 'ModifyInstanceNetworkSpec') {
      const active = (await this.memory.listActiveOrchestrations()).filter((o) => o.instanceId === instanceId);
      if (active.length > 0)
        this.violations.push(`${api} on ${instanceId} while type change ${active[0]?.actionKey} runs`);
    }
  }

  /** Run an invocation; crashes and store/ECS failures are outcomes here, anything else is a bug. */
  async invoke<T>(work: (deps: AppDeps) => Promise<T>): Promise<T | 'crashed' | undefined> {
    const { deps, crashed } = this.deps();
    try {
      const out = await Promise.race([work(deps), crashed]);
      // Calls already on the wire when the process died land now, before anything else happens (and
      // before the clock moves): let the dead invocation's pending continuations run until they freeze.
      if (out === 'crashed') for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      return out;
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (['StateUnavailableError', 'CloudApiError'].includes(name)) return undefined;
      this.violations.push(`unexpected ${name}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  signal(instanceId: string, key: string): Signal {
    return { source: 'cms-alarm', instanceId, state: 'ALERT', atMs: this.clock.now(), dedupeKey: key };
  }

  alarm(instanceId: string, key: string) {
    return this.invoke((d) => handleSignal(d, this.signal(instanceId, key)));
  }

  tick(concurrency: number) {
    return this.invoke((d) => reconcile(d, { concurrency }));
  }

  /** Run queued worker tasks (each at most once, as a failed FC retry budget would leave them). */
  async worker(): Promise<void> {
    const tasks = this.dispatcher.queue.splice(0);
    const orchestrations = tasks.flatMap((t) => (t.kind === 'orchestrate' ? [t.actionKey] : []));
    await Promise.all(orchestrations.map((key) => this.invoke((d) => runOrchestration(d, key))));
  }

  failStore(op: StateStoreOp): void {
    this.memory.failNext(op);
  }

  failEcs(fault: FakeFault): void {
    this.ecs.faults.push(fault);
  }
}
